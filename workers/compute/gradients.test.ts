/**
 * The gradient module against central finite differences (tfjs CPU backend, float32), on small
 * seeded models: Sequential with fused activations, Sequential with separate activation layers
 * (the anomaly demo's shape), a softmax classifier, a regression model, and a functional model
 * with a residual block; plus the demo anomaly model loaded as the app loads it.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random';
import {
  disposeGradientTensors,
  gradients,
  gradientTensors,
  outputTensor,
  type GradientRequest,
  type GradientTarget,
} from './gradients';
import { layerOutputShapes, modelGraph, runModel } from './graph-exec';
import { sourceFromFiles } from './model-files';
import { loadModel } from './model-loader';

const T = 12;
const C = 2;

/** Seeded weights: kernels N(0, 1/fan-in), small biases, batch-norm statistics near identity. */
function seedWeights(model: tf.LayersModel, seed: number): tf.LayersModel {
  const rng = new Rng(seed);
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      const kind = w.originalName.split('/').pop() ?? '';
      const size = w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
      const fanIn = w.shape.slice(0, -1).reduce((a: number, b) => a * (b ?? 1), 1);
      const gen = (): number => {
        if (kind === 'kernel') return rng.normal(0, 1.2 / Math.sqrt(fanIn));
        if (kind === 'gamma') return rng.uniform(0.8, 1.2);
        if (kind === 'moving_variance') return rng.uniform(0.5, 1.5);
        return rng.normal(0, 0.1); // bias, beta, moving_mean
      };
      return tf.tensor(Array.from({ length: size }, gen), w.shape as number[]);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
  return model;
}

function randomInput(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * T * C }, () => rng.normal(0, 1));
}

