/**
 * Long jobs on the page: `runJob` makes a token, shows the job's progress (state.jobs[kind],
 * drawn by src/ui/Progress.tsx with its Cancel button) and cancels an older job of the same
 * kind. The work itself runs in a worker; the page only shows where it stands.
 */
import type { JobToken, ProgressFn } from '../bridge';
import { setState, state } from './app-state';
import { bridge } from './bridge';
import { guarded } from './guarded';

const running = new Map<string, JobToken>();

export interface JobOptions {
  /** The job's name on screen until the worker reports its own label. */
  label: string;
  /** How to cancel it (default: the compute worker's cancel). */
  cancel?: (id: string) => void;
}

/**
 * Run `start(token, progress)` as the job of `kind`. Resolves to its result, or null when it
 * failed (an alert says why) or was cancelled (nothing is shown).
 */
export async function runJob<T>(
  kind: string,
  o: JobOptions,
  start: (token: JobToken, progress: ProgressFn) => Promise<T>,
): Promise<T | null> {
  const b = bridge();
  const cancel = o.cancel ?? ((id: string) => void b.compute().cancel(id));
  const older = running.get(kind);
  if (older) cancel(older.id);
  const token = b.newJob();
  running.set(kind, token);
  setState('jobs', kind, { label: o.label, done: 0, total: 0, cancel: () => cancel(token.id) });
  const progress = b.progress((done, total, label) => {
    if (running.get(kind) !== token) return;
    setState('jobs', kind, (j) => (j ? { ...j, done, total, label } : j));
  });
  try {
    return await guarded(o.label, () => start(token, progress));
  } finally {
    if (running.get(kind) === token) {
      running.delete(kind);
      setState('jobs', kind, undefined);
    }
  }
}

/** Whether a job of `kind` runs now. */
export const jobRunning = (kind: string): boolean => state.jobs[kind] !== undefined;
