/**
 * The stride-1 Conv2DBackpropInput through Conv2D against tfjs's own kernel (the cpu backend's
 * reference), on the wasm backend in Node, over shapes, paddings and filter sizes; and the
 * fallback for strides it does not take.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random';
import {
  flipFilter,
  registerConvBackpropInput,
  unregisterConvBackpropInput,
} from './conv2d-backprop-input';

const rng = new Rng(7);
const values = (n: number) => Float32Array.from({ length: n }, () => rng.normal());

interface Case {
  x: [number, number, number, number];
  f: [number, number, number, number];
  strides: [number, number];
  pad: 'same' | 'valid' | number;
}

const CASES: Case[] = [
  { x: [3, 50, 1, 3], f: [3, 1, 3, 16], strides: [1, 1], pad: 'same' }, // Conv1D k3 same
  { x: [2, 25, 1, 16], f: [3, 1, 16, 32], strides: [1, 1], pad: 'valid' },
  { x: [2, 12, 1, 5], f: [5, 1, 5, 4], strides: [1, 1], pad: 'same' }, // odd kernel
  { x: [2, 12, 1, 5], f: [4, 1, 5, 4], strides: [1, 1], pad: 'same' }, // even kernel: uneven pad
  { x: [1, 7, 6, 2], f: [3, 3, 2, 3], strides: [1, 1], pad: 1 }, // 2-D, numeric pad
  // (an even filter with a numeric pad crashes tfjs-backend-wasm 4.22's own kernels: left out)
  { x: [2, 20, 1, 3], f: [3, 1, 3, 4], strides: [2, 1], pad: 'same' }, // stride 2: fallback
];

/** dx of conv2d(x, f) for the upstream gradient dy, on `backend`. */
async function inputGradient(
  backend: string,
  c: Case,
  x: Float32Array,
  f: Float32Array,
  dy: Float32Array,
) {
  await tf.setBackend(backend);
  const out = tf.tidy(() => {
    const xt = tf.tensor4d(x, c.x);
    const ft = tf.tensor4d(f, c.f);
    const shape = tf.conv2d(xt, ft, c.strides, c.pad).shape;
    const up = tf.tensor(
      dy.subarray(
        0,
        shape.reduce((p, q) => p * q, 1),
      ),
      shape,
    );
    return tf.grad((t: tf.Tensor) =>
      tf
        .conv2d(t as tf.Tensor4D, ft, c.strides, c.pad)
        .mul(up)
        .sum(),
    )(xt);
  });
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

describe('Conv2DBackpropInput through Conv2D (wasm)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(() => unregisterConvBackpropInput('wasm'));

  it('flips the filter in space and swaps its channels', () => {
    // [fh 2, fw 1, in 1, out 2]: W[i,0,0,o] = 10 i + o
    const w = Float32Array.from([0, 1, 10, 11]);
    expect(Array.from(flipFilter(w, [2, 1, 1, 2]))).toEqual([10, 11, 0, 1]);
    // in 2, out 1, one tap: transpose only
    expect(Array.from(flipFilter(Float32Array.from([3, 4]), [1, 1, 2, 1]))).toEqual([3, 4]);
  });

  for (const c of CASES) {
    it(`x [${c.x}] filter [${c.f}] strides [${c.strides}] pad ${c.pad}: equals the cpu kernel`, async () => {
      const x = values(c.x.reduce((p, q) => p * q, 1));
      const f = values(c.f.reduce((p, q) => p * q, 1));
      const dy = values(x.length * c.f[3]); // enough for any output of these cases
      const reference = await inputGradient('cpu', c, x, f, dy);
      registerConvBackpropInput('wasm');
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const ours = await inputGradient('wasm', c, x, f, dy);
      expect(tf.memory().numTensors).toBe(before);
      const scale = Math.max(...reference.map(Math.abs));
      const worst = Math.max(...ours.map((v, i) => Math.abs(v - reference[i])));
      expect(ours.length).toBe(reference.length);
      expect(worst / scale).toBeLessThan(1e-5);
    });
  }
});
