/// <reference lib="webworker" />
/**
 * One benchmark worker per backend (switching one worker's tfjs between WebGPU and WASM and
 * back crashed Chromium here): start the backend with the app's initBackend, load each demo
 * model with the app's loader and its dataset with the app's parser, then time every operation.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { datasetFromText } from '../src/core/dataset';
import { initBackend, type BackendName } from '../workers/compute/backend';
import { sourceFromUrl } from '../workers/compute/model-files';
import { loadModel } from '../workers/compute/model-loader';
import { buildOps, type Op } from './ops';
import { OPERATIONS, type BackendRun, type BenchSettings, type CaseTiming } from './types';

type Progress = (message: string) => void;

/** Load a demo model and the first `batch` samples of its dataset. */
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
  const [n, T, C] = data.shape;
  if (n < batch) throw new Error(`${dataUrl} has ${n} samples, fewer than the batch ${batch}`);
  const x = data.x.slice(0, batch * T * C);
  return { loaded, x, shape: [batch, T, C] as [number, number, number] };
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
    const run: BackendRun = { requested, ...info, initMs, cases: [] };
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
    return run; // small arrays: copied, never transferred (they may view a backend's memory)
  },
};

Comlink.expose(api);
export type BenchWorkerApi = typeof api;
