/**
 * Zeroing, the faithfulness test, the pruning sweep and the pruned-model download (prune.ts,
 * api-pruning.ts) on the tfjs CPU backend: through the compute API on the real anomaly demo
 * (its first 300 rows, the first 100 as training rows), and a small toy model for the sweep
 * with fine-tuning. The loaded model is never changed, zeroing touches exactly the chosen
 * filters, the most important filter of every conv layer hurts more than the least important
 * one (Table 1), the sweep's curves have one point per pruned filter, fine-tuning needs
 * training rows, a cancel leaves no tensors, and the downloaded files load back through the
 * app's own loader with the zeroed model's outputs.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetFromText } from '../../src/core/dataset';
import { errorCode } from '../../src/core/errors';
import type { PruningRanking } from '../../src/core/protocol';
import type { Dataset, Sidecar } from '../../src/core/types';
import { cancelJob } from '../jobs';
import { datasetApi } from './api-data';
import { importanceApi } from './api-importance';
import { modelApi } from './api-model';
import { pruningApi } from './api-pruning';
import { Rng } from '../../src/core/random';
import { job } from './job';
import { describeModel } from './model-info';
import { copyModel, modelArtifacts } from './train';
import { session } from './session';
import { pruningSweep, zeroFilters } from './prune';

const ROOT = join(import.meta.dirname, '../..');
const file = (rel: string) =>
  new File([readFileSync(join(ROOT, rel))], rel.split('/').pop() ?? rel);
const demoFiles = [
  file('public/models/anomaly/model.json'),
  file('public/models/anomaly/group1-shard1of1.bin'),
  file('public/models/anomaly/tsviz.json'),
];
const N = 300;

function demoDataset(split: boolean): Dataset {
  const side = JSON.parse(
    readFileSync(join(ROOT, 'public/models/anomaly/tsviz.json'), 'utf8'),
  ) as Sidecar;
  const full = datasetFromText(
    readFileSync(join(ROOT, 'public/data/anomaly-test.csv'), 'utf8'),
    side.dataset,
    'anomaly-test.csv',
  );
  const [, T, C] = full.shape;
  return {
    ...full,
    x: full.x.slice(0, N * T * C),
    y: full.y!.slice(0, N),
    shape: [N, T, C],
    // rows 0..99 train, the rest test
    split: split ? Uint8Array.from({ length: N }, (_, i) => (i < 100 ? 0 : 1)) : null,
  };
}

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

/** The compute API's parts these tests use (api.ts merges them with the other views'). */
const api = { ...modelApi, ...datasetApi, ...importanceApi, ...pruningApi };

let ranking: PruningRanking;
let convs: number[];

beforeAll(async () => {
  await api.init('cpu', '');
  await api.loadModelFiles(demoFiles);
  await api.setDataset(demoDataset(true));
  const imp = await api.datasetImportance('activation', undefined, undefined, 'train');
  expect(imp.rows).toBe(100); // the training rows
  ranking = { rows: 'train', layers: imp.layers.map((l) => ({ conv: l.conv, mean: l.mean })) };
  convs = imp.layers.map((l) => l.conv);
}, 120_000);

