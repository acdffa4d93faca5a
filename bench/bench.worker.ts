/// <reference lib="webworker" />
/**
 * One benchmark worker per backend (switching one worker's tfjs between WebGPU and WASM and
 * back crashed Chromium here): start the backend with the app's initBackend, load each demo
 * model with the app's loader and its dataset with the app's parser, then time every operation.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { datasetFromText } from '../src/core/dataset';
import { rowsOf } from '../src/core/split';
import { initBackend, type BackendName } from '../workers/compute/backend';
import { sourceFromUrl } from '../workers/compute/model-files';
import { loadModel } from '../workers/compute/model-loader';
import { influence } from '../workers/compute/influence';
import { buildOps, type Op } from './ops';
import {
  OPERATIONS,
  type BackendRun,
  type BenchSettings,
  type CaseTiming,
  type DatasetSettings,
  type DatasetTiming,
} from './types';
import { maxRelDiff } from './compare';
import { ANALYSIS_CASES } from './cases';
import type { CaseContext } from './cases/types';
import { errorMessage } from '../src/core/errors';

type Progress = (message: string) => void;

/**
 * Load a demo model and the first `batch` test samples of its dataset (0: all of them), with
 * labels. The demo files ship training rows too (their sidecar's split); only test rows are
 * timed and compared (the anomaly file lists them first).
 */
async function loadDemo(modelsBase: string, name: string, batch: number) {
  const url = new URL(`${name}/model.json`, modelsBase).href;
  const source = await sourceFromUrl(url);
  const sidecar = source.sidecar;
  if (!sidecar?.datasetUrl) throw new Error(`${url} has no tsviz.json with a datasetUrl`);
  const loaded = await loadModel(source, sidecar.task);
  const dataUrl = new URL(sidecar.datasetUrl, url).href;
  const res = await fetch(dataUrl);
  if (!res.ok) throw new Error(`${dataUrl}: HTTP ${res.status}`);
  const data = datasetFromText(await res.text(), sidecar.dataset, dataUrl);
  const [, T, C] = data.shape;
  const test = rowsOf(data.split, data.shape[0], 'test');
  const n = test.length;
  if (batch === 0) batch = n;
  if (n < batch) throw new Error(`${dataUrl} has ${n} test samples, fewer than the batch ${batch}`);
  const x = new Float32Array(batch * T * C);
  for (let k = 0; k < batch; k++) {
    x.set(data.x.subarray(test[k] * T * C, (test[k] + 1) * T * C), k * T * C);
  }
  const y = data.y ? Float32Array.from(test.subarray(0, batch), (i) => data.y![i]) : null;
  return { loaded, x, y, shape: [batch, T, C] as [number, number, number] };
}

async function timeCase(op: Op, settings: BenchSettings) {
  let warmupMs = 0;
  for (let i = 0; i < settings.warmups; i++) {
    const t0 = performance.now();
    await op();
    if (i === 0) warmupMs = performance.now() - t0;
  }
  const before = tf.memory().numTensors;
  const timesMs: number[] = [];
  let values: Float32Array = new Float32Array(0);
  for (let i = 0; i < settings.runs; i++) {
    const t0 = performance.now();
    values = await op();
    timesMs.push(performance.now() - t0);
  }
  return { warmupMs, timesMs, values, leakedTensors: tf.memory().numTensors - before };
}

