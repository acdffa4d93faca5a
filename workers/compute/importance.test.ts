/**
 * The Importance view's worker side (importance.ts, filter-saliency.ts, api-importance.ts) on
 * the tfjs CPU backend: filter importance and per-filter input saliency against central finite
 * differences on small seeded models, a one-filter model worked by hand, Integrated Gradients
 * completeness, SmoothGrad with no noise, the dataset job against per-sample results, cancel,
 * and the real anomaly demo through the API.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetFromText } from '../../src/core/dataset';
import { installErrorTransfer } from '../../src/core/error-transfer';
import { errorCode } from '../../src/core/errors';
import { integratedGradients, integrationPath } from '../../src/core/importance-math';
import type { ModelInfo } from '../../src/core/model-graph';
import { Rng } from '../../src/core/random';
import type { Dataset, Sidecar } from '../../src/core/types';
import { api } from './api';
import { cachedDatasetImportance } from './api-importance';
import { filterSaliencyTensor } from './filter-saliency';
import { gradients } from './gradients';
import { runModel } from './graph-exec';
import { datasetImportance, filterLayerIndices, sampleImportance } from './importance';
import { job } from './job';
import { started } from './session';
import { describeModel } from './model-info';

const T = 12;
const C = 2;

function seedWeights(model: tf.LayersModel, seed: number): tf.LayersModel {
  const rng = new Rng(seed);
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      const kind = w.originalName.split('/').pop() ?? '';
      const size = w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
      const fanIn = w.shape.slice(0, -1).reduce((a: number, b) => a * (b ?? 1), 1);
      const gen = () =>
        kind === 'kernel' ? rng.normal(0, 1.2 / Math.sqrt(fanIn)) : rng.normal(0, 0.1);
      return tf.tensor(Array.from({ length: size }, gen), w.shape as number[]);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
  return model;
}

const randomInput = (n: number, seed: number) => {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * T * C }, () => rng.normal(0, 1));
};

interface Case {
  name: string;
  task: 'classification' | 'regression';
  make: () => tf.LayersModel;
  /** The target value of each row of the model output [n, units]. */
  value: (out: Float32Array, units: number, row: number) => number;
}

const cases: Case[] = [
  {
    name: 'conv relu, max-pool, conv leaky relu, dense sigmoid',
    task: 'classification',
    make: () =>
      seedWeights(
        tf.sequential({
          layers: [
            tf.layers.conv1d({ inputShape: [T, C], filters: 4, kernelSize: 3, activation: 'relu' }),
            tf.layers.maxPooling1d({ poolSize: 2 }),
            tf.layers.conv1d({ filters: 3, kernelSize: 3 }),
            tf.layers.leakyReLU({ alpha: 0.3 }),
            tf.layers.flatten(),
            tf.layers.dense({ units: 1, activation: 'sigmoid' }),
          ],
        }),
        11,
      ),
    value: (out, _u, r) => out[r], // predicted class 1 or 0: |d(1 - p)| = |dp|
  },
  {
    name: 'conv tanh, average pool, conv leaky relu, dense softmax',
    task: 'classification',
    make: () =>
      seedWeights(
        tf.sequential({
          layers: [
            tf.layers.conv1d({ inputShape: [T, C], filters: 4, kernelSize: 3, activation: 'tanh' }),
            tf.layers.averagePooling1d({ poolSize: 2 }),
            tf.layers.conv1d({ filters: 5, kernelSize: 2 }),
            tf.layers.leakyReLU({ alpha: 0.2 }),
            tf.layers.flatten(),
            tf.layers.dense({ units: 3, activation: 'softmax' }),
          ],
        }),
        12,
      ),
    value: () => NaN, // set per sample below (the predicted class)
  },
  {
    name: 'regression: conv relu, max-pool, conv tanh, dense linear',
    task: 'regression',
    make: () =>
      seedWeights(
        tf.sequential({
          layers: [
            tf.layers.conv1d({ inputShape: [T, C], filters: 4, kernelSize: 3, activation: 'relu' }),
            tf.layers.maxPooling1d({ poolSize: 2 }),
            tf.layers.conv1d({ filters: 3, kernelSize: 2, activation: 'tanh' }),
            tf.layers.flatten(),
            tf.layers.dense({ units: 1 }),
          ],
        }),
        13,
      ),
    value: (out, _u, r) => out[r],
  },
];

const infoOf = (model: tf.LayersModel, task: Case['task']): ModelInfo =>
  describeModel(model, 'test', task, [], []);

