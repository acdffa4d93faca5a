/**
 * No leaks in the compute worker's logic (Node, tfjs CPU backend): repeated analyses and model
 * reloads leave tf.memory().numTensors exactly at its baseline, and the JS heap settles instead
 * of growing with every round. The heap part needs a callable gc (--expose-gc, or V8's flag set
 * at run time); without one it is skipped, the tensor checks always run.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetFromText } from '../../src/core/dataset';
import type { Sidecar } from '../../src/core/types';
import { api } from './api';

const ROOT = join(import.meta.dirname, '../..');
const read = (rel: string) => readFileSync(join(ROOT, rel));
const modelFiles = (name: string) =>
  ['model.json', 'group1-shard1of1.bin', 'tsviz.json'].map(
    (f) => new File([read(`public/models/${name}/${f}`)], f),
  );

/** A callable gc: the global one, else V8's, exposed at run time; null when neither works. */
function findGc(): (() => void) | null {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return g;
  try {
    v8.setFlagsFromString('--expose-gc');
    const fn: unknown = vm.runInNewContext('gc');
    return typeof fn === 'function' ? (fn as () => void) : null;
  } catch {
    return null;
  }
}

const gc = findGc();

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function loadAnomaly(): Promise<void> {
  await api.loadModelFiles(modelFiles('anomaly'));
}

async function samples(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const view = await api.sample(i % 100);
    expect(view.index).toBe(i % 100);
  }
}

describe('compute api leaks (cpu backend)', () => {
  beforeAll(async () => {
    await api.init('cpu', '');
    await loadAnomaly();
    const side = JSON.parse(read('public/models/anomaly/tsviz.json').toString()) as Sidecar;
    const text = read('public/data/anomaly-test.csv').toString();
    await api.setDataset(datasetFromText(text, side.dataset, 'anomaly-test.csv'));
    await api.sample(0); // builds the per-model probe
  });

  it('50 sample() calls leave numTensors at its baseline', async () => {
    const baseline = tf.memory().numTensors;
    expect(baseline).toBeGreaterThan(0); // the model's weights
    await samples(50);
    expect(tf.memory().numTensors).toBe(baseline);
    expect(api.memory().numTensors).toBe(baseline);
  });

  it('10 model reloads (with a sample each) leave numTensors at its baseline', async () => {
    const baseline = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) {
      await loadAnomaly();
      await api.sample(i);
      expect(tf.memory().numTensors).toBe(baseline);
    }
  });

  it('switching to another model and back returns to the same count each time', async () => {
    const mem = () => ({ numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes });
    const anomaly = mem();
    let ecg: ReturnType<typeof mem> | null = null;
    for (let i = 0; i < 3; i++) {
      await api.loadModelFiles(modelFiles('ecg200'));
      ecg ??= mem();
      expect(mem()).toEqual(ecg);
      expect(mem().numBytes).not.toBe(anomaly.numBytes); // the old weights are gone
      await loadAnomaly();
      await api.sample(i);
      expect(mem()).toEqual(anomaly);
    }
  });

  it.skipIf(gc === null)('the heap settles: later rounds do not keep growing it', async () => {
    const round = async () => {
      for (let i = 0; i < 10; i++) {
        await loadAnomaly();
        await samples(2);
      }
    };
    // tfjs-layers keeps the topological sort of the last N executed graphs (an LRU cache,
    // TOPOLOGICAL_SORT_CACHE_MAX_ENTRIES); each model load adds entries that hold its layers
    // (not its weights) until evicted. Fill that bounded cache before measuring.
    const cached = tf.env().getNumber('TOPOLOGICAL_SORT_CACHE_MAX_ENTRIES');
    for (let i = 0; i < cached / 10 + 1; i++) await round();
    const heaps: number[] = [heapAfterGc()];
    for (let r = 0; r < 4; r++) {
      await round();
      heaps.push(heapAfterGc());
    }
    // A leak of each model's weights or of each sample's activations adds 400 kB or more per
    // round (10 models, 20 samples); a settled heap moves by a few tens of kB per round.
    const perRound = (heaps[heaps.length - 1] - heaps[0]) / (heaps.length - 1);
    expect(
      perRound,
      `JS heap + array buffers after gc, by round: ${heaps.join(', ')}`,
    ).toBeLessThan(128 * 1024);
  });
});
