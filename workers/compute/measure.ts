/**
 * A quick, real measurement of which backend runs the loaded model faster on this machine:
 * the median time of a forward pass of one batch, after a warm-up run. The current backend is
 * timed in place; WASM is timed in a separate short-lived worker (measure.worker.ts), because
 * switching one worker's tfjs between WebGPU and WASM and back crashed Chromium here.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import type { MeasureApi } from '../measure.worker';

export type { BackendTiming } from '../../src/core/protocol';

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** Median ms of `runs` forward passes of x [batch, T, C] on the current backend. */
export async function timeModel(
  model: tf.LayersModel,
  x: Float32Array,
  shape: [number, number, number],
  runs = 3,
): Promise<number> {
  const input = tf.tensor3d(x, shape);
  const once = async () => {
    const t0 = performance.now();
    const y = model.predict(input) as tf.Tensor;
    await y.data();
    y.dispose();
    return performance.now() - t0;
  };
  try {
    await once(); // warm-up: shader compilation, weight upload
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await once());
    return median(times);
  } finally {
    input.dispose();
  }
}

/** Time the same model on WASM in a fresh worker, which is closed afterwards. */
export async function timeOnWasm(
  artifacts: tf.io.ModelArtifacts,
  x: Float32Array,
  shape: [number, number, number],
  wasmBase: string,
): Promise<number> {
  const worker = new Worker(new URL('../measure.worker.ts', import.meta.url), { type: 'module' });
  try {
    const remote = Comlink.wrap<MeasureApi>(worker);
    return await remote.timeOnWasm(artifacts, x.slice(), shape, wasmBase);
  } finally {
    worker.terminate();
  }
}