/** The model output [n, units] with `delta` [n, ...layer shape] added to layer `layer`'s output. */
function outputWithDelta(model: tf.LayersModel, x: tf.Tensor3D, layer: number, delta: tf.Tensor) {
  return tf.tidy(() => {
    const walk = runModel(model, x, { tap: (i, a) => (i === layer ? a.add(delta) : a) });
    return walk.output.reshape([x.shape[0], -1]).dataSync() as Float32Array;
  });
}

function layerShape(model: tf.LayersModel, x: tf.Tensor3D, layer: number): number[] {
  return tf.tidy(
    () => (runModel(model, x, { extra: [layer] }).outputsOf(layer) as tf.Tensor[])[0].shape,
  );
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  started(); // jobs wait for the first backend start (api.init does it in the demo tests)
});

describe('filter importance and per-filter saliency against central finite differences', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const model = c.make();
      const info = infoOf(model, c.task);
      // Seeded so that no ReLU pre-activation lies within h of its kink (FD would straddle it).
      const x = randomInput(1, 22);
      const before = tf.memory().numTensors;
      const r = await sampleImportance(model, info, x, [T, C], {}, { prefer: 'cpu' });
      expect(tf.memory().numTensors).toBe(before);
      const xt = tf.tensor3d(x, [1, T, C]);
      const zero = tf.scalar(0);
      const out0 = outputWithDelta(model, xt, 0, zero);
      zero.dispose();
      const units = out0.length;
      const cls = units > 1 ? out0.indexOf(Math.max(...out0)) : 0;
      const value = (out: Float32Array, row: number) =>
        units > 1 ? out[row * units + cls] : c.value(out, units, row);
      expect(r.target.value).toBeCloseTo(
        units > 1 ? out0[cls] : c.task === 'regression' || out0[0] >= 0.5 ? out0[0] : 1 - out0[0],
        5,
      );
      const h = 1e-2;
      for (const [k, l] of r.layers.entries()) {
        const [, P, F] = layerShape(model, xt, l.layer);
        expect([l.steps, l.filters]).toEqual([P, F]);
        // One copy per (position, filter, ±h).
        const n = 2 * P * F;
        const delta = tf.tidy(() => {
          const d = new Float32Array(n * P * F);
          for (let i = 0; i < P * F; i++) {
            d[2 * i * P * F + i] = h;
            d[(2 * i + 1) * P * F + i] = -h;
          }
          return tf.tensor3d(d, [n, P, F]);
        });
        const xs = tf.tile(xt, [n, 1, 1]) as tf.Tensor3D;
        const out = outputWithDelta(model, xs, l.layer, delta);
        tf.dispose([delta, xs]);
        const fd = new Float64Array(F);
        for (let i = 0; i < P * F; i++)
          fd[i % F] += Math.abs((value(out, 2 * i) - value(out, 2 * i + 1)) / (2 * h));
        for (let f = 0; f < F; f++)
          expect(Math.abs(l.importance[f] - fd[f])).toBeLessThan(2e-3 + 1e-2 * fd[f]);
        void k;
      }
      // Per-filter input saliency of every filter layer against FD of Σ_t a_j.
      for (const fl of info.filterLayers) {
        const sal = await sampleImportance(
          model,
          info,
          x,
          [T, C],
          { filterSaliencyLayer: fl.conv },
          { prefer: 'cpu' },
        );
        const F = fl.filters;
        expect(sal.filterSaliency?.filters).toBe(F);
        expect(sal.filterSaliency?.conv).toBe(fl.conv);
        const values = sal.filterSaliency?.values as Float32Array;
        expect(values.length).toBe(F * T * C);
        const hx = 1e-3; // small: relu kinks must not fall between x - h and x + h
        const n = 2 * T * C;
        const xsData = new Float32Array(n * T * C);
        for (let i = 0; i < T * C; i++) {
          xsData.set(x, 2 * i * T * C);
          xsData.set(x, (2 * i + 1) * T * C);
          xsData[2 * i * T * C + i] += hx;
          xsData[(2 * i + 1) * T * C + i] -= hx;
        }
        const sums = tf.tidy(() => {
          const xs = tf.tensor3d(xsData, [n, T, C]);
          const a = (
            runModel(model, xs, { extra: [fl.output] }).outputsOf(fl.output) as tf.Tensor[]
          )[0];
          return a.sum(1).dataSync() as Float32Array; // [n, F]
        });
        for (let j = 0; j < F; j++)
          for (let i = 0; i < T * C; i++) {
            const fdv = Math.abs((sums[2 * i * F + j] - sums[(2 * i + 1) * F + j]) / (2 * hx));
            expect(Math.abs(values[j * T * C + i] - fdv)).toBeLessThan(3e-3 + 1e-2 * fdv);
          }
      }
      xt.dispose();
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });
  }
});

