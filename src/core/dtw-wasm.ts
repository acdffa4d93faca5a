/**
 * The DTW matrix's fast CPU path: a hand-assembled WebAssembly SIMD module (its bytes are
 * emitted below, no toolchain) that runs 16 pairs at once in f32x4 lanes (4 vectors of 4).
 *
 * One call `dtw16` computes DTW(a, b_l) for one series a and 16 series b_0..b_15 with the same
 * recurrence as src/core/dtw.ts in float32, the minimum taken with `f32x4.pmin` (one machine
 * instruction; the inputs are finite). The 4 vectors are 4 independent dependency chains, which
 * hides the min/add latency: ~5e9 cells per second of one core's time here (AMD EPYC; 2 vectors
 * ran ~4.2e9, 8 vectors ~4e9). The b series are stored transposed, [T][nPad], so the 16 lanes
 * of step t are 64 contiguous bytes; row i of the matrix is the pairs (i, i+1..n-1) in blocks
 * of 16 (the last block padded with zero series, its extra lanes ignored).
 *
 * Memory (one imported memory, grown on demand), in bytes:
 *   [0, 4nT)             the series, [n][T]
 *   [4nT, +4T·nPad)       the series transposed, [T][nPad], nPad = n + 16 (zero padded)
 *   next (T + 1) · 64     the reused DP row: 4 vectors (16 lanes) per column
 *   next 64               the 16 distances of one call
 *
 * Where WebAssembly SIMD is missing (`wasmDtwAvailable()` false) dtw.ts runs plain loops.
 */

/** f32x4 vectors per call (4: 16 pairs in lanes; more vectors, more independent chains). */
export const VECTORS = 4;
const LANES = 4 * VECTORS;

// ---- a tiny byte emitter --------------------------------------------------------------------

function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const str = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];

// opcodes
const get = (i: number): number[] => [0x20, ...uleb(i)];
const set = (i: number): number[] => [0x21, ...uleb(i)];
const i32c = (v: number): number[] => [0x41, ...sleb(v)];
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_MUL = 0x6c;
const I32_LT_S = 0x48;
const I32_GT_S = 0x4a;
const I32_LE_S = 0x4c;
const SELECT = 0x1b;
const LOOP = [0x03, 0x40];
const END = 0x0b;
const brIf = (depth: number): number[] => [0x0d, ...uleb(depth)];
const f32Load = (offset = 0): number[] => [0x2a, 0x02, ...uleb(offset)];
const simd = (op: number): number[] => [0xfd, ...uleb(op)];
const v128Load = (offset = 0): number[] => [...simd(0x00), 0x00, ...uleb(offset)];
const v128Store = (offset = 0): number[] => [...simd(0x0b), 0x00, ...uleb(offset)];
const F32X4_SPLAT = simd(0x13);
const F32X4_SQRT = simd(0xe3);
const F32X4_ADD = simd(0xe4);
const F32X4_SUB = simd(0xe5);
const F32X4_MUL = simd(0xe6);
const F32X4_PMIN = simd(0xea);
const v128ConstF32 = (x: number): number[] => {
  const bytes = new Uint8Array(new Float32Array([x, x, x, x]).buffer);
  return [...simd(0x0c), ...bytes];
};

