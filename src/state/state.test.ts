/**
 * The page's state and actions with an injected bridge: the real compute and data worker APIs
 * (tfjs CPU backend in Node), called in-process; the data worker hands datasets to the compute
 * worker over a real MessageChannel, as in the browser.
 */
import * as Comlink from 'comlink';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { api as computeApi } from '../../workers/compute/api';
import { api as dataApi } from '../../workers/data/api';
import { installErrorTransfer } from '../core/error-transfer';
import type { Sidecar } from '../core/types';
import type { ComputeApi, DataApi } from '../bridge';
import { clearAlerts, setState, state } from './app-state';
import { setBridge, type Bridge } from './bridge';
import { loadDataset } from './dataset';
import { evaluateModel } from './evaluate';
import { openModelFiles } from './model';
import { explainInput, selectSample, selectedSource } from './sample';
import { DEFAULT_IMPORTANCE_SETTINGS, importanceRequest } from './importance';

const ROOT = join(import.meta.dirname, '../..');
const read = (rel: string) => readFileSync(join(ROOT, rel));
const file = (rel: string) => new File([read(rel)], rel.split('/').pop() ?? rel);
const modelFiles = (name: string) =>
  ['model.json', 'group1-shard1of1.bin', 'tsviz.json'].map((f) =>
    file(`public/models/${name}/${f}`),
  );
const sidecar = (name: string) =>
  JSON.parse(read(`public/models/${name}/tsviz.json`).toString()) as Sidecar;

let jobs = 0;

beforeAll(async () => {
  installErrorTransfer();
  // The APIs are called directly: Node's structured clone drops a File's name, which a real
  // worker boundary keeps (src/core/error-transfer.test.ts covers errors across Comlink).
  const compute = computeApi as unknown as Comlink.Remote<ComputeApi>;
  const data = dataApi as unknown as Comlink.Remote<DataApi>;
  const { port1, port2 } = new MessageChannel();
  computeApi.connectDataPort(port1 as unknown as MessagePort);
  dataApi.connectCompute(port2 as unknown as MessagePort);
  const bridge: Bridge = {
    compute: () => compute,
    data: () => data,
    newJob: () => ({ id: `test-job-${++jobs}` }),
    progress: (fn) => fn,
    callback: (fn) => fn,
    transfer: (v) => v,
  };
  setBridge(bridge);
  const info = await compute.init('cpu', '');
  setState('backend', info);
});

describe('state actions (injected bridge, real workers in-process)', () => {
  it('opens a model and a dataset: the page keeps the summary, the sample is analysed', async () => {
    await openModelFiles(modelFiles('anomaly'));
    expect(state.alerts.map((a) => a.text)).toEqual([]);
    expect(state.model?.info.filterLayers.length).toBe(3);
    const ok = await loadDataset(
      file('public/data/anomaly-test.csv'),
      sidecar('anomaly').dataset,
      'anomaly-test.csv',
    );
    expect(ok).toBe(true);
    expect(state.alerts).toEqual([]);
    expect(state.dataset?.shape).toEqual([4000, 50, 3]);
    expect(state.dataset?.labels?.length).toBe(4000);
    expect(state.dataset?.split).toMatchObject({ train: 2000, test: 2000 });
    expect('x' in (state.dataset ?? {})).toBe(false); // the values stay in the workers
    expect(state.sample?.index).toBe(0);
    expect(state.jobs.dataset).toBeUndefined();
    await selectSample(5);
    expect(state.sample?.index).toBe(5);
  });

  it('a dataset that does not fit gets an alert and the previous one stays', async () => {
    clearAlerts();
    const ok = await loadDataset(
      file('public/data/ecg200-test.tsv'),
      sidecar('ecg200').dataset,
      'ecg200-test.tsv',
    );
    expect(ok).toBe(false);
    expect(state.alerts.map((a) => a.text).join(' ')).toContain('50 time steps');
    expect(state.dataset?.source).toBe('anomaly-test.csv');
    await selectSample(7);
    expect(state.sample?.shape).toEqual([50, 3]);
  });

  it('the model opened last wins, whichever finishes first', async () => {
    clearAlerts();
    const first = openModelFiles(modelFiles('ecg200'));
    const second = openModelFiles(modelFiles('anomaly'));
    await Promise.all([first, second]);
    expect(state.model?.info.inputShape).toEqual([50, 3]);
    expect(state.alerts).toEqual([]);
    await selectSample(1);
    expect(state.sample?.shape).toEqual([50, 3]); // the worker holds the same model
  });

  it('evaluation runs as a job with progress; Cancel stops it without an alert', async () => {
    clearAlerts();
    const seen: number[] = [];
    const running = evaluateModel();
    await Promise.resolve();
    expect(state.jobs.evaluate?.label).toBeTruthy();
    const done = await running;
    expect(done?.n).toBe(2000);
    expect(done?.accuracy).toBeGreaterThan(0.98);
    expect(state.jobs.evaluate).toBeUndefined();

    const cancelled = evaluateModel();
    await new Promise((r) => setTimeout(r, 30));
    const job = state.jobs.evaluate;
    if (job) seen.push(job.done);
    job?.cancel?.();
    expect(await cancelled).toBeNull();
    expect(state.jobs.evaluate).toBeUndefined();
    expect(state.alerts).toEqual([]);
    expect(job).toBeDefined();
  });

  it('explainInput makes the views explain an input of its own until a sample is chosen', async () => {
    clearAlerts();
    await selectSample(2);
    const base = state.sample!;
    const x = base.x.map((v, i) => (i % 3 === 1 ? v + 0.5 : v)); // a changed temperature channel
    await explainInput('a test input', x, [50, 3]);
    expect(state.alerts).toEqual([]);
    expect(state.explained).toEqual({ name: 'a test input' });
    expect(state.sample?.index).toBe(-1);
    expect(Array.from(state.sample!.x)).toEqual(Array.from(x));
    expect(state.sample!.output[0]).not.toBeCloseTo(base.output[0], 6); // its own forward pass
    const source = selectedSource();
    expect(source && 'x' in source ? source.shape : null).toEqual([1, 50, 3]);
    const req = importanceRequest(structuredClone(DEFAULT_IMPORTANCE_SETTINGS));
    expect(req && 'x' in req.source).toBe(true);

    await explainInput('too short', x.subarray(0, 30), [10, 3]);
    expect(state.alerts.map((a) => a.text).join(' ')).toContain('10 steps');
    expect(state.explained?.name).toBe('a test input'); // the previous input stays

    await selectSample(2);
    expect(state.explained).toBeNull();
    expect(selectedSource()).toEqual({ sample: 2 });
  });
});
