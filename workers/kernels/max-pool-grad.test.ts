/**
 * Checks the MaxPoolGrad kernel on the wasm backend against tfjs's cpu kernel (independent
 * code, the reference the app's bench uses), a hand-worked case, and the input gradient of
 * the anomaly demo (Conv1D → LeakyReLU → MaxPooling1D). Also pins the tfjs-backend-wasm 4.22
 * bug it works around: if a tfjs upgrade fixes it, the "before registration" checks fail and
 * say so, and the kernel can be dropped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerMaxPoolGrad, unregisterMaxPoolGrad } from './max-pool-grad';
import { Rng } from '../../src/core/random';
import { datasetFromText } from '../../src/core/dataset';
import type { Sidecar } from '../../src/core/types';
import { sourceFromFiles } from '../compute/model-files';
import { loadModel } from '../compute/model-loader';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
interface PoolCase {
  x: [number, number, number, number];
  filter: [number, number];
  strides: [number, number];
  pad: Pad;
  rounding?: 'floor' | 'round' | 'ceil';
  /** The same pool written another way, for the cpu reference (see the last case). */
  cpu?: PoolCase;
}

type Pair = [number, number];
function pool(x: PoolCase['x'], filter: Pair, strides: Pair, pad: Pad, more = {}): PoolCase {
  return { x, filter, strides, pad, ...more };
}
/** Explicit NHWC padding: [top, bottom] rows, [left, right] columns. */
const explicit = (rows: Pair, cols: Pair): Pad => [[0, 0], rows, cols, [0, 0]];

const CASES: PoolCase[] = [
  pool([2, 1, 12, 3], [1, 2], [1, 2], 'valid'), // conv1d-style, height 1
  pool([2, 12, 1, 3], [2, 1], [2, 1], 'valid'), // tfjs MaxPooling1D: [N, W, 1, C]
  pool([2, 13, 1, 2], [3, 1], [2, 1], 'valid'),
  pool([2, 1, 11, 2], [1, 3], [1, 1], 'same'),
  pool([2, 11, 1, 2], [2, 1], [1, 1], 'same'),
  pool([2, 1, 11, 2], [1, 3], [1, 2], 'same'),
  pool([2, 5, 7, 2], [2, 2], [1, 1], 'same'),
  pool([2, 6, 7, 2], [3, 3], [2, 2], 'same'),
  pool([1, 7, 6, 2], [3, 2], [2, 1], 'valid'),
  pool([1, 1, 9, 2], [1, 3], [1, 2], explicit([0, 0], [2, 1])),
  // tfjs's MaxPool gradient drops dimRoundingMode, so cpu would drop dy's last row and column
  // here; the reference is the same windows as explicit padding (starts -1, 1, 3, 5).
  pool([2, 6, 6, 2], [3, 3], [2, 2], 1, {
    rounding: 'ceil',
    cpu: pool([2, 6, 6, 2], [3, 3], [2, 2], explicit([1, 2], [1, 2])),
  }),
];

/**
 * Input values: all negative (the reported bug); a few distinct negative integers (negative
 * windows with ties); integers in [-2, 2] (ties of every sign: wasm's kernel also sends ties
 * to the last maximum, cpu to the first); ReLU-like (windows of exact zeros); signed.
 */
const KINDS = {
  negative: (r: Rng) => r.uniform(-4, -0.1),
  negTies: (r: Rng) => -r.int(1, 4),
  ties: (r: Rng) => r.int(-2, 3),
  relu: (r: Rng) => Math.max(0, r.normal()),
  signed: (r: Rng) => r.normal(),
} as const;
type Kind = keyof typeof KINDS;

const outSize = (c: PoolCase) =>
  tf.backend_util
    .computePool2DInfo(c.x, c.filter, c.strides, 1, c.pad, c.rounding)
    .outShape.reduce((a, b) => a * b);

/** dx = d/dx Σ maxPool(x)·dy on the current backend. */
function poolGrad(x: Float32Array, dy: Float32Array, c: PoolCase): Float32Array {
  return tf.tidy(() => {
    const dyt = tf.tensor(dy);
    const f = (t: tf.Tensor) =>
      tf.sum(
        tf.mul(tf.maxPool(t as tf.Tensor4D, c.filter, c.strides, c.pad, c.rounding).flatten(), dyt),
      );
    return tf.grad(f)(tf.tensor4d(x, c.x)).dataSync() as Float32Array;
  });
}

