/**
 * Train a small 1-D conv classifier on ECG200 (UCR archive) and write public/models/ecg200/
 * and public/data/ecg200-test.tsv: the lines of ECG200_TEST.tsv then those of ECG200_TRAIN.tsv,
 * each with one more cell, the split column (`test` or `train`), declared in the sidecar. Words,
 * not 0/1, so that the form tells the column from the 0/1 labels and values by itself.
 *
 * Data: 100 training and 100 test heartbeats of 96 samples, already z-normalised per series,
 * label in column 0. This copy writes class 0 (myocardial infarction; the official archive
 * writes -1) and class 1 (normal). Model: Conv1D 8/16/16 with ReLU, max-pool after the first
 * two, Flatten, Dense(2) logits, softmax; Adam on categorical cross-entropy.
 *
 * Run: npx tsx scripts/train-ecg200.ts
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../src/core/random';
import { datasetFromText } from '../src/core/dataset';
import type { CsvOptions, DatasetConfig } from '../src/core/types';
import { trainModel } from '../workers/compute/train';
import { initTrainingBackend } from './lib/backend';
import { accuracy, partOf, predictAll } from './lib/evaluate';
import { isMain, PUBLIC_DIR, SHARED_DATA_DIR } from './lib/paths';
import { saveLayersModel } from './lib/save-model';
import { round, seededGlorot, writeSidecar } from './lib/sidecar';

export const ECG_SEED = 200;
const EPOCHS = Number(process.env.ECG_EPOCHS ?? 150);
const BATCH = 16;
const STEPS = 96;
const SOURCE_DIR = path.join(SHARED_DATA_DIR, 'ecg200');

/** UCR files: tab-separated, no header. */
const ECG_CSV: CsvOptions = { delimiter: '\t', hasHeader: false };

/** The DatasetConfig for the UCR TSV layout: label in column 0, then 96 values. */
export const ECG_RAW_DATASET: DatasetConfig = {
  csv: ECG_CSV,
  layout: {
    kind: 'rows',
    labelColumn: 0,
    valueColumns: Array.from({ length: STEPS }, (_, i) => i + 1),
  },
  task: 'classification',
  derived: [],
  standardize: 'none',
  channelNames: ['ECG'],
  classValues: ['0', '1'],
  classNames: ['abnormal', 'normal'],
};

/** The shipped file's config: the UCR layout and the split column after the 96 values. */
export const ECG_DATASET: DatasetConfig = {
  ...ECG_RAW_DATASET,
  split: { kind: 'column', column: STEPS + 1, trainValues: ['train'], testValues: ['test'] },
};

/** What the shipped file holds (the sidecar's provenance). */
export const ECG_SHIPPED_ROWS =
  'ECG200_TEST.tsv lines (split "test"), then ECG200_TRAIN.tsv lines (split "train"), split in column 98';

/** Where the app finds the ECG200 demo's data. */
export const ECG_TSV_PATH = path.join(PUBLIC_DIR, 'data', 'ecg200-test.tsv');

/** The archive's lines (no blank ones) of one of its files. */
export async function ecgLines(part: 'TRAIN' | 'TEST'): Promise<string[]> {
  const text = await readFile(path.join(SOURCE_DIR, `ECG200_${part}.tsv`), 'utf8');
  return text.split(/\r?\n/).filter((l) => l.trim() !== '');
}

/** The shipped file: the 100 test lines, then the 100 training lines, each with its split. */
export async function ecgDemoTsv(): Promise<string> {
  const test = (await ecgLines('TEST')).map((l) => `${l}\ttest`);
  const train = (await ecgLines('TRAIN')).map((l) => `${l}\ttrain`);
  return [...test, ...train].join('\n') + '\n';
}

