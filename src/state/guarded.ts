/** Run an action's worker call; a failure becomes a role="alert" message (never a console-only error). */
import { errorCode, errorMessage } from '../core/errors';
import { showAlert } from './app-state';

/** `fn()`'s result, or null after showing `what: message` (a cancelled job shows nothing). */
export async function guarded<T>(what: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (e) {
    if (errorCode(e) !== 'cancelled') showAlert(`${what}: ${errorMessage(e)}`);
    return null;
  }
}
