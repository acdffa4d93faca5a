/** The DTW matrix's CPU twin, the pair list and the path choice (Node has no WebGPU). */
import { describe, expect, it } from 'vitest';
import { dtw } from '../../src/core/dtw';
import { makeRng } from '../../src/core/random';
import type { GpuDeviceHandle } from './device';
import {
  bucketFor,
  diagonalKernelWgsl,
  distanceMatrix,
  DTW_GPU_MIN_CELLS,
  dtwDistances,
  dtwMatrixCpu,
  pairKernelWgsl,
  strategyFor,
  upperPairs,
} from './dtw';

function randomSeries(seed: number, n: number, T: number): Float32Array {
  const rng = makeRng(seed);
  const x = new Float32Array(n * T);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let t = 0; t < T; t++) x[i * T + t] = v += rng.normal(0, 1);
  }
  return x;
}

function reference(x: Float32Array, n: number, T: number, window?: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      out.push(
        i === j ? 0 : dtw(x.subarray(i * T, i * T + T), x.subarray(j * T, j * T + T), window),
      );
  return out;
}

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(b[i], 1e-6));
  return m;
}

describe('dtwMatrixCpu', () => {
  it('equals the float64 definition on random walks, windowed or not', async () => {
    const n = 11;
    const T = 23;
    const x = randomSeries(1, n, T);
    for (const window of [undefined, 0, 3]) {
      const m = await dtwMatrixCpu(x, { n, T, window });
      expect(maxRel(m, reference(x, n, T, window))).toBeLessThanOrEqual(1e-5);
    }
  });

  it('reports progress in chunks and gives the same matrix', async () => {
    const n = 24;
    const T = 1200; // 276 pairs × T² ≈ 3 × 2^27 cells: several chunks
    const x = randomSeries(2, n, T);
    const seen: [number, number][] = [];
    const chunked = await dtwMatrixCpu(x, { n, T, onChunk: (d, t) => void seen.push([d, t]) });
    const whole = await dtwMatrixCpu(x, { n, T });
    expect(Array.from(chunked)).toEqual(Array.from(whole));
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[seen.length - 1]).toEqual([276, 276]);
    for (let i = 1; i < seen.length; i++) expect(seen[i][0]).toBeGreaterThan(seen[i - 1][0]);
  });

  it('rejects a wrong length', async () => {
    await expect(dtwMatrixCpu(new Float32Array(5), { n: 2, T: 3 })).rejects.toThrow(RangeError);
  });
});

describe('GPU layout helpers', () => {
  it('lists the upper triangle as i << 16 | j', () => {
    expect(Array.from(upperPairs(4))).toEqual([
      1,
      2,
      3,
      (1 << 16) | 2,
      (1 << 16) | 3,
      (2 << 16) | 3,
    ]);
    expect(upperPairs(1).length).toBe(0);
    const big = upperPairs(300);
    expect(big.length).toBe((300 * 299) / 2);
    expect(big[big.length - 1]).toBe((298 << 16) | 299);
    expect(() => upperPairs(65536)).toThrow(RangeError);
  });

  it('buckets T and picks the kernel by length', () => {
    expect([1, 64, 65, 256, 257, 1024, 1025].map(bucketFor)).toEqual([
      64, 64, 128, 256, 512, 1024, 2048,
    ]);
    expect([50, 256, 257, 1024, 1025].map(strategyFor)).toEqual([
      'pair',
      'pair',
      'diagonal',
      'diagonal',
      'pair',
    ]);
    // the array sizes are constants of each bucket's source
    expect(pairKernelWgsl(128)).toContain('array<f32, 129>');
    expect(diagonalKernelWgsl(1024)).toContain('array<f32, 3072>'); // 12 KiB of workgroup memory
    expect(pairKernelWgsl(64)).not.toMatch(/inf/i);
  });
});

describe('distanceMatrix without WebGPU (Node)', () => {
  it('runs the CPU path and says why', async () => {
    const n = 64;
    const T = 1024;
    expect(((n * (n - 1)) / 2) * T * T).toBeGreaterThanOrEqual(DTW_GPU_MIN_CELLS);
    const x = randomSeries(3, n, 8).subarray(0, n * 8);
    const small = await distanceMatrix(x, n, 8);
    expect(small).toMatchObject({ path: 'cpu', source: null });
    expect(small.reason).toMatch(/too small/);
    expect(maxRel(small.dist, reference(x, n, 8))).toBeLessThanOrEqual(1e-5);
    const forced = await distanceMatrix(x, n, 8, { prefer: 'gpu', window: 2 });
    expect(forced.path).toBe('cpu');
    expect(forced.reason).toMatch(/WebGPU/);
    expect(maxRel(forced.dist, reference(x, n, 8, 2))).toBeLessThanOrEqual(1e-5);
  });

  it('falls back to the CPU when the GPU path fails', async () => {
    const device = {
      limits: { maxStorageBufferBindingSize: 8, maxBufferSize: 8 },
    } as unknown as GPUDevice;
    const handle: GpuDeviceHandle = { device, source: 'own', isFallbackAdapter: false };
    const x = randomSeries(4, 5, 6);
    const r = await dtwDistances.runWith({ device: handle, prefer: 'gpu' }, x, { n: 5, T: 6 });
    expect(r.path).toBe('cpu');
    expect(r.reason).toMatch(/GPU path failed/);
    expect(maxRel(r.value, reference(x, 5, 6))).toBeLessThanOrEqual(1e-5);
  });

  it('keeps over-long series on the CPU', async () => {
    const x = randomSeries(5, 2, 5000);
    const r = await distanceMatrix(x, 2, 5000, { prefer: 'gpu' });
    expect(r.path).toBe('cpu');
    expect(r.reason).toMatch(/T <= 4096/);
  });
});