describe('per-filter saliency on a one-filter model worked by hand', () => {
  it('Conv1D(1 filter, kernel 2, no bias, linear) on [3, 1]: |[w0, w0 + w1, w1]|', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv1d({ inputShape: [3, 1], filters: 1, kernelSize: 2, useBias: false }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 1 }),
      ],
    });
    const k = tf.tensor3d([2, -3], [2, 1, 1]);
    model.layers[0].setWeights([k]);
    k.dispose();
    const info = infoOf(model, 'regression');
    // a_0 = 2 x0 - 3 x1, a_1 = 2 x1 - 3 x2; Σ_t a = 2 x0 - x1 - 3 x2.
    const r = await sampleImportance(model, info, Float32Array.of(0.3, -1, 4), [3, 1], {
      filterSaliencyLayer: 0,
    });
    expect(Array.from(r.filterSaliency?.values ?? [])).toEqual([2, 1, 3]);
    const xt = tf.tensor3d([0.3, -1, 4], [1, 3, 1]);
    const signed = filterSaliencyTensor(model, xt, 0, 1);
    expect(Array.from(signed.dataSync())).toEqual([2, -1, -3]);
    tf.dispose([xt, signed]);
    expect(r.layers[0].activation.length).toBe(2);
    expect(r.layers[0].activation[0]).toBeCloseTo(2 * 0.3 - 3 * -1, 5);
    model.dispose();
  });
});