/** Little-endian float32 bytes as base64 (here, off the page's main thread). */
function base64(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

/**
 * Dataset-wide importance: influence() over the sequences in batches of `batch`, and over the
 * first `single` sequences one call each. Times include the upload and the downloads, as in the
 * app's job; per-batch results are copied into whole-dataset arrays (the last timed pass's kept).
 */
async function datasetCase(
  loaded: Awaited<ReturnType<typeof loadModel>>,
  x: Float32Array,
  shape: [number, number, number],
  ds: DatasetSettings,
  progress: Progress,
  label: string,
): Promise<DatasetTiming> {
  const { model, info } = loaded;
  const [N, T, C] = shape;
  const B = Math.min(ds.batch, N);
  const single = Math.min(ds.single, N);
  const filterLayers = info.filterLayers.map((f) => f.filters);
  const call = (n0: number, n: number) =>
    influence(model, info, x.subarray(n0 * T * C, (n0 + n) * T * C), [n, T, C]);
  const paths = new Set<string>();

  const t0 = performance.now();
  await call(0, B); // each batch shape once: WebGPU compiles its shaders per shape
  if (N % B) await call(N - (N % B), N % B);
  await call(0, 1);
  const warmupMs = performance.now() - t0;

  const before = tf.memory().numTensors;
  const imps = filterLayers.map((F) => new Float32Array(N * F));
  const saliency = new Float32Array(N * T * C);
  const batchedMs: number[] = [];
  for (let r = 0; r < ds.runs; r++) {
    const t = performance.now();
    for (let n0 = 0; n0 < N; n0 += B) {
      const n = Math.min(B, N - n0);
      const res = await call(n0, n);
      res.filters.forEach((f, l) => {
        imps[l].set(f.importance, n0 * filterLayers[l]);
        paths.add(f.path);
      });
      saliency.set(res.saliency, n0 * T * C);
    }
    batchedMs.push(performance.now() - t);
    progress(`${label} batched pass ${r + 1}/${ds.runs}: ${(batchedMs[r] / 1000).toFixed(2)} s`);
  }
  const singleImps = filterLayers.map((F) => new Float32Array(single * F));
  const singleMs: number[] = [];
  const t = performance.now();
  for (let n0 = 0; n0 < single; n0++) {
    const res = await call(n0, 1);
    res.filters.forEach((f, l) => singleImps[l].set(f.importance, n0 * filterLayers[l]));
  }
  singleMs.push(performance.now() - t);
  progress(`${label} one at a time: ${single} in ${(singleMs[0] / 1000).toFixed(2)} s`);
  const leakedTensors = tf.memory().numTensors - before;

  const singleVsBatched = Math.max(
    ...singleImps.map((s, l) => maxRelDiff(s, imps[l].subarray(0, s.length))),
  );
  const values = new Float32Array(imps.reduce((n, a) => n + a.length, 0) + saliency.length);
  let offset = 0;
  for (const a of [...imps, saliency]) {
    values.set(a, offset);
    offset += a.length;
  }
  return {
    model: ds.model,
    sequences: N,
    batch: B,
    warmupMs,
    batchedMs,
    singleSequences: single,
    singleMs,
    singleVsBatched,
    filterLayers,
    values,
    detail: `${filterLayers.length} filter layer(s), reduction: ${[...paths].join('+')}`,
    leakedTensors,
  };
}

const api = {
  async run(
    requested: BackendName,
    settings: BenchSettings,
    pageUrl: string,
    progress: Progress,
  ): Promise<BackendRun> {
    const t0 = performance.now();
    const info = await initBackend(requested, new URL('../tfjs-wasm/', pageUrl).href);
    const initMs = performance.now() - t0;
    const run: BackendRun = {
      requested,
      ...info,
      initMs,
      cases: [],
      dataset: null,
      datasetBase64: null,
      analysis: [],
    };
    if (info.name !== requested) return run; // its numbers would repeat another backend's
    for (const name of settings.models) {
      const { loaded, x, shape } = await loadDemo(
        new URL('../models/', pageUrl).href,
        name,
        settings.batch,
      );
      const { ops, convActivation, influencePaths } = buildOps(loaded, x, shape);
      for (const operation of OPERATIONS) {
        const timing = await timeCase(ops[operation], settings);
        if (operation === 'grad-conv') {
          // Max-pooling a tie (ReLU zeros) may send the gradient to either element, and
          // backends choose differently: compare the gradient where the activation is not 0.
          const a = await convActivation();
          timing.values = timing.values.map((g, i) => (a[i] === 0 ? 0 : g));
        }
        const batch = operation === 'activations' ? 1 : settings.batch;
        const detail = operation === 'influence' ? influencePaths() : null;
        const c: CaseTiming = { model: name, operation, batch, ...timing, detail };
        run.cases.push(c);
        const sorted = [...c.timesMs].sort((a, b) => a - b);
        progress(
          `${requested} ${name} ${operation}: warm-up ${c.warmupMs.toFixed(0)} ms, ` +
            `median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms` +
            (detail ? ` (${detail})` : ''),
        );
      }
      loaded.model.dispose();
    }
    const ds = settings.dataset;
    if (ds) {
      const { loaded, x, shape } = await loadDemo(
        new URL('../models/', pageUrl).href,
        ds.model,
        ds.sequences,
      );
      try {
        run.dataset = await datasetCase(loaded, x, shape, ds, progress, `${requested} ${ds.model}`);
        // The cpu backend's values go to the runner for the PyTorch peer's agreement check.
        if (info.name === 'cpu') run.datasetBase64 = base64(run.dataset.values);
      } finally {
        loaded.model.dispose();
      }
    }
    const ctx: CaseContext = {
      backend: requested,
      quick: settings.quick,
      loadDemo: (name, n) => loadDemo(new URL('../models/', pageUrl).href, name, n),
      progress,
    };
    for (const c of ANALYSIS_CASES) {
      if (!settings.analysis.includes(c.id)) continue;
      const on = (settings.quick ? c.quickBackends : undefined) ?? c.backends;
      if (on && !on.includes(requested)) continue;
      const t = performance.now();
      const before = tf.memory().numTensors;
      try {
        const rows = await c.run(ctx);
        const leaked = tf.memory().numTensors - before;
        if (leaked !== 0) throw new Error(`${leaked} tensor(s) left behind`);
        run.analysis.push({
          id: c.id,
          title: c.title,
          rows,
          error: null,
          ms: performance.now() - t,
        });
      } catch (e) {
        run.analysis.push({
          id: c.id,
          title: c.title,
          rows: [],
          error: errorMessage(e),
          ms: performance.now() - t,
        });
      }
      progress(`${requested} ${c.id}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    return run; // small arrays: copied, never transferred (they may view a backend's memory)
  },
};

Comlink.expose(api);
export type BenchWorkerApi = typeof api;
