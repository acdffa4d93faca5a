/**
 * The DTW distance matrix of a layer's filters (paper Section IV-C) on the GPU, with the CPU path
 * of src/core/dtw.ts (`dtwMatrix`: WebAssembly SIMD) as its twin:
 *
 *   series: [n, T] row-major Float32Array (one filter's activation per row)
 *   result: [n, n] row-major Float32Array, symmetric, zero diagonal,
 *           dist[i, j] = sqrt(C[T-1, T-1]), C the DTW cost matrix of rows i and j with local
 *           cost (a_t - b_s)^2 and an optional Sakoe-Chiba window |t - s| <= w
 *
 * Two WGSL kernels, both computing the n(n-1)/2 pairs of the upper triangle (a list of packed
 * pair ids i << 16 | j, so n <= 65,535) in f32:
 * - 'pair' (T <= 256, or T > 1,024): one pair per invocation, the DP row (T + 1 floats) in the
 *   invocation's private memory, the same loop and operation order as the CPU path; the series
 *   are uploaded transposed, [T][n], so neighbouring invocations (pairs (i, j), (i, j + 1))
 *   read neighbouring floats;
 * - 'diagonal' (256 < T <= 1,024): one pair per workgroup of 128, sweeping the 2T - 1
 *   anti-diagonals (cells on one anti-diagonal are independent) with three diagonals of the DP
 *   in workgroup memory and a barrier between diagonals.
 * Each kernel source is made for a bucket of T (its arrays need a constant size) and compiled
 * once per device. Large matrices are dispatched in chunks of pairs (~2^31 cells each, but at
 * least 4,096 pairs for 'pair' and 256 for 'diagonal', so that a chunk still fills a GPU)
 * so a single submission stays short and progress can be reported between them. Out-of-band
 * cells hold a large finite sentinel (1e30) rather than infinity: WGSL implementations may
 * assume no infinities.
 *
 * `distanceMatrix(series, n, T, opts)` is what the compute worker calls: the GPU on a hardware
 * adapter when the work is big enough (`DTW_GPU_MIN_CELLS`), else the CPU path; it says which.
 */
import { dtwMatrix, dtwMatrixRows } from '../../src/core/dtw';
import { createStorage, createUniform, readback, uploadStorage } from './buffers';
import {
  defineHybrid,
  defineKernel,
  LINEAR_INDEX_WGSL,
  type ComputeKernel,
  type DispatchOptions,
  type KernelPath,
  type RunOptions,
} from './kernel';
import type { DeviceSource } from './device';

/** Which GPU kernel: one pair per invocation, or one pair per workgroup along anti-diagonals. */
export type DtwStrategy = 'pair' | 'diagonal';

/** The shape of one distance-matrix job and its options. */
export interface DtwSpec {
  /** Number of series (rows). */
  n: number;
  /** Steps per series. */
  T: number;
  /** Sakoe-Chiba half-width in steps (undefined: full). */
  window?: number;
  /** Force a GPU kernel (default: by T, see the file comment). */
  strategy?: DtwStrategy;
  /** Called (and awaited) after each chunk with the pairs done so far and the total. */
  onChunk?: (done: number, total: number) => void | Promise<void>;
}

/** Below this many DP cells (pairs × T²) the CPU path runs in 'auto' mode (WASM SIMD does ~5e9/s). */
export const DTW_GPU_MIN_CELLS = 1 << 26;
/** Longest series the GPU kernels take (the private DP row of the 'pair' kernel). */
export const DTW_GPU_MAX_T = 4096;
/** Most DP cells per dispatch. */
const CELLS_PER_DISPATCH = 2 ** 31;
/** Sentinel for unreachable cells (WGSL may assume no infinities). */
const BIG = '1e30';

