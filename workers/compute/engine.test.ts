/**
 * The analysis engine through the compute worker's API in Node (tfjs CPU backend, the real
 * demo model and data): jobs (progress, cancel, browsing served between chunks, a newer job
 * cancels the older), the evaluation job against a direct computation, influence against the
 * gradients it reduces, model requests (what the user opened last wins), datasets delivered
 * over a MessagePort.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetFromText } from '../../src/core/dataset';
import { installErrorTransfer } from '../../src/core/error-transfer';
import { errorCode } from '../../src/core/errors';
import type { Dataset, Sidecar } from '../../src/core/types';
import { cancelJob } from '../jobs';
import { api } from './api';
import type { DatasetReceiver } from './api-data';

const ROOT = join(import.meta.dirname, '../..');
const read = (rel: string) => readFileSync(join(ROOT, rel));
const modelFiles = (name: string) =>
  ['model.json', 'group1-shard1of1.bin', 'tsviz.json'].map(
    (f) => new File([read(`public/models/${name}/${f}`)], f),
  );
const demoDataset = (name: string, csv: string): Dataset => {
  const side = JSON.parse(read(`public/models/${name}/tsviz.json`).toString()) as Sidecar;
  return datasetFromText(read(`public/data/${csv}`).toString(), side.dataset, csv);
};
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

let anomaly: Dataset;

beforeAll(async () => {
  installErrorTransfer();
  await api.init('cpu', '');
  await api.loadModelFiles(modelFiles('anomaly'));
  anomaly = demoDataset('anomaly', 'anomaly-test.csv');
  await api.setDataset(anomaly);
});

describe('jobs', () => {
  it('evaluation equals a direct computation over every test sample', async () => {
    const seen: number[] = [];
    const r = await api.evaluate({ id: 'eval-direct' }, (done) => void seen.push(done));
    const [all, T, C] = anomaly.shape;
    // the demo file: 2,000 test rows first, then 2,000 training rows (its split column)
    const N = 2000;
    expect(r.rows).toEqual({ part: 'test', count: N, of: all });
    expect(r.n).toBe(N);
    expect(r.place.where).toBe('here');
    const { model } = await import('./session').then((m) => m.session.current!);
    const testX = anomaly.x.subarray(0, N * T * C);
    const p = tf.tidy(() => model.predict(tf.tensor3d(testX, [N, T, C])) as tf.Tensor);
    const probs = (await p.data()) as Float32Array;
    p.dispose();
    let correct = 0;
    let loss = 0;
    for (let i = 0; i < N; i++) {
      const q = Math.min(1 - 1e-7, Math.max(1e-7, probs[i]));
      const y = (anomaly.y as Float32Array)[i];
      if ((probs[i] >= 0.5 ? 1 : 0) === y) correct += 1;
      loss += y === 1 ? -Math.log(q) : -Math.log(1 - q);
    }
    expect(r.accuracy).toBeCloseTo(correct / N, 10);
    expect(r.loss).toBeCloseTo(loss / N, 5);
    expect(r.accuracy).toBeGreaterThan(0.98); // the README's 99.3%
    for (let i = 0; i < N; i += 97) expect(r.outputs[i]).toBeCloseTo(probs[i], 5);
    expect(seen[seen.length - 1]).toBe(N);
    expect(seen.length).toBeGreaterThan(1);
  });

  it('cancel mid-way: throws cancelled, leaves no tensors', async () => {
    const before = tf.memory().numTensors;
    const token = { id: 'eval-cancel' };
    let calls = 0;
    const err = await rejection(
      api.evaluate(token, () => {
        calls += 1;
        if (calls === 2) api.cancel(token.id);
      }),
    );
    expect(errorCode(err)).toBe('cancelled');
    expect(tf.memory().numTensors).toBe(before);
    // the next job runs normally
    const r = await api.evaluate({ id: 'eval-after' });
    expect(r.n).toBe(2000); // the test rows
  });

  it('browsing is served between the chunks of a running job', async () => {
    const order: string[] = [];
    let asked: Promise<unknown> | null = null;
    const job = api
      .evaluate({ id: 'eval-browse' }, (done, total) => {
        if (!asked && done > 0 && done < total) {
          asked = api.sample(5).then(() => void order.push('sample'));
        }
      })
      .then(() => void order.push('job'));
    await job;
    await asked;
    expect(order).toEqual(['sample', 'job']);
  });

  it('a newer job of the same kind cancels the older one', async () => {
    const older = rejection(api.evaluate({ id: 'eval-old' }));
    await new Promise((r) => setTimeout(r, 5));
    const newer = api.evaluate({ id: 'eval-new' });
    expect(errorCode(await older)).toBe('cancelled');
    expect((await newer).n).toBe(2000); // the test rows
  });

  it('a token cancelled before the start never runs', async () => {
    cancelJob('eval-early');
    expect(errorCode(await rejection(api.evaluate({ id: 'eval-early' })))).toBe('cancelled');
  });
});

describe('influence', () => {
  it('saliency and filter importance equal |gradients| reduced on the CPU', async () => {
    const source = { samples: [3, 7, 11] };
    const inf = await api.influence({ source });
    const { info } = (await api.loadModelUrl) === undefined ? { info: null } : { info: null };
    void info;
    const layers = inf.filters.map((f) => f.layer);
    const g = await api.gradients(source, {
      target: { kind: 'probability', classIndex: 1 },
      layers,
      input: true,
    });
    expect(Array.from(inf.saliency)).toEqual(Array.from(g.input as Float32Array, Math.abs));
    expect(inf.filters.map((f) => f.path)).toEqual(['cpu', 'cpu', 'cpu']);
    for (const [k, f] of inf.filters.entries()) {
      const [n, p, F] = g.layers[k].shape;
      expect(f.importance.length).toBe(n * F);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < F; j++) {
          let s = 0;
          for (let q = 0; q < p; q++) s += Math.abs(g.layers[k].gradient[(i * p + q) * F + j]);
          expect(f.importance[i * F + j]).toBeCloseTo(s, 5);
        }
    }
    // the anomaly demo's filters are its LeakyReLU outputs
    expect(inf.filterTensor).toBe('activation');
    expect(inf.filters.map((f) => f.importance.length / 3)).toEqual([16, 32, 64]);
  });

  it('an input of the caller’s own is explained too, and a wrong shape is refused', async () => {
    const x = anomaly.x.slice(0, 150);
    const own = await api.influence({ source: { x, shape: [1, 50, 3] } });
    const viaDataset = await api.influence({ source: { samples: [0] } });
    expect(Array.from(own.saliency)).toEqual(Array.from(viaDataset.saliency));
    const err = await rejection(api.influence({ source: { x, shape: [1, 75, 2] } }));
    expect(errorCode(err)).toBe('dataset-window');
  });
});

describe('model requests and dataset delivery', () => {
  it('a model load with a lower request number does not replace a later one', async () => {
    const user = await api.loadModelFiles(modelFiles('ecg200'), 10);
    expect(user.info.inputShape).toEqual([96, 1]);
    const err = await rejection(api.loadModelFiles(modelFiles('anomaly'), 9));
    expect(errorCode(err)).toBe('cancelled');
    const again = await api.loadModelFiles(modelFiles('anomaly'), 11);
    expect(again.info.inputShape).toEqual([50, 3]);
  });

  it('a dataset delivered over a port is adopted by id; a misfit keeps the previous one', async () => {
    const { port1, port2 } = new MessageChannel();
    api.connectDataPort(port1 as unknown as MessagePort);
    const sender = Comlink.wrap<DatasetReceiver>(port2 as unknown as Comlink.Endpoint);
    const ds = demoDataset('anomaly', 'anomaly-test.csv');
    await sender.receive('d1', Comlink.transfer(ds, [ds.x.buffer as ArrayBuffer]));
    expect(await api.useDataset('d1')).toEqual({ n: 4000, shape: [4000, 50, 3] });
    const ecg = demoDataset('ecg200', 'ecg200-test.tsv');
    const pending = rejection(api.useDataset('d2')); // asked before it arrives: waits for it
    await sender.receive('d2', ecg);
    expect(errorCode(await pending)).toBe('dataset-window');
    const view = await api.sample(1999); // the anomaly dataset is still there
    expect(view.shape).toEqual([50, 3]);
    port1.close();
    port2.close();
  });
});
