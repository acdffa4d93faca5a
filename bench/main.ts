/**
 * The benchmark page: no tfjs here. It runs one fresh worker per backend, one after another,
 * compares every result with the CPU backend's and hands plain numbers to the runner.
 */
import * as Comlink from 'comlink';
import { BACKEND_ORDER, type BackendName } from '../workers/compute/backend';
import type { BenchWorkerApi } from './bench.worker';
import type { BackendRun, BenchSettings, PageResult } from './types';
import { errorMessage } from '../src/core/errors';

declare global {
  interface Window {
    runBench?: (settings: BenchSettings, backends?: BackendName[]) => Promise<PageResult>;
  }
}

/** Longest one backend may take before its worker is given up (ms). */
const BACKEND_TIMEOUT_MS = 240_000;

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
        () => reject(new Error(`no result after ${BACKEND_TIMEOUT_MS / 1000} s`)),
        BACKEND_TIMEOUT_MS,
      );
    });
    const work = remote.run(name, settings, location.href, Comlink.proxy(log));
    return await Promise.race([work, failed]);
  } finally {
    clearTimeout(timer);
    worker.terminate();
  }
}

/** max |a - b| / max |b|: 0 when equal, about 1e-7 at float32 rounding. */
function maxRelDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale > 0 ? diff / scale : diff;
}

window.runBench = async (settings, backends = BACKEND_ORDER) => {
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
  return {
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    runs: runs.map((r) => {
      if (!('cases' in r)) return r;
      const cases = r.cases.map(({ values, ...c }) => {
        const ref = cpu?.cases.find((k) => k.model === c.model && k.operation === c.operation);
        const maxRelDiffVsCpu = ref && r !== cpu ? maxRelDiff(values, ref.values) : null;
        return { ...c, maxRelDiffVsCpu };
      });
      return { ...r, cases };
    }),
  };
};