function checkSpec(series: Float32Array, { n, T, window }: DtwSpec): void {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(T) || T < 0)
    throw new RangeError(`dtw: shape [${n}, ${T}]`);
  if (series.length !== n * T)
    throw new RangeError(`dtw: ${series.length} values for [${n}, ${T}] (${n * T}).`);
  if (window !== undefined && !(window >= 0)) throw new RangeError(`dtw: window = ${window}`);
}

const pairCount = (n: number): number => (n * (n - 1)) / 2;

/** The default kernel for series of T steps. */
export function strategyFor(T: number): DtwStrategy {
  return T > 256 && T <= 1024 ? 'diagonal' : 'pair';
}

/** The array size a kernel is compiled for: the next power of two >= T (at least 64). */
export function bucketFor(T: number): number {
  let b = 64;
  while (b < T) b *= 2;
  return b;
}

const PARAMS_WGSL = /* wgsl */ `
struct Params { t: u32, w: u32, count: u32, offset: u32, n: u32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> pairs: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;
const BIG: f32 = ${BIG};
`;

/** WGSL of the one-pair-per-invocation kernel for T <= bucket. */
export function pairKernelWgsl(bucket: number): string {
  return /* wgsl */ `
override WORKGROUP_SIZE: u32 = 64u;
${PARAMS_WGSL}
${LINEAR_INDEX_WGSL}
@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let p = linear_index(wid, nwg, lid);
  if (p >= params.count) { return; }
  let pair = pairs[params.offset + p];
  let T = i32(params.t);
  let w = i32(params.w);
  // x is transposed here, [T][n]: neighbouring invocations (pairs (i, j), (i, j + 1), ...)
  // read neighbouring floats
  let n = i32(params.n);
  let ia = i32(pair >> 16u);
  let ib = i32(pair & 0xffffu);
  var row: array<f32, ${bucket + 1}>;
  row[0] = 0.0;
  for (var c = 1; c <= T; c++) { row[c] = BIG; }
  for (var r = 0; r < T; r++) {
    let start = max(0, r - w);
    let end = min(T - 1, r + w);
    var diag = row[start];
    row[start] = BIG;
    var left = BIG;
    let ar = x[r * n + ia];
    for (var c = start; c <= end; c++) {
      let up = row[c + 1];
      let d = ar - x[c * n + ib];
      left = d * d + min(min(up, diag), left);
      row[c + 1] = left;
      diag = up;
    }
  }
  out[params.offset + p] = sqrt(row[T]);
}
`;
}

/** WGSL of the one-pair-per-workgroup anti-diagonal kernel for T <= bucket (<= 1,365). */
export function diagonalKernelWgsl(bucket: number): string {
  return /* wgsl */ `
override WORKGROUP_SIZE: u32 = 128u;
${PARAMS_WGSL}
const M: i32 = ${bucket};
var<workgroup> diags: array<f32, ${3 * bucket}>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let g = wid.y * nwg.x + wid.x;
  if (g >= params.count) { return; }
  let pair = pairs[params.offset + g];
  let T = i32(params.t);
  let w = i32(params.w);
  let ia = i32(pair >> 16u) * T;
  let ib = i32(pair & 0xffffu) * T;
  let last = 2 * T - 2;
  for (var k = 0; k <= last; k++) {
    // diagonal k (cells i + j = k) is kept at (k % 3) * M, indexed by the row i
    let cur = (k % 3) * M;
    let prev = ((k + 2) % 3) * M;
    let prev2 = ((k + 1) % 3) * M;
    let lo = max(0, k - (T - 1));
    let hi = min(T - 1, k);
    for (var i = lo + i32(lid); i <= hi; i += i32(WORKGROUP_SIZE)) {
      let j = k - i;
      var v = BIG;
      if (abs(i - j) <= w) {
        var best = BIG;
        if (k == 0) {
          best = 0.0;
        } else {
          if (i > 0) { best = min(best, diags[prev + i - 1]); }
          if (j > 0) { best = min(best, diags[prev + i]); }
          if (i > 0 && j > 0) { best = min(best, diags[prev2 + i - 1]); }
        }
        let d = x[ia + i] - x[ib + j];
        v = d * d + best;
      }
      diags[cur + i] = v;
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    out[params.offset + g] = sqrt(diags[(last % 3) * M + T - 1]);
  }
}
`;
}

