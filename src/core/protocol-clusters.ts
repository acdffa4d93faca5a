/**
 * Types of the Clusters view (paper Section IV-C, Figs. 3 and 4) that cross between the page and
 * the compute worker (workers/compute/api-clusters.ts). Re-exported by protocol.ts.
 */
import type { Merge } from './linkage';

export type { Merge } from './linkage';

/** Cluster one conv layer's filters by the DTW distance of their activations for one input. */
export interface ClusterRequest {
  /** A dataset sample index, or an input of its own ([1, T, C]: an optimized or adversarial series). */
  source: { sample: number } | { x: Float32Array; shape: [1, number, number] };
  /** model.layers index of the conv layer (a FilterLayer's `conv`) whose filters are clustered. */
  conv: number;
  /** Min-max scale each filter's activation to [0, 1] before DTW (the authors' code does). */
  scale: boolean;
  /** Sakoe-Chiba band half-width in positions; absent: full DTW. */
  window?: number;
}

/** One silhouette score: the mean silhouette of the tree cut into k clusters. */
export interface SilhouetteAtK {
  k: number;
  score: number;
}

export interface ClusterResult {
  /** The conv layer (model.layers index) and its name. */
  conv: number;
  name: string;
  /** model.layers index of the layer whose output is the filters' activation (FilterLayer.output). */
  layer: number;
  /** F: filters (leaves of the tree). */
  filters: number;
  /** T_l: positions of each filter's activation. */
  steps: number;
  /** [T_l, F] the filters' activation for this input, row-major (unscaled). */
  activation: Float32Array;
  /** [F] Σ_p |d target / d a[p, f]|: each filter's importance for this input. */
  importance: Float32Array;
  /** What the importances explain ("probability of anomalous") and its value. */
  target: { label: string; value: number };
  /** [F, F] DTW distances between the (scaled) activations, row-major, symmetric, zero diagonal. */
  dist: Float32Array;
  /** Complete-linkage merge tree (SciPy linkage rows: ids < F are leaves, F + i is merge i). */
  merges: Merge[];
  /** Silhouette score of every k from 2 to F - 1. */
  silhouette: SilhouetteAtK[];
  /** The k with the best silhouette (the initial cut), or null when none exists (F < 3). */
  bestK: number | null;
  /** Settings used. */
  scale: boolean;
  window: number | null;
  /** Where the DTW matrix ran: the WGSL kernel or the CPU path. */
  distancePath: 'gpu' | 'cpu';
  backend: string;
  /** Milliseconds per stage and in all. */
  ms: {
    activations: number;
    distances: number;
    linkage: number;
    silhouette: number;
    total: number;
  };
}
