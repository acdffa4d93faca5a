/**
 * The sharing Identity on the wasm backend in Node: a clone holds the same values without a
 * copy of its data, outlives the original, and gradients through a backward pass (which clones
 * what it saves) are unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSharedIdentity, unregisterSharedIdentity } from './identity-shared';

describe('shared Identity (wasm)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(() => unregisterSharedIdentity('wasm'));

  /** The gradient of sum(leakyRelu(conv1d(x, w))²) with respect to x, on wasm. */
  const gradient = () =>
    tf.tidy(() => {
      const x = tf.tensor3d(
        Float32Array.from({ length: 2 * 9 * 3 }, (_, i) => Math.sin(i)),
        [2, 9, 3],
      );
      const w = tf.tensor3d(
        Float32Array.from({ length: 3 * 3 * 4 }, (_, i) => Math.cos(i)),
        [3, 3, 4],
      );
      return tf.grad((v: tf.Tensor) =>
        tf
          .leakyRelu(tf.conv1d(v as tf.Tensor3D, w, 1, 'same'), 0.3)
          .square()
          .sum(),
      )(x);
    });

  it('shares the data of the original and keeps it after the original is disposed', async () => {
    const before = gradient();
    const expected = await before.data();
    before.dispose();
    registerSharedIdentity('wasm');
    registerSharedIdentity('wasm'); // idempotent
    const x = tf.tensor1d([1, -2, 3.5]);
    const buffers = tf.memory().numDataBuffers;
    const c = x.clone();
    expect(tf.memory().numDataBuffers).toBe(buffers); // no second copy of the data
    x.dispose();
    expect(Array.from(await c.data())).toEqual([1, -2, 3.5]);
    c.dispose();
    const after = gradient();
    expect(Array.from(await after.data())).toEqual(Array.from(expected));
    after.dispose();
  });

  it('leaks nothing over repeated backward passes', () => {
    registerSharedIdentity('wasm');
    gradient().dispose();
    const { numTensors, numBytes } = tf.memory();
    for (let i = 0; i < 5; i++) gradient().dispose();
    expect(tf.memory().numTensors).toBe(numTensors);
    expect(tf.memory().numBytes).toBe(numBytes);
  });

  it('unregister restores the copying kernel', async () => {
    unregisterSharedIdentity('wasm');
    const x = tf.tensor1d([4, 5]);
    const buffers = tf.memory().numDataBuffers;
    const c = x.clone();
    expect(tf.memory().numDataBuffers).toBe(buffers + 1);
    x.dispose();
    expect(Array.from(await c.data())).toEqual([4, 5]);
    c.dispose();
  });
});
