/**
 * The only module that talks to the workers. The UI imports worker API *types* only; the
 * workers themselves (and tfjs inside them) are separate bundles.
 */
import * as Comlink from 'comlink';
import { installErrorTransfer } from '../core/error-transfer';
import type { ComputeApi } from '../../workers/compute.worker';
import type { DataApi } from '../../workers/data.worker';
import type { JobToken, ProgressFn } from '../core/protocol';

export type { ComputeApi, DataApi };
export type { Evaluation, LongJobPlace } from '../../workers/compute/api';
export type * from '../core/protocol';

installErrorTransfer();

interface Workers {
  compute: Comlink.Remote<ComputeApi>;
  data: Comlink.Remote<DataApi>;
}
let workers: Workers | null = null;

/**
 * Start the compute and data workers once, joined by a MessageChannel: parsed datasets go from
 * the data worker to the compute worker without passing through the page.
 */
function start(): Workers {
  if (workers) return workers;
  const compute = Comlink.wrap<ComputeApi>(
    new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), { type: 'module' }),
  );
  const data = Comlink.wrap<DataApi>(
    new Worker(new URL('../../workers/data.worker.ts', import.meta.url), { type: 'module' }),
  );
  const channel = new MessageChannel();
  void compute.connectDataPort(Comlink.transfer(channel.port1, [channel.port1]));
  void data.connectCompute(Comlink.transfer(channel.port2, [channel.port2]));
  workers = { compute, data };
  return workers;
}

export function compute(): Comlink.Remote<ComputeApi> {
  return start().compute;
}

export function data(): Comlink.Remote<DataApi> {
  return start().data;
}

let jobCounter = 0;
/** A fresh cancellation token for a long call. */
export function newJob(): JobToken {
  jobCounter += 1;
  return { id: `job-${Date.now()}-${jobCounter}` };
}

/** Wrap a progress callback so it can cross into a worker. */
export function progress(fn: ProgressFn): ProgressFn {
  return Comlink.proxy(fn);
}

/** Wrap any callback so a worker can call it. */
export function callback<F extends (...args: never[]) => unknown>(fn: F): F {
  return Comlink.proxy(fn);
}

/** Hand typed arrays over without copying. */
export function transfer<T>(value: T, buffers: (ArrayBufferLike | undefined | null)[]): T {
  const list = [...new Set(buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer))];
  return Comlink.transfer(value, list);
}

/**
 * Latest-wins: wrap an async call so that only the most recent invocation's result is
 * delivered (slider-driven requests); stale results resolve to null.
 */
export function latestWins<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
): (...args: A) => Promise<R | null> {
  let seq = 0;
  return async (...args: A) => {
    const mine = ++seq;
    const result = await fn(...args);
    return mine === seq ? result : null;
  };
}
