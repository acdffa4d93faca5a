/** replaceKernel / kernelReplacement: register, remember the previous kernel, restore it. */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kernelReplacement, replaceKernel } from './replace-kernel';

/** A kernel name no backend registers, so the tests own it entirely. */
const NAME = 'TsvizTestKernel';
const kernel = (tag: string) => Object.assign(() => ({ tag }) as never, { tag }) as tf.KernelFunc;
const current = (backend = 'cpu') => tf.getKernel(NAME, backend)?.kernelFunc;

describe('replaceKernel', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterEach(() => {
    if (current() !== undefined) tf.unregisterKernel(NAME, 'cpu');
  });

  it('registers where none was, and restore leaves none', () => {
    const ours = kernel('ours');
    const restore = replaceKernel(NAME, 'cpu', ours);
    expect(current()).toBe(ours);
    restore();
    expect(current()).toBeUndefined();
  });

  it('replaces a registered kernel and restores it (with its setup/dispose functions)', () => {
    const original = kernel('original');
    const setupFunc = () => {};
    tf.registerKernel({ kernelName: NAME, backendName: 'cpu', kernelFunc: original, setupFunc });
    const ours = kernel('ours');
    const restore = replaceKernel(NAME, 'cpu', ours);
    expect(current()).toBe(ours);
    restore();
    expect(current()).toBe(original);
    expect(tf.getKernel(NAME, 'cpu')?.setupFunc).toBe(setupFunc);
    restore(); // acts once
    expect(current()).toBe(original);
  });

  it('only touches the named backend', () => {
    const restore = replaceKernel(NAME, 'cpu', kernel('ours'));
    expect(current('wasm')).toBeUndefined();
    restore();
  });

  it('restoring out of order keeps the kernel registered later', () => {
    const first = kernel('first');
    const second = kernel('second');
    const restoreFirst = replaceKernel(NAME, 'cpu', first);
    const restoreSecond = replaceKernel(NAME, 'cpu', second);
    restoreFirst(); // not the registered one any more: nothing happens
    expect(current()).toBe(second);
    restoreSecond(); // puts back `first`, which `second` replaced
    expect(current()).toBe(first);
  });
});

describe('kernelReplacement', () => {
  afterEach(() => {
    if (current() !== undefined) tf.unregisterKernel(NAME, 'cpu');
  });

  it('registers once per backend and unregisters back to the previous kernel', () => {
    const original = kernel('original');
    tf.registerKernel({ kernelName: NAME, backendName: 'cpu', kernelFunc: original });
    const made: string[] = [];
    const r = kernelReplacement(NAME, (backend) => {
      made.push(backend);
      return kernel(`ours on ${backend}`);
    });
    r.register('cpu');
    r.register('cpu'); // idempotent
    expect(made).toEqual(['cpu']);
    expect(current()).not.toBe(original);
    r.unregister('cpu');
    expect(current()).toBe(original);
    r.unregister('cpu'); // nothing registered: no-op
    expect(current()).toBe(original);
    r.register('cpu'); // again after unregister
    expect(made).toEqual(['cpu', 'cpu']);
    r.unregister('cpu');
    expect(current()).toBe(original);
  });
});
