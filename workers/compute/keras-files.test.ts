/**
 * Keras files without a converter (e2e/fixtures/keras/, written by
 * scripts/fixtures/make_keras_fixtures.py with h5py, no TensorFlow): each Keras 1, 2 and 3
 * layout of the Sequential and the functional model loads through the app's model pipeline and
 * predicts what the same weights give as a tfjs model.json.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TsvizError } from '../../src/core/errors';
import { kerasToTfjs, sourceFromKerasFiles } from './keras-files';
import { sourceFromFiles } from './model-files';
import { loadModel } from './model-loader';

const DIR = join(import.meta.dirname, '../../e2e/fixtures/keras');
const file = (rel: string) => new File([readFileSync(join(DIR, rel))], rel.split('/').pop() ?? rel);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function predict(
  files: File[],
  x: tf.Tensor,
): Promise<{ y: number[]; layers: string[]; filters: number[] }> {
  const { model, info } = await loadModel(await sourceFromFiles(files), null);
  const y = tf.tidy(() => model.predict(x) as tf.Tensor);
  const out = {
    y: Array.from(await y.data()),
    layers: info.layers.map((l) => l.kind),
    filters: info.filterLayers.map((f) => f.filters),
  };
  y.dispose();
  model.dispose();
  return out;
}

async function predictKeras(name: string, x: tf.Tensor) {
  const { model, info } = await loadModel(await sourceFromKerasFiles([file(name)]), null);
  const y = tf.tidy(() => model.predict(x) as tf.Tensor);
  const out = {
    y: Array.from(await y.data()),
    layers: info.layers.map((l) => l.kind),
    filters: info.filterLayers.map((f) => f.filters),
  };
  y.dispose();
  model.dispose();
  return out;
}

describe('Keras files', () => {
  const cases = [
    { model: 'seq', shape: [3, 32, 1] },
    { model: 'fun', shape: [3, 24, 2] },
  ];
  for (const { model, shape } of cases) {
    it(`${model}: Keras 1 and 2 .h5 and Keras 3 .keras predict as the tfjs model.json`, async () => {
      const x = tf.randomNormal(shape, 0, 1, 'float32', 7);
      const want = await predict(
        [file(`${model}-tfjs/model.json`), file(`${model}-tfjs/group1-shard1of1.bin`)],
        x,
      );
      expect(want.filters.length).toBe(2);
      for (const k of [`${model}-keras1.h5`, `${model}-keras2.h5`, `${model}.keras`]) {
        const got = await predictKeras(k, x);
        expect(got.layers, k).toEqual(want.layers);
        expect(got.filters, k).toEqual(want.filters);
        got.y.forEach((v, i) => expect(v, `${k} output ${i}`).toBeCloseTo(want.y[i], 5));
      }
      x.dispose();
    });
  }

  it('translates Keras 1 names and says which version wrote the file', () => {
    const b = readFileSync(join(DIR, 'seq-keras1.h5'));
    const { modelJson, version } = kerasToTfjs(
      b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength),
      'seq-keras1.h5',
    );
    expect(version).toBe('1.2.2');
    const m = JSON.parse(modelJson);
    const layers = m.modelTopology.config.layers;
    expect(layers[0].class_name).toBe('Conv1D');
    expect(layers[0].config).toMatchObject({
      filters: 6,
      kernel_size: [5],
      padding: 'same',
      strides: [1],
    });
    expect(layers[1].config).toMatchObject({ pool_size: [2], strides: [2] });
    expect(m.weightsManifest[0].weights[0]).toEqual({
      name: 'conv1/kernel',
      shape: [5, 1, 6],
      dtype: 'float32',
    });
  });

  it('refuses a weights-only .h5 (save_weights), saying why', async () => {
    await expect(sourceFromKerasFiles([file('weights-only.h5')])).rejects.toThrow(
      /weights-only\.h5 holds weights only \(no model_config\).*model\.save/,
    );
  });

  it('refuses a file that is not HDF5 or a zip, naming it', async () => {
    const f = new File(['not a model'], 'broken.h5');
    await expect(sourceFromKerasFiles([f])).rejects.toThrow(TsvizError);
    await expect(sourceFromKerasFiles([f])).rejects.toThrow(
      /broken\.h5 could not be read as a Keras file/,
    );
  });
});

describe('Keras files of other 1-D shapes', () => {
  it('a Keras 2 .h5 with a [batch, 40] input and Conv2D (k, 1) layers loads as Conv1D filters', async () => {
    const { model, info } = await loadModel(
      await sourceFromKerasFiles([file('k2d-keras2.h5')]),
      null,
    );
    expect(model.inputs[0].shape).toEqual([null, 40, 1]);
    expect(info.filterLayers.map((f) => [info.layers[f.conv].name, f.filters])).toEqual([
      ['k1', 4],
      ['k2', 3],
    ]);
    const y = tf.tidy(() => model.predict(tf.ones([1, 40, 1])) as tf.Tensor);
    const p = await y.data();
    expect(p[0] + p[1]).toBeCloseTo(1, 5);
    y.dispose();
    model.dispose();
  });
});
