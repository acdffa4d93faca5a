/**
 * Long work in the compute worker: `job()` runs a body that does its tfjs work in chunks
 * (`ctx.step`), each chunk in the one-call-at-a-time queue (session.ts `serial`). Between chunks
 * the job yields, so calls that arrived meanwhile (browsing samples, a cancel message) are
 * served before its next chunk; then it checks for cancellation. One running job per kind: a
 * newer job of the same kind cancels the older one.
 *
 * A job keeps its partial results in local variables and publishes nothing until it ends, so a
 * cancelled job leaves no partial state; every chunk disposes its tensors (tf.tidy / dispose),
 * so it leaves no tensors either.
 */
import { finishJob, cancelJob, throwIfCancelled, yieldToEvents } from '../jobs';
import type { JobToken, ProgressFn } from '../../src/core/protocol';
import { serial } from './session';

export interface JobContext {
  token: JobToken;
  /** Report progress; sent at most every 50 ms, and always for the last step. */
  progress(done: number, total: number, label?: string): void;
  /** Run one chunk in the compute queue, then yield to other calls and check for cancel. */
  step<T>(fn: () => Promise<T> | T): Promise<T>;
}

/** The token of the running job of each kind. */
const running = new Map<string, JobToken>();
let counter = 0;

/** Kinds of the jobs running now (for tests and the debug hook). */
export function runningJobs(): string[] {
  return [...running.keys()];
}

const PROGRESS_MS = 50;

/**
 * Run `body` as a job of `kind`. Throws TsvizError('cancelled') when cancelled (by
 * `cancelJob(token.id)` or by a newer job of the same kind).
 */
export async function job<T>(
  kind: string,
  token: JobToken | undefined,
  onProgress: ProgressFn | undefined,
  body: (ctx: JobContext) => Promise<T>,
): Promise<T> {
  const t = token ?? { id: `${kind}-${++counter}` };
  const older = running.get(kind);
  if (older && older.id !== t.id) cancelJob(older.id);
  running.set(kind, t);
  let last = 0;
  let label = kind;
  const ctx: JobContext = {
    token: t,
    progress(done, total, newLabel) {
      if (newLabel) label = newLabel;
      const now = Date.now();
      if (done < total && now - last < PROGRESS_MS) return;
      last = now;
      // a Comlink-proxied callback returns a promise; a closed page is not our failure
      void Promise.resolve(onProgress?.(done, total, label)).catch(() => undefined);
    },
    async step(fn) {
      throwIfCancelled(t);
      const result = await serial(async () => {
        throwIfCancelled(t);
        return fn();
      });
      await yieldToEvents();
      throwIfCancelled(t);
      return result;
    },
  };
  try {
    throwIfCancelled(t);
    return await body(ctx);
  } finally {
    if (running.get(kind) === t) running.delete(kind);
    finishJob(t);
  }
}