/** conv1d relu -> maxpool -> conv1d tanh -> flatten -> dense sigmoid (fused activations). */
function fusedModel(): tf.LayersModel {
  return seedWeights(
    tf.sequential({
      layers: [
        tf.layers.conv1d({ inputShape: [T, C], filters: 4, kernelSize: 3, activation: 'relu' }),
        tf.layers.maxPooling1d({ poolSize: 2 }),
        tf.layers.conv1d({ filters: 3, kernelSize: 3, activation: 'tanh' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
    1,
  );
}

/** The anomaly demo's shape: conv linear -> LeakyReLU -> pool ... dense linear -> sigmoid. */
function separateModel(): tf.LayersModel {
  return seedWeights(
    tf.sequential({
      layers: [
        tf.layers.conv1d({ inputShape: [T, C], filters: 4, kernelSize: 3 }),
        tf.layers.leakyReLU({ alpha: 0.3 }),
        tf.layers.maxPooling1d({ poolSize: 2 }),
        tf.layers.conv1d({ filters: 3, kernelSize: 3 }),
        tf.layers.leakyReLU({ alpha: 0.3 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 1 }),
        tf.layers.activation({ activation: 'sigmoid' }),
      ],
    }),
    2,
  );
}

/** conv1d elu -> average pool -> conv1d tanh -> global average -> dense(3, softmax). */
function softmaxModel(): tf.LayersModel {
  return seedWeights(
    tf.sequential({
      layers: [
        tf.layers.conv1d({ inputShape: [T, C], filters: 4, kernelSize: 3, activation: 'elu' }),
        tf.layers.averagePooling1d({ poolSize: 2 }),
        tf.layers.conv1d({ filters: 5, kernelSize: 2, activation: 'tanh' }),
        tf.layers.globalAveragePooling1d(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
    3,
  );
}

/** Same, but the softmax is its own Softmax layer. */
function softmaxLayerModel(): tf.LayersModel {
  return seedWeights(
    tf.sequential({
      layers: [
        tf.layers.conv1d({ inputShape: [T, C], filters: 4, kernelSize: 3, activation: 'tanh' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3 }),
        tf.layers.softmax(),
      ],
    }),
    4,
  );
}

/** Regression with two outputs: conv tanh -> pool -> conv tanh -> flatten -> dense(2). */
function regressionModel(): tf.LayersModel {
  return seedWeights(
    tf.sequential({
      layers: [
        tf.layers.conv1d({ inputShape: [T, C], filters: 4, kernelSize: 3, activation: 'tanh' }),
        tf.layers.maxPooling1d({ poolSize: 2 }),
        tf.layers.conv1d({ filters: 3, kernelSize: 2, activation: 'tanh' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2 }),
      ],
    }),
    5,
  );
}

/** Functional: conv -> BN -> tanh -> conv -> BN, plus a 1x1 shortcut, Add, elu, dropout. */
function residualModel(): tf.LayersModel {
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) =>
    layer.apply(x) as tf.SymbolicTensor;
  const input = tf.input({ shape: [T, C], name: 'x' });
  const c1 = apply(
    tf.layers.conv1d({ filters: 4, kernelSize: 3, padding: 'same', name: 'c1' }),
    input,
  );
  const b1 = apply(tf.layers.batchNormalization({ name: 'b1' }), c1);
  const a1 = apply(tf.layers.activation({ activation: 'tanh', name: 'a1' }), b1);
  const c2 = apply(
    tf.layers.conv1d({ filters: 4, kernelSize: 3, padding: 'same', name: 'c2' }),
    a1,
  );
  const b2 = apply(tf.layers.batchNormalization({ name: 'b2' }), c2);
  const sc = apply(tf.layers.conv1d({ filters: 4, kernelSize: 1, name: 'shortcut' }), input);
  const sum = apply(tf.layers.add({ name: 'sum' }), [b2, sc]);
  const a2 = apply(tf.layers.activation({ activation: 'elu', name: 'a2' }), sum);
  const dr = apply(tf.layers.dropout({ rate: 0.5, name: 'drop' }), a2);
  const pool = apply(tf.layers.globalAveragePooling1d({ name: 'pool' }), dr);
  const out = apply(tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'out' }), pool);
  return seedWeights(tf.model({ inputs: input, outputs: out }), 6);
}

const indexOf = (model: tf.LayersModel, name: string) => {
  const i = model.layers.findIndex((l) => l.name === name);
  if (i < 0) throw new Error(`no layer ${name}`);
  return i;
};
const nthOf = (model: tf.LayersModel, cls: string, k: number) =>
  model.layers.flatMap((l, i) => (l.getClassName() === cls ? [i] : []))[k];

/** Per-sample target from the model's real output (model.predict), for finite differences. */
type Reference = (output: tf.Tensor2D) => tf.Tensor1D;
const col =
  (c: number): Reference =>
  (o) =>
    o.slice([0, c], [-1, 1]).reshape([-1]) as tf.Tensor1D;

/**
 * Central differences of `f` (per-sample target of a batch) w.r.t. every value of one sample
 * x ([T, C]), all perturbed copies in one batch.
 */
function fdInput(model: tf.LayersModel, ref: Reference, x: Float32Array, h: number): Float64Array {
  const m = x.length;
  const batch = new Float32Array(2 * m * m);
  for (let k = 0; k < m; k++) {
    batch.set(x, 2 * k * m);
    batch.set(x, (2 * k + 1) * m);
    batch[2 * k * m + k] += h;
    batch[(2 * k + 1) * m + k] -= h;
  }
  const v = tf.tidy(() =>
    ref(model.predict(tf.tensor3d(batch, [2 * m, T, C])) as tf.Tensor2D).dataSync(),
  );
  return Float64Array.from({ length: m }, (_, k) => (v[2 * k] - v[2 * k + 1]) / (2 * h));
}

/** Central differences w.r.t. layer `l`'s output for one sample, by perturbing that output. */
function fdLayer(model: tf.LayersModel, ref: Reference, x: Float32Array, l: number, h: number) {
  const [shape] = layerOutputShapes(model, [1, T, C], [l]);
  const m = shape.reduce((a, b) => a * b, 1);
  const v = tf.tidy(() => {
    const xs = tf.tensor3d(x, [1, T, C]).tile([2 * m, 1, 1]);
    const pert = new Float32Array(2 * m * m);
    for (let k = 0; k < m; k++) {
      pert[2 * k * m + k] = h;
      pert[(2 * k + 1) * m + k] = -h;
    }
    const p = tf.tensor(pert, [2 * m, ...shape.slice(1)]);
    const walk = runModel(model, xs, { tap: (i, a) => (i === l ? a.add(p) : a) });
    return ref(walk.output.reshape([2 * m, -1]) as tf.Tensor2D).dataSync();
  });
  return Float64Array.from({ length: m }, (_, k) => (v[2 * k] - v[2 * k + 1]) / (2 * h));
}

/** |got - want| <= atol + rtol * max|want| everywhere. */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol = 1e-2, atol = 1e-5) {
  expect(got.length).toBe(want.length);
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  let worst = 0;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (err > worst) [worst, at] = [err, i];
  }
  const ok = worst <= atol + rtol * scale;
  if (!ok) {
    throw new Error(
      `max |got - want| = ${worst} at ${at} (got ${got[at]}, want ${want[at]}), max |want| = ${scale}`,
    );
  }
  expect(scale).toBeGreaterThan(0);
}

const req = (target: GradientTarget, layers: number[] = [], input = true): GradientRequest => ({
  target,
  layers,
  input,
});

async function one(model: tf.LayersModel, x: Float32Array, r: GradientRequest, n = 1) {
  return gradients(model, x, [n, T, C], r);
}

/** Everything about a model that must not change: configs, graph nodes, weights. */
function snapshot(model: tf.LayersModel) {
  return {
    layers: model.layers.length,
    configs: JSON.stringify(model.layers.map((l) => [l.getClassName(), l.getConfig()])),
    nodes: model.layers.map((l) => [l.inboundNodes.length, l.outboundNodes.length]),
    weights: model.getWeights().map((w) => Array.from(w.dataSync())),
  };
}

describe('gradients (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  describe('graph execution', () => {
    it('runs each model like model.predict, Sequential and functional', () => {
      const x = randomInput(3, 10);
      for (const model of [
        fusedModel(),
        separateModel(),
        softmaxModel(),
        softmaxLayerModel(),
        regressionModel(),
        residualModel(),
      ]) {
        const [want, got, out2] = tf.tidy(() => {
          const xt = tf.tensor3d(x, [3, T, C]);
          return [
            (model.predict(xt) as tf.Tensor).dataSync(),
            runModel(model, xt).output.dataSync(),
            outputTensor(model, xt).dataSync(),
          ];
        });
        expectClose(got, want, 1e-6, 1e-7);
        expectClose(out2, want, 1e-6, 1e-7);
        model.dispose();
      }
    });

    it('indexes model.layers: a Sequential lists no InputLayer, a functional model does', () => {
      const seq = fusedModel();
      const fun = residualModel();
      expect(seq.layers[0].getClassName()).toBe('Conv1D');
      expect(fun.layers[0].getClassName()).toBe('InputLayer');
      expect(modelGraph(seq).outputIndex).toBe(seq.layers.length - 1);
      expect(modelGraph(fun).outputIndex).toBe(indexOf(fun, 'out'));
      expect(modelGraph(fun).upstream.size).toBe(fun.layers.length);
      expect(
        layerOutputShapes(fun, [5, T, C], [indexOf(fun, 'sum'), indexOf(fun, 'pool')]),
      ).toEqual([
        [5, T, 4],
        [5, 4],
      ]);
      seq.dispose();
      fun.dispose();
    });
  });

  describe('input gradient against finite differences', () => {
    const cases: [string, () => tf.LayersModel, GradientTarget, Reference, number][] = [
      ['fused sigmoid, class 1', fusedModel, { kind: 'probability', classIndex: 1 }, col(0), 1e-3],
      [
        'separate sigmoid, class 0',
        separateModel,
        { kind: 'probability', classIndex: 0 },
        (o) => tf.sub(1, col(0)(o)) as tf.Tensor1D,
        1e-3,
      ],
      [
        'fused softmax, class 2',
        softmaxModel,
        { kind: 'probability', classIndex: 2 },
        col(2),
        1e-2,
      ],
      [
        'Softmax layer, class 1',
        softmaxLayerModel,
        { kind: 'probability', classIndex: 1 },
        col(1),
        1e-2,
      ],
      ['regression output 1', regressionModel, { kind: 'output', index: 1 }, col(1), 1e-3],
      ['functional residual', residualModel, { kind: 'probability', classIndex: 1 }, col(0), 1e-2],
    ];
    for (const [name, make, target, ref, h] of cases) {
      it(name, async () => {
        const model = make();
        for (const seed of [20, 21]) {
          const x = randomInput(1, seed);
          const g = await one(model, x, req(target));
          expectClose(g.input as Float32Array, fdInput(model, ref, x, h), 2e-2, 1e-5);
          const want = tf.tidy(() =>
            ref(model.predict(tf.tensor3d(x, [1, T, C])) as tf.Tensor2D).dataSync(),
          );
          expectClose(g.target, want, 1e-6, 1e-7);
        }
        model.dispose();
      });
    }
  });

  describe('layer gradient against finite differences', () => {
    const cases: [
      string,
      () => tf.LayersModel,
      (m: tf.LayersModel) => number,
      GradientTarget,
      Reference,
      number,
    ][] = [
      [
        'fused: second conv',
        fusedModel,
        (m) => nthOf(m, 'Conv1D', 1),
        { kind: 'probability', classIndex: 1 },
        col(0),
        1e-3,
      ],
      [
        'fused: first pool',
        fusedModel,
        (m) => nthOf(m, 'MaxPooling1D', 0),
        { kind: 'probability', classIndex: 1 },
        col(0),
        1e-3,
      ],
      [
        'separate: second LeakyReLU',
        separateModel,
        (m) => nthOf(m, 'LeakyReLU', 1),
        { kind: 'probability', classIndex: 1 },
        col(0),
        1e-3,
      ],
      [
        'separate: first conv (linear)',
        separateModel,
        (m) => nthOf(m, 'Conv1D', 0),
        { kind: 'probability', classIndex: 0 },
        (o) => tf.sub(1, col(0)(o)) as tf.Tensor1D,
        1e-3,
      ],
      [
        'softmax: second conv',
        softmaxModel,
        (m) => nthOf(m, 'Conv1D', 1),
        { kind: 'probability', classIndex: 0 },
        col(0),
        1e-2,
      ],
      [
        'regression: second conv',
        regressionModel,
        (m) => nthOf(m, 'Conv1D', 1),
        { kind: 'output', index: 0 },
        col(0),
        1e-3,
      ],
      [
        'residual: first batch norm',
        residualModel,
        (m) => indexOf(m, 'b1'),
        { kind: 'probability', classIndex: 1 },
        col(0),
        1e-2,
      ],
      [
        'residual: the Add',
        residualModel,
        (m) => indexOf(m, 'sum'),
        { kind: 'probability', classIndex: 1 },
        col(0),
        1e-2,
      ],
      [
        'residual: the shortcut conv',
        residualModel,
        (m) => indexOf(m, 'shortcut'),
        { kind: 'probability', classIndex: 1 },
        col(0),
        1e-2,
      ],
    ];
    for (const [name, make, pick, target, ref, h] of cases) {
      it(name, async () => {
        const model = make();
        const l = pick(model);
        const x = randomInput(1, 30);
        const g = await one(model, x, req(target, [l], false));
        expect(g.input).toBeNull();
        expect(g.layers).toHaveLength(1);
        const [{ layer, shape, activation, gradient }] = g.layers;
        expect(layer).toBe(l);
        expect(shape).toEqual(layerOutputShapes(model, [1, T, C], [l])[0]);
        const a = tf.tidy(() =>
          runModel(model, tf.tensor3d(x, [1, T, C]))
            .outputsOf(l)?.[0]
            .dataSync(),
        );
        expectClose(activation, a as Float32Array, 1e-6, 1e-7);
        expectClose(gradient, fdLayer(model, ref, x, l, h), 2e-2, 1e-5);
        model.dispose();
      });
    }

    it('the output layer itself: d p / d p is one, d output / d output is the unit vector', async () => {
      const sep = separateModel();
      const last = sep.layers.length - 1;
      const x = randomInput(2, 31);
      const g = await gradients(
        sep,
        x,
        [2, T, C],
        req({ kind: 'probability', classIndex: 0 }, [last]),
      );
      expect(Array.from(g.layers[0].gradient)).toEqual([-1, -1]);
      expect(Array.from(g.layers[0].activation)).toEqual(Array.from(g.output));
      const reg = regressionModel();
      const r = await gradients(reg, x, [2, T, C], req({ kind: 'output', index: 1 }, [4]));
      expect(Array.from(r.layers[0].gradient)).toEqual([0, 1, 0, 1]);
      sep.dispose();
      reg.dispose();
    });

    it('the functional InputLayer (index 0) gives the input gradient', async () => {
      const model = residualModel();
      const x = randomInput(2, 32);
      const g = await gradients(
        model,
        x,
        [2, T, C],
        req({ kind: 'probability', classIndex: 1 }, [0]),
      );
      expectClose(g.layers[0].gradient, g.input as Float32Array, 1e-6, 1e-9);
      expectClose(g.layers[0].activation, x, 0, 0);
      model.dispose();
    });

    it('several layers and the input in one call equal separate calls', async () => {
      const model = separateModel();
      const x = randomInput(3, 33);
      const target: GradientTarget = { kind: 'probability', classIndex: 1 };
      const layers = [3, 0, 4, 3];
      const all = await gradients(model, x, [3, T, C], req(target, layers));
      expect(all.layers.map((l) => l.layer)).toEqual(layers);
      const alone = await gradients(model, x, [3, T, C], req(target));
      expectClose(all.input as Float32Array, alone.input as Float32Array, 1e-5, 1e-9);
      for (const entry of all.layers) {
        const single = await gradients(model, x, [3, T, C], req(target, [entry.layer], false));
        expectClose(entry.gradient, single.layers[0].gradient, 1e-5, 1e-9);
        expect(entry.shape).toEqual(single.layers[0].shape);
      }
      model.dispose();
    });
  });

  describe('targets', () => {
    /** p(1 - p)/T · dz/dx for one sigmoid unit, from the logit gradient. */
    async function checkSigmoidChain(model: tf.LayersModel) {
      const x = randomInput(2, 40);
      const l = nthOf(model, 'Conv1D', 1);
      const z = await gradients(model, x, [2, T, C], req({ kind: 'logit', classIndex: 1 }, [l]));
      const zNeg = await gradients(model, x, [2, T, C], req({ kind: 'logit', classIndex: 0 }, [l]));
      expectClose(
        zNeg.target,
        z.target.map((v) => -v),
        0,
        0,
      );
      // The logit is the model's pre-activation: sigmoid(z) = p.
      expectClose(
        z.output,
        z.target.map((v) => 1 / (1 + Math.exp(-v))),
        1e-6,
        1e-7,
      );
      const perSample = (a: Float32Array, i: number) =>
        a.subarray((a.length / 2) * i, (a.length / 2) * (i + 1));
      for (const temperature of [1, 2.5, 0.7]) {
        const p = await gradients(
          model,
          x,
          [2, T, C],
          req({ kind: 'probability', classIndex: 1, temperature }, [l]),
        );
        for (let i = 0; i < 2; i++) {
          const pT = 1 / (1 + Math.exp(-z.target[i] / temperature));
          expect(p.target[i]).toBeCloseTo(pT, 6);
          const factor = (pT * (1 - pT)) / temperature;
          expectClose(
            perSample(p.input as Float32Array, i),
            perSample(z.input as Float32Array, i).map((v) => v * factor),
            1e-4,
            1e-9,
          );
          expectClose(
            perSample(p.layers[0].gradient, i),
            perSample(z.layers[0].gradient, i).map((v) => v * factor),
            1e-4,
            1e-9,
          );
        }
      }
    }

    it('logit and temperature, dense with a fused sigmoid', async () => {
      const model = fusedModel();
      await checkSigmoidChain(model);
      model.dispose();
    });

    it('logit and temperature, a separate Activation(sigmoid) layer', async () => {
      const model = separateModel();
      await checkSigmoidChain(model);
      model.dispose();
    });

    for (const [name, make] of [
      ['fused softmax', softmaxModel],
      ['Softmax layer', softmaxLayerModel],
    ] as const) {
      it(`softmax logits and temperature (${name}): dp_c = p_c (dz_c - Σ p_j dz_j) / T`, async () => {
        const model = make();
        const x = randomInput(1, 41);
        const dz: Float32Array[] = [];
        const zs: number[] = [];
        for (let c = 0; c < 3; c++) {
          const g = await one(model, x, req({ kind: 'logit', classIndex: c }));
          dz.push(g.input as Float32Array);
          zs.push(g.target[0]);
        }
        for (const temperature of [1, 3]) {
          const e = zs.map((z) => Math.exp(z / temperature));
          const p = e.map((v) => v / e.reduce((a, b) => a + b, 0));
          if (temperature === 1) {
            const out = (await one(model, x, req({ kind: 'output', index: 0 }))).output;
            expectClose(out, p, 1e-5, 1e-7);
          }
          for (let c = 0; c < 3; c++) {
            const g = await one(model, x, req({ kind: 'probability', classIndex: c, temperature }));
            expect(g.target[0]).toBeCloseTo(p[c], 6);
            const want = dz[c].map(
              (_, k) =>
                (p[c] * (dz[c][k] - p.reduce((s, pj, j) => s + pj * dz[j][k], 0))) / temperature,
            );
            expectClose(g.input as Float32Array, want, 1e-4, 1e-9);
          }
        }
        model.dispose();
      });
    }

    it('binary cross-entropy: L = -log p(y), dL/dx = (p - y) dz/dx', async () => {
      const model = separateModel();
      const x = randomInput(2, 42);
      const labels = Float32Array.from([1, 0]);
      const loss = await gradients(model, x, [2, T, C], req({ kind: 'loss', labels }, [3]));
      const z = await gradients(model, x, [2, T, C], req({ kind: 'logit', classIndex: 1 }, [3]));
      const m = T * C;
      for (let i = 0; i < 2; i++) {
        const p = loss.output[i];
        const y = labels[i];
        expect(loss.target[i]).toBeCloseTo(-(y * Math.log(p) + (1 - y) * Math.log(1 - p)), 5);
        const dz = (z.input as Float32Array).subarray(i * m, (i + 1) * m);
        expectClose(
          (loss.input as Float32Array).subarray(i * m, (i + 1) * m),
          dz.map((v) => v * (p - y)),
          1e-4,
          1e-9,
        );
      }
      model.dispose();
    });

    it('categorical cross-entropy against finite differences of -log p_y', async () => {
      const model = softmaxModel();
      const x = randomInput(1, 43);
      for (const y of [0, 2]) {
        const g = await one(model, x, req({ kind: 'loss', labels: Float32Array.from([y]) }));
        expect(g.target[0]).toBeCloseTo(-Math.log(g.output[y]), 5);
        const ref: Reference = (o) => col(y)(o).log().neg() as tf.Tensor1D;
        expectClose(g.input as Float32Array, fdInput(model, ref, x, 1e-2), 2e-2, 1e-5);
      }
      model.dispose();
    });

    it('mean squared error against finite differences', async () => {
      const model = regressionModel();
      const x = randomInput(1, 44);
      const labels = Float32Array.from([0.5, -1]);
      const g = await one(model, x, req({ kind: 'loss', labels }));
      const o = g.output;
      expect(g.target[0]).toBeCloseTo(((o[0] - 0.5) ** 2 + (o[1] + 1) ** 2) / 2, 5);
      const y = tf.tensor2d(labels, [1, 2]);
      const ref: Reference = (out) => out.sub(y).square().mean(-1) as tf.Tensor1D;
      expectClose(g.input as Float32Array, fdInput(model, ref, x, 1e-3), 2e-2, 1e-5);
      y.dispose();
      model.dispose();
    });

    it('a forced loss kind: mse on a sigmoid output', async () => {
      const model = fusedModel();
      const x = randomInput(1, 45);
      const g = await one(
        model,
        x,
        req({ kind: 'loss', labels: Float32Array.from([1]), loss: 'mse' }),
      );
      expect(g.target[0]).toBeCloseTo((g.output[0] - 1) ** 2, 6);
      model.dispose();
    });
  });

  describe('batches', () => {
    it('per-sample results of a batch equal single-sample calls', async () => {
      for (const [make, target] of [
        [residualModel, { kind: 'probability', classIndex: 1 }],
        [softmaxModel, { kind: 'loss', labels: Float32Array.from([0, 1, 2, 1]) }],
        [regressionModel, { kind: 'output', index: 1 }],
      ] as const) {
        const model = make();
        const n = 4;
        const x = randomInput(n, 50);
        const l = nthOf(model, 'Conv1D', 1) ?? indexOf(model, 'c2');
        const batch = await gradients(model, x, [n, T, C], req(target, [l]));
        expect(batch.layers[0].shape[0]).toBe(n);
        const m = T * C;
        const per = batch.layers[0].gradient.length / n;
        for (let i = 0; i < n; i++) {
          const t: GradientTarget =
            target.kind === 'loss'
              ? { kind: 'loss', labels: target.labels.subarray(i, i + 1) }
              : target;
          const s = await one(model, x.subarray(i * m, (i + 1) * m), req(t, [l]));
          expectClose(
            s.input as Float32Array,
            (batch.input as Float32Array).subarray(i * m, (i + 1) * m),
            1e-5,
            1e-9,
          );
          expectClose(
            s.layers[0].gradient,
            batch.layers[0].gradient.subarray(i * per, (i + 1) * per),
            1e-5,
            1e-9,
          );
          expect(s.target[0]).toBeCloseTo(batch.target[i], 6);
          const units = batch.output.length / n;
          expectClose(s.output, batch.output.subarray(i * units, (i + 1) * units), 1e-6, 1e-9);
        }
        model.dispose();
      }
    });
  });

  describe('the loaded model and memory', () => {
    it('leaves the model unchanged and keeps tf.memory().numTensors flat', async () => {
      const model = residualModel();
      const before = snapshot(model);
      const x = randomInput(3, 60);
      const xt = tf.tensor3d(x, [3, T, C]);
      const run = async () => {
        await gradients(
          model,
          x,
          [3, T, C],
          req({ kind: 'probability', classIndex: 1, temperature: 2 }, [2, 7, 0]),
        );
        await gradients(
          model,
          x,
          [3, T, C],
          req({ kind: 'loss', labels: Float32Array.from([0, 1, 1]) }, [], true),
        );
        await gradients(model, x, [3, T, C], req({ kind: 'logit', classIndex: 0 }, [3], false));
        await gradients(model, x, [3, T, C], req({ kind: 'output', index: 0 }, [], false));
        const g = gradientTensors(model, xt, req({ kind: 'probability', classIndex: 1 }, [4, 4]));
        disposeGradientTensors(g);
        outputTensor(model, xt).dispose();
        // Inside a caller's tidy, everything returned is tracked there.
        tf.tidy(() => {
          const t = gradientTensors(model, xt, req({ kind: 'logit', classIndex: 1 }, [5]));
          return xt.add((t.input as tf.Tensor).sign().mul(0.1));
        }).dispose();
        await expect(
          gradients(model, x, [3, T, C], req({ kind: 'probability', classIndex: 7 }, [2])),
        ).rejects.toThrow(/out of range/);
      };
      await run();
      const tensors = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) await run();
      expect(tf.memory().numTensors).toBe(tensors);
      xt.dispose();
      expect(snapshot(model)).toEqual(before);
      model.dispose();
    });

    it('refuses a logit target with the output layer requested, and bad requests', async () => {
      const model = separateModel();
      const x = randomInput(1, 61);
      const last = model.layers.length - 1;
      const reg = regressionModel();
      const n0 = tf.memory().numTensors;
      await expect(one(model, x, req({ kind: 'logit', classIndex: 1 }, [last]))).rejects.toThrow(
        /logits/,
      );
      await expect(one(model, x, req({ kind: 'output', index: 0 }, [last + 1]))).rejects.toThrow(
        RangeError,
      );
      await expect(
        one(model, x, req({ kind: 'loss', labels: new Float32Array(3) })),
      ).rejects.toThrow(/labels/);
      await expect(one(model, x.subarray(1), req({ kind: 'output', index: 0 }))).rejects.toThrow(
        /values/,
      );
      await expect(one(reg, x, req({ kind: 'probability', classIndex: 0 }))).rejects.toThrow(
        /sigmoid or softmax/,
      );
      expect(tf.memory().numTensors).toBe(n0);
      reg.dispose();
      model.dispose();
    });
  });

  describe('a failure inside the backward pass', () => {
    /** Passes its input through; throws when `fail` is set (a layer that breaks mid-pass). */
    class Flaky extends tf.layers.Layer {
      static className = 'Flaky';
      fail = false;
      override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
        if (this.fail) throw new Error('flaky layer');
        return (Array.isArray(inputs) ? inputs[0] : inputs).clone();
      }
    }

    it('leaves no tensor behind', async () => {
      const flaky = new Flaky({});
      const model = tf.sequential({
        layers: [
          tf.layers.conv1d({ inputShape: [T, C], filters: 2, kernelSize: 3 }),
          flaky,
          tf.layers.flatten(),
          tf.layers.dense({ units: 1, activation: 'sigmoid' }),
        ],
      });
      const x = randomInput(2, 80);
      const r = req({ kind: 'probability', classIndex: 1 }, [0]);
      await gradients(model, x, [2, T, C], r);
      const n0 = tf.memory().numTensors;
      flaky.fail = true;
      await expect(gradients(model, x, [2, T, C], r)).rejects.toThrow(/flaky/);
      expect(tf.memory().numTensors).toBe(n0);
      flaky.fail = false;
      await gradients(model, x, [2, T, C], r);
      expect(tf.memory().numTensors).toBe(n0);
      model.dispose();
    });
  });

  describe('the anomaly demo model, loaded as the app loads it', () => {
    it('input and conv gradients against finite differences', async () => {
      const dir = join(import.meta.dirname, '../../public/models/anomaly');
      const files = ['model.json', 'group1-shard1of1.bin'].map(
        (f) => new File([readFileSync(join(dir, f))], f),
      );
      const { model } = await loadModel(await sourceFromFiles(files), 'classification');
      const [, t, c] = model.inputs[0].shape as number[];
      const rng = new Rng(70);
      const x = Float32Array.from({ length: t * c }, () => rng.normal(0, 1));
      const conv = nthOf(model, 'Conv1D', 1);
      const g = await gradients(
        model,
        x,
        [1, t, c],
        req({ kind: 'probability', classIndex: 1 }, [conv]),
      );
      // Finite differences on a few input values (the full input is 150 of them).
      const h = 1e-3;
      const picks = [0, 7, 40, 77, 101, 149];
      const batch = new Float32Array(2 * picks.length * t * c);
      picks.forEach((k, j) => {
        batch.set(x, 2 * j * t * c);
        batch.set(x, (2 * j + 1) * t * c);
        batch[2 * j * t * c + k] += h;
        batch[(2 * j + 1) * t * c + k] -= h;
      });
      const v = tf.tidy(() =>
        (model.predict(tf.tensor3d(batch, [2 * picks.length, t, c])) as tf.Tensor).dataSync(),
      );
      const fd = picks.map((_, j) => (v[2 * j] - v[2 * j + 1]) / (2 * h));
      const got = picks.map((k) => (g.input as Float32Array)[k]);
      const scale = Math.max(...Array.from(g.input as Float32Array, Math.abs));
      got.forEach((gv, j) => expect(Math.abs(gv - fd[j])).toBeLessThan(2e-2 * scale + 1e-6));
      expect(g.layers[0].shape).toEqual([
        1,
        ...(model.layers[conv].outputShape as number[]).slice(1),
      ]);
      model.dispose();
    });
  });
});
