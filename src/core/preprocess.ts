/**
 * Standardisation, the first-difference channel and sliding windows, on row-major
 * Float32Arrays laid out as steps of `stride` values, of which the first `channels` are the
 * base channels.
 */
import { TsvizError } from './errors';
import { MAX_DATASET_VALUES } from './growable';

export interface MeanStd {
  mean: number[];
  std: number[];
}

/**
 * Per-channel mean and (population) standard deviation in float64 over `steps` steps.
 * A constant channel gets std 1, so standardising it gives zeros instead of NaN.
 */
export function fitMeanStd(
  data: Float32Array,
  steps: number,
  stride: number,
  channels: number,
): MeanStd {
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let s = 0; s < steps; s++) sum += data[s * stride + c];
    const m = steps > 0 ? sum / steps : 0;
    let sq = 0;
    for (let s = 0; s < steps; s++) {
      const d = data[s * stride + c] - m;
      sq += d * d;
    }
    const sd = steps > 0 ? Math.sqrt(sq / steps) : 0;
    mean.push(m);
    std.push(sd > 0 && Number.isFinite(sd) ? sd : 1);
  }
  return { mean, std };
}

/** In place: x' = (x - mean[c]) / std[c] for the first `channels` values of every step. */
export function applyStandardization(
  data: Float32Array,
  steps: number,
  stride: number,
  ms: MeanStd,
): void {
  for (let c = 0; c < ms.mean.length; c++) {
    const m = ms.mean[c];
    const s = ms.std[c];
    for (let i = 0; i < steps; i++) data[i * stride + c] = (data[i * stride + c] - m) / s;
  }
}

/**
 * In place, per sample of `length` steps with `stride` values each: the value at channel
 * `channels + c` becomes x[t, c] - x[t-1, c], and 0 at t = 0.
 */
export function fillDiff(
  data: Float32Array,
  samples: number,
  length: number,
  stride: number,
  channels: number,
): void {
  for (let n = 0; n < samples; n++) {
    const base = n * length * stride;
    for (let c = 0; c < channels; c++) data[base + channels + c] = 0;
    for (let t = 1; t < length; t++) {
      const at = base + t * stride;
      for (let c = 0; c < channels; c++)
        data[at + channels + c] = data[at + c] - data[at - stride + c];
    }
  }
}

/** Window starts 0, stride, 2*stride, ... while start + window < length. */
export function windowCount(length: number, window: number, stride: number): number {
  return length > window ? Math.floor((length - window - 1) / stride) + 1 : 0;
}

export interface Windows {
  /** [N, window, C] with C = channels * (1 + diff). */
  x: Float32Array;
  /** [N]: the value of channel `target` at the step after each window, or null. */
  y: Float32Array | null;
  count: number;
}

/**
 * Cut a series of shape [length, channels] (already standardised) into sliding windows.
 * With `diff`, channels * 2 values per step: the base values, then d[s] = x[s] - x[s-1] over
 * the whole series (d = 0 only at the series' first step), so a window's first difference is
 * the true step from the value before it.
 */
export function cutWindows(
  series: Float32Array,
  length: number,
  channels: number,
  window: number,
  stride: number,
  diff: boolean,
  target: number | null,
  source: string,
): Windows {
  const count = windowCount(length, window, stride);
  const cOut = channels * (diff ? 2 : 1);
  const total = count * window * cOut;
  if (total > MAX_DATASET_VALUES) {
    const minStride = Math.ceil(((length - window) * window * cOut) / MAX_DATASET_VALUES);
    throw new TsvizError(
      'csv-too-large',
      `Cutting ${source} into windows of ${window} steps with stride ${stride} makes ${count.toLocaleString('en-US')} windows, ${(total / 2 ** 20).toFixed(0)} M values: more than this app holds (${MAX_DATASET_VALUES / 2 ** 20} M).`,
      `Increase the stride to at least ${minStride} in the dataset form, or use a shorter part of the series.`,
    );
  }
  const x = new Float32Array(total);
  const y = target === null ? null : new Float32Array(count);
  for (let n = 0; n < count; n++) {
    const start = n * stride;
    let o = n * window * cOut;
    for (let t = 0; t < window; t++) {
      const s = start + t;
      for (let c = 0; c < channels; c++) x[o + c] = series[s * channels + c];
      if (diff) {
        for (let c = 0; c < channels; c++) {
          x[o + channels + c] =
            s === 0 ? 0 : series[s * channels + c] - series[(s - 1) * channels + c];
        }
      }
      o += cOut;
    }
    if (y && target !== null) y[n] = series[(start + window) * channels + target];
  }
  return { x, y, count };
}
