/**
 * Quality of a model's predictions over a set of samples (pure). The losses are the ones the
 * paper trains with: binary cross-entropy (a 1-unit sigmoid output), categorical cross-entropy
 * (softmax), mean squared error (regression). Probabilities are clipped to [eps, 1 - eps] with
 * eps = 1e-7, as Keras does, so a confident mistake costs about 16.1 nats, not Infinity.
 */
import type { Task } from './types';

export const PROBABILITY_EPS = 1e-7;

export type LossName = 'binary cross-entropy' | 'categorical cross-entropy' | 'mean squared error';

/** The loss a model with this task and output is trained with. */
export function lossNameFor(task: Task, outputUnits: number): LossName {
  if (task === 'regression') return 'mean squared error';
  return outputUnits === 1 ? 'binary cross-entropy' : 'categorical cross-entropy';
}

const clip = (p: number) => Math.min(1 - PROBABILITY_EPS, Math.max(PROBABILITY_EPS, p));

/**
 * Per-sample loss.
 * @param output [N, units] the model outputs (probabilities or values), row-major
 * @param y [N] class index (classification) or target value (regression)
 * @returns [N] losses (nats for cross-entropy, squared units for MSE)
 */
export function sampleLosses(
  loss: LossName,
  output: Float32Array,
  units: number,
  y: Float32Array,
): Float64Array {
  const n = y.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (loss === 'binary cross-entropy') {
      const p = clip(output[i * units]);
      out[i] = y[i] >= 0.5 ? -Math.log(p) : -Math.log(1 - p);
    } else if (loss === 'categorical cross-entropy') {
      out[i] = -Math.log(clip(output[i * units + y[i]]));
    } else {
      let s = 0;
      for (let u = 0; u < units; u++) s += (output[i * units + u] - y[i]) ** 2;
      out[i] = s / units;
    }
  }
  return out;
}

/** The predicted class of sample i: argmax, or p >= 0.5 for a single sigmoid unit. */
export function predictedClass(output: Float32Array, units: number, i: number): number {
  if (units === 1) return output[i] >= 0.5 ? 1 : 0;
  let best = 0;
  for (let u = 1; u < units; u++) if (output[i * units + u] > output[i * units + best]) best = u;
  return best;
}

/** Running sums over batches; `summary()` gives the metrics of everything added so far. */
export interface MetricSums {
  n: number;
  lossSum: number;
  correct: number;
  absErrSum: number;
  sqErrSum: number;
  /** confusion[label][predicted], classification only. */
  confusion: number[][] | null;
}

export function emptySums(task: Task, classes: number): MetricSums {
  return {
    n: 0,
    lossSum: 0,
    correct: 0,
    absErrSum: 0,
    sqErrSum: 0,
    confusion:
      task === 'classification'
        ? Array.from({ length: classes }, () => new Array<number>(classes).fill(0))
        : null,
  };
}

/** Add a batch: output [n, units], y [n]. Returns the same object. */
export function addBatch(
  sums: MetricSums,
  loss: LossName,
  output: Float32Array,
  units: number,
  y: Float32Array,
): MetricSums {
  const losses = sampleLosses(loss, output, units, y);
  for (let i = 0; i < y.length; i++) {
    sums.n += 1;
    sums.lossSum += losses[i];
    if (sums.confusion) {
      const k = predictedClass(output, units, i);
      if (k === y[i]) sums.correct += 1;
      const row = sums.confusion[y[i]];
      if (row && k < row.length) row[k] += 1;
    } else {
      const e = output[i * units] - y[i];
      sums.absErrSum += Math.abs(e);
      sums.sqErrSum += e * e;
    }
  }
  return sums;
}

export interface Metrics {
  n: number;
  loss: number;
  lossName: LossName;
  /** Share of samples classified right (classification), else null. */
  accuracy: number | null;
  /** Regression: mean squared and mean absolute error of the first output; else null. */
  mse: number | null;
  mae: number | null;
  confusion: number[][] | null;
}

export function summarize(sums: MetricSums, lossName: LossName): Metrics {
  const n = Math.max(1, sums.n);
  return {
    n: sums.n,
    loss: sums.lossSum / n,
    lossName,
    accuracy: sums.confusion ? sums.correct / n : null,
    mse: sums.confusion ? null : sums.sqErrSum / n,
    mae: sums.confusion ? null : sums.absErrSum / n,
    confusion: sums.confusion,
  };
}
