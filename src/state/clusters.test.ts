/**
 * The Clusters view's state and actions (src/state/clusters.ts) with an injected bridge: the
 * real compute and data worker APIs (tfjs CPU backend in Node), called in-process, on the
 * anomaly demo: the default layer, a clustering of the selected sample, the cut at the best k,
 * moving the cut on the page (no worker call), and an explained input sent as values.
 */
import * as Comlink from 'comlink';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { api as computeApi } from '../../workers/compute/api';
import { api as dataApi } from '../../workers/data/api';
import type { ComputeApi, DataApi } from '../bridge';
import { installErrorTransfer } from '../core/error-transfer';
import type { Sidecar } from '../core/types';
import { clusterCount } from '../views/clusters/cluster-data';
import { setState, state } from './app-state';
import { setBridge, type Bridge } from './bridge';
import {
  chosenConv,
  clusteredInput,
  clusterRequest,
  clusterResult,
  cut,
  cutAt,
  cutInto,
  defaultConv,
  labelsAtCut,
  runClusters,
  setClusterSettings,
} from './clusters';
import { loadDataset } from './dataset';
import { openModelFiles } from './model';
import { explainInput, selectSample } from './sample';

const ROOT = join(import.meta.dirname, '../..');
const read = (rel: string) => readFileSync(join(ROOT, rel));
const file = (rel: string) => new File([read(rel)], rel.split('/').pop() ?? rel);

let calls = 0;

beforeAll(async () => {
  installErrorTransfer();
  const compute = computeApi as unknown as Comlink.Remote<ComputeApi>;
  const data = dataApi as unknown as Comlink.Remote<DataApi>;
  const { port1, port2 } = new MessageChannel();
  computeApi.connectDataPort(port1 as unknown as MessagePort);
  dataApi.connectCompute(port2 as unknown as MessagePort);
  // count the clustering calls: moving the cut must not make one
  const counted = new Proxy(compute, {
    get(target, key, receiver) {
      if (key === 'clusterLayer') calls += 1;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  let jobs = 0;
  const bridge: Bridge = {
    compute: () => counted,
    data: () => data,
    newJob: () => ({ id: `clusters-state-${++jobs}` }),
    progress: (fn) => fn,
    callback: (fn) => fn,
    transfer: (v) => v,
  };
  setBridge(bridge);
  setState('backend', await compute.init('cpu', ''));
  await openModelFiles(
    ['model.json', 'group1-shard1of1.bin', 'tsviz.json'].map((f) =>
      file(`public/models/anomaly/${f}`),
    ),
  );
  const side = JSON.parse(read('public/models/anomaly/tsviz.json').toString()) as Sidecar;
  await loadDataset(file('public/data/anomaly-test.csv'), side.dataset, 'anomaly-test.csv');
});

describe('the Clusters state', () => {
  it('defaults to the second conv layer and min-max scaling', () => {
    const second = state.model?.info.filterLayers[1].conv;
    expect(defaultConv()).toBe(second);
    expect(chosenConv()).toBe(second);
    expect(clusterRequest()).toEqual({ source: { sample: 0 }, conv: second, scale: true });
    setClusterSettings('conv', 12345); // a layer the model does not have: the default again
    expect(chosenConv()).toBe(second);
    setClusterSettings('conv', null);
    setClusterSettings('window', 3); // a Sakoe-Chiba band goes with the request
    expect(clusterRequest()?.window).toBe(3);
    setClusterSettings('window', null);
    expect(clusterRequest() ?? {}).not.toHaveProperty('window');
  });

  it('clusters the selected sample; the cut starts at the best k and moves on the page', async () => {
    await selectSample(2);
    const r = await runClusters();
    expect(state.alerts).toEqual([]);
    expect(r).not.toBeNull();
    expect(clusterResult()).toBe(r);
    expect(clusteredInput()).toEqual({ sample: 2, name: null });
    expect(r?.filters).toBe(32);
    const start = cut();
    expect(start?.k).toBe(r?.bestK);
    expect(clusterCount(labelsAtCut(r, start) ?? [])).toBe(r?.bestK);
    expect(state.jobs.clusters).toBeUndefined();

    const before = calls;
    cutInto(3);
    expect(clusterCount(labelsAtCut(clusterResult(), cut()) ?? [])).toBe(3);
    cutAt((r?.merges[30].height ?? 0) + 1);
    expect(clusterCount(labelsAtCut(clusterResult(), cut()) ?? [])).toBe(1);
    cutAt(-1);
    expect(clusterCount(labelsAtCut(clusterResult(), cut()) ?? [])).toBe(32);
    cutInto(99); // no such k: the cut stays
    expect(cut()).toEqual({ height: -1, k: null });
    expect(calls).toBe(before);
  });

  it('an explained input is sent as values and named', async () => {
    const sample = state.sample;
    if (!sample) throw new Error('no sample');
    const fromSample = clusterResult();
    await explainInput('a copy of sample 2', sample.x, [50, 3]);
    const req = clusterRequest();
    expect(req && 'x' in req.source ? req.source.shape : null).toEqual([1, 50, 3]);
    const r = await runClusters();
    expect(clusteredInput()).toEqual({ sample: null, name: 'a copy of sample 2' });
    expect(Array.from(r?.dist ?? [])).toEqual(Array.from(fromSample?.dist ?? []));
    expect(r?.merges).toEqual(fromSample?.merges);
  });
});
