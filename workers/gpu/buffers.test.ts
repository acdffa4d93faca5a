/** Buffer size padding and the device-limit check (pure parts; no WebGPU in Node). */
import { describe, expect, it } from 'vitest';
import { errorCode, TsvizError } from '../../src/core/errors';
import { alignTo, checkStorageFits, storageSize, uniformSize } from './buffers';

describe('buffer sizes', () => {
  it('pads storage to 4 bytes (at least 4) and uniforms to 16 (at least 16)', () => {
    expect([0, 1, 4, 5, 8, 4097].map(storageSize)).toEqual([4, 4, 4, 8, 8, 4100]);
    expect([0, 4, 16, 17, 33].map(uniformSize)).toEqual([16, 16, 16, 32, 48]);
    expect(alignTo(10, 8)).toBe(16);
  });

  it('refuses a binding larger than the device allows with a TsvizError', () => {
    const limits = { maxStorageBufferBindingSize: 128 << 20, maxBufferSize: 256 << 20 };
    expect(() => checkStorageFits(limits, 128 << 20, 'g')).not.toThrow();
    let err: unknown = null;
    try {
      checkStorageFits(limits, (128 << 20) + 1, 'The gradients of 9 sequences');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TsvizError);
    expect(errorCode(err)).toBe('backend');
    expect((err as Error).message).toMatch(
      /The gradients of 9 sequences needs 128\.0 MiB .* \(128\.0 MiB\)\. .*WASM or CPU/,
    );
    // maxBufferSize caps too
    expect(() =>
      checkStorageFits({ maxStorageBufferBindingSize: 1 << 30, maxBufferSize: 1024 }, 1028, 'g'),
    ).toThrow(TsvizError);
  });
});
