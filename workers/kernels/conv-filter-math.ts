/**
 * The arithmetic of the convolution weight gradient on plain typed arrays (NHWC, dilation 1),
 * shared by the Conv2DBackpropFilter kernel. No tfjs, no Node or DOM APIs.
 */

/** The geometry the kernel needs, a subset of tfjs's Conv2DInfo. */
export interface FilterGradGeometry {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

/**
 * dW[kh, kw, ci, co] = Σ_{b, yr, yc} x[b, yr·sh + kh − top, yc·sw + kw − left, ci] · dy[b, yr, yc, co]
 * (out-of-range input positions count as zero padding).
 *
 * @param x  input, [batch, inHeight, inWidth, inChannels] row-major
 * @param dy gradient of the output, [batch, outHeight, outWidth, outChannels] row-major
 * @returns  dW, [filterHeight, filterWidth, inChannels, outChannels] row-major
 */
export function filterGradient(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  g: FilterGradGeometry,
): Float32Array {
  const { inHeight, inWidth, inChannels: ci, outHeight, outWidth, outChannels: co } = g;
  const tapSize = ci * co;
  // Accumulate in doubles: sums run over batch × positions and float32 would drift.
  const acc = new Float64Array(g.filterHeight * g.filterWidth * tapSize);
  for (let b = 0; b < g.batchSize; b++) {
    for (let yr = 0; yr < outHeight; yr++) {
      for (let kh = 0; kh < g.filterHeight; kh++) {
        const xr = yr * g.strideHeight + kh - g.padTop;
        if (xr < 0 || xr >= inHeight) continue;
        const xRowBase = (b * inHeight + xr) * inWidth;
        for (let yc = 0; yc < outWidth; yc++) {
          const dyBase = ((b * outHeight + yr) * outWidth + yc) * co;
          for (let kw = 0; kw < g.filterWidth; kw++) {
            const xc = yc * g.strideWidth + kw - g.padLeft;
            if (xc < 0 || xc >= inWidth) continue;
            const xBase = (xRowBase + xc) * ci;
            const wBase = (kh * g.filterWidth + kw) * tapSize;
            for (let c = 0; c < ci; c++) {
              const xv = x[xBase + c];
              if (xv === 0) continue;
              const w0 = wBase + c * co;
              for (let o = 0; o < co; o++) acc[w0 + o] += xv * dy[dyBase + o];
            }
          }
        }
      }
    }
  }
  return Float32Array.from(acc);
}

/**
 * Patches of x, one column per output position: out[(kh·filterWidth + kw)·inChannels + ci, p]
 * = x under tap (kh, kw) at output position p = (b·outHeight + yr)·outWidth + yc, zero where
 * the tap falls in the padding. Shape [filterHeight·filterWidth·inChannels, positions],
 * row-major, so that dW (as [taps·inChannels, outChannels]) = patches · dy (as [positions,
 * outChannels]); this layout avoids a transposed matmul, which is ~10x slower on wasm.
 */
export function im2colT(x: ArrayLike<number>, g: FilterGradGeometry): Float32Array {
  const { inHeight, inWidth, inChannels: ci, outHeight, outWidth } = g;
  const positions = g.batchSize * outHeight * outWidth;
  const out = new Float32Array(g.filterHeight * g.filterWidth * ci * positions);
  let p = 0;
  for (let b = 0; b < g.batchSize; b++) {
    for (let yr = 0; yr < outHeight; yr++) {
      for (let yc = 0; yc < outWidth; yc++, p++) {
        for (let kh = 0; kh < g.filterHeight; kh++) {
          const xr = yr * g.strideHeight + kh - g.padTop;
          if (xr < 0 || xr >= inHeight) continue;
          for (let kw = 0; kw < g.filterWidth; kw++) {
            const xc = yc * g.strideWidth + kw - g.padLeft;
            if (xc < 0 || xc >= inWidth) continue;
            const src = ((b * inHeight + xr) * inWidth + xc) * ci;
            let dst = (kh * g.filterWidth + kw) * ci * positions + p;
            for (let c = 0; c < ci; c++, dst += positions) out[dst] = x[src + c];
          }
        }
      }
    }
  }
  return out;
}
