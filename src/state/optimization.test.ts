/**
 * The Optimization view's state with an injected bridge (the real compute and data worker APIs
 * in-process, tfjs CPU backend): the request the settings make, a run with its live trace, and
 * sending the result to the other views.
 */
import type * as Comlink from 'comlink';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetApi } from '../../workers/compute/api-data';
import { jobsApi } from '../../workers/compute/api-jobs';
import { modelApi } from '../../workers/compute/api-model';
import { optimizationApi } from '../../workers/compute/api-optimization';
import { sampleApi } from '../../workers/compute/api-sample';
import { api as dataApi } from '../../workers/data/api';
import type { ComputeApi, DataApi } from '../bridge';
import { installErrorTransfer } from '../core/error-transfer';
import type { Sidecar } from '../core/types';
import { clearAlerts, setState, state } from './app-state';
import { setBridge, type Bridge } from './bridge';
import { loadDataset } from './dataset';
import { openModelFiles } from './model';
import {
  DEFAULT_OPTIMIZATION_SETTINGS,
  explainResult,
  liveTrace,
  optimizationRequest,
  optimizationResult,
  runOptimization,
  setOptimizationSettings,
} from './optimization';
import { selectSample } from './sample';

const ROOT = join(import.meta.dirname, '../..');
const read = (rel: string) => readFileSync(join(ROOT, rel));
const file = (rel: string) => new File([read(rel)], rel.split('/').pop() ?? rel);
const sidecar = (name: string) =>
  JSON.parse(read(`public/models/${name}/tsviz.json`).toString()) as Sidecar;
const open = async (name: string, data: string) => {
  await openModelFiles(
    ['model.json', 'group1-shard1of1.bin', 'tsviz.json'].map((f) =>
      file(`public/models/${name}/${f}`),
    ),
  );
  expect(await loadDataset(file(`public/data/${data}`), sidecar(name).dataset, data)).toBe(true);
};

let jobs = 0;

beforeAll(async () => {
  installErrorTransfer();
  // the parts of the compute API these actions call (api.ts merges them with the others)
  const computeApi = {
    ...modelApi,
    ...datasetApi,
    ...sampleApi,
    ...jobsApi,
    ...optimizationApi,
  };
  const compute = computeApi as unknown as Comlink.Remote<ComputeApi>;
  const data = dataApi as unknown as Comlink.Remote<DataApi>;
  const { port1, port2 } = new MessageChannel();
  computeApi.connectDataPort(port1 as unknown as MessagePort);
  dataApi.connectCompute(port2 as unknown as MessagePort);
  const bridge: Bridge = {
    compute: () => compute,
    data: () => data,
    newJob: () => ({ id: `opt-job-${++jobs}` }),
    progress: (fn) => fn,
    callback: (fn) => fn,
    transfer: (v) => v,
  };
  setBridge(bridge);
  setState('backend', await compute.init('cpu', ''));
});

describe('the Optimization state', () => {
  it('anomaly demo: the paper defaults, a run with its live trace, explain the result', async () => {
    await open('anomaly', 'anomaly-test.csv');
    const anomalous = Array.from(state.dataset!.labels!).indexOf(1);
    await selectSample(anomalous);
    setOptimizationSettings(structuredClone(DEFAULT_OPTIMIZATION_SETTINGS));
    const inv = optimizationRequest(DEFAULT_OPTIMIZATION_SETTINGS);
    expect(inv).toMatchObject({
      method: 'inverse',
      start: { random: true, shape: [50, 3], std: 0.25 },
      target: { kind: 'class', classIndex: 1 },
      alpha: 0.01,
      steps: 1000,
      seed: 1,
      channels: [true, true, true],
      derived: null,
    });
    const ifgsm = optimizationRequest({
      ...DEFAULT_OPTIMIZATION_SETTINGS,
      method: 'iterative-fgsm',
    });
    expect(ifgsm).toMatchObject({
      start: { sample: anomalous },
      target: { kind: 'class', classIndex: 1 }, // the sample's label
      alpha: 1e-4,
      epsilon: 0.1,
      steps: 1000,
    });
    expect(optimizationRequest({ ...DEFAULT_OPTIMIZATION_SETTINGS, method: 'fgsm' }).epsilon).toBe(
      0.1,
    );

    setOptimizationSettings({ method: 'iterative-fgsm', channels: [false, true, true] });
    setOptimizationSettings('alpha', 'iterative-fgsm', 0.01);
    setOptimizationSettings('steps', 'iterative-fgsm', 20);
    clearAlerts();
    const r = await runOptimization();
    expect(state.alerts).toEqual([]);
    expect(r).not.toBeNull();
    expect(optimizationResult()).toBe(r);
    expect(liveTrace().map((p) => p.step)).toEqual([0, 10, 20]);
    const run = r!.runs[0];
    expect(run.endPrediction).toBeLessThan(run.startPrediction);
    for (let t = 0; t < 50; t++) expect(run.final[t * 3]).toBe(r!.start[t * 3]); // pressure kept
    expect(state.jobs.optimization).toBeUndefined();

    await explainResult(0);
    expect(state.explained?.name).toBe(`Iterative FGSM of sample ${anomalous}`);
    expect(Array.from(state.sample!.x)).toEqual(Array.from(run.final));
    // the explained input is the start of the next attack
    expect(
      'x' in optimizationRequest({ ...DEFAULT_OPTIMIZATION_SETTINGS, method: 'pgd' }).start,
    ).toBe(true);
  });

  it('traffic demo: the derived channel is found and both modes run side by side', async () => {
    await open('traffic', 'traffic-test.csv');
    await selectSample(3);
    const req = optimizationRequest({
      ...DEFAULT_OPTIMIZATION_SETTINGS,
      method: 'iterative-fgsm',
      channels: null,
    });
    expect(req.derived).toEqual({
      pairs: [{ base: 0, diff: 1 }],
      modes: ['consistent', 'independent'],
    });
    expect(req.target).toEqual({ kind: 'value', value: state.sample!.label, index: 0 });
    expect(
      optimizationRequest({ ...DEFAULT_OPTIMIZATION_SETTINGS, derived: 'consistent' }).derived
        ?.modes,
    ).toEqual(['consistent']);
  });
});
