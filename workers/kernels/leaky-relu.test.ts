/**
 * LeakyReLU as x · step(x, alpha) on wasm, and the gradient dy · step(x, alpha), against
 * tfjs's own kernel and gradient rule (where(x > 0, dy, dy · alpha)) and central differences,
 * including zeros, negative zeros, infinities and NaN.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random';
import {
  registerLeakyReluForward,
  registerLeakyReluGradient,
  unregisterLeakyReluForward,
} from './leaky-relu';

const rng = new Rng(11);
const SPECIAL = [0, -0, 1e-30, -1e-30, Infinity, -Infinity, NaN, 3, -3];
const x = Float32Array.from({ length: 400 }, (_, i) =>
  i < SPECIAL.length ? SPECIAL[i] : rng.normal(),
);
const dy = Float32Array.from({ length: 400 }, () => rng.normal());
const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).every((v, i) => Object.is(v, b[i]) || (Number.isNaN(v) && Number.isNaN(b[i])));

describe('LeakyReLU through step (wasm)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(() => unregisterLeakyReluForward('wasm'));

  it('gives exactly the values of the backend’s own kernel, for float32 and int32', async () => {
    for (const alpha of [0.2, 0.01, 0]) {
      const own = await tf.tidy(() => tf.leakyRelu(tf.tensor1d(x), alpha)).data();
      const ownInt = await tf
        .tidy(() => tf.leakyRelu(tf.tensor1d([-3, 0, 4], 'int32'), alpha))
        .data();
      registerLeakyReluForward('wasm');
      const ours = await tf.tidy(() => tf.leakyRelu(tf.tensor1d(x), alpha)).data();
      const oursInt = tf.tidy(() => tf.leakyRelu(tf.tensor1d([-3, 0, 4], 'int32'), alpha));
      expect(oursInt.dtype).toBe('float32');
      expect(Array.from(await oursInt.data())).toEqual(Array.from(ownInt));
      oursInt.dispose();
      unregisterLeakyReluForward('wasm');
      expect(same(ours, own)).toBe(true);
    }
  });

  it('frees its intermediate step tensor', () => {
    registerLeakyReluForward('wasm');
    const t = tf.tensor1d(x);
    tf.leakyRelu(t, 0.2).dispose();
    const { numTensors, numBytes } = tf.memory();
    for (let i = 0; i < 5; i++) tf.leakyRelu(t, 0.2).dispose();
    expect(tf.memory().numTensors).toBe(numTensors);
    expect(tf.memory().numBytes).toBe(numBytes);
    t.dispose();
  });

  it('has the gradient tfjs’s rule gives, and central differences agree', async () => {
    const alpha = 0.2;
    const rule = await tf
      .tidy(() => {
        const xt = tf.tensor1d(x);
        const d = tf.tensor1d(dy);
        return tf.where(tf.greater(xt, 0), d, tf.mul(d, alpha));
      })
      .data();
    registerLeakyReluGradient();
    registerLeakyReluForward('wasm');
    const ours = await tf
      .tidy(() =>
        tf.grad((v: tf.Tensor) => tf.leakyRelu(v, alpha))(tf.tensor1d(x), tf.tensor1d(dy)),
      )
      .data();
    // NaN inputs: the rule gives dy · alpha, step's gradient NaN or dy · alpha; both say nothing
    const finite = (i: number) => !Number.isNaN(x[i]);
    expect(
      same(
        Array.from(ours).filter((_, i) => finite(i)),
        Array.from(rule).filter((_, i) => finite(i)),
      ),
    ).toBe(true);
    // central differences away from the kink
    const h = 1e-2;
    for (let i = SPECIAL.length; i < SPECIAL.length + 50; i++) {
      if (Math.abs(x[i]) < 2 * h) continue;
      const f = (v: number) => (v > 0 ? v : alpha * v);
      const fd = ((f(x[i] + h) - f(x[i] - h)) / (2 * h)) * dy[i];
      expect(ours[i]).toBeCloseTo(fd, 4);
    }
  });
});
