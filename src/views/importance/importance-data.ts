/**
 * Pure data transforms of the Importance view: min-max scaling of saliency maps, per-layer
 * filter ranking (inactive filters, stable ties, the top p%), slices of [T, C] and [F, T, C]
 * arrays, and the rows of the view's tables and exports. No DOM, no Solid, no workers.
 */

import {
  finiteRange,
  inactiveFilters,
  minMaxScale,
  rankFilters,
  topCount,
} from '../../core/importance-math';

/** A filter whose importance is at most this share of its layer's largest is inactive. */
export const INACTIVE_SHARE = 1e-6;

/**
 * A saliency map min-max scaled to [0, 1] (src/core/importance-math.ts); `flat` when all its
 * finite values are equal (an all-zero map), which must not be drawn as if it meant something.
 */
export function scaleMap(values: ArrayLike<number>): { scaled: Float32Array; flat: boolean } {
  const r = finiteRange(values);
  return { scaled: minMaxScale(values), flat: !r || r.max === r.min };
}

/** Column c of a row-major [rows, cols] array. */
export function column(values: ArrayLike<number>, cols: number, c: number): Float32Array {
  const rows = Math.floor(values.length / Math.max(1, cols));
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) out[r] = values[r * cols + c];
  return out;
}

/** Block f ([T, C]) of a row-major [F, T, C] array. */
export function block(values: Float32Array, steps: number, channels: number, f: number) {
  const size = steps * channels;
  return values.subarray(f * size, (f + 1) * size);
}

/** [T][C] nested arrays of a row-major [T, C] array (for JSON). */
export function nested(values: ArrayLike<number>, steps: number, channels: number): number[][] {
  return Array.from({ length: steps }, (_, t) =>
    Array.from({ length: channels }, (_, c) => values[t * channels + c]),
  );
}

/** How one filter of a layer stands for the current sample. */
export interface RankedFilter {
  filter: number;
  importance: number;
  /** importance / the layer's largest importance (0 when the layer's largest is 0). */
  scaled: number;
  /** 1 = most important; ties keep filter order (stable). */
  rank: number;
  /** Importance 0, not finite, or at most INACTIVE_SHARE of the layer's largest. */
  inactive: boolean;
  /** Among the top p% of the layer (never an inactive filter). */
  highlighted: boolean;
}

/**
 * One layer's filters for the chart and table, in filter order: ranked by importance (largest
 * first, ties by filter index), inactive ones marked (importance-math's inactiveFilters), the top
 * `percentile`% of the layer's filters highlighted unless inactive.
 */
export function rankLayer(importance: ArrayLike<number>, percentile: number): RankedFilter[] {
  const n = importance.length;
  const range = finiteRange(importance);
  const max = range && range.max > 0 ? range.max : 0;
  const inactive = inactiveFilters(importance, INACTIVE_SHARE);
  const keep = topCount(n, percentile);
  const out: RankedFilter[] = new Array<RankedFilter>(n);
  rankFilters(importance).forEach((f, r) => {
    const v = importance[f];
    out[f] = {
      filter: f,
      importance: v,
      scaled: max > 0 && Number.isFinite(v) ? Math.max(0, v) / max : 0,
      rank: r + 1,
      inactive: inactive[f] === 1,
      highlighted: inactive[f] === 0 && r < keep,
    };
  });
  return out;
}

/** Counts of one ranked layer, for the line under its chart. */
export function layerCounts(ranked: RankedFilter[]): {
  filters: number;
  inactive: number;
  highlighted: number;
} {
  return {
    filters: ranked.length,
    inactive: ranked.filter((f) => f.inactive).length,
    highlighted: ranked.filter((f) => f.highlighted).length,
  };
}

/** Rounds for tables: 4 significant digits, keeping tiny values readable. */
export function sig(v: number): number | string {
  return Number.isFinite(v) ? Number(v.toPrecision(4)) : '';
}

/** The "Filter importance" table rows of one layer. */
export function importanceRows(
  layer: string,
  ranked: RankedFilter[],
  lossImpact: ArrayLike<number> | null,
): (string | number)[][] {
  return ranked.map((f) => [
    layer,
    f.filter,
    sig(f.importance),
    Number(f.scaled.toFixed(4)),
    f.rank,
    f.inactive ? 'inactive' : f.highlighted ? 'top' : '',
    lossImpact ? sig(lossImpact[f.filter]) : '',
  ]);
}

export const IMPORTANCE_COLUMNS = [
  'layer',
  'filter',
  'importance',
  'scaled',
  'rank',
  'status',
  'loss impact',
];

/** Dataset min/mean/max of one layer's filters. */
export interface DatasetLayerStats {
  name: string;
  min: ArrayLike<number>;
  mean: ArrayLike<number>;
  max: ArrayLike<number>;
}

/** One CSV row per filter: layer, filter, importance, loss impact, dataset min/mean/max. */
export function csvRows(
  layers: {
    name: string;
    importance: ArrayLike<number>;
    lossImpact: ArrayLike<number> | null;
  }[],
  dataset: DatasetLayerStats[] | null,
): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [
    ['layer', 'filter', 'importance', 'loss_impact', 'dataset_min', 'dataset_mean', 'dataset_max'],
  ];
  for (const l of layers) {
    const d = dataset?.find((x) => x.name === l.name) ?? null;
    for (let f = 0; f < l.importance.length; f++) {
      rows.push([
        l.name,
        f,
        l.importance[f],
        l.lossImpact ? l.lossImpact[f] : null,
        d ? d.min[f] : null,
        d ? d.mean[f] : null,
        d ? d.max[f] : null,
      ]);
    }
  }
  return rows;
}
