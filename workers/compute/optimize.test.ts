/**
 * Inverse optimization and adversarial examples (optimize.ts) on the tfjs CPU backend: against
 * closed forms on linear models (the descent's limit, one FGSM step, the consistent-derivative
 * step), the epsilon-ball (property), seeds, channel masks, consistent derived channels, the
 * trace, cancellation without leaks, and the anomaly demo.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffPairsOf, normalStart } from '../../src/core/derived-channels';
import { datasetFromText } from '../../src/core/dataset';
import { installErrorTransfer } from '../../src/core/error-transfer';
import type { TracePoint } from '../../src/core/protocol';
import type { Sidecar } from '../../src/core/types';
import { Rng } from '../../src/core/random';
import { cancelJob } from '../jobs';
import { datasetApi } from './api-data';
import { modelApi } from './api-model';
import { optimizationApi } from './api-optimization';
import { job } from './job';
import { optimize, type OptimizeHead, type OptimizeSpec } from './optimize';

/** The worker API parts these tests drive (api.ts merges them with the others). */
const api = { ...modelApi, ...datasetApi, ...optimizationApi };

const ctx = { step: <T>(fn: () => Promise<T> | T) => Promise.resolve(fn()), progress: () => {} };

/** flatten -> dense(1, activation): y = act(w · x + b), with seeded weights. */
function denseModel(T: number, C: number, activation: 'linear' | 'sigmoid', seed: number) {
  const model = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [T, C] }), tf.layers.dense({ units: 1, activation })],
  });
  const rng = new Rng(seed);
  const w = Float32Array.from({ length: T * C }, () => rng.normal(0, 0.5));
  const b = rng.normal(0, 0.1);
  model.layers[1].setWeights([tf.tensor2d(w, [T * C, 1]), tf.tensor1d([b])]);
  return { model, w, b };
}

/** conv1d relu -> global average -> dense sigmoid: a small nonlinear classifier. */
function convModel(T: number, C: number, seed: number): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv1d({ inputShape: [T, C], filters: 4, kernelSize: 3, activation: 'relu' }),
      tf.layers.globalAveragePooling1d({}),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  const rng = new Rng(seed);
  model.setWeights(
    model.weights.map((v) =>
      tf.tensor(
        Array.from({ length: v.shape.reduce((a: number, d) => a * (d ?? 1), 1) }, () =>
          rng.normal(0, 0.7),
        ),
        v.shape as number[],
      ),
    ),
  );
  return model;
}

const SIGMOID: OptimizeHead = {
  task: 'classification',
  outputActivation: 'sigmoid',
  outputUnits: 1,
};
const LINEAR: OptimizeHead = { task: 'regression', outputActivation: 'linear', outputUnits: 1 };

