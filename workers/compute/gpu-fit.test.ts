/**
 * A model too large for the GPU is refused with `model-too-large` before anything is read or
 * allocated, from the device's per-buffer limits (tiny limits injected here; in the browser they
 * come from the WebGPU device). Node, tfjs CPU backend.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorCode, TsvizError } from '../../src/core/errors';
import {
  asTooLarge,
  checkActivationsFitGpu,
  checkWeightsFitGpu,
  gpuBytes,
  type GpuLimits,
} from './gpu-fit';
import { sourceFromFiles } from './model-files';
import { loadModel } from './model-loader';

const ROOT = join(import.meta.dirname, '../..');
const anomalyFiles = () =>
  ['model.json', 'group1-shard1of1.bin'].map(
    (f) => new File([readFileSync(join(ROOT, 'public/models/anomaly', f))], f),
  );
const limits = (maxBufferSize: number, maxStorageBufferBindingSize = maxBufferSize): GpuLimits => ({
  maxBufferSize,
  maxStorageBufferBindingSize,
});
const caught = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
};

describe('gpu fit (pure)', () => {
  const weights = [
    { name: 'small', shape: [4, 4] },
    { name: 'big', shape: [1000, 10] },
    { name: 'bigger', shape: [2000, 10] },
  ];

  it('counts 4 bytes per element', () => {
    expect(gpuBytes([3, 32, 64])).toBe(24_576);
    expect(gpuBytes([])).toBe(4);
  });

  it('accepts everything without limits (not on WebGPU) and what fits', () => {
    expect(() => checkWeightsFitGpu(weights, null, 'model.json')).not.toThrow();
    expect(() => checkWeightsFitGpu(weights, limits(80_000), 'model.json')).not.toThrow();
  });

  it('names the largest weight over the smaller of the two limits, and the fix', () => {
    // the buffer limit would take it; the binding limit (what a shader can read) does not
    const e = caught(() => checkWeightsFitGpu(weights, limits(1e9, 50_000), 'm.json'));
    expect(errorCode(e)).toBe('model-too-large');
    const err = e as TsvizError;
    expect(err.problem).toContain("'bigger'");
    expect(err.problem).toContain('m.json');
    expect(err.problem).toMatch(/0\.076 MiB .* \(0\.048 MiB\)/);
    expect(err.fix).toMatch(/WASM/);
  });

  it('refuses a one-sample layer output over the limit', () => {
    const layers = [
      { name: 'conv1', outputShape: [50, 16] },
      { name: 'huge', outputShape: [100_000, 64] },
    ];
    const e = caught(() => checkActivationsFitGpu(layers, limits(2 ** 20), 'm.json'));
    expect(errorCode(e)).toBe('model-too-large');
    expect((e as TsvizError).problem).toContain("layer 'huge' for one sample");
    expect(() => checkActivationsFitGpu(layers.slice(0, 1), limits(2 ** 20), 'x')).not.toThrow();
  });

  it('turns out-of-memory failures into model-too-large, and nothing else', () => {
    for (const msg of ['Array buffer allocation failed', 'Invalid typed array length: 9e9']) {
      expect(asTooLarge(new RangeError(msg), 'm.json')?.code).toBe('model-too-large');
    }
    expect(asTooLarge(new Error('WebGPU: out of memory'), 'm.json')?.code).toBe('model-too-large');
    expect(asTooLarge(new RangeError('Maximum call stack size exceeded'), 'm.json')).toBeNull();
    expect(asTooLarge(new Error('Unknown layer: Foo'), 'm.json')).toBeNull();
  });

  it('a real allocation failure is recognised', () => {
    const e = caught(() => new Uint8Array(2 ** 53));
    expect(asTooLarge(e, 'm.json')?.code).toBe('model-too-large');
  });
});

describe('loadModel with device limits (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('refuses the anomaly demo under a 16 KiB limit before reading a shard', async () => {
    const before = tf.memory().numTensors;
    const source = await sourceFromFiles(anomalyFiles());
    const guarded = {
      ...source,
      shard: () => {
        throw new Error('a shard was read');
      },
    };
    const err = await loadModel(guarded, null, limits(16 * 1024)).catch((e: unknown) => e);
    expect(errorCode(err)).toBe('model-too-large');
    expect((err as Error).message).toContain("'conv3/kernel'"); // 3 x 32 x 64 floats, 24 KiB
    expect(tf.memory().numTensors).toBe(before);
  });

  it('loads it under a limit it fits, and with no limit', async () => {
    for (const l of [limits(32 * 1024), null]) {
      const loaded = await loadModel(await sourceFromFiles(anomalyFiles()), null, l);
      expect(loaded.info.layers.some((x) => x.name === 'conv3')).toBe(true);
      loaded.model.dispose();
    }
  });

  it('refuses, and frees, a model whose weights fit but whose layer output does not', async () => {
    // 4000 steps x 8 filters = 128 000 bytes per sample; the largest weight is 96 bytes
    const net = tf.sequential({
      layers: [
        tf.layers.conv1d({ inputShape: [4000, 1], filters: 8, kernelSize: 3, padding: 'same' }),
        tf.layers.globalAveragePooling1d({}),
        tf.layers.dense({ units: 1 }),
      ],
    });
    const files = await asFiles(net);
    net.dispose();
    const before = tf.memory().numTensors;
    const err = await loadModel(await sourceFromFiles(files), null, limits(64 * 1024)).catch(
      (e: unknown) => e,
    );
    expect(errorCode(err)).toBe('model-too-large');
    expect((err as Error).message).toMatch(/output of layer '.+' for one sample/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** model.json and one shard, as tensorflowjs_converter would write them. */
async function asFiles(model: tf.LayersModel): Promise<File[]> {
  let files: File[] = [];
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const json = {
        format: 'layers-model',
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs }],
      };
      files = [
        new File([JSON.stringify(json)], 'model.json'),
        new File([a.weightData as ArrayBuffer], 'group1-shard1of1.bin'),
      ];
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return files;
}
