/**
 * The arithmetic of the max-pool input gradient on plain typed arrays (NHWC, dilation 1),
 * used by the MaxPoolGrad kernel. No tfjs, no Node or DOM APIs.
 */

/** The geometry the kernel needs, a subset of tfjs's Conv2DInfo for a 2-D pool. */
export interface PoolGeometry {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  /** Channels: a pool keeps them, so the output has as many. */
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  /** Padding before the first row / column (tfjs's padInfo.top / padInfo.left). */
  padTop: number;
  padLeft: number;
}

/**
 * dx for y = maxPool(x): each output's gradient dy[b, r, c, d] goes, whole, to the input
 * position holding its window's maximum, and dx sums what each input position receives.
 *
 * The rule is tfjs's cpu backend's (maxPoolPositions): a window is the part of the
 * filter that lies inside the input (padding never wins), scanned row by row, column by
 * column; the maximum is the first value strictly greater than everything before it, so
 * ties go to the first maximum in that order; NaN never wins, and a window whose values
 * are all NaN or −∞ routes its gradient nowhere. Negative maxima are handled like any other.
 *
 * @param x  input, [batch, inHeight, inWidth, channels] row-major
 * @param dy gradient of the output, [batch, outHeight, outWidth, channels] row-major
 * @param out where to write dx (e.g. a view of the wasm heap), [batch, inHeight, inWidth,
 *   channels]; its previous contents are overwritten. Default: a new array.
 * @returns  dx, [batch, inHeight, inWidth, channels] row-major (`out` when given)
 */
export function maxPoolGradient(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  g: PoolGeometry,
  out?: Float32Array,
): Float32Array {
  const { inHeight, inWidth, inChannels: ch, outHeight, outWidth } = g;
  const { filterHeight, filterWidth, strideHeight, strideWidth, padTop, padLeft } = g;
  const rowStride = inWidth * ch;
  const batchStride = inHeight * rowStride;
  // Overlapping windows (stride < filter) add into one position: sum in doubles; otherwise
  // each position gets at most one dy, written straight into the result.
  const overlap = strideHeight < filterHeight || strideWidth < filterWidth;
  const size = g.batchSize * batchStride;
  if (out && out.length !== size) throw new RangeError(`out has ${out.length} values, dx ${size}`);
  out?.fill(0);
  const acc = overlap ? new Float64Array(size) : (out ?? new Float32Array(size));
  if (!overlap && filterWidth === 1 && strideWidth === 1 && padLeft === 0 && outWidth === inWidth) {
    rowWindows(x, dy, g, acc as Float32Array);
    return acc as Float32Array;
  }
  // One window at a time, all channels together (contiguous in NHWC): the running maximum
  // and its position per channel.
  const best = new Float64Array(ch);
  const at = new Int32Array(ch);
  let o = 0; // flat index into dy, in its row-major order
  for (let b = 0; b < g.batchSize; b++) {
    const base = b * batchStride;
    for (let yr = 0; yr < outHeight; yr++) {
      const r0 = yr * strideHeight - padTop;
      const rMin = Math.max(0, r0);
      const rMax = Math.min(inHeight, r0 + filterHeight);
      for (let yc = 0; yc < outWidth; yc++, o += ch) {
        const c0 = yc * strideWidth - padLeft;
        const cMin = Math.max(0, c0);
        const cMax = Math.min(inWidth, c0 + filterWidth);
        best.fill(-Infinity);
        at.fill(-1);
        // row by row, column by column: the first strict maximum wins (ties to the first)
        for (let r = rMin; r < rMax; r++) {
          for (let c = cMin; c < cMax; c++) {
            const i0 = base + r * rowStride + c * ch;
            for (let d = 0; d < ch; d++) {
              const v = x[i0 + d];
              if (v > best[d]) {
                best[d] = v;
                at[d] = i0 + d;
              }
            }
          }
        }
        for (let d = 0; d < ch; d++) if (at[d] >= 0) acc[at[d]] += dy[o + d];
      }
    }
  }
  if (acc instanceof Float32Array) return acc;
  if (out) {
    out.set(acc);
    return out;
  }
  return new Float32Array(acc);
}

/**
 * maxPoolGradient for windows along rows only (filter width 1, stride 1, no column padding:
 * tfjs's MaxPooling1D over [N, W, 1, C]) that do not overlap: every (column, channel) pair is an
 * independent lane, contiguous in a row. Same rule (first strict maximum, NaN never wins);
 * 2 to 3 times faster than the general loops. `acc` is zeroed and gets dx.
 */
function rowWindows(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  g: PoolGeometry,
  acc: Float32Array,
): void {
  const { batchSize, inHeight, outHeight, filterHeight, strideHeight, padTop } = g;
  const lanes = g.inWidth * g.inChannels;
  const batchStride = inHeight * lanes;
  for (let b = 0; b < batchSize; b++) {
    const base = b * batchStride;
    let o = b * outHeight * lanes;
    for (let yr = 0; yr < outHeight; yr++, o += lanes) {
      const r0 = yr * strideHeight - padTop;
      const start = base + (r0 < 0 ? 0 : r0) * lanes;
      const stop = base + (r0 + filterHeight > inHeight ? inHeight : r0 + filterHeight) * lanes;
      for (let j = 0; j < lanes; j++) {
        let best = -Infinity;
        let at = -1;
        for (let i = start + j; i < stop; i += lanes) {
          const v = x[i];
          if (v > best) {
            best = v;
            at = i;
          }
        }
        if (at >= 0) acc[at] = dy[o + j];
      }
    }
  }
}