function spec(over: Partial<OptimizeSpec>, C: number): OptimizeSpec {
  return {
    method: 'inverse',
    target: { kind: 'class', classIndex: 1 },
    alpha: 0.01,
    epsilon: 0.1,
    steps: 10,
    seed: 1,
    channels: Array.from({ length: C }, () => true),
    derived: null,
    every: 5,
    ...over,
  };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

describe('optimize', () => {
  beforeAll(async () => {
    installErrorTransfer();
    await api.init('cpu', '');
  });

  it('inverse optimization on a linear model converges to the closed-form optimum', async () => {
    const T = 6;
    const C = 2;
    const { model, w, b } = denseModel(T, C, 'linear', 3);
    const x0 = normalStart(T, C, 11);
    const v = 2.5;
    // gradient descent on (w·x + b - v)² moves x along w only: its limit is the projection
    // x* = x0 + (v - y0) w / |w|²; the error shrinks by |1 - 2 alpha |w|²| per step.
    const alpha = 0.2 / dot(w, w);
    const r = await optimize(
      model,
      LINEAR,
      x0,
      [T, C],
      spec({ target: { kind: 'value', value: v, index: 0 }, alpha, steps: 60, every: 10 }, C),
      ctx,
    );
    const y0 = dot(w, x0) + b;
    expect(r.startPrediction[0]).toBeCloseTo(y0, 4);
    expect(r.endPrediction[0]).toBeCloseTo(v, 4);
    expect(r.endLoss[0]).toBeLessThan(1e-8);
    const k = (v - y0) / dot(w, w);
    r.final.forEach((xi, i) => expect(xi).toBeCloseTo(x0[i] + k * w[i], 4));
    // the trace: steps 0, 10, ..., 50, then the end; the loss falls
    expect(r.trace.map((p) => p.step)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    const losses = r.trace.map((p) => p.loss[0]);
    for (let i = 1; i < losses.length; i++)
      expect(losses[i]).toBeLessThanOrEqual(Math.max(1e-10, losses[i - 1] * 0.5));
    model.dispose();
  });

  it('one FGSM step equals the hand computation', async () => {
    const T = 5;
    const C = 3;
    const eps = 0.07;
    // sigmoid: L = BCE of class c; dL/dx = (p - [c = 1]) w, so the step is eps·sign(±w)
    const { model, w } = denseModel(T, C, 'sigmoid', 5);
    const x0 = normalStart(T, C, 12);
    for (const c of [0, 1]) {
      const r = await optimize(
        model,
        SIGMOID,
        x0,
        [T, C],
        spec({ method: 'fgsm', epsilon: eps, target: { kind: 'class', classIndex: c } }, C),
        ctx,
      );
      const s = c === 1 ? -1 : 1;
      r.final.forEach((xi, i) => expect(xi).toBeCloseTo(x0[i] + eps * s * Math.sign(w[i]), 6));
      expect(r.endLoss[0]).toBeGreaterThan(r.startLoss[0]);
      expect(r.steps).toBe(1);
    }
    model.dispose();
    // regression: L = (y - v)², dL/dx = 2 (y - v) w
    const lin = denseModel(T, C, 'linear', 6);
    const v = -3;
    const r = await optimize(
      lin.model,
      LINEAR,
      x0,
      [T, C],
      spec({ method: 'fgsm', epsilon: eps, target: { kind: 'value', value: v, index: 0 } }, C),
      ctx,
    );
    const y0 = dot(lin.w, x0) + lin.b;
    r.final.forEach((xi, i) =>
      expect(xi).toBeCloseTo(x0[i] + eps * Math.sign((y0 - v) * lin.w[i]), 6),
    );
    lin.model.dispose();
  });

  it('softmax: one FGSM step by hand, and inverse optimization reaches the target class', async () => {
    const T = 4;
    const C = 2;
    const K = 3;
    const model = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: [T, C] }),
        tf.layers.dense({ units: K, activation: 'softmax' }),
      ],
    });
    const rng = new Rng(21);
    const W = Float32Array.from({ length: T * C * K }, () => rng.normal(0, 0.5));
    const bias = [0.1, -0.2, 0.05];
    model.layers[1].setWeights([tf.tensor2d(W, [T * C, K]), tf.tensor1d(bias)]);
    const head: OptimizeHead = {
      task: 'classification',
      outputActivation: 'softmax',
      outputUnits: K,
    };
    const x0 = normalStart(T, C, 22);
    // p = softmax(W^T x + b); dCE(class c)/dx = W (p - e_c)
    const z = bias.map((b, k) => b + x0.reduce((s, xi, i) => s + xi * W[i * K + k], 0));
    const ez = z.map((v) => Math.exp(v - Math.max(...z)));
    const p = ez.map((v) => v / ez.reduce((a, b) => a + b, 0));
    const c = 2;
    const eps = 0.05;
    const r = await optimize(
      model,
      head,
      x0,
      [T, C],
      spec({ method: 'fgsm', epsilon: eps, target: { kind: 'class', classIndex: c } }, C),
      ctx,
    );
    expect(r.startPrediction[0]).toBeCloseTo(p[c], 5);
    expect(r.startLoss[0]).toBeCloseTo(-Math.log(p[c]), 5);
    r.final.forEach((xi, i) => {
      const g = p.reduce((s, pk, k) => s + W[i * K + k] * (pk - (k === c ? 1 : 0)), 0);
      expect(xi).toBeCloseTo(x0[i] + eps * Math.sign(g), 6);
    });
    const inv = await optimize(
      model,
      head,
      x0,
      [T, C],
      spec({ alpha: 0.5, steps: 200, every: 50, target: { kind: 'class', classIndex: 0 } }, C),
      ctx,
    );
    expect(inv.endPrediction[0]).toBeGreaterThan(0.95);
    expect(inv.endPrediction[0]).toBeCloseTo(inv.endOutput[0], 6);
    model.dispose();
  });

  it('rejects settings it cannot run, before any tensor is made', async () => {
    const T = 4;
    const C = 2;
    const { model } = denseModel(T, C, 'linear', 30);
    const x0 = normalStart(T, C, 31);
    const before = tf.memory().numTensors;
    const run = (over: Partial<OptimizeSpec>, head = LINEAR) =>
      optimize(
        model,
        head,
        x0,
        [T, C],
        spec({ target: { kind: 'value', value: 0, index: 0 }, ...over }, C),
        ctx,
      );
    await expect(run({ channels: [false, false] })).rejects.toThrow(/Tick at least one channel/);
    await expect(run({ alpha: 0 })).rejects.toThrow(/alpha = 0 is not a positive number/);
    await expect(run({ method: 'pgd', epsilon: -1 })).rejects.toThrow(/epsilon = -1/);
    await expect(run({ steps: 2.5 })).rejects.toThrow(/step count 2.5/);
    await expect(run({ target: { kind: 'class', classIndex: 0 } })).rejects.toThrow(
      /class target needs a classifier/,
    );
    await expect(
      run({ target: { kind: 'class', classIndex: 0 } }, { ...SIGMOID, outputActivation: 'linear' }),
    ).rejects.toThrow(/not a sigmoid or softmax/);
    await expect(
      run({ derived: { pairs: [{ base: 0, diff: 5 }], modes: ['consistent'] } }),
    ).rejects.toThrow(/not two input channels/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('iterative FGSM and PGD never leave the epsilon-ball (property)', async () => {
    const T = 8;
    const C = 2;
    const model = convModel(T, C, 7);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        fc.double({ min: 0.005, max: 0.3, noNaN: true }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom('iterative-fgsm' as const, 'pgd' as const),
        async (seed, eps, alpha, steps, method) => {
          const x0 = normalStart(T, C, seed);
          const r = await optimize(
            model,
            SIGMOID,
            x0,
            [T, C],
            spec({ method, epsilon: eps, alpha, steps, seed, every: 3 }, C),
            ctx,
          );
          r.final.forEach((xi, i) =>
            expect(Math.abs(xi - x0[i])).toBeLessThanOrEqual(eps * (1 + 1e-6) + 1e-6),
          );
        },
      ),
      { numRuns: 25 },
    );
    model.dispose();
  });

  it('the same seed gives the same result; another seed another one', async () => {
    const T = 8;
    const C = 2;
    const model = convModel(T, C, 8);
    const x0 = normalStart(T, C, 3);
    const run = (seed: number) =>
      optimize(model, SIGMOID, x0, [T, C], spec({ method: 'pgd', seed, steps: 5 }, C), ctx);
    const [a, b, c] = [await run(42), await run(42), await run(43)];
    expect(Array.from(b.final)).toEqual(Array.from(a.final));
    expect(b.trace).toEqual(a.trace);
    expect(Array.from(c.final)).not.toEqual(Array.from(a.final));
    expect(Array.from(normalStart(T, C, 9))).toEqual(Array.from(normalStart(T, C, 9)));
    model.dispose();
  });

  it('a channel mask leaves the masked channels untouched', async () => {
    const T = 8;
    const C = 3;
    const model = convModel(T, C, 9);
    const x0 = normalStart(T, C, 4);
    const channels = [false, true, false];
    for (const method of ['inverse', 'iterative-fgsm', 'pgd', 'fgsm'] as const) {
      const r = await optimize(
        model,
        SIGMOID,
        x0,
        [T, C],
        spec({ method, channels, alpha: method === 'inverse' ? 0.5 : 0.05, steps: 6 }, C),
        ctx,
      );
      let moved = 0;
      for (let t = 0; t < T; t++) {
        for (const c of [0, 2]) expect(r.final[t * C + c]).toBe(x0[t * C + c]);
        moved += Math.abs(r.final[t * C + 1] - x0[t * C + 1]);
      }
      expect(moved).toBeGreaterThan(0);
    }
    model.dispose();
  });

  it('consistent derived channels: the result is a series its preprocessing could make', async () => {
    const T = 10;
    const C = 2; // channel 1 = Δ channel 0
    const pairs = [{ base: 0, diff: 1 }];
    const model = convModel(T, C, 10);
    // a window from a long series: d[0] is the step from before the window
    const x0 = normalStart(T, C, 5, pairs);
    x0[1] = 0.37;
    for (const method of ['inverse', 'iterative-fgsm', 'pgd'] as const) {
      const r = await optimize(
        model,
        SIGMOID,
        x0,
        [T, C],
        spec(
          {
            method,
            alpha: method === 'inverse' ? 0.5 : 0.05,
            steps: 8,
            derived: { pairs, modes: ['consistent', 'independent'] },
          },
          C,
        ),
        ctx,
      );
      expect(r.modes).toEqual(['consistent', 'independent']);
      const cons = r.final.slice(0, T * C);
      const ind = r.final.slice(T * C);
      expect(cons[1]).toBe(x0[1]); // d[0] kept
      for (let t = 1; t < T; t++)
        expect(cons[t * C + 1]).toBeCloseTo(cons[t * C] - cons[(t - 1) * C], 5);
      // the independent run perturbs the difference on its own: no longer a first difference
      let off = 0;
      for (let t = 1; t < T; t++) off += Math.abs(ind[t * C + 1] - (ind[t * C] - ind[(t - 1) * C]));
      expect(off).toBeGreaterThan(1e-3);
    }
    model.dispose();
  });

  it('a consistent step follows the gradient through the derived channel (closed form)', async () => {
    const T = 6;
    const C = 2;
    const pairs = [{ base: 0, diff: 1 }];
    const { model, w, b } = denseModel(T, C, 'linear', 12);
    const x0 = normalStart(T, C, 6, pairs);
    const v = 1;
    const alpha = 0.01;
    const r = await optimize(
      model,
      LINEAR,
      x0,
      [T, C],
      spec(
        {
          target: { kind: 'value', value: v, index: 0 },
          alpha,
          steps: 1,
          derived: { pairs, modes: ['consistent'] },
        },
        C,
      ),
      ctx,
    );
    // y = Σ_t wb[t] b[t] + wd[t] d[t], d[t] = b[t] - b[t-1] (t >= 1), so
    // dy/db[t] = wb[t] + wd[t]·[t >= 1] - wd[t+1]·[t + 1 < T]
    const y0 = dot(w, x0) + b;
    for (let t = 0; t < T; t++) {
      const dy = w[t * C] + (t >= 1 ? w[t * C + 1] : 0) - (t + 1 < T ? w[(t + 1) * C + 1] : 0);
      expect(r.final[t * C]).toBeCloseTo(x0[t * C] - alpha * 2 * (y0 - v) * dy, 5);
    }
    model.dispose();
  });

  it('reports the trace live, and a cancelled job leaves no tensors', async () => {
    const T = 8;
    const C = 2;
    const model = convModel(T, C, 13);
    const x0 = normalStart(T, C, 7);
    const before = tf.memory().numTensors;
    const seen: TracePoint[] = [];
    const token = { id: 'optimization-test' };
    await expect(
      job('optimization', token, undefined, (jc) =>
        optimize(model, SIGMOID, x0, [T, C], spec({ steps: 100, every: 4 }, C), jc, (pts) => {
          seen.push(...pts);
          if (seen.length === 3) cancelJob(token.id);
        }),
      ),
    ).rejects.toThrow(/cancelled/);
    expect(seen.map((p) => p.step)).toEqual([0, 4, 8]);
    expect(tf.memory().numTensors).toBe(before);

    // trace points far apart: the job still takes turns every 25 steps at most
    let chunks = 0;
    const counting = { ...ctx, step: <X>(fn: () => Promise<X> | X) => (chunks++, ctx.step(fn)) };
    const r = await optimize(
      model,
      SIGMOID,
      x0,
      [T, C],
      spec({ steps: 130, every: 60 }, C),
      counting,
    );
    expect(r.trace.map((p) => p.step)).toEqual([0, 60, 120, 130]);
    // the start; steps 0-25, 25-50, 50-60, 60-85, 85-110, 110-120, 120-130; the end
    expect(chunks).toBe(1 + 7 + 1);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('the optimize job on the demos (worker API, CPU backend)', () => {
  const ROOT = join(import.meta.dirname, '../..');
  const read = (rel: string) => readFileSync(join(ROOT, rel));
  const open = async (name: string, csv: string) => {
    await api.loadModelFiles(
      ['model.json', 'group1-shard1of1.bin', 'tsviz.json'].map(
        (f) => new File([read(`public/models/${name}/${f}`)], f),
      ),
    );
    const side = JSON.parse(read(`public/models/${name}/tsviz.json`).toString()) as Sidecar;
    const ds = datasetFromText(read(`public/data/${csv}`).toString(), side.dataset, csv);
    await api.setDataset({ ...ds, x: ds.x.slice(), y: ds.y?.slice() ?? null });
    return ds;
  };

  it('anomaly: inverse optimization from a normal sample ends above 0.9; iterative FGSM lowers an anomaly', async () => {
    const ds = await open('anomaly', 'anomaly-test.csv');
    const y = ds.y as Float32Array;
    const normal = y.indexOf(0);
    const anomalous = y.indexOf(1);
    const base = {
      target: { kind: 'class' as const, classIndex: 1 },
      epsilon: 0.1,
      seed: 1,
      channels: [true, true, true],
      derived: null,
      every: 10,
    };
    // the paper's alpha from a random start N(0, 0.25² I) (the authors' code; N(0, I) is
    // already anomalous for this model): 1.5% anomalous at the start
    const seen: TracePoint[] = [];
    const inv = await api.optimize(
      {
        ...base,
        method: 'inverse',
        start: { random: true, shape: [50, 3], std: 0.25 },
        alpha: 0.01,
        steps: 100,
      },
      { id: 'opt-inverse' },
      undefined,
      (pts) => void seen.push(...pts),
    );
    expect(Array.from(inv.start)).toEqual(Array.from(normalStart(50, 3, 1, [], 0.25)));
    expect(inv.runs[0].startPrediction).toBeLessThan(0.1);
    expect(inv.runs[0].endPrediction).toBeGreaterThan(0.9);
    expect(inv.loss).toBe('cross-entropy to class anomalous (minimized)');
    expect(seen.map((p) => p.step)).toEqual(inv.trace.map((p) => p.step));
    expect(inv.trace.at(-1)?.step).toBe(100);

    // from a normal test sample, with a larger step
    const fromSample = await api.optimize(
      { ...base, method: 'inverse', start: { sample: normal }, alpha: 0.1, steps: 30 },
      { id: 'opt-inverse-sample' },
    );
    expect(Array.from(fromSample.start)).toEqual(
      Array.from(ds.x.slice(normal * 150, (normal + 1) * 150)),
    );
    expect(fromSample.runs[0].startPrediction).toBeLessThan(0.1);
    expect(fromSample.runs[0].endPrediction).toBeGreaterThan(0.9);

    const adv = await api.optimize(
      { ...base, method: 'iterative-fgsm', start: { sample: anomalous }, alpha: 0.01, steps: 20 },
      { id: 'opt-ifgsm' },
    );
    expect(adv.runs[0].endPrediction).toBeLessThan(adv.runs[0].startPrediction - 0.05);
    expect(adv.prediction).toBe('p(anomalous)');
    expect(adv.loss).toBe('cross-entropy of class anomalous (increased)');
  });

  it('traffic: consistent and independent derived channels side by side', async () => {
    const ds = await open('traffic', 'traffic-test.csv');
    const pairs = diffPairsOf(ds.channelNames);
    expect(pairs).toEqual([{ base: 0, diff: 1 }]);
    const i = 100;
    const r = await api.optimize(
      {
        method: 'iterative-fgsm',
        start: { sample: i },
        target: { kind: 'value', value: (ds.y as Float32Array)[i], index: 0 },
        alpha: 0.01,
        epsilon: 0.1,
        steps: 20,
        seed: 1,
        channels: [true, true],
        derived: { pairs, modes: ['consistent', 'independent'] },
        every: 5,
      },
      { id: 'opt-traffic' },
    );
    expect(r.runs.map((x) => x.mode)).toEqual(['consistent', 'independent']);
    const [T, C] = r.shape;
    const cons = r.runs[0].final;
    expect(cons[1]).toBe(r.start[1]);
    for (let t = 1; t < T; t++)
      expect(cons[t * C + 1]).toBeCloseTo(cons[t * C] - cons[(t - 1) * C], 5);
    for (const run of r.runs) expect(run.endLoss).toBeGreaterThan(run.startLoss);
    expect(r.trace[0].prediction).toHaveLength(2);
  });
});
