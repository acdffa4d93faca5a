/**
 * The model graph read off real tfjs models (Sequential and functional), including the
 * shipped anomaly demo whose activations are separate LeakyReLU layers.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sourceFromFiles } from './model-files';
import { loadModel } from './model-loader';
import { describeModel } from './model-info';

const ROOT = join(import.meta.dirname, '../..');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('describeModel', () => {
  it('the anomaly demo: each Conv1D is explained through the LeakyReLU after it', async () => {
    const file = (f: string) => new File([readFileSync(join(ROOT, 'public/models/anomaly', f))], f);
    const source = await sourceFromFiles([file('model.json'), file('group1-shard1of1.bin')]);
    const { model, info } = await loadModel(source, null);
    const name = (i: number) => info.layers[i].name;
    expect(info.kind).toBe('sequential');
    expect(info.filterLayers.map((f) => [name(f.conv), name(f.output), f.filters])).toEqual([
      ['conv1', 'lrelu1', 16],
      ['conv2', 'lrelu2', 32],
      ['conv3', 'lrelu3', 64],
    ]);
    expect(info.filterLayers[0].activation).toBe('leakyReLU(0.3)');
    expect(info.layers[0].inbound).toEqual([]); // the model input
    expect(info.layers[1].inbound).toEqual([0]);
    expect(info.outputActivation).toBe('sigmoid');
    model.dispose();
  });

  it('a functional residual model with BatchNormalization, free length', () => {
    const input = tf.input({ shape: [null, 2] as unknown as number[], name: 'x' });
    const c1 = tf.layers.conv1d({ filters: 4, kernelSize: 3, padding: 'same', name: 'c1' });
    const bn = tf.layers.batchNormalization({ name: 'bn' });
    const sc = tf.layers.conv1d({ filters: 4, kernelSize: 1, name: 'short' });
    const add = tf.layers.add({ name: 'add' });
    const relu = tf.layers.reLU({ name: 'relu' });
    const gap = tf.layers.globalAveragePooling1d({ name: 'gap' });
    const dense = tf.layers.dense({ units: 3, activation: 'softmax', name: 'out' });
    const a = bn.apply(c1.apply(input)) as tf.SymbolicTensor;
    const s = sc.apply(input) as tf.SymbolicTensor;
    const r = relu.apply(add.apply([a, s])) as tf.SymbolicTensor;
    const model = tf.model({
      inputs: input,
      outputs: dense.apply(gap.apply(r)) as tf.SymbolicTensor,
    });
    const info = describeModel(model, 'res', null, [], []);
    const idx = (n: string) => info.layers.findIndex((l) => l.name === n);
    expect(info.kind).toBe('functional');
    expect(info.inputShape).toEqual([null, 2]);
    expect(info.layers[idx('c1')].outputShape).toEqual([null, 4]);
    expect(info.layers[idx('add')].inbound.sort()).toEqual([idx('bn'), idx('short')].sort());
    const f = info.filterLayers.find((x) => x.conv === idx('c1'));
    expect(f).toMatchObject({
      output: idx('relu'),
      preActivation: idx('bn'),
      between: [idx('bn')],
    });
    expect(f?.note).toContain('shortcut');
    expect(info.task).toBe('classification');
    expect(info.outputUnits).toBe(3);
    model.dispose();
  });
});
