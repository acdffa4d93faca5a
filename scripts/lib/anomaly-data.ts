/**
 * The TSViz paper's synthetic anomaly set: 3 channels (pressure, temperature, torque) of 50
 * steps, each a z-scored random walk; about a quarter of the sequences get one point spike of
 * about ±3 standard deviations at an interior step of temperature or torque (never pressure)
 * and are labelled anomalous (1).
 */
import type { Rng } from '../../src/core/random';
import { formatNumber } from './table';

export const ANOMALY_CHANNELS = ['pressure', 'temperature', 'torque'];
export const ANOMALY_STEPS = 50;

export interface AnomalySet {
  /** [N, 50, 3] row-major. */
  x: Float32Array;
  /** [N]: 1 anomalous, 0 normal. */
  y: Float32Array;
  n: number;
}

/** One z-scored random walk of `steps` N(0, 1) increments. */
function zWalk(rng: Rng, steps: number): Float64Array {
  const w = new Float64Array(steps);
  for (let t = 1; t < steps; t++) w[t] = w[t - 1] + rng.normal();
  const mean = w.reduce((a, b) => a + b, 0) / steps;
  const std = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / steps) || 1;
  return w.map((v) => (v - mean) / std);
}

/** Generate n sequences with the given anomaly rate (spike size uniform in ±[2.5, 3.5]). */
export function generateAnomalySet(n: number, rng: Rng, rate = 0.25): AnomalySet {
  const T = ANOMALY_STEPS;
  const C = ANOMALY_CHANNELS.length;
  const x = new Float32Array(n * T * C);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < C; c++) {
      const w = zWalk(rng, T);
      for (let t = 0; t < T; t++) x[(i * T + t) * C + c] = w[t];
    }
    if (rng.next() < rate) {
      const channel = rng.int(1, C); // temperature or torque
      const step = rng.int(1, T - 1); // interior
      x[(i * T + step) * C + channel] += rng.sign() * rng.uniform(2.5, 3.5);
      y[i] = 1;
    }
  }
  return { x, y, n };
}

/** Header of the channel-groups CSV: label, then each channel's 50 steps in time order. */
export function anomalyHeader(): string[] {
  return [
    'label',
    ...ANOMALY_CHANNELS.flatMap((ch) => [...Array(ANOMALY_STEPS).keys()].map((t) => `${ch}_${t}`)),
  ];
}

/** The first `count` sequences as CSV text (values rounded to `digits` decimals). */
export function anomalyCsv(set: AnomalySet, count: number, digits = 3): string {
  const T = ANOMALY_STEPS;
  const C = ANOMALY_CHANNELS.length;
  const lines = [anomalyHeader().join(',')];
  for (let i = 0; i < count; i++) {
    const cells = [String(set.y[i])];
    for (let c = 0; c < C; c++)
      for (let t = 0; t < T; t++) cells.push(formatNumber(set.x[(i * T + t) * C + c], digits));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/**
 * Sequences `from` .. `from + count - 1` of a set as CSV lines (no header), each ending with
 * `split` as one more cell when given (the demo file's split column).
 */
export function anomalyLines(
  set: AnomalySet,
  from: number,
  count: number,
  split?: string,
  digits = 3,
): string[] {
  const T = ANOMALY_STEPS;
  const C = ANOMALY_CHANNELS.length;
  const lines: string[] = [];
  for (let i = from; i < from + count; i++) {
    const cells = [String(set.y[i])];
    for (let c = 0; c < C; c++)
      for (let t = 0; t < T; t++) cells.push(formatNumber(set.x[(i * T + t) * C + c], digits));
    if (split !== undefined) cells.push(split);
    lines.push(cells.join(','));
  }
  return lines;
}
