/**
 * Removing filters for real (prune-physical.ts) against zeroing them (prune.ts), on the tfjs CPU
 * backend with small seeded models, one per layer pattern: conv -> conv, conv -> activation ->
 * pool -> conv, conv -> BatchNormalization -> ..., conv -> flatten -> dense, Sequential and
 * functional. Tolerance: max |pruned - zeroed| <= 1e-5 · max(1, max |output|) (float32
 * rounding of a folded bias; the outputs here are O(1)). Also: a pruned model saved to
 * artifacts and loaded back gives the same outputs, the parameter count drops by the counted
 * amount, and the input model is unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../../src/core/errors';
import { conv1dParams } from '../../src/core/pruning-math';
import { Rng } from '../../src/core/random';
import { describeModel } from './model-info';
import { zeroFilters } from './prune';
import { channelPath, removeFilters } from './prune-physical';
import { copyModel, modelArtifacts } from './train';

const T = 12;
const C = 2;

function seedWeights(model: tf.LayersModel, seed: number): tf.LayersModel {
  const rng = new Rng(seed);
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      const kind = w.originalName.split('/').pop() ?? '';
      const size = w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
      const fanIn = w.shape.slice(0, -1).reduce((a: number, b) => a * (b ?? 1), 1);
      const gen = () => {
        if (kind === 'kernel') return rng.normal(0, 1.2 / Math.sqrt(fanIn));
        if (kind === 'moving_variance') return rng.uniform(0.5, 1.5);
        if (kind === 'gamma') return rng.normal(1, 0.3);
        return rng.normal(0, 0.3); // biases, beta, moving_mean: non-zero constants to fold
      };
      return tf.tensor(Array.from({ length: size }, gen), w.shape as number[]);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
  return model;
}

interface Case {
  name: string;
  make: () => tf.LayersModel;
  /** conv layer name -> filters to remove */
  remove: Record<string, number[]>;
}

const conv = (name: string, filters: number, o: Record<string, unknown> = {}) =>
  tf.layers.conv1d({ name, filters, kernelSize: 3, ...o });

const cases: Case[] = [
  {
    name: 'Sequential: conv -> conv (same then valid) -> flatten -> dense',
    make: () =>
      tf.sequential({
        layers: [
          conv('c1', 5, { inputShape: [T, C], activation: 'relu', padding: 'same' }),
          conv('c2', 4, { activation: 'tanh' }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 2, activation: 'softmax' }),
        ],
      }),
    remove: { c1: [0, 3], c2: [1] },
  },
  {
    name: 'Sequential: conv -> leaky relu -> max-pool -> conv -> leaky relu -> flatten -> dense (the anomaly model)',
    make: () =>
      tf.sequential({
        layers: [
          conv('c1', 6, { inputShape: [T, C] }),
          tf.layers.leakyReLU({ alpha: 0.3 }),
          tf.layers.maxPooling1d({ poolSize: 2 }),
          conv('c2', 4),
          tf.layers.leakyReLU({ alpha: 0.3 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 1 }),
          tf.layers.activation({ activation: 'sigmoid' }),
        ],
      }),
    remove: { c1: [1, 2, 5], c2: [0, 2] },
  },
  {
    name: 'Sequential: conv -> BatchNormalization -> sigmoid -> avg-pool -> conv (valid) -> global pool -> dense',
    make: () =>
      tf.sequential({
        layers: [
          conv('c1', 5, { inputShape: [T, C], padding: 'same' }),
          tf.layers.batchNormalization({ name: 'bn1' }),
          tf.layers.activation({ activation: 'sigmoid' }), // sigmoid(const) != 0: a real fold
          tf.layers.averagePooling1d({ poolSize: 2 }),
          conv('c2', 3, { activation: 'relu' }),
          tf.layers.globalAveragePooling1d(),
          tf.layers.dense({ units: 1 }),
        ],
      }),
    remove: { c1: [2, 4], c2: [1] },
  },
  {
    name: 'Sequential: conv -> BatchNormalization -> elu -> flatten -> dense without bias',
    make: () =>
      tf.sequential({
        layers: [
          conv('c1', 4, { inputShape: [T, C] }),
          tf.layers.batchNormalization({ name: 'bn1' }),
          tf.layers.elu(),
          tf.layers.flatten(),
          tf.layers.dense({ units: 2, useBias: false }),
        ],
      }),
    remove: { c1: [0, 1] },
  },
  {
    name: 'functional: conv -> two branches (conv -> flatten, conv -> global max-pool) -> concatenate -> dense',
    make: () => {
      const input = tf.input({ shape: [T, C] });
      const a = conv('c1', 6, { padding: 'same' }).apply(input) as tf.SymbolicTensor;
      const act = tf.layers.leakyReLU({ alpha: 0.2 }).apply(a) as tf.SymbolicTensor;
      const p = tf.layers.maxPooling1d({ poolSize: 2 }).apply(act) as tf.SymbolicTensor;
      const b1 = conv('c2a', 3, { activation: 'relu' }).apply(p) as tf.SymbolicTensor;
      const b2 = conv('c2b', 2, { activation: 'tanh' }).apply(p) as tf.SymbolicTensor;
      const f1 = tf.layers.flatten().apply(b1) as tf.SymbolicTensor;
      const g2 = tf.layers.globalMaxPooling1d({}).apply(b2) as tf.SymbolicTensor;
      const cat = tf.layers.concatenate().apply([f1, g2]) as tf.SymbolicTensor;
      const out = tf.layers
        .dense({ units: 1, activation: 'sigmoid' })
        .apply(cat) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: out });
    },
    remove: { c1: [0, 2, 5] },
  },
];