describe('attributions', () => {
  it('Integrated Gradients: Σ signed IG = f(x) - f(baseline) within 1e-3 + 1% at 64 steps', async () => {
    for (const c of cases) {
      const model = c.make();
      const info = infoOf(model, c.task);
      const x = randomInput(1, 31);
      const steps = 64;
      const baseline = new Float32Array(T * C);
      const r = await sampleImportance(
        model,
        info,
        x,
        [T, C],
        { attributions: [{ method: 'integrated-gradients', settings: { steps } }] },
        { prefer: 'cpu' },
      );
      const target = r.target.spec;
      const path = integrationPath(x, baseline, steps);
      const g = await gradients(model, path, [steps, T, C], { target, layers: [], input: true });
      const ig = integratedGradients(x, baseline, g.input as Float32Array, steps);
      expect(Array.from(r.attributions[1].values)).toEqual(Array.from(ig, Math.abs));
      expect(r.attributions[1].settings).toEqual({ baseline: 'zeros', steps: 64 });
      const ends = await gradients(model, Float32Array.from([...x, ...baseline]), [2, T, C], {
        target,
        layers: [],
        input: false,
      });
      const delta = ends.target[0] - ends.target[1];
      const sum = ig.reduce((a, b) => a + b, 0);
      // Stated tolerance: 1e-3 + 1% of |f(x) - f(baseline)| (the midpoint rule's error at
      // ReLU kinks along the path; float32 gradients).
      expect(Math.abs(sum - delta)).toBeLessThan(1e-3 + 1e-2 * Math.abs(delta));
      model.dispose();
    }
  });

  it('SmoothGrad with noise 0 equals |gradient|; with noise it is seeded', async () => {
    const model = cases[1].make();
    const info = infoOf(model, 'classification');
    const x = randomInput(1, 41);
    const r = await sampleImportance(model, info, x, [T, C], {
      attributions: [
        { method: 'smoothgrad', settings: { noise: 0, samples: 8 } },
        { method: 'smoothgrad', settings: { noise: 0.2, samples: 8, seed: 3 } },
        { method: 'smoothgrad', settings: { noise: 0.2, samples: 8, seed: 3 } },
      ],
    });
    expect(r.attributions.map((a) => a.method)).toEqual([
      'gradient',
      'smoothgrad',
      'smoothgrad',
      'smoothgrad',
    ]);
    const raw = r.attributions[0].values;
    r.attributions[1].values.forEach((v, i) =>
      expect(Math.abs(v - raw[i])).toBeLessThanOrEqual(1e-6 * Math.abs(raw[i]) + 1e-12),
    );
    expect(r.attributions[2].values).toEqual(r.attributions[3].values);
    expect(r.attributions[2].values).not.toEqual(raw);
    model.dispose();
  });

  it('saturation: a probability within 1e-3 of 1 says so; temperature unsaturates it', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv1d({ inputShape: [T, C], filters: 2, kernelSize: 3, activation: 'relu' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    seedWeights(model, 5);
    const [k, b] = model.layers[2].getWeights(); // the variables' own tensors: not disposed
    const big = tf.fill(b.shape, 20);
    model.layers[2].setWeights([k, big]);
    big.dispose();
    const info = infoOf(model, 'classification');
    const x = randomInput(1, 9);
    const r = await sampleImportance(model, info, x, [T, C], {});
    expect(r.saturated).toBe(true);
    const t = await sampleImportance(model, info, x, [T, C], {
      target: { kind: 'probability', classIndex: 1, temperature: 10 },
    });
    expect(t.saturated).toBe(false);
    expect(t.target.label).toBe('probability of class 1 (temperature 10)');
    model.dispose();
  });
});

/** A labelled dataset of n random rows for a small model. */
function smallDataset(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  return {
    x: randomInput(n, seed),
    shape: [n, T, C],
    y: Float32Array.from({ length: n }, () => rng.int(0, 3)),
    task: 'classification',
    channelNames: ['a', 'b'],
    classNames: ['x', 'y', 'z'],
    standardization: null,
    source: 'test',
  };
}

describe('dataset importance job', () => {
  it('min ≤ mean ≤ max, equal to per-sample results; loss impact with labels', async () => {
    for (const c of cases) {
      const model = c.make();
      const info = infoOf(model, c.task);
      const n = 70; // two batches
      const ds = smallDataset(n, 51);
      if (c.task === 'regression' || info.outputUnits === 1)
        ds.y = (ds.y as Float32Array).map((v) => (v > 0 ? 1 : 0));
      const before = tf.memory().numTensors;
      const r = await job('importance-test', undefined, undefined, (ctx) =>
        datasetImportance(model, info, ds, ctx, 'activation', null, 'cpu'),
      );
      expect(tf.memory().numTensors).toBe(before);
      expect(r.rows).toBe(n);
      expect(r.neverShare).toBe(0.01);
      const per = [];
      for (let i = 0; i < n; i++) {
        const s = await sampleImportance(
          model,
          info,
          ds.x.slice(i * T * C, (i + 1) * T * C),
          [T, C],
          {},
          { prefer: 'cpu', label: (ds.y as Float32Array)[i] },
        );
        expect(s.layers.every((l) => l.lossImpact !== null)).toBe(true);
        per.push(s);
      }
      for (const [k, l] of r.layers.entries()) {
        expect(l.layer).toBe(filterLayerIndices(info, 'activation')[k]);
        for (let f = 0; f < l.filters; f++) {
          const v = per.map((s) => s.layers[k].importance[f]);
          const mean = v.reduce((a, b) => a + b, 0) / n;
          expect(l.min[f]).toBeLessThanOrEqual(l.mean[f]);
          expect(l.mean[f]).toBeLessThanOrEqual(l.max[f]);
          expect(l.min[f]).toBeCloseTo(Math.min(...v), 5);
          expect(l.max[f]).toBeCloseTo(Math.max(...v), 5);
          expect(l.mean[f]).toBeCloseTo(mean, 5);
        }
        expect(l.neverMatter).toBeGreaterThanOrEqual(0);
        expect(l.neverMatter).toBeLessThanOrEqual(l.filters);
      }
      model.dispose();
    }
  });
});

// ---- the real anomaly demo, through the compute worker's API ----

const ROOT = join(import.meta.dirname, '../..');
const read = (rel: string) => readFileSync(join(ROOT, rel));

describe('the anomaly demo through the API', () => {
  let anomaly: Dataset;
  beforeAll(async () => {
    installErrorTransfer();
    await api.init('cpu', '');
    await api.loadModelFiles(
      ['model.json', 'group1-shard1of1.bin', 'tsviz.json'].map(
        (f) => new File([read(`public/models/anomaly/${f}`)], f),
      ),
    );
    const side = JSON.parse(read('public/models/anomaly/tsviz.json').toString()) as Sidecar;
    anomaly = datasetFromText(
      read('public/data/anomaly-test.csv').toString(),
      side.dataset,
      'anomaly-test.csv',
    );
    await api.setDataset(anomaly);
  });

  it('one sample: every quantity, named and shaped', async () => {
    const before = tf.memory().numTensors;
    const r = await api.sampleImportance({
      source: { sample: 3 },
      attributions: [
        { method: 'smoothgrad', settings: {} },
        { method: 'integrated-gradients', settings: { baseline: 'dataset-mean' } },
      ],
      filterSaliencyLayer: 0,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.shape).toEqual([50, 3]);
    expect(r.target.label).toMatch(/^probability of (normal|anomalous)$/);
    expect(r.layers.map((l) => l.filters)).toEqual([16, 32, 64]);
    expect(r.layers.every((l) => l.lossImpact?.length === l.filters)).toBe(true);
    expect(r.layers.map((l) => l.activation.length)).toEqual(
      r.layers.map((l) => l.steps * l.filters),
    );
    expect(r.attributions.map((a) => [a.method, a.values.length])).toEqual([
      ['gradient', 150],
      ['smoothgrad', 150],
      ['integrated-gradients', 150],
    ]);
    expect(r.attributions[1].settings).toEqual({ noise: 0.15, samples: 25, seed: 1 });
    expect(r.filterSaliency?.values.length).toBe(16 * 150);
    expect(r.filterTensor).toBe('activation');
    expect(typeof r.saturated).toBe('boolean');
    const own = await api.sampleImportance({
      source: { x: anomaly.x.slice(3 * 150, 4 * 150), shape: [1, 50, 3] },
    });
    expect(own.layers[2].importance).toEqual(r.layers[2].importance);
    expect(own.layers[0].lossImpact).toBeNull(); // no label for an input of one's own
  });

  it('dataset job: cancel leaves no tensors and no cache', async () => {
    const before = tf.memory().numTensors;
    const token = { id: 'imp-cancel' };
    let calls = 0;
    const err = await api
      .datasetImportance('activation', token, () => {
        calls += 1;
        if (calls === 2) api.cancel(token.id);
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(errorCode(err)).toBe('cancelled');
    expect(tf.memory().numTensors).toBe(before);
    expect(cachedDatasetImportance('activation')).toBe(false);
  });

  it('dataset job over the 2000 training rows counts never-mattering filters, then is cached', async () => {
    const seen: number[] = [];
    const r = await api.datasetImportance(
      'activation',
      { id: 'imp-full' },
      (d) => {
        seen.push(d);
      },
      'train',
    );
    expect(r.rows).toBe(2000);
    expect(r.cached).toBe(false);
    expect(seen[seen.length - 1]).toBe(2000);
    expect(r.layers.map((l) => l.filters)).toEqual([16, 32, 64]);
    for (const l of r.layers) {
      expect(l.neverMatter).toBeGreaterThanOrEqual(0);
      expect(l.neverMatter).toBeLessThan(l.filters);
      for (let f = 0; f < l.filters; f++) {
        expect(l.min[f]).toBeLessThanOrEqual(l.mean[f]);
        expect(l.mean[f]).toBeLessThanOrEqual(l.max[f]);
      }
    }
    console.log(
      'anomaly demo, never-mattering filters per layer:',
      r.layers.map((l) => `${l.name}: ${l.neverMatter}/${l.filters}`).join(', '),
      `${r.ms.toFixed(0)} ms on ${r.backend}`,
    );
    expect(cachedDatasetImportance('activation', 'train')).toBe(true);
    expect(cachedDatasetImportance('activation')).toBe(false); // every row is another result
    const again = await api.datasetImportance('activation', undefined, undefined, 'train');
    expect(again.cached).toBe(true);
    expect(again.layers[1].mean).toEqual(r.layers[1].mean);
    expect(cachedDatasetImportance('preActivation')).toBe(false);
  });
  it('a ranking over the training rows and a whole-dataset job run side by side', async () => {
    // one kind per question: starting one must not cancel the other (they once shared a kind)
    const before = tf.memory().numTensors;
    let afterB = 0;
    let pb: Promise<unknown> | null = null;
    const pa = api
      .datasetImportance('preActivation', { id: 'imp-all' }, () => {
        if (!pb) {
          pb = api
            .datasetImportance(
              'preActivation',
              { id: 'imp-train' },
              () => api.cancel('imp-train'),
              'train',
            )
            .catch((e: unknown) => e);
        } else if (++afterB === 2) api.cancel('imp-all');
      })
      .catch((e: unknown) => e);
    const errA = await pa;
    const errB = await pb;
    expect(afterB).toBe(2); // the whole-dataset job went on after the ranking started
    expect(errorCode(errA)).toBe('cancelled');
    expect(errorCode(errB)).toBe('cancelled');
    expect(tf.memory().numTensors).toBe(before);
  });
});