const TRIALS = CASES.flatMap((c, n) =>
  (Object.keys(KINDS) as Kind[]).map((kind, k) => {
    const rng = new Rng(1000 + 10 * n + k);
    const x = Float32Array.from({ length: c.x.reduce((a, b) => a * b) }, () => KINDS[kind](rng));
    const dy = Float32Array.from({ length: outSize(c) }, () => rng.normal());
    const pad = `${JSON.stringify(c.pad)}${c.rounding ? ` ${c.rounding}` : ''}`;
    const name = `${kind} x[${c.x}] pool [${c.filter}] strides [${c.strides}] ${pad}`;
    return { name, c, x, dy };
  }),
);

/** max |actual − expected| / max |expected|, as the bench measures agreement. */
function relDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let scale = 1e-12;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  }
  return worst / scale;
}

const HAND: PoolCase = { x: [1, 4, 1, 1], filter: [2, 1], strides: [2, 1], pad: 'valid' };
const handGrad = () =>
  Array.from(poolGrad(Float32Array.of(-5, -2, -3, -0.5), Float32Array.of(1, 1), HAND));

const ROOT = join(import.meta.dirname, '../..');
const read = (rel: string) => readFileSync(join(ROOT, rel));
const file = (rel: string) => new File([read(rel)], rel.split('/').pop() ?? rel);
const SAMPLES = 16;

/** d/dx Σ model(x) for the first SAMPLES test sequences, on the current backend. */
async function anomalyInputGrad(): Promise<Float32Array> {
  const dir = 'public/models/anomaly';
  const files = ['model.json', 'group1-shard1of1.bin', 'tsviz.json'].map((f) =>
    file(`${dir}/${f}`),
  );
  const { model } = await loadModel(await sourceFromFiles(files), 'classification');
  const side = JSON.parse(read(`${dir}/tsviz.json`).toString()) as Sidecar;
  if (!side.dataset) throw new Error('the anomaly sidecar has no dataset config');
  const ds = datasetFromText(read('public/data/anomaly-test.csv').toString(), side.dataset, 'csv');
  const [, T, C] = ds.shape;
  try {
    return tf.tidy(() => {
      const x = tf.tensor3d(ds.x.slice(0, SAMPLES * T * C), [SAMPLES, T, C]);
      const g = tf.grad((t: tf.Tensor) => (model.apply(t) as tf.Tensor).sum())(x);
      return g.dataSync() as Float32Array;
    });
  } finally {
    model.dispose();
  }
}

describe('MaxPoolGrad on wasm', () => {
  const reference: Float32Array[] = [];
  let modelReference: Float32Array = new Float32Array(0);
  let modelBefore: Float32Array = new Float32Array(0);
  let handBefore: number[] = [];

  beforeAll(async () => {
    await tf.setBackend('cpu');
    for (const t of TRIALS) reference.push(poolGrad(t.x, t.dy, t.c.cpu ?? t.c)); // cpu kernel
    modelReference = await anomalyInputGrad();
    expect(await tf.setBackend('wasm')).toBe(true);
    handBefore = handGrad(); // tfjs-backend-wasm's own kernel
    modelBefore = await anomalyInputGrad();
    registerMaxPoolGrad('wasm');
    registerMaxPoolGrad('wasm'); // idempotent
  });
  afterAll(() => unregisterMaxPoolGrad('wasm'));

  it("pins tfjs-backend-wasm's bug (if this fails, tfjs fixed it: drop the kernel)", () => {
    expect(handBefore).not.toEqual([0, 1, 0, 1]);
    expect(relDiff(modelBefore, modelReference)).toBeGreaterThan(1e-4);
  });

  it('routes an all-negative window to its maximum (hand-worked)', () => {
    expect(handGrad()).toEqual([0, 1, 0, 1]);
  });

  it.each(TRIALS.map((t, i) => [t.name, i] as const))('matches the cpu kernel: %s', (_, i) => {
    const t = TRIALS[i];
    expect(relDiff(poolGrad(t.x, t.dy, t.c), reference[i])).toBeLessThan(1e-6);
  });

  it("gives the anomaly demo's input gradient as cpu does", async () => {
    const ours = await anomalyInputGrad();
    expect(relDiff(ours, modelReference)).toBeLessThan(1e-4);
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    poolGrad(TRIALS[0].x, TRIALS[0].dy, TRIALS[0].c);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('restores the previous kernel when unregistered', () => {
    const ours = tf.getKernel(tf.MaxPoolGrad, 'wasm');
    unregisterMaxPoolGrad('wasm');
    const builtin = tf.getKernel(tf.MaxPoolGrad, 'wasm');
    expect(builtin).toBeDefined();
    expect(builtin).not.toBe(ours);
    expect(handGrad()).toEqual(handBefore);
    registerMaxPoolGrad('wasm');
    expect(handGrad()).toEqual([0, 1, 0, 1]);
  });
});