function buildModel(rng: Rng): tf.Sequential {
  const conv = (name: string, filters: number, kernelSize: number, first = false) =>
    tf.layers.conv1d({
      name,
      filters,
      kernelSize,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: seededGlorot(rng),
      ...(first ? { inputShape: [STEPS, 1] } : {}),
    });
  const pool = (name: string) => tf.layers.maxPooling1d({ name, poolSize: 2 });
  return tf.sequential({
    name: 'ecg200_classifier',
    layers: [
      conv('conv1', 8, 5, true),
      pool('pool1'),
      conv('conv2', 16, 5),
      pool('pool2'),
      conv('conv3', 16, 3),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'logits', units: 2, kernelInitializer: seededGlorot(rng) }),
      tf.layers.activation({ name: 'output', activation: 'softmax' }),
    ],
  });
}

async function readTsv(file: string, config = ECG_RAW_DATASET) {
  const text = await readFile(file, 'utf8');
  return datasetFromText(text, config, path.basename(file));
}

export async function trainEcg200(): Promise<{ metrics: Record<string, number>; seconds: number }> {
  const backend = await initTrainingBackend();
  const train = await readTsv(path.join(SOURCE_DIR, 'ECG200_TRAIN.tsv'));
  const shippedPath = ECG_TSV_PATH;
  await mkdir(path.dirname(shippedPath), { recursive: true });
  await writeFile(shippedPath, await ecgDemoTsv());
  const test = partOf(await readTsv(shippedPath, ECG_DATASET), 'test');

  const rng = new Rng(ECG_SEED);
  const model = buildModel(rng);
  const logitsModel = tf.model({ inputs: model.inputs, outputs: model.getLayer('logits').output });
  const testLabels = test.y ?? new Float32Array(0);
  const { losses, seconds } = await trainModel(logitsModel, {
    x: train.x,
    shape: train.shape,
    y: train.y ?? new Float32Array(0),
    task: 'classification',
    // Cross-entropy on the logits (class indices [B, 1] made one-hot).
    loss: (t, z) =>
      tf.losses.softmaxCrossEntropy(
        tf.oneHot(tf.cast(tf.reshape(t, [-1]), 'int32'), 2),
        z,
      ) as tf.Scalar,
    optimizer: { kind: 'adam', learningRate: 1e-3 },
    batchSize: BATCH,
    epochs: EPOCHS,
    seed: rng,
    onEpoch: (e, l) => {
      if ((e + 1) % 25 !== 0) return;
      const acc = accuracy(predictAll(model, test.x, test.shape), testLabels, 2);
      console.log(`ecg200 epoch ${e + 1}/${EPOCHS}: loss ${l.toFixed(4)}, test acc ${acc}`);
    },
  });
  const trainAccuracy = accuracy(
    predictAll(model, train.x, train.shape),
    train.y ?? new Float32Array(0),
    2,
  );

  const probs = predictAll(model, test.x, test.shape);
  const metrics = {
    accuracy: round(accuracy(probs, testLabels, 2)),
    samples: testLabels.length,
    trainAccuracy: round(trainAccuracy),
  };
  const dir = path.join(PUBLIC_DIR, 'models', 'ecg200');
  await saveLayersModel(model, dir);
  await writeSidecar(dir, {
    version: 1,
    name: 'ECG200 heartbeat classifier (UCR archive)',
    description:
      'Normal heartbeat versus myocardial infarction from one ECG heartbeat of 96 samples ' +
      '(Olszewski 2001; UCR archive, Dau et al. 2019).',
    task: 'classification',
    classNames: ['abnormal', 'normal'],
    channelNames: ['ECG'],
    windowLength: STEPS,
    dataset: ECG_DATASET,
    datasetUrl: '../../data/ecg200-test.tsv',
    metrics,
    provenance: {
      script: 'scripts/train-ecg200.ts',
      seed: ECG_SEED,
      epochs: EPOCHS,
      batchSize: BATCH,
      optimizer: 'adam(1e-3)',
      trainFile: 'ECG200_TRAIN.tsv (100 series)',
      shippedRows: ECG_SHIPPED_ROWS,
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
  const { metrics, seconds } = await trainEcg200();
  console.log(`ecg200: ${JSON.stringify(metrics)} (${seconds.toFixed(1)} s training)`);
}
