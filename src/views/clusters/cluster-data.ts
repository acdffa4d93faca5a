/**
 * The Clusters view's page-side numbers (pure: no DOM, no Solid, no workers): the cut levels the
 * keyboard steps through, each cluster's most important filter, the stack's cluster tint and
 * the tables. Shapes: labels [F] (0..k-1), importance [F], activation [T_l, F] row-major.
 */
import { categoricalRgb } from '../../charts/palette';
import { cutAtHeight, heightForK, type Merge } from '../../core/linkage';
import type { ClusterResult, PanelSummary } from '../../core/protocol';
import type { PanelEmphasis } from '../../gl/emphasis';
import type { TableData } from '../../ui/NumbersTable';

/** Number of clusters in a labelling (labels 0..k-1). */
export function clusterCount(labels: ArrayLike<number>): number {
  let k = 0;
  for (let i = 0; i < labels.length; i++) k = Math.max(k, labels[i] + 1);
  return k;
}

/** The cut heights that give each k from n down to 1 (heightForK), distinct, ascending. */
export function cutLevels(merges: Merge[], n: number): number[] {
  if (n < 1) return [];
  const levels = new Set<number>();
  for (let k = 1; k <= n; k++) levels.add(heightForK(merges, n, k));
  return [...levels].sort((a, b) => a - b);
}

/**
 * The cut one step up (dir 1: the nearest level above `height` with fewer clusters) or down
 * (dir -1: the nearest level below with more clusters), among `cutLevels`; `height` itself when
 * there is none.
 */
export function stepCut(merges: Merge[], n: number, height: number, dir: 1 | -1): number {
  const levels = cutLevels(merges, n);
  const now = clusterCount(cutAtHeight(merges, n, height));
  const ordered =
    dir > 0 ? levels.filter((h) => h > height) : levels.filter((h) => h < height).reverse();
  return ordered.find((h) => clusterCount(cutAtHeight(merges, n, h)) !== now) ?? height;
}

/**
 * Each cluster's most important filter: [k] filter indices (the largest importance; ties and
 * non-finite importances go to the smallest index).
 */
export function mostImportantPerCluster(
  labels: ArrayLike<number>,
  importance: ArrayLike<number>,
): Int32Array {
  const k = clusterCount(labels);
  const best = new Int32Array(k).fill(-1);
  const value = new Float64Array(k).fill(-Infinity);
  for (let f = 0; f < labels.length; f++) {
    const c = labels[f];
    const v = Number.isFinite(importance[f]) ? importance[f] : -Infinity;
    if (best[c] < 0 || v > value[c]) {
      best[c] = f;
      value[c] = v;
    }
  }
  return best;
}

/** [F] 1 where a filter is shown: every filter, or only the listed representatives. */
export function shownFilters(
  filters: number,
  representatives: ArrayLike<number> | null,
): Uint8Array {
  const shown = new Uint8Array(filters).fill(representatives ? 0 : 1);
  if (representatives)
    for (let i = 0; i < representatives.length; i++)
      if (representatives[i] >= 0) shown[representatives[i]] = 1;
  return shown;
}

/** [F * 3] 0..255: each filter's cluster colour (the shared categorical palette). */
export function clusterColorBytes(labels: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(labels.length * 3);
  for (let f = 0; f < labels.length; f++) {
    const rgb = categoricalRgb(labels[f]);
    for (let i = 0; i < 3; i++) out[f * 3 + i] = Math.round(rgb[i] * 255);
  }
  return out;
}

/**
 * The layer stack's emphasis: the panels of the clustered conv layer and of its output layer
 * (those with F units) tinted by cluster colour, the filters not shown faded; null when the
 * sample's panels have none of them.
 * @param panels the shown sample's panels (SampleView.panels: the input first)
 */
export function clusterEmphasis(
  r: Pick<ClusterResult, 'conv' | 'layer' | 'filters'>,
  labels: ArrayLike<number>,
  shown: Uint8Array,
  panels: readonly PanelSummary[],
): PanelEmphasis[] | null {
  const colors = clusterColorBytes(labels);
  const out: PanelEmphasis[] = [];
  for (const layer of new Set([r.conv, r.layer])) {
    const i = panels.findIndex((p) => p.layer === layer);
    if (i < 0 || panels[i].shape[1] !== r.filters) continue;
    out.push({
      layer: i,
      weights: new Float32Array(r.filters).fill(1),
      shown: shown.slice(),
      colors: colors.slice(),
    });
  }
  return out.length ? out : null;
}

/** Four significant digits (the tables' numbers). */
export const sig = (v: number): number => (Number.isFinite(v) ? Number(v.toPrecision(4)) : v);

/** The labels table: one row per filter (cluster, importance, whether it is its cluster's most important). */
export function labelsTable(
  labels: ArrayLike<number>,
  importance: ArrayLike<number>,
  representatives: ArrayLike<number>,
): TableData {
  const reps = new Set(Array.from(representatives));
  return {
    columns: ['Filter', 'Cluster', 'Importance', 'Most important of its cluster'],
    rows: Array.from({ length: labels.length }, (_, f) => [
      f,
      labels[f],
      sig(importance[f]),
      reps.has(f) ? 'yes' : '',
    ]),
  };
}

/** The silhouette table: one row per k. */
export function silhouetteTable(
  r: Pick<ClusterResult, 'silhouette' | 'bestK'>,
  k: number | null,
): TableData {
  return {
    columns: ['k', 'Silhouette', 'Best', 'Chosen'],
    rows: r.silhouette.map((s) => [
      s.k,
      sig(s.score),
      s.k === r.bestK ? 'best' : '',
      s.k === k ? 'chosen' : '',
    ]),
  };
}

/** The dendrogram's table: one row per merge (SciPy linkage row plus the merge's id). */
export function mergesTable(merges: Merge[], n: number): TableData {
  return {
    columns: ['Merge', 'Cluster id', 'Joins a', 'Joins b', 'Height', 'Size'],
    rows: merges.map((m, i) => [i, n + i, m.a, m.b, sig(m.height), m.size]),
  };
}

/** One filter's activation over positions: column f of [T_l, F]. */
export function filterColumn(
  activation: ArrayLike<number>,
  steps: number,
  filters: number,
  f: number,
): Float32Array {
  const out = new Float32Array(steps);
  for (let t = 0; t < steps; t++) out[t] = activation[t * filters + f];
  return out;
}

/** The stack's numbers: each tinted panel's filters with their cluster and whether shown. */
export function stackClusterTable(
  emphasis: readonly PanelEmphasis[] | null,
  panels: readonly PanelSummary[],
  labels: ArrayLike<number> | null,
): TableData {
  const rows: (string | number)[][] = [];
  for (const e of emphasis ?? [])
    for (let f = 0; f < e.shown.length; f++)
      rows.push([
        panels[e.layer]?.name ?? `panel ${e.layer}`,
        f,
        labels ? labels[f] : '',
        e.shown[f] ? 'yes' : 'faded',
      ]);
  return { columns: ['Panel', 'Filter', 'Cluster', 'Shown'], rows };
}
