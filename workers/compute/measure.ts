/**
 * A quick, real measurement of which backend runs the loaded model faster on this machine:
 * the median time of a forward pass of one batch on each backend, after a warm-up run.
 * Used to name the faster backend when WebGPU runs on a software adapter.
 */
import * as tf from '@tensorflow/tfjs';

export interface BackendTiming {
  backend: string;
  /** Median milliseconds per forward pass of `batch` samples. */
  ms: number;
}

async function timeOnce(model: tf.LayersModel, x: tf.Tensor): Promise<number> {
  const t0 = performance.now();
  const y = model.predict(x) as tf.Tensor;
  await y.data();
  y.dispose();
  return performance.now() - t0;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/**
 * Time `model` on each backend in `names` (each must be registered), then restore the backend
 * that was active. `x` is [batch, T, C] of real samples.
 */
export async function timeBackends(
  model: tf.LayersModel,
  x: Float32Array,
  shape: [number, number, number],
  names: string[],
  runs = 3,
): Promise<BackendTiming[]> {
  const original = tf.getBackend();
  const out: BackendTiming[] = [];
  try {
    for (const name of names) {
      if (!(await tf.setBackend(name))) continue;
      const input = tf.tensor3d(x, shape);
      try {
        await timeOnce(model, input); // warm-up: shader compilation, weight upload
        const times: number[] = [];
        for (let i = 0; i < runs; i++) times.push(await timeOnce(model, input));
        out.push({ backend: name, ms: median(times) });
      } finally {
        input.dispose();
      }
    }
  } finally {
    await tf.setBackend(original);
  }
  return out;
}
