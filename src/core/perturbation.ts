/**
 * How much an optimized or adversarial input differs from its start, per channel: the paper
 * (Section IV-E) found its traffic forecaster fooled mostly through the derivative channel by
 * comparing exactly these numbers.
 */

export interface ChannelPerturbation {
  channel: number;
  /** Σ_t |x[t, c] - x0[t, c]| (input units: standardised values). */
  l1: number;
  /** max_t |x[t, c] - x0[t, c]|. */
  linf: number;
  /** l1 / Σ_c l1 (0 when nothing changed). */
  share: number;
}

/** The change x - x0, [T, C] row-major. */
export function perturbation(x0: Float32Array, x: Float32Array): Float32Array {
  if (x0.length !== x.length)
    throw new RangeError(`${x0.length} start values, ${x.length} results`);
  return x.map((v, i) => v - x0[i]);
}

/** Per-channel L1 and L-infinity change of x against x0 (both [T, C] row-major, C channels). */
export function perturbationSummary(
  x0: Float32Array,
  x: Float32Array,
  C: number,
): ChannelPerturbation[] {
  const d = perturbation(x0, x);
  const T = C > 0 ? d.length / C : 0;
  const rows = Array.from({ length: C }, (_, c) => {
    let l1 = 0;
    let linf = 0;
    for (let t = 0; t < T; t++) {
      const a = Math.abs(d[t * C + c]);
      l1 += a;
      if (a > linf) linf = a;
    }
    return { channel: c, l1, linf, share: 0 };
  });
  const total = rows.reduce((s, r) => s + r.l1, 0);
  for (const r of rows) r.share = total > 0 ? r.l1 / total : 0;
  return rows;
}
