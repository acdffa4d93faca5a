/**
 * The committed demo models still do what their sidecars promise, measured on the test rows of
 * the shipped data files with the tfjs cpu backend (as CI runs it): anomaly accuracy >= 0.97,
 * traffic MSE below the last-value forecast, ECG200 accuracy >= 0.8. Each file also ships
 * training rows, declared by its sidecar's split (test rows first where the layout allows).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetFromText } from '../src/core/dataset';
import type { Dataset, Sidecar } from '../src/core/types';
import { splitCounts } from '../src/core/split';
import { accuracy, mse, partOf, predictAll } from './lib/evaluate';
import { loadSavedModel, readModelArtifacts } from './lib/load-saved-model';
import { PUBLIC_DIR } from './lib/paths';

interface Demo {
  model: tf.LayersModel;
  sidecar: Sidecar;
  /** The test rows of the shipped file. */
  data: Dataset;
  /** The whole file, training rows too. */
  all: Dataset;
}

/** Load a demo folder and the dataset its sidecar points at, as the app does (src/core). */
async function loadDemo(name: string): Promise<Demo> {
  const dir = path.join(PUBLIC_DIR, 'models', name);
  const sidecar = JSON.parse(await readFile(path.join(dir, 'tsviz.json'), 'utf8')) as Sidecar;
  const file = path.resolve(dir, sidecar.datasetUrl ?? '');
  if (sidecar.dataset.csv === undefined) {
    throw new Error(`${name}/tsviz.json: dataset.csv is missing.`);
  }
  const all = datasetFromText(await readFile(file, 'utf8'), sidecar.dataset, path.basename(file));
  return { model: await loadSavedModel(dir), sidecar, data: partOf(all, 'test'), all };
}

function check(demo: Demo): void {
  const [, t, c] = demo.data.shape;
  expect(demo.model.inputs[0].shape).toEqual([null, t, c]);
  expect(demo.sidecar.windowLength).toBe(t);
  expect(demo.sidecar.channelNames).toHaveLength(c);
}

describe('demo models on their shipped data (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('anomaly detector: accuracy >= 0.97 on anomaly-test.csv', async () => {
    const demo = await loadDemo('anomaly');
    check(demo);
    // 2,000 test rows first (the bench takes the first rows), then 2,000 training rows
    expect(splitCounts(demo.all.split, demo.all.shape[0])).toEqual({
      train: 2000,
      test: 2000,
      neither: 0,
    });
    expect([...demo.all.split!.subarray(0, 2000)].every((p) => p === 1)).toBe(true);
    const acc = accuracy(predictAll(demo.model, demo.data.x, demo.data.shape), demo.data.y!, 1);
    expect(acc).toBeGreaterThanOrEqual(0.97);
    expect(acc).toBeCloseTo(demo.sidecar.metrics!.accuracy, 3);
  });

  it('anomaly model.json keeps its activity regularizer, which tfjs cannot build', async () => {
    const artifacts = await readModelArtifacts(path.join(PUBLIC_DIR, 'models', 'anomaly'), {
      strip: false,
    });
    expect(JSON.stringify(artifacts.modelTopology)).toContain('"activity_regularizer":{');
    await expect(tf.loadLayersModel(tf.io.fromMemory(artifacts))).rejects.toThrow(
      /activity regularizer/,
    );
  });

  it('traffic forecaster: MSE below the last-value forecast on traffic-test.csv', async () => {
    const demo = await loadDemo('traffic');
    check(demo);
    const [n, t, c] = demo.data.shape;
    expect(n).toBe(4000 - 50);
    // rows 0..13,999 train (13,950 windows), the 50 windows across row 14,000 in neither part
    expect(splitCounts(demo.all.split, demo.all.shape[0])).toEqual({
      train: 14_000 - 50,
      test: 4000 - 50,
      neither: 50,
    });
    const target = demo.data.y!;
    const model = mse(predictAll(demo.model, demo.data.x, demo.data.shape), target);
    const last = mse(
      Float32Array.from({ length: n }, (_, i) => demo.data.x[(i * t + t - 1) * c]),
      target,
    );
    expect(model).toBeLessThan(last);
    expect(model).toBeCloseTo(demo.sidecar.metrics!.mse, 5);
    expect(last).toBeCloseTo(demo.sidecar.metrics!.lastValueMse, 5);
  });

  it('ECG200 classifier: accuracy >= 0.8 on ecg200-test.tsv', async () => {
    const demo = await loadDemo('ecg200');
    check(demo);
    const acc = accuracy(predictAll(demo.model, demo.data.x, demo.data.shape), demo.data.y!, 2);
    expect(acc).toBeGreaterThanOrEqual(0.8);
    expect(acc).toBeCloseTo(demo.sidecar.metrics!.accuracy, 3);
    // the 100 training heartbeats follow, and the model fits them as training left it
    const train = partOf(demo.all, 'train');
    expect(train.shape[0]).toBe(100);
    const trainAcc = accuracy(predictAll(demo.model, train.x, train.shape), train.y!, 2);
    expect(trainAcc).toBeCloseTo(demo.sidecar.metrics!.trainAccuracy, 3);
  });
});
