/**
 * Train the TSViz paper's Internet-traffic forecaster (series B5M) and write
 * public/models/traffic/ and public/data/traffic-test.csv.
 *
 * Data: the authors' split, train rows 0..13,999 and test rows 14,000..17,999 of the original
 * file; values standardised with the training mean/std; input windows of 50 steps with two
 * channels (standardised value, its first difference over the whole loaded series), target
 * the next standardised value. Network (authors' code): Conv1D(64,3,same,relu) MaxPool(2)
 * Conv1D(32,3,same,relu) MaxPool(2) Conv1D(16,3,same,relu) Flatten Dense(1); MSE, Adam 1e-3.
 * The test figures are measured on the test windows the app builds from traffic-test.csv and
 * compared with the last-value forecast (predict x'[start + 49]). traffic-test.csv holds rows
 * 0..17,999 with a third column `split` (0 train, 1 test), declared in the sidecar: the app
 * trains on windows wholly in rows 0..13,999, tests on those wholly in 14,000..17,999, and
 * uses the 50 windows across the boundary for neither.
 *
 * Run: npx tsx scripts/train-traffic.ts
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../src/core/random';
import { datasetFromText, parseCsvText } from '../src/core/dataset';
import type { CsvOptions, Dataset, DatasetConfig } from '../src/core/types';
import { trainModel } from '../workers/compute/train';
import { initTrainingBackend } from './lib/backend';
import { mse, partOf, predictAll } from './lib/evaluate';
import { isMain, PUBLIC_DIR, SHARED_DATA_DIR } from './lib/paths';
import { saveLayersModel } from './lib/save-model';
import { round, seededGlorot, writeSidecar } from './lib/sidecar';

export const TRAFFIC_SEED = 5;
/** Adam at 1e-3 (the authors' rate), then two short annealing phases to settle the noise. */
const SCHEDULE = [
  { epochs: 10, rate: 1e-3 },
  { epochs: 5, rate: 1e-4 },
  { epochs: 3, rate: 1e-5 },
];
/** TRAFFIC_EPOCHS shortens a run (a quick check); the shipped model has the whole schedule. */
const EPOCHS = Number(process.env.TRAFFIC_EPOCHS ?? SCHEDULE.reduce((a, p) => a + p.epochs, 0));

/** The learning rate of a 0-based epoch under SCHEDULE. */
function rateAt(epoch: number): number {
  let end = 0;
  for (const phase of SCHEDULE) {
    end += phase.epochs;
    if (epoch < end) return phase.rate;
  }
  return SCHEDULE[SCHEDULE.length - 1].rate;
}
const BATCH = 32;
const WINDOW = 50;
const TRAIN_ROWS = [0, 14_000];
const TEST_ROWS = [14_000, 18_000];
const SOURCE = path.join(
  SHARED_DATA_DIR,
  'internet-traffic-b5m',
  'datamark-internettrafficdata.csv',
);

/** The original file and the shipped test part: comma-separated, with a header row. */
const TRAFFIC_CSV: CsvOptions = { delimiter: ',', hasHeader: true };

/**
 * The DatasetConfig for a timestamp,value file, standardised with the training statistics;
 * `split`: the file's third column names each row's part (the shipped file).
 */
export function trafficDataset(mean: number, std: number, split = false): DatasetConfig {
  return {
    csv: TRAFFIC_CSV,
    layout: { kind: 'series', valueColumns: [1], windowLength: WINDOW, stride: 1, targetColumn: 0 },
    task: 'regression',
    derived: ['diff'],
    standardize: { mean: [mean], std: [std] },
    channelNames: ['traffic'],
    ...(split
      ? { split: { kind: 'column', column: 2, trainValues: ['0'], testValues: ['1'] } as const }
      : {}),
  };
}

/** The original file's header and data lines (no blank ones). */
export async function trafficLines(): Promise<string[]> {
  const text = await readFile(SOURCE, 'utf8');
  return text.split(/\r?\n/).filter((l) => l.trim() !== '');
}

/** The shipped file: the header and rows 0..17,999, each with its part (0 train, 1 test). */
export function trafficDemoCsv(lines: string[]): string {
  const part = (r: number) => (r < TEST_ROWS[0] ? 0 : 1);
  const rows = lines.slice(1 + TRAIN_ROWS[0], 1 + TEST_ROWS[1]).map((l, r) => `${l},${part(r)}`);
  return [`${lines[0]},"split"`, ...rows].join('\n') + '\n';
}

/** Where the app finds the traffic demo's data. */
export const TRAFFIC_CSV_PATH = path.join(PUBLIC_DIR, 'data', 'traffic-test.csv');

