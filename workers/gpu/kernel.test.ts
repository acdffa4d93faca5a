/** The grid arithmetic and the GPU/CPU choice of `defineHybrid` (no WebGPU in Node). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GpuDeviceHandle } from './device';
import { defineHybrid, gridFor } from './kernel';

describe('gridFor', () => {
  it('uses one dimension while it fits', () => {
    expect(gridFor(1, 64, 65535)).toEqual([1, 1, 1]);
    expect(gridFor(64, 64, 65535)).toEqual([1, 1, 1]);
    expect(gridFor(65, 64, 65535)).toEqual([2, 1, 1]);
    expect(gridFor(65535 * 64, 64, 65535)).toEqual([65535, 1, 1]);
    expect(gridFor(0, 64, 65535)).toEqual([1, 1, 1]);
  });

  it('goes 2-D past the per-dimension limit', () => {
    expect(gridFor(65535 * 64 + 1, 64, 65535)).toEqual([32768, 2, 1]);
    expect(gridFor(1000, 64, 6)).toEqual([6, 3, 1]); // 16 groups, 2 idle
    expect(gridFor(1000, 64, 4)).toEqual([4, 4, 1]);
    expect(() => gridFor(1000, 64, 3)).toThrow(RangeError); // more than 3 x 3 groups
  });

  it('always covers the work, within the limit, with less than one row of idle groups', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.constantFrom(32, 64, 256),
        fc.integer({ min: 1, max: 65535 }),
        (invocations, wg, maxDim) => {
          const groups = Math.ceil(invocations / wg);
          fc.pre(groups <= maxDim * maxDim);
          const [x, y, z] = gridFor(invocations, wg, maxDim);
          expect(z).toBe(1);
          expect(x).toBeLessThanOrEqual(maxDim);
          expect(y).toBeLessThanOrEqual(maxDim);
          expect(x * y).toBeGreaterThanOrEqual(groups);
          expect(x * y - groups).toBeLessThan(Math.max(x, y));
        },
      ),
    );
  });
});

describe('defineHybrid', () => {
  const calls: string[] = [];
  const twice = defineHybrid<[number[]], number[]>({
    name: 'twice',
    gpu: async (_device, xs) => {
      calls.push('gpu');
      if (xs.includes(-1)) throw new Error('device lost');
      return xs.map((x) => 2 * x);
    },
    cpu: (xs) => {
      calls.push('cpu');
      return xs.map((x) => 2 * x);
    },
    worthGpu: (xs) => xs.length >= 3,
  });
  const fake = (isFallbackAdapter = false): GpuDeviceHandle => ({
    device: {} as GPUDevice,
    source: 'own',
    isFallbackAdapter,
  });

  it('picks the CPU when there is no GPU (Node)', async () => {
    const r = await twice.run([1, 2, 3]);
    expect(r).toMatchObject({ value: [2, 4, 6], path: 'cpu', source: null });
    expect(r.reason).toMatch(/WebGPU/);
  });

  it('picks the GPU when a device exists and the work is worth it', async () => {
    calls.length = 0;
    expect(await twice.runWith({ device: fake() }, [1, 2, 3])).toMatchObject({
      value: [2, 4, 6],
      path: 'gpu',
      source: 'own',
      reason: null,
    });
    expect(calls).toEqual(['gpu']);
  });

  it('keeps small work, software adapters and prefer: cpu on the CPU', async () => {
    expect((await twice.runWith({ device: fake() }, [1])).path).toBe('cpu');
    expect((await twice.runWith({ device: fake(true) }, [1, 2, 3])).reason).toMatch(/software/);
    expect((await twice.runWith({ device: fake(true), prefer: 'gpu' }, [1, 2, 3])).path).toBe(
      'gpu',
    );
    expect((await twice.runWith({ device: fake(), prefer: 'cpu' }, [1, 2, 3])).path).toBe('cpu');
    expect((await twice.runWith({ device: null, prefer: 'gpu' }, [1])).path).toBe('cpu');
  });

  it('falls back to the CPU when the GPU path fails', async () => {
    calls.length = 0;
    const r = await twice.runWith({ device: fake() }, [1, -1, 3]);
    expect(r).toMatchObject({ value: [2, -2, 6], path: 'cpu' });
    expect(r.reason).toMatch(/device lost/);
    expect(calls).toEqual(['gpu', 'cpu']);
  });
});
