/**
 * The bridge the state's actions use: the real one (src/bridge, Web Workers) in the app, or an
 * in-process one in unit tests (the same worker APIs over MessageChannels in Node), set with
 * `setBridge`. Actions call `bridge().compute()`, never src/bridge directly.
 */
import type * as Comlink from 'comlink';
import * as real from '../bridge';
import type { ComputeApi, DataApi, JobToken, ProgressFn } from '../bridge';

export interface Bridge {
  compute(): Comlink.Remote<ComputeApi>;
  data(): Comlink.Remote<DataApi>;
  /** A fresh cancellation token for a long call. */
  newJob(): JobToken;
  /** Wrap a progress callback so it can cross into a worker. */
  progress(fn: ProgressFn): ProgressFn;
  /** Wrap any callback so a worker can call it. */
  callback<F extends (...args: never[]) => unknown>(fn: F): F;
  /** Hand typed arrays over without copying. */
  transfer<T>(value: T, buffers: (ArrayBufferLike | undefined | null)[]): T;
}

let current: Bridge = real;

export const bridge = (): Bridge => current;

/** Use another bridge (unit tests). */
export function setBridge(b: Bridge): void {
  current = b;
}
