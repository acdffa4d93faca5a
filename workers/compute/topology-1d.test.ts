/**
 * More 1-D model shapes (src/core/topology-1d.ts) on real tfjs models: a univariate [batch, T]
 * input with a Reshape, and Conv2D (k, 1) stacks over [T, 1, C] with BatchNormalization,
 * Dropout and MaxPooling2D (k, 1) between, load as Conv1D models whose filters are explained,
 * and predict exactly what the original model predicts.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelSource } from './model-files';
import { loadModel } from './model-loader';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The model saved to memory, as a ModelSource of one model.json and one shard. */
async function sourceOf(model: tf.LayersModel): Promise<ModelSource> {
  let art: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      art = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const a = art as unknown as tf.io.ModelArtifacts;
  const data = a.weightData as ArrayBuffer;
  const modelJson = JSON.stringify({
    format: 'layers-model',
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs }],
  });
  return {
    name: model.name,
    modelJson,
    modelJsonName: 'model.json',
    shard: (p) => (p === 'w.bin' ? Promise.resolve(data) : null),
    shardSizes: async (paths) => new Map(paths.map((p) => [p, data.byteLength])),
    sidecar: null,
  };
}

async function same(original: tf.LayersModel, T: number, C = 1) {
  const { model, info } = await loadModel(await sourceOf(original), null);
  expect(model.inputs[0].shape).toEqual([null, T, C]);
  const x = tf.randomNormal([4, T, C], 0, 1, 'float32', 3);
  const want = tf.tidy(
    () => original.predict(x.reshape(original.inputs[0].shape.map((d) => d ?? 4))) as tf.Tensor,
  );
  const got = tf.tidy(() => model.predict(x) as tf.Tensor);
  const [w, g] = [await want.data(), await got.data()];
  g.forEach((v, i) => expect(v).toBeCloseTo(w[i], 5));
  tf.dispose([x, want, got]);
  model.dispose();
  return info;
}

describe('1-D readings of other model shapes', () => {
  it('a [batch, T] input reshaped to [T, 1], then Conv1D', async () => {
    const m = tf.sequential({ name: 'uni' });
    m.add(tf.layers.reshape({ targetShape: [40, 1], inputShape: [40], name: 'to3d' }));
    m.add(tf.layers.conv1d({ filters: 5, kernelSize: 3, activation: 'relu', name: 'c1' }));
    m.add(tf.layers.globalAveragePooling1d({ name: 'gap' }));
    m.add(tf.layers.dense({ units: 3, activation: 'softmax', name: 'out' }));
    const info = await same(m, 40);
    expect(info.layers.map((l) => l.name)).not.toContain('to3d');
    expect(info.filterLayers.map((f) => f.filters)).toEqual([5]);
    expect(info.warnings.join(' ')).toMatch(/\[batch, 40\] input is read as \[batch, 40, 1\]/);
  });

  it('Conv2D (k, 1) over [T, 1, C] with BatchNormalization, Dropout and MaxPooling2D (k, 1)', async () => {
    const input = tf.input({ shape: [48], name: 'signal' });
    let h = tf.layers
      .reshape({ targetShape: [48, 1, 1], name: 'to4d' })
      .apply(input) as tf.SymbolicTensor;
    h = tf.layers
      .conv2d({ filters: 6, kernelSize: [5, 1], padding: 'same', name: 'k1' })
      .apply(h) as tf.SymbolicTensor;
    h = tf.layers.batchNormalization({ name: 'bn1' }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.activation({ activation: 'relu', name: 'r1' }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.dropout({ rate: 0.2, name: 'drop' }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.maxPooling2d({ poolSize: [2, 1], name: 'pool' }).apply(h) as tf.SymbolicTensor;
    h = tf.layers
      .conv2d({ filters: 4, kernelSize: [3, 1], strides: [2, 1], activation: 'relu', name: 'k2' })
      .apply(h) as tf.SymbolicTensor;
    h = tf.layers.flatten({ name: 'flat' }).apply(h) as tf.SymbolicTensor;
    const out = tf.layers
      .dense({ units: 1, activation: 'sigmoid', name: 'out' })
      .apply(h) as tf.SymbolicTensor;
    const m = tf.model({ inputs: input, outputs: out, name: 'audio' });
    // BatchNormalization with non-trivial statistics
    const bn = m.getLayer('bn1');
    bn.setWeights(
      bn
        .getWeights()
        .map((w, i) => tf.randomUniform(w.shape, i === 3 ? 0.5 : -0.5, 1.5, 'float32', i)),
    );
    const info = await same(m, 48);
    const kinds = Object.fromEntries(info.layers.map((l) => [l.name, l.className]));
    expect(kinds).toMatchObject({
      k1: 'Conv1D',
      k2: 'Conv1D',
      pool: 'MaxPooling1D',
      bn1: 'BatchNormalization',
    });
    expect(
      info.filterLayers.map((f) => [info.layers[f.conv].name, info.layers[f.output].name]),
    ).toEqual([
      ['k1', 'r1'],
      ['k2', 'k2'],
    ]);
    expect(info.warnings.join(' ')).toMatch(
      /explained as Conv1D over time: 'k1' \(5, 1\), 'k2' \(3, 1\)/,
    );
  });

  it('a kernel wider than 1 is not read as 1-D, and the note says which layer and why', async () => {
    const m = tf.sequential({ name: 'img' });
    m.add(
      tf.layers.conv2d({
        filters: 2,
        kernelSize: [3, 3],
        inputShape: [16, 1, 2],
        padding: 'same',
        name: 'sq',
      }),
    );
    m.add(tf.layers.flatten({ name: 'flat' }));
    m.add(tf.layers.dense({ units: 1, name: 'out' }));
    await expect(loadModel(await sourceOf(m), null)).rejects.toThrow(
      /shape \[batch, 16, 1, 2\].*Layer 'sq' \(Conv2D\) cannot be read as a 1-D layer over time: its kernel is \(3, 3\)/,
    );
  });
});
