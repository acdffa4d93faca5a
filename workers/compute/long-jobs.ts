/**
 * Where long jobs run. On a hardware GPU adapter, and whenever the user pins it, a job runs in
 * this worker on its own backend. On a software WebGPU adapter (SwiftShader: WASM was measured
 * 20 to 100 times faster there), a job runs on the measured faster backend: in a second compute
 * worker on WASM, which gets a copy of the model's artifacts and of the dataset once per
 * version, so this worker stays free for browsing meanwhile.
 */
import * as Comlink from 'comlink';
import type { BackendName, ProgressFn } from '../../src/core/protocol';
import type { ComputeApi } from './api';
import { measureBackends } from './api-sample';
import { session } from './session';

export interface LongJobPlace {
  backend: BackendName;
  /** 'here': this worker; 'worker': the long-job worker. */
  where: 'here' | 'worker';
  /** One sentence for the screen: where and why. */
  reason: string;
}

interface Helper {
  worker: Worker;
  remote: Comlink.Remote<ComputeApi>;
  /** Versions of the model and dataset it holds. */
  model: number;
  dataset: number;
}

let helper: Helper | null = null;

const NAMES: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU',
};

/** Decide where the next long job runs (measuring once per model and dataset if needed). */
export async function longJobPlace(): Promise<LongJobPlace> {
  const b = session.backend;
  const here = (reason: string): LongJobPlace => ({
    backend: b?.name ?? 'cpu',
    where: 'here',
    reason,
  });
  if (!b) return here('No backend is running yet.');
  const own = NAMES[b.name];
  if (session.longJobs === 'here') return here(`Long jobs run on ${own}, as you chose.`);
  if (b.name !== 'webgpu' || !b.adapter?.isFallbackAdapter)
    return here(`Long jobs run on ${own}, the backend in use.`);
  if (typeof Worker === 'undefined') return here(`Long jobs run on ${own} (no workers here).`);
  const t = await measureBackends().catch(() => []);
  const gpu = t.find((x) => x.backend === 'webgpu');
  const wasm = t.find((x) => x.backend === 'wasm');
  if (gpu && wasm && wasm.ms >= gpu.ms)
    return here(`Long jobs run on ${own}, measured faster than WASM for this model.`);
  const ratio =
    gpu && wasm && wasm.ms > 0 ? ` (${(gpu.ms / wasm.ms).toFixed(0)}× faster, measured)` : '';
  return {
    backend: 'wasm',
    where: 'worker',
    reason: `Long jobs run on WASM in a worker of their own: this WebGPU adapter is a software emulation, and WASM is faster here${ratio}. Tick "Run long jobs on WebGPU" to pin them to WebGPU.`,
  };
}

/** The long-job worker, started on WASM and given the current model and dataset. */
export async function longJobWorker(): Promise<Comlink.Remote<ComputeApi>> {
  if (!helper) {
    const worker = new Worker(new URL('../compute.worker.ts', import.meta.url), {
      type: 'module',
    });
    const remote = Comlink.wrap<ComputeApi>(worker);
    await remote.init('wasm', session.wasmPath);
    await remote.setLongJobs('here');
    helper = { worker, remote, model: -1, dataset: -1 };
  }
  const h = helper;
  const cur = session.current;
  if (cur && h.model !== session.version.model) {
    await h.remote.adoptArtifacts(cur.artifacts, cur.info, cur.sidecar);
    h.model = session.version.model;
  }
  const ds = session.dataset;
  if (ds && h.dataset !== session.version.dataset) {
    const copy = { ...ds, x: ds.x.slice(), y: ds.y ? ds.y.slice() : null };
    const buffers = [copy.x.buffer, ...(copy.y ? [copy.y.buffer] : [])] as ArrayBuffer[];
    await h.remote.setDataset(Comlink.transfer(copy, buffers));
    h.dataset = session.version.dataset;
  }
  return h.remote;
}

/**
 * Run one long job where `longJobPlace()` decides: `inWorker(remote)` on the long-job worker
 * (hand it `relayProgress(onProgress)`, and the same token, so Cancel reaches it through
 * `cancel`), else `here()` (a `job()` in this worker). The result comes back with this worker's
 * `place` (replacing the `place` the long-job worker put on its own result) and, when `buffers`
 * is given, with those Float32Array buffers marked for transfer (Comlink.transfer) to the caller.
 */
export async function routedJob<R extends object>(
  inWorker: (remote: Comlink.Remote<ComputeApi>) => Promise<R>,
  here: () => Promise<R>,
  buffers?: (r: R) => ArrayBuffer[],
): Promise<Omit<R, 'place'> & { place: LongJobPlace }> {
  const place = await longJobPlace();
  const r = place.where === 'worker' ? await inWorker(await longJobWorker()) : await here();
  const out = { ...r, place };
  return buffers ? Comlink.transfer(out, buffers(r)) : out;
}

/** Forward a cancel to the long-job worker, if there is one. */
export function cancelInLongJobWorker(id: string): void {
  if (helper) void helper.remote.cancel(id);
}

/** A progress callback that can be handed on to the long-job worker. */
export function relayProgress(fn: ProgressFn | undefined): ProgressFn | undefined {
  return fn ? Comlink.proxy((d: number, t: number, l: string) => void fn(d, t, l)) : undefined;
}

/** Stop the long-job worker (tests; a backend switch keeps it). */
export function closeLongJobWorker(): void {
  helper?.worker.terminate();
  helper = null;
}
