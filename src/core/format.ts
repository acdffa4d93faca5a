/**
 * Turning model outputs into words: the predicted class and its confidence, or the forecast.
 */

export interface PredictionText {
  /** e.g. "anomalous" or "0.4123". */
  value: string;
  /** e.g. "p = 0.982" or "in original units: 1.23e5". */
  detail: string;
  /** Classification: the predicted class index. */
  classIndex: number | null;
}

/** Probability vector of a classifier output (sigmoid: one unit = P(class 1)). */
export function classProbabilities(output: ArrayLike<number>, activation: string): number[] {
  const v = Array.from(output);
  if (v.length === 1) {
    const p = activation === 'sigmoid' ? v[0] : 1 / (1 + Math.exp(-v[0]));
    return [1 - p, p];
  }
  if (activation === 'softmax') return v;
  const m = Math.max(...v);
  const e = v.map((z) => Math.exp(z - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((z) => z / s);
}

export function formatNumber(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(digits - 1);
  return x.toFixed(digits);
}

export function className(names: string[], i: number): string {
  return names[i] ?? `class ${i}`;
}

/**
 * @param output the model output vector for one sample
 * @param standardization of the target channel, to report a forecast in original units
 */
export function describePrediction(
  output: ArrayLike<number>,
  task: 'classification' | 'regression',
  activation: string,
  classNames: string[],
  standardization: { mean: number; std: number } | null,
): PredictionText {
  if (task === 'classification') {
    const p = classProbabilities(output, activation);
    let best = 0;
    p.forEach((q, i) => {
      if (q > p[best]) best = i;
    });
    return {
      value: className(classNames, best),
      detail: `confidence ${(p[best] * 100).toFixed(1)}% (p = ${p[best].toFixed(3)})`,
      classIndex: best,
    };
  }
  const y = output[0];
  const original = standardization ? y * standardization.std + standardization.mean : null;
  return {
    value: formatNumber(y),
    detail:
      original === null
        ? 'model units'
        : `standardised; ${formatNumber(original)} in the data's original units`,
    classIndex: null,
  };
}
