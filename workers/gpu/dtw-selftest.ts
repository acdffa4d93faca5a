/**
 * The DTW kernels' part of the WGSL self-test (selftest.worker.ts, checked in e2e/wgsl.spec.ts):
 * both GPU kernels (one pair per invocation; one pair per workgroup along anti-diagonals), with
 * and without a window, on a 2-D workgroup grid, and through `distanceMatrix`, each compared
 * with the CPU path (src/core/dtw.ts) on seeded random walks. Sizes are small: SwiftShader.
 */
import { dtwMatrix } from '../../src/core/dtw';
import { makeRng } from '../../src/core/random';
import { distanceMatrix, dtwMatrixGpu, type DtwStrategy } from './dtw';
import type { SelfTestCase } from './selftest.worker';

type Compare = (gpu: Float32Array, cpu: Float32Array) => { rel: number; abs: number };

function randomWalks(seed: number, n: number, T: number): Float32Array {
  const rng = makeRng(seed);
  const x = new Float32Array(n * T);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let t = 0; t < T; t++) x[i * T + t] = v += rng.normal(0, 1);
  }
  return x;
}

/** The off-diagonal entries only (the diagonal is 0 on both paths and would divide by 0). */
function offDiagonal(m: Float32Array, n: number): Float32Array {
  return m.filter((_, k) => Math.floor(k / n) !== k % n);
}

export async function runDtwSelfTest(device: GPUDevice, compare: Compare): Promise<SelfTestCase[]> {
  const cases: SelfTestCase[] = [];
  const specs: {
    name: string;
    n: number;
    T: number;
    window?: number;
    strategy: DtwStrategy;
    cap?: number;
  }[] = [
    { name: 'dtw-pair', n: 20, T: 50, strategy: 'pair' },
    { name: 'dtw-pair-window', n: 12, T: 40, window: 3, strategy: 'pair' },
    { name: 'dtw-pair-2d-grid', n: 40, T: 8, strategy: 'pair', cap: 4 },
    { name: 'dtw-diagonal', n: 5, T: 300, strategy: 'diagonal' },
    { name: 'dtw-diagonal-window', n: 4, T: 260, window: 10, strategy: 'diagonal' },
    { name: 'dtw-diagonal-2d-grid', n: 12, T: 16, strategy: 'diagonal', cap: 9 },
  ];
  // Hand-worked, both kernels: rows a = [0, 1, 0, 0], b = [0, 0, 1, 0] (a one-step shift),
  // c = [1, 1, 1, 1]. DTW(a, b) = 0 (warped), 0 with window 1, sqrt(2) with window 0 (the
  // diagonal); DTW(a, c) = DTW(b, c) = sqrt(3) (three rows cost 1 whatever the path).
  const hand = new Float32Array([0, 1, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1]);
  const r3 = Math.sqrt(3);
  for (const strategy of ['pair', 'diagonal'] as const) {
    let rel = 0;
    let abs = 0;
    for (const [window, ab] of [
      [undefined, 0],
      [1, 0],
      [0, Math.SQRT2],
    ] as const) {
      const want = new Float32Array([0, ab, r3, ab, 0, r3, r3, r3, 0]);
      const got = await dtwMatrixGpu(device, hand, { n: 3, T: 4, window, strategy });
      for (let k = 0; k < 9; k++) {
        const d = Math.abs(got[k] - want[k]);
        abs = Math.max(abs, Number.isNaN(d) ? Infinity : d);
        rel = Math.max(rel, want[k] === 0 ? (d === 0 ? 0 : Infinity) : d / want[k]);
      }
    }
    cases.push({
      name: `dtw-hand-worked-${strategy}`,
      shape: [3, 4, 4],
      path: 'gpu',
      source: null,
      grid: null,
      maxRelError: rel,
      maxAbsError: abs,
      reason: null,
    });
  }
  let seed = 100;
  for (const s of specs) {
    const x = randomWalks(seed++, s.n, s.T);
    const gpu = await dtwMatrixGpu(
      device,
      x,
      { n: s.n, T: s.T, window: s.window, strategy: s.strategy },
      { maxWorkgroupsPerDimension: s.cap },
    );
    const cpu = dtwMatrix(x, s.n, s.T, { window: s.window });
    const c = compare(offDiagonal(gpu, s.n), offDiagonal(cpu, s.n));
    let diagonalZero = true;
    for (let i = 0; i < s.n; i++) if (gpu[i * s.n + i] !== 0) diagonalZero = false;
    cases.push({
      name: s.name,
      shape: [s.n, s.T, s.window ?? s.T],
      path: 'gpu',
      source: null,
      grid: null,
      maxRelError: diagonalZero ? c.rel : Infinity,
      maxAbsError: c.abs,
      reason: null,
    });
  }
  // Through the worker's entry point: the hybrid picks tfjs's device when asked for the GPU.
  const n = 16;
  const T = 64;
  const x = randomWalks(seed, n, T);
  const r = await distanceMatrix(x, n, T, { prefer: 'gpu' });
  const c = compare(offDiagonal(r.dist, n), offDiagonal(dtwMatrix(x, n, T), n));
  cases.push({
    name: 'dtw-distance-matrix',
    shape: [n, T, T],
    path: r.path,
    source: r.source,
    grid: null,
    maxRelError: c.rel,
    maxAbsError: c.abs,
    reason: r.reason,
  });
  return cases;
}