/** The module's bytes: export `dtw16(a, b, bStride, row, out, T, w)` over imported `env.mem`. */
export function dtwWasmBytes(vectors = VECTORS): Uint8Array<ArrayBuffer> {
  const STRIDE = 16 * vectors; // bytes per DP column
  // params
  const A = 0;
  const B = 1;
  const BS = 2;
  const ROW = 3;
  const OUT = 4;
  const T = 5;
  const W = 6;
  // i32 locals
  const I = 7;
  const J = 8;
  const JE = 9;
  const P = 10;
  const Q = 11;
  // v128 locals
  const AV = 12;
  const DIAG = 13; // 13 .. 13 + vectors - 1
  const LEFT = DIAG + vectors;
  const UP = LEFT + vectors;
  const INF = UP + 1;
  const TMP = INF + 1;
  const V = Array.from({ length: vectors }, (_, v) => v);

  const body: number[] = [
    // inf = +Infinity in every lane
    ...v128ConstF32(Infinity),
    ...set(INF),
    // row[0..T] = inf
    ...get(ROW),
    ...set(P),
    ...i32c(0),
    ...set(J),
    ...LOOP,
    ...V.flatMap((v) => [...get(P), ...get(INF), ...v128Store(16 * v)]),
    ...get(P),
    ...i32c(STRIDE),
    I32_ADD,
    ...set(P),
    ...get(J),
    ...i32c(1),
    I32_ADD,
    ...set(J),
    ...get(J),
    ...get(T),
    I32_LE_S,
    ...brIf(0),
    END,
    // row[0] = 0 (C[-1, -1])
    ...V.flatMap((v) => [...get(ROW), ...v128ConstF32(0), ...v128Store(16 * v)]),
    // for i in 0..T-1
    ...i32c(0),
    ...set(I),
    ...LOOP,
    //   av = splat(a[i])
    ...get(A),
    ...get(I),
    ...i32c(4),
    I32_MUL,
    I32_ADD,
    ...f32Load(),
    ...F32X4_SPLAT,
    ...set(AV),
    //   j = max(0, i - w)  (0-based column), je = min(T - 1, i + w)
    ...get(I),
    ...get(W),
    I32_SUB,
    ...i32c(0),
    ...get(I),
    ...get(W),
    I32_SUB,
    ...i32c(0),
    I32_GT_S,
    SELECT,
    ...set(J),
    ...get(I),
    ...get(W),
    I32_ADD,
    ...get(T),
    ...i32c(1),
    I32_SUB,
    ...get(I),
    ...get(W),
    I32_ADD,
    ...get(T),
    ...i32c(1),
    I32_SUB,
    I32_LT_S,
    SELECT,
    ...set(JE),
    //   p = row + j * 64 (the slot left of column j); diag = row[p]; row[p] = inf; left = inf
    ...get(ROW),
    ...get(J),
    ...i32c(STRIDE),
    I32_MUL,
    I32_ADD,
    ...set(P),
    ...V.flatMap((v) => [
      ...get(P),
      ...v128Load(16 * v),
      ...set(DIAG + v),
      ...get(P),
      ...get(INF),
      ...v128Store(16 * v),
      ...get(INF),
      ...set(LEFT + v),
    ]),
    ...get(P),
    ...i32c(STRIDE),
    I32_ADD,
    ...set(P),
    //   q = b + j * bStride
    ...get(B),
    ...get(J),
    ...get(BS),
    I32_MUL,
    I32_ADD,
    ...set(Q),
    //   for j in j..je
    ...LOOP,
    ...V.flatMap((v) => [
      // up = row[p]
      ...get(P),
      ...v128Load(16 * v),
      ...set(UP),
      // left = (av - b)^2 + pmin(pmin(up, diag), left)
      ...get(AV),
      ...get(Q),
      ...v128Load(16 * v),
      ...F32X4_SUB,
      ...set(TMP),
      ...get(TMP),
      ...get(TMP),
      ...F32X4_MUL,
      ...get(UP),
      ...get(DIAG + v),
      ...F32X4_PMIN,
      ...get(LEFT + v),
      ...F32X4_PMIN,
      ...F32X4_ADD,
      ...set(LEFT + v),
      ...get(P),
      ...get(LEFT + v),
      ...v128Store(16 * v),
      ...get(UP),
      ...set(DIAG + v),
    ]),
    ...get(P),
    ...i32c(STRIDE),
    I32_ADD,
    ...set(P),
    ...get(Q),
    ...get(BS),
    I32_ADD,
    ...set(Q),
    ...get(J),
    ...i32c(1),
    I32_ADD,
    ...set(J),
    ...get(J),
    ...get(JE),
    I32_LE_S,
    ...brIf(0),
    END,
    ...get(I),
    ...i32c(1),
    I32_ADD,
    ...set(I),
    ...get(I),
    ...get(T),
    I32_LT_S,
    ...brIf(0),
    END,
    // out = sqrt(row[T])
    ...get(ROW),
    ...get(T),
    ...i32c(STRIDE),
    I32_MUL,
    I32_ADD,
    ...set(P),
    ...V.flatMap((v) => [
      ...get(OUT),
      ...get(P),
      ...v128Load(16 * v),
      ...F32X4_SQRT,
      ...v128Store(16 * v),
    ]),
    END,
  ];
  // Locals: 5 i32 (7..11), then the v128 ones (12..TMP).
  const locals = vec([
    [...uleb(5), 0x7f],
    [...uleb(2 * vectors + 4), 0x7b],
  ]);
  const code = [...locals, ...body];
  const i32 = 0x7f;
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec([[0x60, ...vec([[i32], [i32], [i32], [i32], [i32], [i32], [i32]]), 0x00]])),
    ...section(2, vec([[...str('env'), ...str('mem'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0x00]])),
    ...section(7, vec([[...str('dtw16'), 0x00, 0x00]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ];
  return new Uint8Array(bytes);
}

// ---- running it -----------------------------------------------------------------------------

interface Instance {
  memory: WebAssembly.Memory;
  dtw16: (a: number, b: number, bs: number, row: number, out: number, T: number, w: number) => void;
}

let instance: Instance | null | undefined;

function instantiate(): Instance | null {
  if (instance !== undefined) return instance;
  instance = null;
  try {
    if (typeof WebAssembly === 'undefined') return null;
    const bytes = dtwWasmBytes();
    if (!WebAssembly.validate(bytes)) return null;
    const memory = new WebAssembly.Memory({ initial: 1 });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { mem: memory } });
    instance = { memory, dtw16: inst.exports.dtw16 as Instance['dtw16'] };
  } catch {
    instance = null;
  }
  return instance;
}