const x = (() => {
  const rng = new Rng(5);
  return tf.tensor3d(
    Array.from({ length: 8 * T * C }, () => rng.normal(0, 1)),
    [8, T, C],
  );
})();

function predict(model: tf.LayersModel): Float32Array {
  return tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

const snapshot = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('removing filters equals zeroing them', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const model = seedWeights(c.make(), 3);
      const info = describeModel(model, 'm', 'classification', [], []);
      const index = (name: string) => model.layers.findIndex((l) => l.name === name);
      const removed = new Map(Object.entries(c.remove).map(([n, f]) => [index(n), f]));
      const before = snapshot(model);
      const tensors = tf.memory().numTensors;

      const zeroed = await copyModel(await modelArtifacts(model));
      for (const [conv, filters] of removed) zeroFilters(zeroed, conv, filters);
      const { model: pruned, notes } = await removeFilters(model, info, removed);
      const want = predict(zeroed);
      const got = predict(pruned);
      const scale = Math.max(1, ...Array.from(want, Math.abs));
      expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(1e-5 * scale);
      // zeroing really changed the model (the test can fail)
      expect(maxAbsDiff(predict(model), want)).toBeGreaterThan(1e-4);
      expect(notes.filter((n) => !n.includes('pads its input'))).toEqual([]);

      // fewer filters, fewer parameters
      for (const [conv, filters] of removed) {
        const F = info.layers[conv].filters!;
        expect(pruned.layers[conv].getConfig().filters).toBe(F - filters.length);
      }
      expect(pruned.countParams()).toBeLessThan(model.countParams());

      // saved and loaded back (tfjs' own loader), the same outputs
      const artifacts = await modelArtifacts(pruned);
      const back = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
      expect(maxAbsDiff(predict(back), got)).toBeLessThanOrEqual(1e-6 * scale);

      // the input model is untouched
      expect(snapshot(model)).toEqual(before);
      zeroed.dispose();
      pruned.dispose();
      back.dispose();
      expect(tf.memory().numTensors).toBe(tensors);
      model.dispose();
    });
  }
});

describe('physical pruning: counts and refusals', () => {
  it('counts the parameters of conv -> conv exactly', async () => {
    const model = seedWeights(cases[0].make(), 4);
    const info = describeModel(model, 'm', 'classification', [], []);
    const { model: pruned } = await removeFilters(model, info, new Map([[0, [0, 3]]]));
    // c1: 3 x 2 x 5 (+5) -> 3 x 2 x 3 (+3); c2: 3 x 5 x 4 (+4) -> 3 x 3 x 4 (+4)
    const drop =
      conv1dParams(3, C, 5, true) -
      conv1dParams(3, C, 3, true) +
      conv1dParams(3, 5, 4, true) -
      conv1dParams(3, 3, 4, true);
    expect(model.countParams() - pruned.countParams()).toBe(drop);
    pruned.dispose();
    model.dispose();
  });

  it('refuses a conv whose channels merge (Concatenate), and removing every filter', async () => {
    const model = seedWeights(cases[4].make(), 5);
    const info = describeModel(model, 'm', 'classification', [], []);
    const c2a = model.layers.findIndex((l) => l.name === 'c2a');
    expect(() => channelPath(info, c2a)).toThrow(/Concatenate/);
    await expect(removeFilters(model, info, new Map([[c2a, [0]]]))).rejects.toSatisfy(
      (e) => errorCode(e) === 'model-graph' && /cannot be removed for real/.test(String(e)),
    );
    const c1 = model.layers.findIndex((l) => l.name === 'c1');
    await expect(removeFilters(model, info, new Map([[c1, [0, 1, 2, 3, 4, 5]]]))).rejects.toSatisfy(
      (e) => errorCode(e) === 'model-graph' && /would leave none/.test(String(e)),
    );
    model.dispose();
  });
});