const kernels = new Map<string, ComputeKernel>();

/** The compiled-once kernel for a strategy and T. */
export function dtwKernel(strategy: DtwStrategy, T: number): ComputeKernel {
  const bucket = bucketFor(T);
  if (strategy === 'diagonal' && bucket > 1024)
    throw new RangeError(`dtw: the anti-diagonal kernel takes T <= 1024, not ${T}.`);
  if (bucket > DTW_GPU_MAX_T)
    throw new RangeError(`dtw: the GPU kernels take T <= ${DTW_GPU_MAX_T}.`);
  const key = `${strategy}-${bucket}`;
  let k = kernels.get(key);
  if (!k) {
    k = defineKernel({
      label: `dtw-${key}`,
      code: strategy === 'pair' ? pairKernelWgsl(bucket) : diagonalKernelWgsl(bucket),
      workgroupSize: strategy === 'pair' ? 64 : 128,
    });
    kernels.set(key, k);
  }
  return k;
}

/** The pairs (i, j), i < j, of the upper triangle, packed as i << 16 | j, row by row. */
export function upperPairs(n: number): Uint32Array {
  if (n > 65535) throw new RangeError(`dtw: the GPU kernels take n <= 65535 series, not ${n}.`);
  const out = new Uint32Array(pairCount(n));
  let p = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[p++] = ((i << 16) | j) >>> 0;
  return out;
}

/** [n, T] -> [T, n]. */
function transpose(series: Float32Array, n: number, T: number): Float32Array {
  const out = new Float32Array(n * T);
  for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) out[t * n + i] = series[i * T + t];
  return out;
}

/** Mirror the upper-triangle distances (in `upperPairs` order) into a symmetric [n, n]. */
function fillSymmetric(upper: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n * n);
  let p = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      out[i * n + j] = upper[p];
      out[j * n + i] = upper[p];
      p++;
    }
  return out;
}

/** The GPU path: upload, dispatch in chunks, read back, mirror. */
export async function dtwMatrixGpu(
  device: GPUDevice,
  series: Float32Array,
  spec: DtwSpec,
  options: DispatchOptions = {},
): Promise<Float32Array> {
  checkSpec(series, spec);
  const { n, T } = spec;
  const total = pairCount(n);
  if (total === 0 || T === 0) return new Float32Array(n * n);
  const strategy = spec.strategy ?? strategyFor(T);
  const kernel = dtwKernel(strategy, T);
  const w = spec.window === undefined ? T : Math.min(T, Math.floor(spec.window));
  // 'pair' reads the series transposed, [T][n] (coalesced across invocations); 'diagonal' as is
  const x = uploadStorage(
    device,
    strategy === 'pair' ? transpose(series, n, T) : series,
    `The activations of ${n} filters`,
  );
  const pairs = uploadStorage(device, upperPairs(n), 'dtw-pairs');
  const out = createStorage(device, total * 4, 'dtw-distances');
  const uniforms: GPUBuffer[] = [];
  try {
    // ~2^31 cells per dispatch, but enough pairs to fill a GPU (one pair per invocation or group)
    const minPairs = strategy === 'pair' ? 4096 : 256;
    const perDispatch = Math.min(
      total,
      Math.max(minPairs, Math.floor(CELLS_PER_DISPATCH / (T * T))),
    );
    for (let offset = 0; offset < total; offset += perDispatch) {
      const count = Math.min(perDispatch, total - offset);
      const params = createUniform(device, new Uint32Array([T, w, count, offset, n]), 'dtw-params');
      uniforms.push(params);
      const invocations = strategy === 'pair' ? count : count * kernel.workgroupSize;
      await kernel.dispatch(device, [x, pairs, out, params], invocations, options);
      if (spec.onChunk) {
        await device.queue.onSubmittedWorkDone();
        await spec.onChunk(offset + count, total);
      }
    }
    return fillSymmetric(await readback(device, out, total), n);
  } finally {
    x.destroy();
    pairs.destroy();
    out.destroy();
    for (const u of uniforms) u.destroy();
  }
}

