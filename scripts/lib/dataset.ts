/**
 * A tiny implementation of the DatasetConfig semantics of src/core/types.ts, for the training
 * scripts and demos.test.ts (the app has its own loader). Turns parsed table cells into model
 * inputs x [N, T, C] and targets y [N].
 */
import type { DatasetConfig, Standardize } from '../../src/core/types';

export interface Samples {
  /** [N, T, C] row-major. */
  x: Float32Array;
  shape: [number, number, number];
  /** Class index or the preprocessed regression target; null without labels. */
  y: Float32Array | null;
}

function toNumber(cell: string | undefined, row: number, col: number): number {
  const v = Number(cell);
  if (cell === undefined || cell === '' || !Number.isFinite(v)) {
    throw new Error(`Row ${row}, column ${col}: "${cell}" is not a number.`);
  }
  return v;
}

/** Per base channel (mean, std) of the given standardisation; 'fit' uses these series. */
function resolveStats(
  s: Standardize,
  base: number[][][],
): { mean: number[]; std: number[] } | null {
  if (s === 'none') return null;
  if (s !== 'fit') return s;
  const mean: number[] = [];
  const std: number[] = [];
  base[0].forEach((_, c) => {
    const all = base.flatMap((seq) => seq[c]);
    const m = all.reduce((a, b) => a + b, 0) / all.length;
    mean.push(m);
    std.push(Math.sqrt(all.reduce((a, b) => a + (b - m) ** 2, 0) / all.length) || 1);
  });
  return { mean, std };
}

/**
 * Base channels per sequence ([seq][channel][t]), standardised, with derived channels appended
 * (diff: d[0] = 0, d[t] = x'[t] - x'[t-1], on the whole sequence).
 */
function preprocess(base: number[][][], cfg: DatasetConfig): number[][][] {
  const stats = resolveStats(cfg.standardize, base);
  return base.map((seq) => {
    const std = seq.map((v, c) => (stats ? v.map((u) => (u - stats.mean[c]) / stats.std[c]) : v));
    const derived = cfg.derived.flatMap(() =>
      std.map((v) => v.map((u, t) => (t ? u - v[t - 1] : 0))),
    );
    return [...std, ...derived];
  });
}

/** Targets from the label cells: class indices (classValues order) or numbers (regression). */
function labels(cells: string[], cfg: DatasetConfig): Float32Array {
  if (cfg.task === 'regression') return Float32Array.from(cells, (v, i) => toNumber(v, i, -1));
  const values = cfg.classValues ?? [...new Set(cells)].sort();
  return Float32Array.from(cells, (cell) => {
    const k = values.indexOf(cell);
    if (k < 0) throw new Error(`Label "${cell}" is not one of ${JSON.stringify(values)}.`);
    return k;
  });
}

/** Apply a DatasetConfig to parsed rows of cells (header already removed). */
export function buildSamples(rows: string[][], cfg: DatasetConfig): Samples {
  const layout = cfg.layout;
  if (layout.kind === 'series') {
    const base = [layout.valueColumns.map((col) => rows.map((r, i) => toNumber(r[col], i, col)))];
    const chans = preprocess(base, cfg)[0];
    const { windowLength: w, stride } = layout;
    const length = chans[0].length;
    const starts: number[] = [];
    for (let s = 0; s + w < length; s += stride) starts.push(s);
    const c = chans.length;
    const x = new Float32Array(starts.length * w * c);
    starts.forEach((s, n) => {
      for (let t = 0; t < w; t++)
        for (let k = 0; k < c; k++) x[(n * w + t) * c + k] = chans[k][s + t];
    });
    const y = Float32Array.from(starts, (s) => chans[layout.targetColumn][s + w]);
    return { x, shape: [starts.length, w, c], y };
  }
  const groups = layout.kind === 'rows' ? [layout.valueColumns] : layout.channelColumns;
  const base = rows.map((r, i) =>
    groups.map((cols) => cols.map((col) => toNumber(r[col], i, col))),
  );
  const seqs = preprocess(base, cfg);
  const t = groups[0].length;
  const c = seqs[0]?.length ?? 0;
  const x = new Float32Array(seqs.length * t * c);
  seqs.forEach((seq, n) =>
    seq.forEach((v, k) => v.forEach((u, s) => (x[(n * t + s) * c + k] = u))),
  );
  const lc = layout.labelColumn;
  const y =
    lc === null
      ? null
      : labels(
          rows.map((r) => r[lc] ?? ''),
          cfg,
        );
  return { x, shape: [seqs.length, t, c], y };
}
