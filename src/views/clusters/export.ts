/**
 * What the Clusters view exports: the DTW distance matrix, the merge tree, the silhouette scores
 * by k and the cluster labels at the current cut, with the layer, the input and the settings
 * (JSON); the same numbers as a CSV of three blocks (filters with their distances, merges,
 * silhouette by k), each with its own header row, separated by an empty row.
 */
import type { ClusterResult } from '../../bridge';
import type { ClusteredInput, Cut } from '../../state/clusters';
import type { ExportPayload } from '../../ui/ExportButtons';
import { clusterCount, mostImportantPerCluster } from './cluster-data';

type Rows = (string | number | null)[][];

/** The JSON document (plain arrays; distances [F][F], row-major rows). */
export function clustersJson(
  model: string,
  input: ClusteredInput,
  r: ClusterResult,
  cut: Cut,
  labels: Int32Array,
) {
  const F = r.filters;
  return {
    model,
    input,
    layer: { conv: r.conv, name: r.name, output: r.layer, filters: F, steps: r.steps },
    settings: {
      scale: r.scale ? 'min-max per filter' : 'none',
      window: r.window,
      distance: 'DTW, Euclidean local cost',
      linkage: 'complete',
    },
    target: r.target,
    distancePath: r.distancePath,
    backend: r.backend,
    /** [F][F] DTW distances. */
    distances: Array.from({ length: F }, (_, i) => Array.from(r.dist.subarray(i * F, (i + 1) * F))),
    /** SciPy linkage rows: ids < F are filters, F + i is the cluster made by merge i. */
    merges: r.merges.map((m) => ({ a: m.a, b: m.b, height: m.height, size: m.size })),
    silhouette: r.silhouette.map((s) => ({ k: s.k, score: s.score })),
    bestK: r.bestK,
    cut: { height: cut.height, k: clusterCount(labels) },
    /** [F] each filter's cluster at the cut, 0..k-1 numbered by smallest filter. */
    labels: Array.from(labels),
    /** [F] each filter's importance for this input. */
    importance: Array.from(r.importance),
    /** [k] each cluster's most important filter. */
    mostImportant: Array.from(mostImportantPerCluster(labels, r.importance)),
  };
}

/** The CSV rows (see the file comment). */
export function clustersCsv(r: ClusterResult, labels: Int32Array): Rows {
  const F = r.filters;
  const reps = new Set(mostImportantPerCluster(labels, r.importance));
  const rows: Rows = [
    [
      'filter',
      'cluster',
      'importance',
      'most_important',
      ...Array.from({ length: F }, (_, j) => `dtw_${j}`),
    ],
  ];
  for (let i = 0; i < F; i++)
    rows.push([
      i,
      labels[i],
      r.importance[i],
      reps.has(i) ? 1 : 0,
      ...Array.from(r.dist.subarray(i * F, (i + 1) * F)),
    ]);
  rows.push([], ['merge', 'a', 'b', 'height', 'size']);
  r.merges.forEach((m, i) => rows.push([i, m.a, m.b, m.height, m.size]));
  rows.push([], ['k', 'silhouette', 'best']);
  for (const s of r.silhouette) rows.push([s.k, s.score, s.k === r.bestK ? 1 : 0]);
  return rows;
}

/** The export buttons' payload (null: nothing clustered yet). */
export function clustersPayload(
  model: string | undefined,
  input: ClusteredInput | null,
  r: ClusterResult | null,
  cut: Cut | null,
  labels: Int32Array | null,
): ExportPayload | null {
  if (!model || !input || !r || !cut || !labels) return null;
  const what = input.sample !== null ? `sample-${input.sample}` : 'input';
  return {
    name: `clusters-${r.name}-${what}`.replace(/[^\w.-]+/g, '_'),
    json: () => clustersJson(model, input, r, cut, labels),
    csv: () => clustersCsv(r, labels),
  };
}

/**
 * A standalone SVG file from a serialized <svg> element: the SVG namespace added when the
 * serializer left it out, and an XML declaration first.
 */
export function svgDocument(serialized: string): string {
  const body = /^<svg[^>]*\sxmlns=/.test(serialized)
    ? serialized
    : serialized.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
}
