/**
 * The evaluation job scores the test rows of a dataset with a split, and every row without one
 * (tfjs CPU backend, the ECG200 demo model and its shipped file: 100 test, then 100 training
 * heartbeats).
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetFromText } from '../../src/core/dataset';
import { installErrorTransfer } from '../../src/core/error-transfer';
import { rowsOf } from '../../src/core/split';
import type { Dataset, Sidecar } from '../../src/core/types';
import { api } from './api';
import { session } from './session';

const ROOT = join(import.meta.dirname, '../..');
const read = (rel: string) => readFileSync(join(ROOT, rel));
const modelFiles = (name: string) =>
  ['model.json', 'group1-shard1of1.bin', 'tsviz.json'].map(
    (f) => new File([read(`public/models/${name}/${f}`)], f),
  );
const side = () => JSON.parse(read('public/models/ecg200/tsviz.json').toString()) as Sidecar;
const ecg = (split = true): Dataset => {
  const config = side().dataset;
  if (!split) delete config.split;
  return datasetFromText(read('public/data/ecg200-test.tsv').toString(), config, 'ecg200.tsv');
};

/** Accuracy of the loaded model on the given rows, computed directly. */
async function directAccuracy(ds: Dataset, rows: Int32Array): Promise<number> {
  const [, T, C] = ds.shape;
  const x = new Float32Array(rows.length * T * C);
  rows.forEach((i, k) => x.set(ds.x.subarray(i * T * C, (i + 1) * T * C), k * T * C));
  const model = session.current!.model;
  const p = tf.tidy(() => model.predict(tf.tensor3d(x, [rows.length, T, C])) as tf.Tensor);
  const probs = (await p.data()) as Float32Array;
  p.dispose();
  let right = 0;
  rows.forEach((i, k) => {
    const predicted = probs[2 * k + 1] > probs[2 * k] ? 1 : 0;
    if (predicted === ds.y![i]) right++;
  });
  return right / rows.length;
}

beforeAll(async () => {
  installErrorTransfer();
  await api.init('cpu', '');
  await api.loadModelFiles(modelFiles('ecg200'));
});

describe('evaluation on the test rows', () => {
  it('scores only the test rows of a split, as a direct computation on them does', async () => {
    const ds = ecg();
    await api.setDataset(ds);
    const r = await api.evaluate({ id: 'eval-split' });
    expect(r.rows).toEqual({ part: 'test', count: 100, of: 200 });
    expect(r.n).toBe(100);
    const test = rowsOf(ds.split, 200, 'test');
    expect(r.accuracy).toBeCloseTo(await directAccuracy(ds, test), 10);
    expect(r.accuracy).toBeCloseTo(side().metrics!.accuracy, 4); // 0.86, as the sidecar says
    // the training rows score differently (1.0): the job did not mix them in
    expect(await directAccuracy(ds, rowsOf(ds.split, 200, 'train'))).toBeCloseTo(
      side().metrics!.trainAccuracy,
      4,
    );
  });

  it('scores every row without a split', async () => {
    await api.setDataset(ecg(false));
    const r = await api.evaluate({ id: 'eval-all' });
    expect(r.rows).toEqual({ part: 'all', count: 200, of: 200 });
    expect(r.n).toBe(200);
    expect(r.accuracy).toBeCloseTo((0.86 * 100 + 1 * 100) / 200, 4);
  });
});