/** Last-value forecast MSE: predict x' at the window's last step (channel 0). */
function lastValueMse(s: Dataset): number {
  const [n, t, c] = s.shape;
  const last = Float32Array.from({ length: n }, (_, i) => s.x[(i * t + t - 1) * c]);
  return mse(last, s.y ?? new Float32Array(0));
}

function buildModel(rng: Rng): tf.Sequential {
  const conv = (name: string, filters: number, first = false) =>
    tf.layers.conv1d({
      name,
      filters,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: seededGlorot(rng),
      ...(first ? { inputShape: [WINDOW, 2] } : {}),
    });
  const pool = (name: string) => tf.layers.maxPooling1d({ name, poolSize: 2 });
  return tf.sequential({
    name: 'traffic_forecaster',
    layers: [
      conv('conv1', 64, true),
      pool('pool1'),
      conv('conv2', 32),
      pool('pool2'),
      conv('conv3', 16),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'output', units: 1, kernelInitializer: seededGlorot(rng) }),
    ],
  });
}

export async function trainTraffic(): Promise<{
  metrics: Record<string, number>;
  seconds: number;
}> {
  const backend = await initTrainingBackend();
  const lines = await trafficLines();
  const trainText = [lines[0], ...lines.slice(1 + TRAIN_ROWS[0], 1 + TRAIN_ROWS[1])].join('\n');
  const values = parseCsvText(trainText, TRAFFIC_CSV.delimiter, SOURCE)
    .slice(1)
    .map((r) => Number(r.cells[1]));
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  const config = trafficDataset(mean, std);
  const train = datasetFromText(trainText, config, path.basename(SOURCE));

  // Ship the training and test rows verbatim with a split column, then measure on its test
  // windows.
  const csvPath = TRAFFIC_CSV_PATH;
  await mkdir(path.dirname(csvPath), { recursive: true });
  await writeFile(csvPath, trafficDemoCsv(lines));
  const shippedConfig = trafficDataset(mean, std, true);
  const test = partOf(
    datasetFromText(await readFile(csvPath, 'utf8'), shippedConfig, path.basename(csvPath)),
    'test',
  );
  const baseline = lastValueMse(test);

  const rng = new Rng(TRAFFIC_SEED);
  const model = buildModel(rng);
  const { losses, seconds } = await trainModel(model, {
    x: train.x,
    shape: train.shape,
    y: train.y ?? new Float32Array(0),
    task: 'regression',
    loss: 'auto', // mean squared error
    optimizer: { kind: 'adam', learningRate: 1e-3 },
    learningRate: rateAt,
    batchSize: BATCH,
    epochs: EPOCHS,
    seed: rng,
    onEpoch: (e, l) => {
      const m = mse(predictAll(model, test.x, test.shape), test.y ?? []);
      console.log(
        `traffic epoch ${e + 1}/${EPOCHS}: train ${l.toFixed(5)}, test ${m.toFixed(5)} (last value ${baseline.toFixed(5)})`,
      );
    },
  });

  const pred = predictAll(model, test.x, test.shape);
  const target = test.y ?? new Float32Array(0);
  const metrics = {
    mse: round(mse(pred, target), 6),
    lastValueMse: round(baseline, 6),
    skillVsLastValue: round(1 - mse(pred, target) / baseline),
    windows: test.shape[0],
  };
  const dir = path.join(PUBLIC_DIR, 'models', 'traffic');
  await saveLayersModel(model, dir);
  await writeSidecar(dir, {
    version: 1,
    name: 'Internet traffic forecaster (B5M, TSViz paper)',
    description:
      'Forecasts the next 5-minute value of UK academic backbone traffic from 50 standardised ' +
      'values and their first differences. Errors are in training standard deviations.',
    task: 'regression',
    channelNames: ['traffic', 'Δ traffic'],
    windowLength: WINDOW,
    dataset: shippedConfig,
    datasetUrl: '../../data/traffic-test.csv',
    metrics,
    provenance: {
      script: 'scripts/train-traffic.ts',
      seed: TRAFFIC_SEED,
      epochs: EPOCHS,
      batchSize: BATCH,
      optimizer: `adam, rate ${SCHEDULE.map((p) => `${p.rate} x ${p.epochs} epochs`).join(', ')}`,
      trainRows: '0..13999',
      testRows: '14000..17999',
      trainWindows: train.shape[0],
      trainMean: mean,
      trainStd: std,
      finalTrainLoss: round(losses[losses.length - 1] ?? NaN, 6),
      trainingSeconds: round(seconds, 1),
      backend,
      tfjs: tf.version.tfjs,
    },
  });
  model.dispose();
  return { metrics, seconds };
}

if (isMain(import.meta.url)) {
  const { metrics, seconds } = await trainTraffic();
  console.log(`traffic: ${JSON.stringify(metrics)} (${seconds.toFixed(1)} s training)`);
}
