/**
 * The benchmark page: no tfjs here. It runs one fresh worker per backend, one after another,
 * compares every result with the CPU backend's and hands plain numbers to the runner.
 */
import * as Comlink from 'comlink';
import { BACKEND_ORDER, type BackendName } from '../workers/compute/backend';
import type { BenchWorkerApi } from './bench.worker';
import type { BackendRun, BenchSettings, MainThreadTasks, PageResult } from './types';
import { errorMessage } from '../src/core/errors';
import { maxRelDiff } from './compare';

declare global {
  interface Window {
    runBench?: (settings: BenchSettings, backends?: BackendName[]) => Promise<PageResult>;
  }
}

/**
 * Longest one backend may take before its worker is given up (ms): the model and dataset cases,
 * plus ten minutes per analysis case in a full run (a thousand optimization steps or a pruning
 * sweep on a software WebGPU adapter take minutes).
 */
const backendTimeoutMs = (s: BenchSettings) =>
  420_000 + (s.quick ? 60_000 : 600_000) * s.analysis.length;

function log(message: string): void {
  console.log(`[bench] ${message}`);
  const pre = document.getElementById('log');
  if (pre) pre.textContent += `${message}\n`;
}

async function runInFreshWorker(name: BackendName, settings: BenchSettings): Promise<BackendRun> {
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const remote = Comlink.wrap<BenchWorkerApi>(worker);
    const failed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (e) => reject(new Error(`worker error: ${e.message}`)));
      timer = setTimeout(
        () => reject(new Error(`no result after ${backendTimeoutMs(settings) / 1000} s`)),
        backendTimeoutMs(settings),
      );
    });
    const work = remote.run(name, settings, location.href, Comlink.proxy(log));
    return await Promise.race([work, failed]);
  } finally {
    clearTimeout(timer);
    worker.terminate();
  }
}

/**
 * Watch the page's main thread for long tasks (50 ms or more: the only ones the API reports)
 * from now until the returned function is called.
 */
function watchLongTasks(): () => MainThreadTasks {
  const supported = PerformanceObserver.supportedEntryTypes.includes('longtask');
  const durations: number[] = [];
  const observer = supported
    ? new PerformanceObserver((list) => {
        for (const e of list.getEntries()) durations.push(e.duration);
      })
    : null;
  observer?.observe({ type: 'longtask' });
  return () => {
    if (observer) {
      for (const e of observer.takeRecords()) durations.push(e.duration);
      observer.disconnect();
    }
    return { supported, count: durations.length, longestMs: Math.max(0, ...durations) };
  };
}

/** Per block (each filter layer [N, F_l], then the saliency [N, T, C]): max of maxRelDiff. */
function datasetRelDiff(a: BackendRun['dataset'], ref: BackendRun['dataset']): number | null {
  if (!a || !ref) return null;
  const N = ref.sequences;
  if (a.sequences !== N || a.values.length !== ref.values.length) return Number.POSITIVE_INFINITY;
  const sizes = ref.filterLayers.map((F) => N * F);
  sizes.push(ref.values.length - sizes.reduce((s, n) => s + n, 0)); // the saliency
  let worst = 0;
  let offset = 0;
  for (const n of sizes) {
    const d = maxRelDiff(
      a.values.subarray(offset, offset + n),
      ref.values.subarray(offset, offset + n),
    );
    worst = Math.max(worst, d);
    offset += n;
  }
  return worst;
}

window.runBench = async (settings, backends = BACKEND_ORDER) => {
  const stopWatching = watchLongTasks();
  const runs: (BackendRun | { requested: BackendName; error: string })[] = [];
  for (const name of backends) {
    log(`${name}: starting a fresh worker`);
    try {
      runs.push(await runInFreshWorker(name, settings));
    } catch (e) {
      const error = errorMessage(e);
      log(`${name}: failed: ${error}`);
      runs.push({ requested: name, error });
    }
  }
  const cpu = runs.find((r): r is BackendRun => 'cases' in r && r.name === 'cpu');
  const result: PageResult = {
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    runs: runs.map((r) => {
      if (!('cases' in r)) return r;
      const cases = r.cases.map(({ values, ...c }) => {
        const ref = cpu?.cases.find((k) => k.model === c.model && k.operation === c.operation);
        const maxRelDiffVsCpu = ref && r !== cpu ? maxRelDiff(values, ref.values) : null;
        return { ...c, maxRelDiffVsCpu };
      });
      const { datasetBase64: _unused, dataset, ...rest } = r;
      void _unused;
      let pageDataset = null;
      if (dataset) {
        const { values: _values, ...d } = dataset;
        void _values;
        const maxRelDiffVsCpu = r !== cpu ? datasetRelDiff(dataset, cpu?.dataset ?? null) : null;
        pageDataset = { ...d, maxRelDiffVsCpu };
      }
      return { ...rest, cases, dataset: pageDataset };
    }),
    mainThread: { supported: false, count: 0, longestMs: 0 },
    cpuDatasetValues: cpu?.datasetBase64 ?? null,
  };
  result.mainThread = stopWatching(); // the comparisons above are part of the run
  return result;
};
