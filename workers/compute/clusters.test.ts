/**
 * The Clusters view's worker side (clusters.ts, api-clusters.ts) on the tfjs CPU backend: the
 * job against the same pipeline computed directly (the layer's activation from a sub-model,
 * dtwMatrix, completeLinkage, silhouetteByK; importances against sampleImportance), the
 * transposition of activations into series, cancel, bad layers, and the anomaly demo through the
 * API (a dataset sample and the same input sent as values give the same clusters).
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetFromText } from '../../src/core/dataset';
import { dtwMatrix, minMaxRows } from '../../src/core/dtw';
import { installErrorTransfer } from '../../src/core/error-transfer';
import { errorCode } from '../../src/core/errors';
import { completeLinkage, cutIntoK } from '../../src/core/linkage';
import type { ModelInfo } from '../../src/core/model-graph';
import { Rng } from '../../src/core/random';
import { silhouetteByK, silhouetteScore } from '../../src/core/silhouette';
import type { Dataset, Sidecar } from '../../src/core/types';
import { cancelJob } from '../jobs';
import { api } from './api';
import { CLUSTER_STAGES, clusterLayer, filterSeries } from './clusters';
import { sampleImportance } from './importance';
import { job } from './job';
import { describeModel } from './model-info';
import { started } from './session';

const T = 16;
const C = 2;

function seeded(model: tf.LayersModel, seed: number): tf.LayersModel {
  const rng = new Rng(seed);
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      const size = w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
      const fanIn = w.shape.slice(0, -1).reduce((a: number, b) => a * (b ?? 1), 1);
      return tf.tensor(
        Array.from({ length: size }, () => rng.normal(0, 1.2 / Math.sqrt(Math.max(1, fanIn)))),
        w.shape as number[],
      );
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
  return model;
}

/** conv relu (6 filters), max-pool, conv + a separate leaky ReLU (7 filters), dense sigmoid. */
function smallModel(): tf.LayersModel {
  return seeded(
    tf.sequential({
      layers: [
        tf.layers.conv1d({ inputShape: [T, C], filters: 6, kernelSize: 3, activation: 'relu' }),
        tf.layers.maxPooling1d({ poolSize: 2 }),
        tf.layers.conv1d({ filters: 7, kernelSize: 3 }),
        tf.layers.leakyReLU({ alpha: 0.3 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
    5,
  );
}

const input = (seed: number) => {
  const rng = new Rng(seed);
  return Float32Array.from({ length: T * C }, () => rng.normal(0, 1));
};

/** The layer's output for x, from a sub-model: [T_l, F] row-major. */
function layerOutput(model: tf.LayersModel, layer: number, x: Float32Array): Float32Array {
  return tf.tidy(() => {
    const sub = tf.model({ inputs: model.inputs, outputs: model.layers[layer].output });
    return (sub.predict(tf.tensor3d(x, [1, T, C])) as tf.Tensor).dataSync() as Float32Array;
  });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  started();
});

describe('filterSeries', () => {
  it('turns [T_l, F] into one row per filter', () => {
    // a[t, f] = 10 t + f
    const a = Float32Array.from({ length: 3 * 2 }, (_, i) => 10 * Math.floor(i / 2) + (i % 2));
    expect(Array.from(filterSeries(a, 3, 2))).toEqual([0, 10, 20, 1, 11, 21]);
  });
});

describe('clusterLayer on a small seeded model', () => {
  let model: tf.LayersModel;
  let info: ModelInfo;
  beforeAll(() => {
    model = smallModel();
    info = describeModel(model, 'small', 'classification', [], []);
  });

  for (const scale of [true, false])
    for (const convIndex of [0, 1])
      it(`conv ${convIndex}, ${scale ? 'min-max scaled' : 'raw'}: the direct pipeline's numbers`, async () => {
        const fl = info.filterLayers[convIndex];
        const x = input(7 + convIndex);
        const before = tf.memory().numTensors;
        const seen: [number, number, string][] = [];
        const r = await job(
          'clusters-test',
          undefined,
          (d, t, l) => seen.push([d, t, l]),
          (ctx) =>
            clusterLayer(model, info, x, [T, C], { conv: fl.conv, scale }, ctx, { prefer: 'cpu' }),
        );
        expect(tf.memory().numTensors).toBe(before);
        expect(seen[seen.length - 1][0]).toBe(CLUSTER_STAGES.length);
        // progress is sent at most every 50 ms, but always at the start and the end
        expect(seen[0]).toEqual([
          0,
          CLUSTER_STAGES.length,
          `${info.layers[fl.conv].name}: ${CLUSTER_STAGES[0]}`,
        ]);

        // the activation: the filter tensor's output, from a sub-model
        const a = layerOutput(model, fl.output, x);
        const F = fl.filters;
        const steps = a.length / F;
        expect(r.filters).toBe(F);
        expect(r.steps).toBe(steps);
        expect(r.layer).toBe(fl.output);
        expect(r.conv).toBe(fl.conv);
        for (let i = 0; i < a.length; i++) expect(r.activation[i]).toBeCloseTo(a[i], 5);

        // the importances: as the Importance view computes them
        const imp = await sampleImportance(model, info, x, [T, C], {}, { prefer: 'cpu' });
        const layer = imp.layers.find((l) => l.conv === fl.conv);
        expect(layer).toBeDefined();
        for (let f = 0; f < F; f++) expect(r.importance[f]).toBeCloseTo(layer!.importance[f], 5);
        expect(r.target.label).toBe(imp.target.label);

        // the matrix, tree and silhouettes: the src/core functions on the same series
        const rows = filterSeries(a, steps, F);
        const series = scale ? minMaxRows(rows, F, steps) : rows;
        const dist = dtwMatrix(series, F, steps);
        expect(r.dist.length).toBe(F * F);
        for (let i = 0; i < F * F; i++) expect(r.dist[i]).toBeCloseTo(dist[i], 4);
        const merges = completeLinkage(dist, F);
        expect(r.merges.map((m) => [m.a, m.b, m.size])).toEqual(
          merges.map((m) => [m.a, m.b, m.size]),
        );
        r.merges.forEach((m, i) => expect(m.height).toBeCloseTo(merges[i].height, 4));
        const s = silhouetteByK(dist, F, merges);
        expect(r.silhouette.map((v) => v.k)).toEqual(s.scores.map((v) => v.k));
        r.silhouette.forEach((v, i) => expect(v.score).toBeCloseTo(s.scores[i].score, 4));
        expect(r.bestK).toBe(s.best);
        // the best k is the arg-max of the listed scores, and its score is the silhouette there
        if (r.bestK !== null) {
          const best = r.silhouette.reduce((p, q) => (q.score > p.score ? q : p));
          expect(best.k).toBe(r.bestK);
          const labels = cutIntoK(r.merges, F, r.bestK);
          expect(silhouetteScore(r.dist, F, labels)).toBeCloseTo(best.score, 4);
        }
        expect(r.scale).toBe(scale);
        expect(r.window).toBeNull();
        expect(r.backend).toBe('cpu');
      });

  it('a Sakoe-Chiba window reaches the DTW matrix', async () => {
    const fl = info.filterLayers[0];
    const x = input(3);
    const r = await job('clusters-test', undefined, undefined, (ctx) =>
      clusterLayer(model, info, x, [T, C], { conv: fl.conv, scale: true, window: 1 }, ctx),
    );
    const a = layerOutput(model, fl.output, x);
    const steps = a.length / fl.filters;
    const dist = dtwMatrix(
      minMaxRows(filterSeries(a, steps, fl.filters), fl.filters, steps),
      fl.filters,
      steps,
      {
        window: 1,
      },
    );
    for (let i = 0; i < dist.length; i++) expect(r.dist[i]).toBeCloseTo(dist[i], 4);
    expect(r.window).toBe(1);
  });

  it('a layer that is not a conv layer is a TsvizError', async () => {
    const err = await job('clusters-test', undefined, undefined, (ctx) =>
      clusterLayer(model, info, input(1), [T, C], { conv: 4, scale: true }, ctx),
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(errorCode(err)).toBe('model-layer');
  });

  it('cancelled between stages: rejects with cancelled and leaves no tensors', async () => {
    const before = tf.memory().numTensors;
    const token = { id: 'clusters-cancel' };
    const stages: number[] = [];
    // the cancel arrives while the first stage runs; the job yields after it and stops
    setTimeout(() => cancelJob(token.id), 0);
    const err = await job(
      'clusters-test',
      token,
      (d) => stages.push(d),
      (ctx) =>
        clusterLayer(
          model,
          info,
          input(2),
          [T, C],
          { conv: info.filterLayers[1].conv, scale: true },
          ctx,
        ),
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(errorCode(err)).toBe('cancelled');
    expect(stages).toEqual([0]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

// ---- the real anomaly demo, through the compute worker's API ----

const ROOT = join(import.meta.dirname, '../..');
const read = (rel: string) => readFileSync(join(ROOT, rel));

describe('the anomaly demo through the API', () => {
  let anomaly: Dataset;
  /** The second conv layer (model.layers index). */
  let conv2 = -1;
  beforeAll(async () => {
    installErrorTransfer();
    await api.init('cpu', '');
    const summary = await api.loadModelFiles(
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
    conv2 = summary.info.filterLayers[1].conv;
  });

  it('the second conv layer of sample 3, and the same input sent as values', async () => {
    const before = tf.memory().numTensors;
    const fromSample = await api.clusterLayer({ source: { sample: 3 }, conv: conv2, scale: true });
    expect(tf.memory().numTensors).toBe(before);
    expect(fromSample.filters).toBe(32);
    expect(fromSample.dist.length).toBe(32 * 32);
    expect(fromSample.merges.length).toBe(31);
    expect(fromSample.silhouette.map((s) => s.k)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 2),
    );
    expect(fromSample.bestK).not.toBeNull();
    expect(fromSample.place.where).toBe('here');
    expect(fromSample.target.label).toMatch(/^probability of (normal|anomalous)$/);
    for (let i = 0; i < 32; i++) {
      expect(fromSample.dist[i * 32 + i]).toBe(0);
      for (let j = 0; j < i; j++)
        expect(fromSample.dist[i * 32 + j]).toBeCloseTo(fromSample.dist[j * 32 + i], 5);
    }
    const own = await api.clusterLayer({
      source: { x: anomaly.x.slice(3 * 150, 4 * 150), shape: [1, 50, 3] },
      conv: conv2,
      scale: true,
    });
    expect(Array.from(own.dist)).toEqual(Array.from(fromSample.dist));
    expect(own.merges).toEqual(fromSample.merges);
    expect(own.bestK).toBe(fromSample.bestK);
    console.log(
      `anomaly demo, ${fromSample.name} of sample 3: best k = ${fromSample.bestK}, ` +
        `stages ${JSON.stringify(fromSample.ms)} ms on ${fromSample.backend}/${fromSample.distancePath}`,
    );
  });

  it('a sample that does not exist is a TsvizError', async () => {
    const err = await api
      .clusterLayer({ source: { sample: 99999 }, conv: conv2, scale: true })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(errorCode(err)).toBe('dataset-config');
  });
});
