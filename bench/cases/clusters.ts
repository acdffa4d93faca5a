/**
 * The DTW distance matrix of the filter clustering (issue 8, paper Section IV-C): the WGSL
 * kernels (workers/gpu/dtw.ts) against the CPU path (src/core/dtw.ts dtwMatrix: WebAssembly
 * SIMD, 16 pairs in f32x4 lanes), in DP cells per second (cells = pairs × T², pairs =
 * n(n - 1)/2; higher is better), on seeded random walks of 64 and 256 filters by 50 and 1,024
 * steps (quick: 16 × 50 and 16 × 128).
 *
 * Runs on the webgpu and wasm workers: the CPU path in both (it does not depend on tfjs's
 * backend; the two columns should agree), the GPU kernels where a WebGPU device is (tfjs's on
 * the webgpu worker), each with its maxRelDiff against the CPU path's matrix. On a software
 * adapter (SwiftShader) the GPU kernels run the small sizes only (a CPU emulation of a GPU).
 * Anchors on one core of this machine (gcc -O3): a plain C DTW loop 0.8-1.4e9 cells/s, C with
 * 64 pairs in SIMD lanes ~2.7e10 cells/s.
 */
import { dtwMatrix } from '../../src/core/dtw';
import { wasmDtwAvailable } from '../../src/core/dtw-wasm';
import { makeRng } from '../../src/core/random';
import { getGpuDevice } from '../../workers/gpu/device';
import { dtwMatrixGpu, strategyFor, type DtwStrategy } from '../../workers/gpu/dtw';
import { maxRelDiff } from '../compare';
import type { AnalysisCase, CaseRow } from './types';

/** Seeded random walks [n, T], min-max scaled per row as the view does by default. */
function walks(seed: number, n: number, T: number): Float32Array {
  const rng = makeRng(seed);
  const x = new Float32Array(n * T);
  for (let i = 0; i < n; i++) {
    let v = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = 0; t < T; t++) {
      v += rng.normal(0, 1);
      x[i * T + t] = v;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    for (let t = 0; t < T; t++) x[i * T + t] = (x[i * T + t] - lo) / (hi - lo || 1);
  }
  return x;
}

/** Fastest of `runs` timed calls after one warm-up (ms) and the last result. */
async function timed(
  runs: number,
  fn: () => Float32Array | Promise<Float32Array>,
): Promise<{ ms: number; value: Float32Array }> {
  let value = await fn();
  let ms = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    value = await fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, value };
}

/** Most DP cells a GPU kernel is timed on a software adapter. */
const SOFTWARE_GPU_MAX_CELLS = 2 ** 27;

export const clustersCase: AnalysisCase = {
  id: 'clusters',
  title:
    'Filter clustering: DTW distance matrix, GPU kernel vs CPU path (cells/s, higher is better)',
  backends: ['webgpu', 'wasm'],
  async run(ctx) {
    const sizes: [number, number][] = ctx.quick
      ? [
          [16, 50],
          [16, 128],
        ]
      : [
          [64, 50],
          [64, 1024],
          [256, 50],
          [256, 1024],
        ];
    const handle = await getGpuDevice();
    const rows: CaseRow[] = [];
    let seed = 1;
    for (const [n, T] of sizes) {
      const pairs = (n * (n - 1)) / 2;
      const cells = pairs * T * T;
      const x = walks(seed++, n, T);
      const runs = cells >= 2 ** 31 ? 1 : 3;
      ctx.progress(`clusters: DTW ${n} × ${T}, CPU path`);
      const cpu = await timed(runs, () => dtwMatrix(x, n, T));
      const engine = wasmDtwAvailable() ? 'WASM SIMD' : 'plain JS';
      rows.push({
        variant: `${n} × ${T}, CPU path`,
        value: cells / (cpu.ms / 1000),
        unit: 'cells/s',
        detail: `${engine}, one thread: ${cpu.ms.toFixed(1)} ms for ${pairs} pairs`,
        maxRelDiff: null,
      });
      if (!handle) continue;
      if (handle.isFallbackAdapter && cells > SOFTWARE_GPU_MAX_CELLS) continue;
      const strategies: DtwStrategy[] = T <= 1024 && T > 64 ? ['pair', 'diagonal'] : ['pair'];
      if (!strategies.includes(strategyFor(T))) strategies.push(strategyFor(T));
      for (const strategy of strategies) {
        ctx.progress(`clusters: DTW ${n} × ${T}, GPU kernel (${strategy})`);
        const gpu = await timed(runs, () => dtwMatrixGpu(handle.device, x, { n, T, strategy }));
        const ratio = cpu.ms / gpu.ms;
        rows.push({
          variant: `${n} × ${T}, GPU kernel (${strategy}${strategy === strategyFor(T) ? ', default' : ''})`,
          value: cells / (gpu.ms / 1000),
          unit: 'cells/s',
          detail:
            `${gpu.ms.toFixed(1)} ms incl. upload and readback on ${handle.source} device` +
            `${handle.isFallbackAdapter ? ' (software adapter)' : ''}; ${ratio.toFixed(2)}× the CPU path`,
          maxRelDiff: maxRelDiff(gpu.value, cpu.value),
        });
      }
    }
    return rows;
  },
};
