/** Test helper (not a test file): run fn and return the TsvizError it throws. */
import { TsvizError } from './errors';

export function thrown(fn: () => unknown): TsvizError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TsvizError) return e;
    throw e;
  }
  throw new Error('expected a TsvizError');
}