/** The CPU twin: src/core/dtw.ts `dtwMatrix`, in row chunks when `onChunk` is given. */
export async function dtwMatrixCpu(series: Float32Array, spec: DtwSpec): Promise<Float32Array> {
  checkSpec(series, spec);
  const { n, T, window, onChunk } = spec;
  if (!onChunk) return dtwMatrix(series, n, T, { window });
  const out = new Float32Array(n * n);
  const total = pairCount(n);
  let done = 0;
  // about 2^27 cells per chunk (~30 ms with WASM SIMD)
  const cellsPerChunk = 2 ** 27;
  let from = 0;
  while (from < n) {
    let to = from;
    let cells = 0;
    while (to < n && (to === from || cells + (n - 1 - to) * T * T <= cellsPerChunk)) {
      cells += (n - 1 - to) * T * T;
      to++;
    }
    dtwMatrixRows(series, n, T, from, to, out, { window });
    for (let i = from; i < to; i++) done += n - 1 - i;
    await onChunk(done, total);
    from = to;
  }
  return out;
}

/** The DTW matrix on the GPU or the CPU (kernel.ts `defineHybrid`). */
export const dtwDistances = defineHybrid<[Float32Array, DtwSpec], Float32Array>({
  name: 'dtw-matrix',
  gpu: (device, series, spec) => dtwMatrixGpu(device, series, spec),
  cpu: dtwMatrixCpu,
  worthGpu: (_s, { n, T }) => pairCount(n) * T * T >= DTW_GPU_MIN_CELLS && T <= DTW_GPU_MAX_T,
});

/** Options of `distanceMatrix`. */
export interface DistanceMatrixOptions extends Pick<RunOptions, 'prefer' | 'device'> {
  window?: number;
  strategy?: DtwStrategy;
  onChunk?: DtwSpec['onChunk'];
}

/** What `distanceMatrix` returns: the [n, n] matrix and which path computed it. */
export interface DistanceMatrixResult {
  dist: Float32Array;
  path: KernelPath;
  /** Where the GPU device came from when the GPU ran. */
  source: DeviceSource | null;
  /** Why the CPU ran, or null. */
  reason: string | null;
}

/**
 * The DTW distance matrix [n, n] of the rows of `series` [n, T], for the compute worker: the
 * WGSL kernel on a hardware GPU when pairs × T² >= DTW_GPU_MIN_CELLS (and T <= DTW_GPU_MAX_T,
 * n <= 65,535), else the CPU path (WASM SIMD); a failing GPU path falls back to the CPU.
 * `prefer: 'gpu'` uses any WebGPU device (a software one too), `prefer: 'cpu'` never.
 */
export async function distanceMatrix(
  series: Float32Array,
  n: number,
  T: number,
  opts: DistanceMatrixOptions = {},
): Promise<DistanceMatrixResult> {
  const spec: DtwSpec = {
    n,
    T,
    window: opts.window,
    strategy: opts.strategy,
    onChunk: opts.onChunk,
  };
  checkSpec(series, spec);
  const gpuPossible = n <= 65535 && T <= DTW_GPU_MAX_T;
  const prefer = gpuPossible ? opts.prefer : 'cpu';
  const r = await dtwDistances.runWith({ prefer, device: opts.device }, series, spec);
  const reason =
    !gpuPossible && r.path === 'cpu'
      ? `the GPU kernels take n <= 65535 and T <= ${DTW_GPU_MAX_T}`
      : r.reason;
  return { dist: r.value, path: r.path, source: r.source, reason };
}
