/**
 * Independent float64 references for the Conv2DBackpropFilter tests: TensorFlow's padding rules,
 * a forward convolution loss, the weight gradient by its definition, and central finite
 * differences. Test support only; written without tfjs so it shares nothing with the kernel.
 */
import type { Rng } from '../../src/core/random';

export type Shape4 = [number, number, number, number];
export type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];
export interface Case {
  x: Shape4;
  w: Shape4;
  strides: [number, number];
  pad: Pad;
}
/** Resolved geometry: output size and top/left padding per spatial axis. */
export interface Geo {
  oh: number;
  ow: number;
  top: number;
  left: number;
}

/** TensorFlow's padding rules, written out independently of tfjs. */
function axis(n: number, k: number, s: number, pad: Pad, dim: 1 | 2): [number, number] {
  if (pad === 'valid') return [Math.ceil((n - k + 1) / s), 0];
  if (pad === 'same') {
    const out = Math.ceil(n / s);
    return [out, Math.floor(Math.max((out - 1) * s + k - n, 0) / 2)];
  }
  const [before, after] = typeof pad === 'number' ? [pad, pad] : pad[dim];
  return [Math.floor((n + before + after - k) / s) + 1, before];
}

export function geometry(c: Case): Geo {
  const [oh, top] = axis(c.x[1], c.w[0], c.strides[0], c.pad, 1);
  const [ow, left] = axis(c.x[2], c.w[1], c.strides[1], c.pad, 2);
  return { oh, ow, top, left };
}

/** x value at (b, r, col, ch) or 0 outside the input (zero padding). */
function xAt(x: Float64Array, s: Shape4, b: number, r: number, col: number, ch: number): number {
  if (r < 0 || r >= s[1] || col < 0 || col >= s[2]) return 0;
  return x[((b * s[1] + r) * s[2] + col) * s[3] + ch];
}

/** Σ_{output} conv(x, w) · dy, the loss whose gradient in w is the filter gradient. */
export function convLoss(
  x: Float64Array,
  w: Float64Array,
  dy: Float64Array,
  c: Case,
  g: Geo,
): number {
  const [kh, kw, ci, co] = c.w;
  let loss = 0;
  for (let b = 0; b < c.x[0]; b++)
    for (let i = 0; i < g.oh; i++)
      for (let j = 0; j < g.ow; j++)
        for (let o = 0; o < co; o++) {
          let y = 0;
          for (let p = 0; p < kh; p++)
            for (let q = 0; q < kw; q++)
              for (let m = 0; m < ci; m++) {
                const r = i * c.strides[0] + p - g.top;
                const col = j * c.strides[1] + q - g.left;
                y += xAt(x, c.x, b, r, col, m) * w[((p * kw + q) * ci + m) * co + o];
              }
          loss += y * dy[((b * g.oh + i) * g.ow + j) * co + o];
        }
  return loss;
}

/** dW by its definition, one weight at a time. */
export function directGrad(x: Float64Array, dy: Float64Array, c: Case, g: Geo): Float64Array {
  const [kh, kw, ci, co] = c.w;
  const out = new Float64Array(kh * kw * ci * co);
  for (let p = 0; p < kh; p++)
    for (let q = 0; q < kw; q++)
      for (let m = 0; m < ci; m++)
        for (let o = 0; o < co; o++) {
          let sum = 0;
          for (let b = 0; b < c.x[0]; b++)
            for (let i = 0; i < g.oh; i++)
              for (let j = 0; j < g.ow; j++) {
                const xv = xAt(
                  x,
                  c.x,
                  b,
                  i * c.strides[0] + p - g.top,
                  j * c.strides[1] + q - g.left,
                  m,
                );
                sum += xv * dy[((b * g.oh + i) * g.ow + j) * co + o];
              }
          out[((p * kw + q) * ci + m) * co + o] = sum;
        }
  return out;
}

/** Central finite differences of convLoss with respect to each weight. */
export function finiteDiffGrad(
  x: Float64Array,
  w: Float64Array,
  dy: Float64Array,
  c: Case,
  g: Geo,
) {
  const h = 1e-3;
  const out = new Float64Array(w.length);
  for (let k = 0; k < w.length; k++) {
    const keep = w[k];
    w[k] = keep + h;
    const up = convLoss(x, w, dy, c, g);
    w[k] = keep - h;
    const down = convLoss(x, w, dy, c, g);
    w[k] = keep;
    out[k] = (up - down) / (2 * h);
  }
  return out;
}

export function randomArray(rng: Rng, n: number): Float64Array {
  // Values representable in float32, so tfjs and the references see the same numbers.
  return Float64Array.from({ length: n }, () => Math.fround(rng.normal()));
}
