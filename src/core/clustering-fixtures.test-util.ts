/** The SciPy/scikit-learn fixtures of the clustering math (scripts/fixtures/clustering_fixtures.py). */
import fixtures from './fixtures/clustering.json';

export interface ClusteringFixture {
  name: string;
  n: number;
  /** [n, n] float32-valued distances. */
  dist: number[];
  /** SciPy's linkage matrix rows [a, b, height, size]. */
  merges: [number, number, number, number][];
  /** fcluster(criterion='distance') labels at each height. */
  cuts: { height: number; labels: number[] }[];
  /**
   * For k = 2..n-1: the first n - k merges' labels, SciPy's cut_tree(n_clusters=k) labels (the
   * two agree when `unique`: the heights at the cut do not tie) and
   * silhouette_score(metric='precomputed') of the first.
   */
  byK: {
    k: number;
    labels: number[];
    unique: boolean;
    cutTree: number[];
    silhouette: number;
  }[];
}

export interface DtwFixture {
  name: string;
  n: number;
  T: number;
  /** [n, T] float32 values. */
  series: number[];
  /** [n, n] full DTW (float64 Python loop). */
  full: number[];
  window: number | null;
  windowed: number[] | null;
  clustering: ClusteringFixture;
}

export const LINKAGE_FIXTURES = fixtures.linkage as ClusteringFixture[];
export const DTW_FIXTURES = fixtures.dtw as DtwFixture[];
export const PAIR_FIXTURES = fixtures.pairs as {
  a: number[];
  b: number[];
  window: number | null;
  dtw: number;
}[];

/** Labels renumbered by first appearance (to compare clusterings up to renumbering). */
export function canonical(labels: ArrayLike<number>): number[] {
  const seen = new Map<number, number>();
  return Array.from(labels, (l) => {
    if (!seen.has(l)) seen.set(l, seen.size);
    return seen.get(l)!;
  });
}
