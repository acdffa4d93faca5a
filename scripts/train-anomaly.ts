/**
 * Train the anomaly detector of the TSViz paper on its synthetic set and write
 * public/models/anomaly/ (model.json, weights, tsviz.json) and public/data/anomaly-test.csv.
 *
 * Data: 60,000 sequences [50, 3] (50,000 train, 10,000 test); the first 2,000 test sequences
 * are shipped, then the first 2,000 training sequences (for fine-tuning in the app), with a last
 * column `split` (1 test, 0 train) that the sidecar declares as the split column. Model (the authors' code): Conv1D 16/32/64 (kernel 3, same) with LeakyReLU(0.3),
 * max-pool after the first two, Flatten, Dense(1) logits with an L2 activity regularizer,
 * then a separate sigmoid. Trained with Adam on binary cross-entropy + 1e-3 · mean(logit²)
 * (what Keras adds for activity_regularizer=l2(1e-3)); tfjs cannot run activity regularizers,
 * so the penalty is added by hand and the setting is written into model.json afterwards.
 *
 * Run: npx tsx scripts/train-anomaly.ts
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../src/core/random';
import { datasetFromText } from '../src/core/dataset';
import type { CsvOptions, DatasetConfig } from '../src/core/types';
import { trainModel } from '../workers/compute/train';
import {
  ANOMALY_CHANNELS,
  ANOMALY_STEPS,
  anomalyHeader,
  anomalyLines,
  generateAnomalySet,
  type AnomalySet,
} from './lib/anomaly-data';
import { initTrainingBackend } from './lib/backend';
import { accuracy, partOf, predictAll } from './lib/evaluate';
import { isMain, PUBLIC_DIR } from './lib/paths';
import { saveLayersModel, setLayerConfig } from './lib/save-model';
import { round, seededGlorot, writeSidecar } from './lib/sidecar';

export const ANOMALY_SEED = 2019;
const EPOCHS = Number(process.env.ANOMALY_EPOCHS ?? 6);
const BATCH = 64;
const ACTIVITY_L2 = 1e-3;
const TRAIN = 50_000;
const TEST = 10_000;
const SHIPPED = 2_000;
/** Training sequences shipped after the test ones (the first of the 50,000). */
export const SHIPPED_TRAIN = 2_000;
/** The file's last column: 1 for a test row, 0 for a training row. */
const SPLIT_COLUMN = 1 + ANOMALY_STEPS * ANOMALY_CHANNELS.length;

const ANOMALY_CSV: CsvOptions = { delimiter: ',', hasHeader: true };

/** The DatasetConfig that turns anomaly-test.csv into model input. */
export const ANOMALY_DATASET: DatasetConfig = {
  csv: ANOMALY_CSV,
  layout: {
    kind: 'channel-groups',
    labelColumn: 0,
    channelColumns: ANOMALY_CHANNELS.map((_, c) =>
      Array.from({ length: ANOMALY_STEPS }, (_, t) => 1 + c * ANOMALY_STEPS + t),
    ),
  },
  task: 'classification',
  derived: [],
  standardize: 'none',
  channelNames: ANOMALY_CHANNELS,
  classValues: ['0', '1'],
  classNames: ['normal', 'anomalous'],
  split: { kind: 'column', column: SPLIT_COLUMN, trainValues: ['0'], testValues: ['1'] },
};

/** The seeded generator and the 60,000 sequences it draws first (training continues with it). */
export function anomalyData(): { rng: Rng; data: AnomalySet } {
  const rng = new Rng(ANOMALY_SEED);
  return { rng, data: generateAnomalySet(TRAIN + TEST, rng) };
}

/** The shipped file: the first 2,000 test sequences, then the first 2,000 training ones. */
export function anomalyDemoCsv(data: AnomalySet): string {
  const lines = [
    [...anomalyHeader(), 'split'].join(','),
    ...anomalyLines(data, TRAIN, SHIPPED, '1'),
    ...anomalyLines(data, 0, SHIPPED_TRAIN, '0'),
  ];
  return lines.join('\n') + '\n';
}

/** What the shipped file holds (the sidecar's provenance). */
export const ANOMALY_SHIPPED_ROWS =
  'test sequences 0..1999 (split 1), then training sequences 0..1999 (split 0)';

/** Where the app finds the anomaly demo's data. */
export const ANOMALY_CSV_PATH = path.join(PUBLIC_DIR, 'data', 'anomaly-test.csv');

function buildModel(rng: Rng): tf.Sequential {
  const conv = (name: string, filters: number, first = false) =>
    tf.layers.conv1d({
      name,
      filters,
      kernelSize: 3,
      padding: 'same',
      kernelInitializer: seededGlorot(rng),
      ...(first ? { inputShape: [ANOMALY_STEPS, ANOMALY_CHANNELS.length] } : {}),
    });
  const lrelu = (name: string) => tf.layers.leakyReLU({ name, alpha: 0.3 });
  const pool = (name: string) => tf.layers.maxPooling1d({ name, poolSize: 2 });
  return tf.sequential({
    name: 'anomaly_detector',
    layers: [
      conv('conv1', 16, true),
      lrelu('lrelu1'),
      pool('pool1'),
      conv('conv2', 32),
      lrelu('lrelu2'),
      pool('pool2'),
      conv('conv3', 64),
      lrelu('lrelu3'),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'logits', units: 1, kernelInitializer: seededGlorot(rng) }),
      tf.layers.activation({ name: 'output', activation: 'sigmoid' }),
    ],
  });
}

