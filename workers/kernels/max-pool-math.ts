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
 * @returns  dx, [batch, inHeight, inWidth, channels] row-major
 */
export function maxPoolGradient(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  g: PoolGeometry,
): Float32Array {
  const { inHeight, inWidth, inChannels: ch, outHeight, outWidth } = g;
  const { filterHeight, filterWidth, strideHeight, strideWidth, padTop, padLeft } = g;
  const rowStride = inWidth * ch;
  const batchStride = inHeight * rowStride;
  // Overlapping windows (stride < filter) add into one position: sum in doubles; otherwise
  // each position gets at most one dy, written straight into the result.
  const overlap = strideHeight < filterHeight || strideWidth < filterWidth;
  const acc = overlap
    ? new Float64Array(g.batchSize * batchStride)
    : new Float32Array(g.batchSize * batchStride);
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
  return acc instanceof Float32Array ? acc : new Float32Array(acc);
}