/** True when this engine runs WebAssembly SIMD (the module validates and instantiates). */
export function wasmDtwAvailable(): boolean {
  return instantiate() !== null;
}

/**
 * Rows from ≤ i < to of the DTW matrix (pairs (i, j > i), mirrored) into out [n, n], float32.
 * @param w Sakoe-Chiba half-width (>= T: the full matrix).
 */
export function dtwRowsWasm(
  series: Float32Array,
  n: number,
  T: number,
  from: number,
  to: number,
  w: number,
  out: Float32Array,
): void {
  const inst = instantiate();
  if (!inst) throw new Error('WebAssembly SIMD is not available');
  const nPad = n + LANES;
  const seriesBase = 0;
  const transBase = seriesBase + 4 * n * T;
  const rowBase = transBase + 4 * T * nPad;
  const outBase = rowBase + 4 * LANES * (T + 1);
  const bytes = outBase + 4 * LANES;
  const { memory } = inst;
  if (memory.buffer.byteLength < bytes)
    memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
  const f32 = new Float32Array(memory.buffer);
  f32.set(series, seriesBase / 4);
  const trans = transBase / 4;
  f32.fill(0, trans, trans + T * nPad);
  for (let s = 0; s < n; s++)
    for (let t = 0; t < T; t++) f32[trans + t * nPad + s] = series[s * T + t];
  const wi = Math.min(Math.max(0, Math.floor(w)), T);
  const res = outBase / 4;
  for (let i = from; i < to; i++) {
    for (let j0 = i + 1; j0 < n; j0 += LANES) {
      inst.dtw16(seriesBase + 4 * i * T, transBase + 4 * j0, 4 * nPad, rowBase, outBase, T, wi);
      const lanes = Math.min(LANES, n - j0);
      for (let l = 0; l < lanes; l++) {
        const d = f32[res + l];
        out[i * n + j0 + l] = d;
        out[(j0 + l) * n + i] = d;
      }
    }
  }
}