export async function trainAnomaly(): Promise<{
  metrics: Record<string, number>;
  seconds: number;
}> {
  const backend = await initTrainingBackend();
  const { rng, data } = anomalyData();
  const per = ANOMALY_STEPS * ANOMALY_CHANNELS.length;

  const model = buildModel(rng);
  const logitsModel = tf.model({ inputs: model.inputs, outputs: model.getLayer('logits').output });
  // Binary cross-entropy on the logit plus the activity penalty Keras adds for l2(1e-3).
  const loss = (y: tf.Tensor, z: tf.Tensor) =>
    tf.add(
      tf.losses.sigmoidCrossEntropy(y, z),
      tf.mul(ACTIVITY_L2, tf.mean(tf.square(z))),
    ) as tf.Scalar;
  const test = {
    x: data.x.subarray(TRAIN * per),
    y: data.y.subarray(TRAIN),
    shape: [TEST, ANOMALY_STEPS, 3] as [number, number, number],
  };
  const { losses, seconds } = await trainModel(logitsModel, {
    x: data.x.subarray(0, TRAIN * per),
    shape: [TRAIN, ANOMALY_STEPS, ANOMALY_CHANNELS.length],
    y: data.y.subarray(0, TRAIN),
    task: 'classification',
    loss,
    optimizer: { kind: 'adam', learningRate: 1e-3 },
    batchSize: BATCH,
    epochs: EPOCHS,
    seed: rng,
    onEpoch: (e, l) => {
      const acc = accuracy(predictAll(model, test.x, test.shape), test.y, 1);
      console.log(`anomaly epoch ${e + 1}/${EPOCHS}: loss ${l.toFixed(4)}, test acc ${acc}`);
    },
  });
  const fullTestAccuracy = accuracy(predictAll(model, test.x, test.shape), test.y, 1);

  // Ship 2,000 test and 2,000 training sequences and measure on the file's test rows as shipped.
  const csvPath = ANOMALY_CSV_PATH;
  await mkdir(path.dirname(csvPath), { recursive: true });
  await writeFile(csvPath, anomalyDemoCsv(data));
  const shipped = partOf(
    datasetFromText(await readFile(csvPath, 'utf8'), ANOMALY_DATASET, 'anomaly-test.csv'),
    'test',
  );
  const probs = predictAll(model, shipped.x, shipped.shape);
  const labels = shipped.y ?? new Float32Array(0);
  const bce = tf.tidy(() =>
    tf.metrics.binaryCrossentropy(tf.tensor1d(labels), tf.tensor1d(probs)).dataSync(),
  )[0];

  const dir = path.join(PUBLIC_DIR, 'models', 'anomaly');
  await saveLayersModel(model, dir, (topology) =>
    setLayerConfig(topology, 'logits', 'activity_regularizer', {
      class_name: 'L1L2',
      config: { l1: 0, l2: ACTIVITY_L2 },
    }),
  );
  const metrics = {
    accuracy: round(accuracy(probs, labels, 1)),
    binaryCrossEntropy: round(bce),
    samples: labels.length,
    anomalousFraction: round(labels.reduce((a, b) => a + b, 0) / labels.length),
    fullTestAccuracy: round(fullTestAccuracy),
    fullTestSamples: TEST,
  };
  await writeSidecar(dir, {
    version: 1,
    name: 'Anomaly detector (synthetic, TSViz paper)',
    description:
      'Binary classifier of point anomalies in 3-channel sequences (pressure, temperature, torque). ' +
      'Anomalies only ever occur in temperature or torque.',
    task: 'classification',
    classNames: ['normal', 'anomalous'],
    channelNames: ANOMALY_CHANNELS,
    windowLength: ANOMALY_STEPS,
    dataset: ANOMALY_DATASET,
    datasetUrl: '../../data/anomaly-test.csv',
    metrics,
    provenance: {
      script: 'scripts/train-anomaly.ts',
      seed: ANOMALY_SEED,
      epochs: EPOCHS,
      batchSize: BATCH,
      optimizer: 'adam(1e-3)',
      activityRegularizerL2: ACTIVITY_L2,
      trainSequences: TRAIN,
      testSequences: TEST,
      shippedRows: ANOMALY_SHIPPED_ROWS,
      finalTrainLoss: round(losses[losses.length - 1] ?? NaN),
      trainingSeconds: round(seconds, 1),
      backend,
      tfjs: tf.version.tfjs,
    },
  });
  model.dispose();
  return { metrics, seconds };
}

if (isMain(import.meta.url)) {
  const { metrics, seconds } = await trainAnomaly();
  console.log(`anomaly: ${JSON.stringify(metrics)} (${seconds.toFixed(1)} s training)`);
}
