/**
 * The compute worker's state (backend, model, dataset), the one-call-at-a-time queue, and the
 * recovery after a lost GPU device. The API in api.ts reads and changes `session`.
 */
import type { ComputeEvent } from '../../src/core/protocol';
import type { Dataset, Sidecar } from '../../src/core/types';
import { initBackend, type BackendInfo } from './backend';
import { buildModel, type LoadedModel } from './model-loader';
import { resetWebGpu, setDeviceLostHandler } from './webgpu-device';
import { errorMessage } from '../../src/core/errors';

export interface Session {
  backend: BackendInfo | null;
  current: (LoadedModel & { sidecar: Sidecar | null }) | null;
  dataset: Dataset | null;
  /** Absolute URL of the folder with the tfjs WASM binaries. */
  wasmPath: string;
  /** Bumped whenever the model or the dataset changes (caches and the long-job worker key on it). */
  version: { model: number; dataset: number };
  /**
   * The request number of the model the user asked for last: a model load with a lower number
   * (the demo still loading at start-up) does not replace it.
   */
  modelRequest: number;
  /** Where long jobs run: 'auto' (the measured faster backend) or 'here' (pinned to this one). */
  longJobs: 'auto' | 'here';
}

export const session: Session = {
  backend: null,
  current: null,
  dataset: null,
  wasmPath: '',
  version: { model: 0, dataset: 0 },
  modelRequest: 0,
  longJobs: 'auto',
};

let markStarted: () => void = () => undefined;
const startedPromise = new Promise<void>((resolve) => (markStarted = resolve));

/** Mark the first backend initialisation as done (whether it worked or not). */
export function started(): void {
  markStarted();
}

export type { ComputeEvent } from '../../src/core/protocol';

let listener: ((e: ComputeEvent) => void) | null = null;
export function setListener(fn: ((e: ComputeEvent) => void) | null): void {
  listener = fn;
}

/** Set while the backend and model are being rebuilt after a device loss. */
let recovering: Promise<void> | null = null;

/** A lost GPU device: start WebGPU afresh and rebuild the model from its kept artifacts. */
async function recover(reason: string): Promise<void> {
  listener?.({ kind: 'device-lost', message: reason, backend: session.backend });
  try {
    await resetWebGpu();
    session.backend = await initBackend('webgpu', session.wasmPath);
    const cur = session.current;
    if (cur) session.current = { ...cur, model: await buildModel(cur.artifacts, cur.info.name) };
    listener?.({
      kind: 'recovered',
      message: `The GPU device was lost (${reason}); the ${session.backend.name} backend was started again and the model reloaded.`,
      backend: session.backend,
    });
  } catch (e) {
    listener?.({
      kind: 'recovery-failed',
      message: `The GPU device was lost (${reason}) and could not be restarted: ${errorMessage(e)}. Reload the page or choose another backend.`,
      backend: session.backend,
    });
  }
}

setDeviceLostHandler((reason) => {
  recovering = recover(reason).finally(() => {
    recovering = null;
  });
});

/**
 * Wait until tfjs has a backend (a model opened while the app is still starting waits here
 * instead of failing) and for a running recovery, before touching tensors.
 */
export async function ready(): Promise<void> {
  await startedPromise;
  if (recovering) await recovering;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * One tfjs call at a time (after any recovery): a backend switch or a model swap never runs
 * while an analysis still holds tensors (a tensor used on another backend is read back
 * synchronously from WebGPU, which loses the device in Chromium).
 */
export function serial<T>(fn: () => Promise<T>): Promise<T> {
  const guarded = async () => {
    await ready();
    return fn();
  };
  const run = queue.then(guarded, guarded);
  queue = run.catch(() => undefined);
  return run;
}
