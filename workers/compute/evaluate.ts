/**
 * The model's quality over the whole dataset (or the chosen rows), as a job: forward passes in
 * batches, each batch one chunk, the sums kept locally until the end (a cancelled evaluation
 * leaves nothing behind). The Pruning view evaluates its pruned copies the same way.
 */
import * as tf from '@tensorflow/tfjs';
import { TsvizError } from '../../src/core/errors';
import { addBatch, emptySums, lossNameFor, summarize, type Metrics } from '../../src/core/metrics';
import type { ModelInfo } from '../../src/core/model-graph';
import type { Dataset } from '../../src/core/types';
import type { JobContext } from './job';

export interface Evaluation extends Metrics {
  /** [N, outputUnits] every sample's model output, row-major. */
  outputs: Float32Array;
  /** The backend that ran the forward passes. */
  backend: string;
  /** Wall-clock milliseconds the job took. */
  ms: number;
}

/** Samples per forward pass. */
export const EVAL_BATCH = 64;

/**
 * Evaluate `model` on every sample of `ds` (rows: a subset of sample indices, in order).
 * Throws `no-dataset` when the dataset has no labels.
 */
export async function evaluateModel(
  model: tf.LayersModel,
  info: ModelInfo,
  ds: Dataset,
  ctx: JobContext,
  rows: Int32Array | null = null,
): Promise<Evaluation> {
  if (!ds.y) {
    throw new TsvizError(
      'no-dataset',
      `${ds.source} has no labels, so the model cannot be scored on it.`,
      'Open a dataset with a label (or target) column, and choose it in the dataset form.',
    );
  }
  const t0 = performance.now();
  const [N, T, C] = ds.shape;
  const idx = rows ?? Int32Array.from({ length: N }, (_, i) => i);
  const n = idx.length;
  const units = info.outputUnits;
  const classes = info.task === 'classification' ? Math.max(2, units) : 0;
  const lossName = lossNameFor(info.task, units);
  const sums = emptySums(info.task, classes);
  const outputs = new Float32Array(n * units);
  const label = `Evaluating ${info.name} on ${n} samples`;
  ctx.progress(0, n, label);
  for (let start = 0; start < n; start += EVAL_BATCH) {
    const count = Math.min(EVAL_BATCH, n - start);
    const x = new Float32Array(count * T * C);
    const y = new Float32Array(count);
    for (let k = 0; k < count; k++) {
      const i = idx[start + k];
      x.set(ds.x.subarray(i * T * C, (i + 1) * T * C), k * T * C);
      y[k] = ds.y[i];
    }
    const out = await ctx.step(async () => {
      const t = tf.tidy(() => model.predict(tf.tensor3d(x, [count, T, C])) as tf.Tensor);
      try {
        return (await t.data()) as Float32Array;
      } finally {
        t.dispose();
      }
    });
    outputs.set(out, start * units);
    addBatch(sums, lossName, out, units, y);
    ctx.progress(start + count, n, label);
  }
  return {
    ...summarize(sums, lossName),
    outputs,
    backend: tf.getBackend(),
    ms: performance.now() - t0,
  };
}
