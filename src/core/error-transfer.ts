/**
 * TsvizError across a worker boundary. Comlink sends a thrown Error as its message, name and
 * stack only; this handler (installed on both sides: the bridge and every worker) sends a
 * TsvizError's code, problem and fix too and throws a real TsvizError on the other side, so
 * `err instanceof TsvizError` and `err.code` hold in the page as in the worker.
 */
import * as Comlink from 'comlink';
import { TsvizError, type TsvizErrorCode } from './errors';

interface WireError {
  isError: true;
  value: { message: string; name: string; stack?: string };
  tsviz?: { code: TsvizErrorCode; problem: string; fix: string };
}

let installed = false;

/** Replace Comlink's 'throw' handler with one that keeps TsvizError whole. Idempotent. */
export function installErrorTransfer(): void {
  if (installed) return;
  const builtIn = Comlink.transferHandlers.get('throw');
  if (!builtIn) return;
  installed = true;
  Comlink.transferHandlers.set('throw', {
    canHandle: (v: unknown): v is unknown => builtIn.canHandle(v),
    serialize(thrown: unknown) {
      const value = (thrown as { value: unknown }).value;
      const [wire, transfers] = builtIn.serialize(thrown);
      if (value instanceof TsvizError) {
        (wire as WireError).tsviz = { code: value.code, problem: value.problem, fix: value.fix };
      }
      return [wire, transfers];
    },
    deserialize(wire: unknown) {
      const w = wire as WireError;
      if (w.isError && w.tsviz) {
        const err = new TsvizError(w.tsviz.code, w.tsviz.problem, w.tsviz.fix);
        if (w.value.stack) err.stack = w.value.stack;
        throw err;
      }
      return builtIn.deserialize(wire);
    },
  });
}
