import { describe, expect, it } from 'vitest';
import type { ClusterResult } from '../../bridge';
import { toCsv, toJson } from '../../core/export';
import { completeLinkage, cutAtHeight, cutIntoK, heightForK } from '../../core/linkage';
import { silhouetteByK } from '../../core/silhouette';
import {
  clusterCount,
  clusterEmphasis,
  cutLevels,
  mostImportantPerCluster,
  shownFilters,
  stackClusterTable,
  stepCut,
} from './cluster-data';
import { clustersCsv, clustersJson, clustersPayload, svgDocument } from './export';

/** Four filters on a line at 0, 1, 5, 6 (two obvious clusters), distances |p_i - p_j|. */
const P = [0, 1, 5, 6];
const F = P.length;
const dist = Float32Array.from({ length: F * F }, (_, i) =>
  Math.abs(P[Math.floor(i / F)] - P[i % F]),
);
const merges = completeLinkage(dist, F);
const sil = silhouetteByK(dist, F, merges);

const result: ClusterResult = {
  conv: 3,
  name: 'conv2',
  layer: 4,
  filters: F,
  steps: 2,
  // a[t, f], [2, 4]
  activation: Float32Array.of(0, 1, 2, 3, 4, 5, 6, 7),
  importance: Float32Array.of(0.5, 0.7, 0.2, 0.1),
  target: { label: 'probability of anomalous', value: 0.9 },
  dist,
  merges,
  silhouette: sil.scores,
  bestK: sil.best,
  scale: true,
  window: null,
  distancePath: 'cpu',
  backend: 'cpu',
  ms: { activations: 1, distances: 2, linkage: 3, silhouette: 4, total: 10 },
};

describe('the tree of the worked example', () => {
  it('is two pairs joined at 1, then everything at 6; k = 2 is best', () => {
    expect(merges).toEqual([
      { a: 0, b: 1, height: 1, size: 2 },
      { a: 2, b: 3, height: 1, size: 2 },
      { a: 4, b: 5, height: 6, size: 4 },
    ]);
    expect(sil.best).toBe(2);
  });
});

describe('clustersJson', () => {
  const labels = cutIntoK(merges, F, 2);
  const doc = JSON.parse(
    toJson(clustersJson('demo', { sample: 3, name: null }, result, { height: 3.5, k: 2 }, labels)),
  ) as ReturnType<typeof clustersJson>;

  it('holds the distance matrix, the merge tree, the silhouette by k and the labels', () => {
    expect(doc.distances).toEqual([
      [0, 1, 5, 6],
      [1, 0, 4, 5],
      [5, 4, 0, 1],
      [6, 5, 1, 0],
    ]);
    expect(doc.merges).toEqual(merges);
    expect(doc.silhouette.map((s) => s.k)).toEqual([2, 3]);
    expect(doc.bestK).toBe(2);
    expect(doc.labels).toEqual([0, 0, 1, 1]);
    expect(doc.cut).toEqual({ height: 3.5, k: 2 });
    expect(doc.mostImportant).toEqual([1, 2]);
  });

  it('names the layer, the input and the settings', () => {
    expect(doc.model).toBe('demo');
    expect(doc.input).toEqual({ sample: 3, name: null });
    expect(doc.layer).toEqual({ conv: 3, name: 'conv2', output: 4, filters: 4, steps: 2 });
    expect(doc.settings).toEqual({
      scale: 'min-max per filter',
      window: null,
      distance: 'DTW, Euclidean local cost',
      linkage: 'complete',
    });
    expect(doc.importance).toEqual([0.5, 0.7, 0.2, 0.1].map((v) => Math.fround(v)));
  });
});

describe('clustersCsv', () => {
  it('has a filter block with distances, a merge block and a silhouette block', () => {
    const rows = clustersCsv(result, cutIntoK(merges, F, 2));
    expect(rows[0]).toEqual([
      'filter',
      'cluster',
      'importance',
      'most_important',
      'dtw_0',
      'dtw_1',
      'dtw_2',
      'dtw_3',
    ]);
    expect(rows[1]).toEqual([0, 0, Math.fround(0.5), 0, 0, 1, 5, 6]);
    expect(rows[2].slice(0, 4)).toEqual([1, 0, Math.fround(0.7), 1]);
    expect(rows[5]).toEqual([]);
    expect(rows[6]).toEqual(['merge', 'a', 'b', 'height', 'size']);
    expect(rows[7]).toEqual([0, 0, 1, 1, 2]);
    expect(rows[10]).toEqual([]);
    expect(rows[11]).toEqual(['k', 'silhouette', 'best']);
    expect(rows[12].slice(0, 1)).toEqual([2]);
    expect(rows[12][2]).toBe(1);
    const text = toCsv(rows);
    expect(text.split('\r\n')[0]).toBe(
      'filter,cluster,importance,most_important,dtw_0,dtw_1,dtw_2,dtw_3',
    );
  });
});

