/** Batched prediction and the quality figures recorded in the sidecars. */
import * as tf from '@tensorflow/tfjs';
import { rowsOf, type SplitPart } from '../../src/core/split';
import type { Dataset } from '../../src/core/types';

/** Model outputs for x [N, T, C], in batches, as a flat [N, outputs] array. */
export function predictAll(
  model: tf.LayersModel,
  x: Float32Array,
  shape: [number, number, number],
  batchSize = 256,
): Float32Array {
  const [n, t, c] = shape;
  const parts: Float32Array[] = [];
  for (let i = 0; i < n; i += batchSize) {
    const m = Math.min(batchSize, n - i);
    const out = tf.tidy(() => {
      const xb = tf.tensor3d(x.subarray(i * t * c, (i + m) * t * c), [m, t, c]);
      return (model.predict(xb) as tf.Tensor).dataSync() as Float32Array;
    });
    parts.push(out);
  }
  const all = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let off = 0;
  for (const p of parts) {
    all.set(p, off);
    off += p.length;
  }
  return all;
}

/** Accuracy of predictions (one sigmoid per sample, or `classes` softmax outputs each). */
export function accuracy(pred: Float32Array, labels: Float32Array, classes: number): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) {
    let k: number;
    if (classes === 1) k = pred[i] > 0.5 ? 1 : 0;
    else {
      k = 0;
      for (let j = 1; j < classes; j++) if (pred[i * classes + j] > pred[i * classes + k]) k = j;
    }
    if (k === labels[i]) right++;
  }
  return right / labels.length;
}

/** Mean squared error. */
export function mse(pred: ArrayLike<number>, target: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < target.length; i++) s += (pred[i] - target[i]) ** 2;
  return s / target.length;
}

/** The samples of one part of a dataset's split (all samples for 'test' without a split). */
export function partOf(ds: Dataset, part: SplitPart): Dataset {
  const [n, t, c] = ds.shape;
  const rows = rowsOf(ds.split, n, part);
  const x = new Float32Array(rows.length * t * c);
  const y = ds.y ? new Float32Array(rows.length) : null;
  rows.forEach((i, k) => {
    x.set(ds.x.subarray(i * t * c, (i + 1) * t * c), k * t * c);
    if (y && ds.y) y[k] = ds.y[i];
  });
  return { ...ds, x, y, shape: [rows.length, t, c], split: null };
}
