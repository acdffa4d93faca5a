import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../../src/core/errors';
import { describeModel } from './model-info';
import { smokeTest } from './smoke-test';

function tinyModel(T: number | null): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.conv1d({ inputShape: [T, 2], filters: 3, kernelSize: 3, padding: 'same' }));
  m.add(tf.layers.globalMaxPooling1d());
  m.add(tf.layers.dense({ units: 1 }));
  return m;
}

describe('smokeTest', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('passes a healthy model and leaves no tensors behind', async () => {
    const m = tinyModel(20);
    const before = tf.memory().numTensors;
    await smokeTest(m, describeModel(m, 'ok', null, [], []), null);
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });

  it('refuses a model whose output is not finite, naming it', async () => {
    const m = tinyModel(20);
    const dense = m.layers[2];
    const [k, b] = dense.getWeights();
    dense.setWeights([k, tf.fill(b.shape, NaN)]);
    const err = await smokeTest(m, describeModel(m, 'broken', null, [], []), null).catch(
      (e: unknown) => e,
    );
    expect(errorCode(err)).toBe('model-topology');
    expect(String((err as Error).message)).toContain('broken');
    expect(String((err as Error).message)).toContain('non-finite');
    m.dispose();
  });

  it('uses the sidecar window length when the model accepts any length', async () => {
    const m = tinyModel(null);
    const info = describeModel(m, 'free', null, [], []);
    expect(info.inputShape[0]).toBeNull();
    await expect(smokeTest(m, info, 50)).resolves.toBeUndefined();
    m.dispose();
  });
});