describe('pruning on the anomaly demo (cpu)', () => {
  it('zeroes exactly the chosen filters of a copy', async () => {
    const copy = await copyModel(session.current!.artifacts);
    const before = copy.layers[convs[0]].getWeights().map((w) => Array.from(w.dataSync()));
    zeroFilters(copy, convs[0], [2, 5]);
    const [kernel, bias] = copy.layers[convs[0]].getWeights();
    const [k, cin, F] = kernel.shape;
    const kv = kernel.dataSync();
    const bv = bias.dataSync();
    for (let f = 0; f < F; f++) {
      const gone = f === 2 || f === 5;
      expect(bv[f] + 0).toBe(gone ? 0 : before[1][f]);
      for (let i = 0; i < k * cin; i++)
        expect(kv[i * F + f] + 0).toBe(gone ? 0 : before[0][i * F + f]);
    }
    copy.dispose();
  });

  it('Table 1: the most important filter hurts more than the least, every layer; the model is untouched', async () => {
    const loaded = weightsOf(session.current!.model);
    const tensors = tf.memory().numTensors;
    const r = await api.faithfulness({ ranking });
    expect(r.testRows).toBe(200);
    expect(r.rows.map((x) => x.conv)).toEqual(convs);
    for (const row of r.rows) {
      expect(row.mostLoss).toBeGreaterThan(row.leastLoss);
      expect(row.ratio).toBeCloseTo(row.mostLoss / row.leastLoss, 10);
      expect(row.leastLoss).toBeGreaterThanOrEqual(r.base.loss - 0.05);
      expect(row.mostScore.accuracy).not.toBeNull();
    }
    expect(weightsOf(session.current!.model)).toEqual(loaded);
    expect(tf.memory().numTensors).toBe(tensors);
  }, 120_000);

  it('the zero-out sweep: one point per pruned filter, least-first below most-first', async () => {
    const loaded = weightsOf(session.current!.model);
    const tensors = tf.memory().numTensors;
    const r = await api.pruningSweep({
      ranking,
      layers: [convs[0]],
      epochs: 0,
      seed: 1,
      maxRows: 100,
    });
    expect(r.curves.map((c) => c.order)).toEqual(['least-first', 'most-first']);
    const [least, most] = r.curves;
    expect(least.points).toHaveLength(16); // 0..15 pruned: one filter is left
    expect(least.points.map((p) => p.pruned)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(new Set(least.points.slice(1).map((p) => p.filter)).size).toBe(15);
    // the same start; pruning the important filters first costs more on average
    expect(most.points[0].score.loss).toBe(least.points[0].score.loss);
    const area = (c: typeof least) => c.points.reduce((a, p) => a + p.score.loss, 0);
    expect(area(most)).toBeGreaterThan(area(least));
    expect(weightsOf(session.current!.model)).toEqual(loaded);
    expect(tf.memory().numTensors).toBe(tensors);
  }, 120_000);

  it('fine-tunes the physically pruned model on the training rows after each step', async () => {
    // a small seeded model and toy set (class 1: a bump in channel 0), rows 0..39 train
    const T = 12;
    const C = 2;
    const n = 60;
    const rng = new Rng(4);
    const x = new Float32Array(n * T * C);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 2;
      for (let t = 0; t < T; t++) {
        x[(i * T + t) * C] = rng.normal(0, 0.3) + (y[i] && t === 5 ? 2 : 0);
        x[(i * T + t) * C + 1] = rng.normal(0, 1);
      }
    }
    const ds: Dataset = {
      x,
      y,
      shape: [n, T, C],
      task: 'classification',
      channelNames: ['a', 'b'],
      classNames: ['no', 'yes'],
      standardization: null,
      source: 'toy',
      split: Uint8Array.from({ length: n }, (_, i) => (i < 40 ? 0 : 1)),
    };
    const init = () => tf.initializers.glorotUniform({ seed: rng.nextSeed() });
    const model = tf.sequential({
      layers: [
        tf.layers.conv1d({
          inputShape: [T, C],
          filters: 4,
          kernelSize: 3,
          kernelInitializer: init(),
        }),
        tf.layers.leakyReLU({ alpha: 0.3 }),
        tf.layers.maxPooling1d({ poolSize: 2 }),
        tf.layers.conv1d({ filters: 3, kernelSize: 3, kernelInitializer: init() }),
        tf.layers.leakyReLU({ alpha: 0.3 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: init() }),
      ],
    });
    const artifacts = await modelArtifacts(model);
    const info = describeModel(model, 'toy', 'classification', [], []);
    const before = weightsOf(model);
    const tensors = tf.memory().numTensors;
    const req = {
      ranking: {
        rows: 'train' as const,
        layers: [
          { conv: 0, mean: [0.1, 0.4, 0.2, 0.3] },
          { conv: 3, mean: [0.3, 0.1, 0.2] },
        ],
      },
      epochs: 2,
      seed: 3,
      batchSize: 8,
    };
    const r = await job('pruning', undefined, undefined, (ctx) =>
      pruningSweep(model, artifacts, info, ds, req, ctx),
    );
    expect(r.trainRows).toBe(40);
    expect(r.testRows).toBe(20);
    expect(r.curves.map((c) => [c.conv, c.order, c.points.length])).toEqual([
      [0, 'least-first', 4],
      [0, 'most-first', 4],
      [3, 'least-first', 3],
      [3, 'most-first', 3],
    ]);
    expect(r.curves[0].points.map((p) => p.filter)).toEqual([-1, 0, 2, 3]);
    expect(r.curves[1].points.map((p) => p.filter)).toEqual([-1, 1, 3, 2]);
    for (const c of r.curves)
      for (const p of c.points) expect(Number.isFinite(p.score.loss)).toBe(true);
    // trained copies differ from zeroing: the curves are not the zero-out ones
    const zeroOut = await job('pruning', undefined, undefined, (ctx) =>
      pruningSweep(model, artifacts, info, ds, { ...req, epochs: 0 }, ctx),
    );
    expect(zeroOut.curves[0].points[3].score.loss).not.toBe(r.curves[0].points[3].score.loss);
    expect(weightsOf(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  }, 120_000);

  it('a cancelled sweep throws cancelled and leaves no tensors', async () => {
    const tensors = tf.memory().numTensors;
    const token = { id: 'prune-cancel' };
    let seen = 0;
    const run = api.pruningSweep({ ranking, epochs: 0, seed: 1 }, token, (done) => {
      seen = done;
      if (done >= 3) cancelJob(token.id);
    });
    await expect(run).rejects.toSatisfy((e) => errorCode(e) === 'cancelled');
    expect(seen).toBeGreaterThanOrEqual(3);
    expect(tf.memory().numTensors).toBe(tensors);
  }, 120_000);

  it('the downloaded pruned model loads back through the app and matches the zeroed model', async () => {
    const loadedModel = session.current!.model;
    const loaded = weightsOf(loadedModel);
    const remove = convs.map((conv, k) => ({ conv, count: [4, 8, 16][k] }));
    const files = await api.prunedModel({ ranking, remove });
    expect(files.removed.map((r) => r.filters.length)).toEqual([4, 8, 16]);
    expect(files.after.params).toBeLessThan(files.before.params);
    expect(files.maxAbsDiff).toBeLessThan(1e-5);
    expect(weightsOf(loadedModel)).toEqual(loaded);
    const side = JSON.parse(files.sidecar!) as Sidecar;
    expect(side.name).toContain('(pruned)');

    // through the app's own loader (validation, manifest, shards)
    const zeroed = await copyModel(session.current!.artifacts);
    for (const [k, r] of files.removed.entries()) zeroFilters(zeroed, convs[k], r.filters);
    const summary = await api.loadModelFiles([
      new File([files.modelJson], 'model.json'),
      new File([files.weights], 'weights.bin'),
      new File([files.sidecar!], 'tsviz.json'),
    ]);
    expect(summary.info.filterLayers.map((f) => f.filters)).toEqual([12, 24, 48]);
    expect(summary.info.totalParams).toBe(files.after.params);
    const x = tf.tensor3d(demoDataset(false).x.slice(0, 20 * 150), [20, 50, 3]);
    const a = (session.current!.model.predict(x) as tf.Tensor).dataSync();
    const b = (zeroed.predict(x) as tf.Tensor).dataSync();
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-5);
    x.dispose();
    zeroed.dispose();
  }, 120_000);

  it('refuses fine-tuning without training rows', async () => {
    await api.loadModelFiles(demoFiles);
    await api.setDataset(demoDataset(false));
    await expect(
      api.pruningSweep({ ranking, layers: [convs[0]], epochs: 2, seed: 1 }),
    ).rejects.toSatisfy(
      (e) => errorCode(e) === 'dataset-config' && /no training rows/.test(String(e)),
    );
  }, 120_000);
});
