/**
 * Cancellation and progress for long worker calls.
 *
 * A long call takes a `JobToken` ({ id }) made by the bridge. The worker's API exposes
 * `cancel(id)`; long loops `await` between chunks (so the cancel message is delivered) and call
 * `throwIfCancelled(token)`, which throws TsvizError('cancelled').
 * Progress goes back through a Comlink-proxied callback `(done, total, label) => void`.
 */
import { TsvizError } from '../src/core/errors';
import type { JobToken } from '../src/core/protocol';

export type { JobToken, ProgressFn } from '../src/core/protocol';

const cancelled = new Set<string>();

export function cancelJob(id: string): void {
  cancelled.add(id);
}

export function isCancelled(token: JobToken | undefined): boolean {
  return token !== undefined && cancelled.has(token.id);
}

export function throwIfCancelled(token: JobToken | undefined): void {
  if (isCancelled(token)) {
    throw new TsvizError(
      'cancelled',
      'The computation was cancelled.',
      'Start it again when ready.',
    );
  }
}

/** Forget a finished job so the set does not grow. */
export function finishJob(token: JobToken | undefined): void {
  if (token) cancelled.delete(token.id);
}

/** Yield to the event loop so queued messages (cancel) are handled. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
