/**
 * The silhouette score over a precomputed distance matrix, as scikit-learn's
 * `silhouette_score(D, labels, metric='precomputed')`:
 *
 *   a(i) = mean distance from i to the other members of its cluster
 *   b(i) = min over the other clusters of the mean distance from i to their members
 *   s(i) = (b(i) - a(i)) / max(a(i), b(i)), 0 when i is alone in its cluster (or a = b = 0)
 *   score = mean of s(i) over all points, in [-1, 1]
 *
 * and its use to choose the number of clusters (paper Section IV-C): the score of the tree's
 * cut into k clusters for every k from 2 to n - 1, the best k being the initial one.
 */
import { cutIntoK, type Merge } from './linkage';

/**
 * Mean silhouette over a precomputed [n, n] matrix (row-major), sklearn's convention.
 * @param labels [n] cluster labels, any integers.
 * @returns the score; NaN unless 2 <= number of clusters <= n - 1 (sklearn raises there).
 */
export function silhouetteScore(
  dist: ArrayLike<number>,
  n: number,
  labels: ArrayLike<number>,
): number {
  if (dist.length !== n * n)
    throw new RangeError(`silhouette: the distance matrix has ${dist.length} values, not ${n}².`);
  if (labels.length !== n)
    throw new RangeError(`silhouette: ${labels.length} labels for ${n} points.`);
  const ids = new Map<number, number>();
  const dense = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let c = ids.get(labels[i]);
    if (c === undefined) {
      c = ids.size;
      ids.set(labels[i], c);
    }
    dense[i] = c;
  }
  const k = ids.size;
  if (k < 2 || k > n - 1) return NaN;
  const count = new Float64Array(k);
  for (let i = 0; i < n; i++) count[dense[i]]++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) sums[dense[j]] += dist[i * n + j];
    const own = dense[i];
    if (count[own] <= 1) continue; // s(i) = 0
    const a = sums[own] / (count[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own) b = Math.min(b, sums[c] / count[c]);
    const m = Math.max(a, b);
    if (m > 0) total += (b - a) / m;
  }
  return total / n;
}

/**
 * The silhouette for every k from 2 to n - 1 (the tree cut into k clusters with `cutIntoK`)
 * and the best k (ties: the smaller k). n < 3: empty scores, best null.
 * @param dist [n, n] row-major distances the tree was built from.
 */
export function silhouetteByK(
  dist: ArrayLike<number>,
  n: number,
  merges: Merge[],
): { scores: { k: number; score: number }[]; best: number | null } {
  const scores: { k: number; score: number }[] = [];
  let best: number | null = null;
  let bestScore = -Infinity;
  for (let k = 2; k <= n - 1; k++) {
    const score = silhouetteScore(dist, n, cutIntoK(merges, n, k));
    scores.push({ k, score });
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return { scores, best };
}
