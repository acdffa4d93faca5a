/**
 * Derived first-difference channels of a model input, on the CPU: which input channel is the
 * difference of which (from the channel names the dataset builder gives them, "Δ name"), the
 * difference recomputed from its base channel, and the seeded random start of inverse
 * optimization. Inputs are [T, C] row-major Float32Arrays (model input units: after
 * standardisation, as the dataset builder makes them).
 */
import type { DiffPair } from './protocol-optimization';
import { Rng } from './random';

/**
 * The derived channels among `channelNames` (length C): channel i named "Δ x" is the first
 * difference of the channel named "x" (src/core/dataset-builder.ts names them so).
 */
export function diffPairsOf(channelNames: readonly string[]): DiffPair[] {
  const pairs: DiffPair[] = [];
  channelNames.forEach((name, diff) => {
    if (!name.startsWith('Δ ')) return;
    const base = channelNames.indexOf(name.slice(2));
    if (base >= 0 && base !== diff) pairs.push({ base, diff });
  });
  return pairs;
}

/**
 * In place on x ([T, C] row-major): for each pair, d[t] = b[t] - b[t-1] for t >= 1; d[0] is set
 * to `first[k]` for pair k when given, else left as it is. (A window cut from a long series has
 * d[0] = b[0] - b[-1], a value from before the window: it cannot be recomputed from the window.)
 */
export function deriveDiffs(
  x: Float32Array,
  T: number,
  C: number,
  pairs: readonly DiffPair[],
  first?: readonly number[],
): Float32Array {
  pairs.forEach(({ base, diff }, k) => {
    if (first) x[diff] = first[k];
    for (let t = 1; t < T; t++) x[t * C + diff] = x[t * C + base] - x[(t - 1) * C + base];
  });
  return x;
}

/**
 * The random start of inverse optimization: x0 ~ N(0, std² I) of shape [T, C] from `seed` (paper
 * Section IV-D: std 1). With derived channels, each difference channel is then computed from its base
 * (d[0] = 0, as for a sequence of its own), so one start serves both derived-channel modes.
 */
export function normalStart(
  T: number,
  C: number,
  seed: number,
  pairs: readonly DiffPair[] = [],
  std = 1,
): Float32Array {
  const rng = new Rng(seed);
  const x = Float32Array.from({ length: T * C }, () => rng.normal(0, std));
  return deriveDiffs(
    x,
    T,
    C,
    pairs,
    pairs.map(() => 0),
  );
}

/** PGD's random start offset: uniform in [-epsilon, epsilon] per value, [T, C], from `seed`. */
export function uniformBallOffset(
  T: number,
  C: number,
  epsilon: number,
  seed: number,
): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: T * C }, () => rng.uniform(-epsilon, epsilon));
}
