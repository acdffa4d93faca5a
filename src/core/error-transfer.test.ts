import * as Comlink from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { installErrorTransfer } from './error-transfer';
import { errorCode, errorMessage, TsvizError } from './errors';

installErrorTransfer();

const { port1, port2 } = new MessageChannel();
Comlink.expose(
  {
    fail(): void {
      throw new TsvizError('no-model', 'No model is loaded.', 'Open a model first.');
    },
    plain(): void {
      throw new Error('plain failure');
    },
    async ok(): Promise<number> {
      return 42;
    },
  },
  port1 as unknown as Comlink.Endpoint,
);
const remote = Comlink.wrap<{
  fail(): Promise<void>;
  plain(): Promise<void>;
  ok(): Promise<number>;
}>(port2 as unknown as Comlink.Endpoint);

afterAll(() => {
  port1.close();
  port2.close();
});

describe('TsvizError across Comlink', () => {
  it('keeps its class, code, problem and fix', async () => {
    const err = await remote.fail().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TsvizError);
    const t = err as TsvizError;
    expect(t.code).toBe('no-model');
    expect(t.problem).toBe('No model is loaded.');
    expect(t.fix).toBe('Open a model first.');
    expect(errorCode(err)).toBe('no-model');
    expect(errorMessage(err)).toBe('No model is loaded. Open a model first.');
  });

  it('leaves other errors and results as Comlink sends them', async () => {
    const err = await remote.plain().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(TsvizError);
    expect(errorMessage(err)).toBe('plain failure');
    expect(errorCode(err)).toBeNull();
    expect(await remote.ok()).toBe(42);
  });

  it('errorMessage turns anything into a sentence', () => {
    expect(errorMessage('text')).toBe('text');
    expect(errorMessage({ message: 'from an object' })).toBe('from an object');
    expect(errorMessage(undefined)).toBe('An unknown error occurred.');
    expect(errorMessage({ a: 1 })).toBe('{"a":1}');
  });
});
