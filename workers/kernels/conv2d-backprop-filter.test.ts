/**
 * Checks the Conv2DBackpropFilter kernel against references that share no code with it:
 * a direct loop over the weight-gradient definition, central finite differences of a conv
 * loss (both in float64 with a forward convolution written here), and tfjs's own cpu kernel
 * on a small 1-D conv model. Runs on the cpu and wasm backends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerConvBackpropFilter, unregisterConvBackpropFilter } from './conv2d-backprop-filter';
import { Rng } from '../../src/core/random';
import { filterGradient } from './conv-filter-math';
import {
  directGrad,
  finiteDiffGrad,
  geometry,
  randomArray,
  type Case,
} from './conv2d-backprop-filter.reference';

/** The filter gradient as tfjs computes it on the current backend: d/dw Σ conv2d(x, w)·dy. */
function tfjsGrad(x: Float64Array, w: Float64Array, dy: Float64Array, c: Case): Float32Array {
  return tf.tidy(() => {
    const xt = tf.tensor4d(Float32Array.from(x), c.x);
    const dyt = tf.tensor(Float32Array.from(dy));
    const f = (wt: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(xt, wt as tf.Tensor4D, c.strides, c.pad).flatten(), dyt));
    return tf
      .grad(f)(tf.tensor4d(Float32Array.from(w), c.w))
      .dataSync() as Float32Array;
  });
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let scale = 1e-6;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  let worst = 0;
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst / scale).toBeLessThan(rel);
}

const CASES: Case[] = [
  { x: [2, 1, 9, 3], w: [1, 3, 3, 4], strides: [1, 1], pad: 'same' },
  { x: [2, 1, 10, 2], w: [1, 3, 2, 5], strides: [1, 2], pad: 'same' },
  { x: [3, 1, 11, 2], w: [1, 4, 2, 3], strides: [1, 3], pad: 'valid' },
  {
    x: [2, 1, 8, 3],
    w: [1, 3, 3, 2],
    strides: [1, 1],
    pad: [
      [0, 0],
      [0, 0],
      [2, 1],
      [0, 0],
    ],
  },
  // tfjs sizes numeric padding from the filter height alone, so use a square filter here.
  { x: [2, 4, 5, 2], w: [3, 3, 2, 2], strides: [1, 1], pad: 1 },
  { x: [2, 5, 6, 2], w: [3, 2, 2, 3], strides: [2, 1], pad: 'same' },
];

function checkCases(backend: string): void {
  CASES.forEach((c, n) => {
    it(`matches the direct loop and finite differences (${backend}, case ${n})`, () => {
      const rng = new Rng(100 + n);
      const g = geometry(c);
      const x = randomArray(
        rng,
        c.x.reduce((a, b) => a * b),
      );
      const w = randomArray(
        rng,
        c.w.reduce((a, b) => a * b),
      );
      const dy = randomArray(rng, c.x[0] * g.oh * g.ow * c.w[3]);
      const ours = tfjsGrad(x, w, dy, c);
      expectClose(ours, directGrad(x, dy, c, g));
      expectClose(ours, finiteDiffGrad(x, w, dy, c, g), 1e-4);
      // The plain-loop fallback (used when a backend has no BatchMatMul) agrees too.
      const geo = {
        ...g,
        batchSize: c.x[0],
        inHeight: c.x[1],
        inWidth: c.x[2],
        inChannels: c.x[3],
      };
      const loop = filterGradient(x, dy, {
        ...geo,
        outHeight: g.oh,
        outWidth: g.ow,
        outChannels: c.w[3],
        filterHeight: c.w[0],
        filterWidth: c.w[1],
        strideHeight: c.strides[0],
        strideWidth: c.strides[1],
        padTop: g.top,
        padLeft: g.left,
      });
      expectClose(loop, directGrad(x, dy, c, g));
    });
  });
}

/** A small 1-D conv model and the gradients of its loss with respect to every weight. */
function modelGrads(): Float32Array[] {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({
    layers: [
      tf.layers.conv1d({
        inputShape: [20, 3],
        filters: 6,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      tf.layers.conv1d({
        filters: 4,
        kernelSize: 4,
        strides: 2,
        padding: 'valid',
        kernelInitializer: init(2),
      }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1, kernelInitializer: init(3) }),
    ],
  });
  const rng = new Rng(11);
  const x = tf.tensor3d(
    Float32Array.from({ length: 8 * 20 * 3 }, () => rng.normal()),
    [8, 20, 3],
  );
  const y = tf.tensor2d(
    Float32Array.from({ length: 8 }, () => rng.normal()),
    [8, 1],
  );
  const { grads } = tf.variableGrads(() =>
    tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor2D),
  );
  const out = Object.keys(grads)
    .sort()
    .map((k) => grads[k].dataSync() as Float32Array);
  tf.dispose([x, y, Object.values(grads)]);
  model.dispose();
  return out;
}

describe('Conv2DBackpropFilter on cpu', () => {
  let builtin: Float32Array[] = [];
  beforeAll(async () => {
    await tf.setBackend('cpu');
    builtin = modelGrads(); // tfjs's own kernel first
    registerConvBackpropFilter('cpu');
    registerConvBackpropFilter('cpu'); // idempotent
  });
  afterAll(() => unregisterConvBackpropFilter('cpu'));

  checkCases('cpu');

  it("matches tfjs's built-in kernel on a 1-D conv model", () => {
    const ours = modelGrads();
    expect(ours.length).toBe(builtin.length);
    ours.forEach((g, i) => expectClose(g, builtin[i]));
  });
});

describe('Conv2DBackpropFilter on wasm', () => {
  let reference: Float32Array[] = [];
  beforeAll(async () => {
    await tf.setBackend('cpu');
    reference = modelGrads(); // cpu built-in kernel
    expect(await tf.setBackend('wasm')).toBe(true);
    registerConvBackpropFilter('wasm');
  });
  afterAll(() => unregisterConvBackpropFilter('wasm'));

  checkCases('wasm');

  it('trains the 1-D conv model with the same gradients as the cpu built-in', () => {
    const ours = modelGrads();
    ours.forEach((g, i) => expectClose(g, reference[i], 1e-4));
  });

  it('restores the previous state when unregistered', () => {
    unregisterConvBackpropFilter('wasm');
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeUndefined();
    registerConvBackpropFilter('wasm');
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
  });
});