describe('clustersPayload', () => {
  it('is null until something is clustered, then names the file by layer and input', () => {
    expect(clustersPayload('demo', null, null, null, null)).toBeNull();
    const labels = cutIntoK(merges, F, 2);
    const p = clustersPayload(
      'demo',
      { sample: 3, name: null },
      result,
      { height: 3, k: null },
      labels,
    );
    expect(p?.name).toBe('clusters-conv2-sample-3');
    const own = clustersPayload(
      'demo',
      { sample: null, name: 'FGSM of 3' },
      result,
      { height: 3, k: null },
      labels,
    );
    expect(own?.name).toBe('clusters-conv2-input');
  });
});

describe('svgDocument', () => {
  it('adds the SVG namespace once and an XML declaration', () => {
    const doc = svgDocument('<svg width="2"><g/></svg>');
    expect(
      doc.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="2">',
      ),
    ).toBe(true);
    const again = svgDocument('<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>');
    expect(again.match(/xmlns=/g)?.length).toBe(1);
  });
});

describe('the cut on the page', () => {
  it('steps between the heights that give each k', () => {
    const levels = cutLevels(merges, F);
    // k = 4: 0.5, k = 3 and 2: ties at 1 -> the midpoint 3.5 for k = 2, 1 for k = 3, k = 1: 6.3
    expect(levels).toEqual([0.5, 1, 3.5, 6 * 1.05]);
    expect(stepCut(merges, F, 0.5, 1)).toBe(1);
    // each step changes k: 1 and 3.5 both give k = 2
    expect(stepCut(merges, F, 1, 1)).toBeCloseTo(6.3, 9);
    expect(stepCut(merges, F, 3.5, -1)).toBe(0.5);
    expect(stepCut(merges, F, 2, 1)).toBeCloseTo(6.3, 9);
    expect(stepCut(merges, F, 0.5, -1)).toBe(0.5);
    expect(stepCut(merges, F, 7, 1)).toBe(7);
    expect(clusterCount(cutAtHeight(merges, F, stepCut(merges, F, 0.5, 1)))).toBe(2);
    expect(clusterCount(cutAtHeight(merges, F, heightForK(merges, F, 2)))).toBe(2);
  });

  it('picks each cluster’s most important filter and shows only those in that mode', () => {
    const labels = Int32Array.of(0, 0, 1, 1);
    const reps = mostImportantPerCluster(labels, result.importance);
    expect(Array.from(reps)).toEqual([1, 2]);
    expect(Array.from(mostImportantPerCluster(labels, [1, 1, NaN, 0]))).toEqual([0, 3]);
    expect(Array.from(shownFilters(4, reps))).toEqual([0, 1, 1, 0]);
    expect(Array.from(shownFilters(4, null))).toEqual([1, 1, 1, 1]);
  });

  it('tints the conv panel and its activation panel by cluster colour', () => {
    const panels = [
      {
        layer: -1,
        name: 'input',
        kind: 'input',
        shape: [4, 2],
        min: 0,
        max: 1,
        mean: 0,
        topUnit: 0,
      },
      { layer: 3, name: 'conv2', kind: 'conv', shape: [2, 4], min: 0, max: 1, mean: 0, topUnit: 0 },
      {
        layer: 4,
        name: 'lrelu2',
        kind: 'conv',
        shape: [2, 4],
        min: 0,
        max: 1,
        mean: 0,
        topUnit: 0,
      },
      { layer: 5, name: 'pool2', kind: 'pool', shape: [1, 4], min: 0, max: 1, mean: 0, topUnit: 0 },
    ] as const;
    const e = clusterEmphasis(result, Int32Array.of(0, 0, 1, 1), Uint8Array.of(0, 1, 1, 0), [
      ...panels,
    ] as never);
    expect(e?.map((p) => p.layer)).toEqual([1, 2]);
    const colors = e![0].colors!;
    expect(colors.length).toBe(12);
    expect(Array.from(colors.subarray(0, 3))).toEqual(Array.from(colors.subarray(3, 6)));
    expect(Array.from(colors.subarray(0, 3))).not.toEqual(Array.from(colors.subarray(6, 9)));
    expect(Array.from(e![0].shown)).toEqual([0, 1, 1, 0]);
    expect(
      clusterEmphasis(result, Int32Array.of(0, 0, 1, 1), Uint8Array.of(1, 1, 1, 1), []),
    ).toBeNull();
    const table = stackClusterTable(e, [...panels] as never, Int32Array.of(0, 0, 1, 1));
    expect(table.columns).toEqual(['Panel', 'Filter', 'Cluster', 'Shown']);
    expect(table.rows).toHaveLength(8);
    expect(table.rows[0]).toEqual(['conv2', 0, 0, 'faded']);
    expect(table.rows[6]).toEqual(['lrelu2', 2, 1, 'yes']);
  });
});
