/**
 * Dynamic time warping between filter activations (paper Section IV-C; the authors used the
 * dtaidistance package):
 *
 *   C[i, j] = (a_i - b_j)^2 + min(C[i-1, j], C[i, j-1], C[i-1, j-1]),  C[-1, -1] = 0
 *   dtw(a, b) = sqrt(C[n-1, m-1])
 *
 * so for equal lengths dtw(a, b) <= the Euclidean distance |a - b| (the diagonal path).
 *
 * Window (Sakoe-Chiba band): `window = w` allows the cells with |i - j| <= w, widened by the
 * length difference so the last cell is always reachable (for unequal lengths n > m the band is
 * i - w - (n - m) <= j <= i + w). dtaidistance's `window=w + 1` is the same band. A window
 * only removes paths, so a windowed distance is >= the full one; w = 0 with equal lengths
 * gives the Euclidean distance.
 *
 * `dtwMatrix` is the fast CPU path for a layer's filters: WebAssembly SIMD (f32x4 lanes across
 * 16 pairs, src/core/dtw-wasm.ts; ~5e9 cells/s on one core here) wherever the engine has it
 * (every current browser, Node), else plain float64 loops over one reused row of the cost
 * matrix (~1e8 cells/s: the data-dependent minimum defeats branch prediction). Inputs must be
 * finite. `dtw` is the plain float64 definition (the reference).
 */
import { dtwRowsWasm, wasmDtwAvailable } from './dtw-wasm';

function bandOf(n: number, m: number, window: number | undefined): [number, number] {
  if (window === undefined) return [Infinity, Infinity];
  if (!(window >= 0)) throw new RangeError(`dtw: window = ${window}`);
  const w = Math.floor(window);
  return [w + Math.max(0, n - m), w + Math.max(0, m - n)];
}

/**
 * DTW between two univariate series, local cost (a_i - b_j)^2, the distance is sqrt of the last
 * cell (as the authors' dtaidistance), so DTW <= the Euclidean distance for equal lengths.
 * Computed in float64. Empty series: 0 when both are empty, else Infinity.
 * @param window Sakoe-Chiba half-width in steps (undefined: full); see the file comment.
 */
export function dtw(a: ArrayLike<number>, b: ArrayLike<number>, window?: number): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return n === m ? 0 : Infinity;
  const [below, above] = bandOf(n, m, window);
  // row[j + 1] = C[i, j]; row[0] is the column left of j = 0.
  const row = new Float64Array(m + 1).fill(Infinity);
  row[0] = 0;
  for (let i = 0; i < n; i++) {
    const start = Math.max(0, i - below);
    const end = Math.min(m - 1, i + above);
    let diag = row[start];
    row[start] = Infinity; // C[i, start - 1] is outside the band
    let left = Infinity;
    const ai = a[i];
    for (let j = start; j <= end; j++) {
      const up = row[j + 1];
      const d = ai - b[j];
      const best = diag < up ? (diag < left ? diag : left) : up < left ? up : left;
      left = d * d + best;
      row[j + 1] = left;
      diag = up;
    }
  }
  return Math.sqrt(row[m]);
}

function checkSeries(series: Float32Array, n: number, T: number): void {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(T) || T < 0)
    throw new RangeError(`dtw: shape [${n}, ${T}]`);
  if (series.length !== n * T)
    throw new RangeError(`dtw: ${series.length} values for [${n}, ${T}] (${n * T}).`);
}

/** Options of the matrix functions. */
export interface DtwMatrixOptions {
  /** Sakoe-Chiba half-width in steps (undefined: full). */
  window?: number;
  /** 'auto' (default): WebAssembly SIMD when available; 'js': the plain loops. */
  engine?: 'auto' | 'js' | 'wasm';
}

/**
 * One pair over a reused row (the plain-JS CPU path, float64). `row` has T + 1 values.
 */
function dtwPairF32(
  series: Float32Array,
  p: number,
  q: number,
  T: number,
  w: number,
  row: Float64Array,
): number {
  row.fill(Infinity);
  row[0] = 0;
  const ap = p * T;
  const bq = q * T;
  for (let i = 0; i < T; i++) {
    const start = i - w > 0 ? i - w : 0;
    const end = i + w < T - 1 ? i + w : T - 1;
    let diag = row[start];
    row[start] = Infinity;
    let left = Infinity;
    const ai = series[ap + i];
    for (let j = start; j <= end; j++) {
      const up = row[j + 1];
      const d = ai - series[bq + j];
      const best = diag < up ? (diag < left ? diag : left) : up < left ? up : left;
      left = d * d + best;
      row[j + 1] = left;
      diag = up;
    }
  }
  return Math.sqrt(row[T]);
}

/**
 * Fill rows `from` ≤ i < `to` of the upper triangle of the DTW matrix (pairs (i, j), j > i) and
 * their mirror images into `out` [n, n]. Lets a caller chunk the work (progress, cancel).
 */
export function dtwMatrixRows(
  series: Float32Array,
  n: number,
  T: number,
  from: number,
  to: number,
  out: Float32Array,
  opts: DtwMatrixOptions = {},
): void {
  checkSeries(series, n, T);
  if (out.length !== n * n) throw new RangeError(`dtw: out has ${out.length} values, not ${n}².`);
  const engine = opts.engine ?? 'auto';
  const w = Math.min(T, bandOf(T, T, opts.window)[0]);
  if (T === 0 || n < 2) return;
  if (engine === 'wasm' || (engine === 'auto' && wasmDtwAvailable())) {
    dtwRowsWasm(series, n, T, from, to, w, out);
    return;
  }
  const row = new Float64Array(T + 1);
  for (let i = from; i < to; i++)
    for (let j = i + 1; j < n; j++) {
      const d = dtwPairF32(series, i, j, T, w, row);
      out[i * n + j] = d;
      out[j * n + i] = d;
    }
}

/**
 * Pairwise DTW of n series of length T given as rows of `series` [n, T]: Float32Array [n, n],
 * symmetric, zero diagonal. Agrees with `dtw` to a relative ~1e-5 (the WASM path is float32).
 */
export function dtwMatrix(
  series: Float32Array,
  n: number,
  T: number,
  opts: DtwMatrixOptions = {},
): Float32Array {
  checkSeries(series, n, T);
  const out = new Float32Array(n * n);
  dtwMatrixRows(series, n, T, 0, n, out, opts);
  return out;
}

/**
 * Min-max scale each row of [n, T] to [0, 1] (a constant row becomes all 0), as the authors'
 * code does before clustering: (s - min s) / (max s - min s).
 */
export function minMaxRows(series: Float32Array, n: number, T: number): Float32Array {
  checkSeries(series, n, T);
  const out = new Float32Array(n * T);
  for (let r = 0; r < n; r++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = 0; t < T; t++) {
      const v = series[r * T + t];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const span = hi - lo;
    if (!(span > 0)) continue; // constant (or empty) row: all 0
    for (let t = 0; t < T; t++) out[r * T + t] = (series[r * T + t] - lo) / span;
  }
  return out;
}
