/** Agreement between two results, for every comparison the bench makes (pure, no DOM or Node). */

/** max |a - b| / max |b|: 0 when equal, about 1e-7 at float32 rounding; Infinity when the lengths differ. */
export function maxRelDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale > 0 ? diff / scale : diff;
}
