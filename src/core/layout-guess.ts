/**
 * A first proposal for the dataset form, from what `sniff` saw in the first part of a file.
 *
 * - Column names like temp_0..temp_49, pres_0..pres_49 (two or more equal-length groups of
 *   numbered columns) -> channel-groups, one channel per name stem, in index order.
 * - Many numeric columns (more than 8) -> rows; the first column is the label when it holds
 *   few distinct whole numbers or text (UCR layout), else there is no label.
 * - Otherwise (a timestamp and a value, a few value columns) -> series of the numeric
 *   columns (not counting an increasing whole-number index or time column), target the last, standardisation fitted, the window from `opts`.
 * With `opts.channels` equal to twice the base channels, the 'diff' channel is added; with 3 or
 * more channels and no numbered names, the value columns are split into equal contiguous groups.
 */
import type { SniffResult } from './csv-sniff';
import type { DatasetConfig, DatasetLayout, DerivedChannel } from './types';

export interface GuessOptions {
  /** Window length the model expects (series layout). Default 50. */
  windowLength?: number;
  /** Input channels the model expects (base + derived). */
  channels?: number;
}

const NUMBERED = /^(.*?)[\s_.\-[(]*(\d+)[\])]*$/;
/** Most distinct values a label column may show in the sample. */
const LABEL_MAX_DISTINCT = 20;

function numberedGroups(s: SniffResult): { stem: string; columns: number[] }[] | null {
  if (!s.header) return null;
  const groups = new Map<string, { index: number; column: number }[]>();
  s.header.forEach((name, column) => {
    const m = NUMBERED.exec(name);
    if (!m || !s.columns[column]?.numeric) return;
    const list = groups.get(m[1]) ?? [];
    list.push({ index: Number(m[2]), column });
    groups.set(m[1], list);
  });
  const found = [...groups.entries()].filter(([, list]) => list.length >= 2);
  if (found.length === 0) return null;
  const len = found[0][1].length;
  if (found.some(([, list]) => list.length !== len)) return null;
  return found.map(([stem, list]) => ({
    stem: stem || 'value',
    columns: [...list].sort((a, b) => a.index - b.index).map((e) => e.column),
  }));
}

function looksLikeLabel(s: SniffResult, column: number): boolean {
  const st = s.columns[column];
  if (!st || s.sampledRows === 0) return false;
  if (!st.numeric) return st.distinct <= LABEL_MAX_DISTINCT;
  return st.integer && st.distinct <= Math.min(LABEL_MAX_DISTINCT, Math.max(2, s.sampledRows / 2));
}

function derivedFor(base: number, channels: number | undefined): DerivedChannel[] {
  return channels !== undefined && channels === base * 2 ? ['diff'] : [];
}

/** Propose a DatasetConfig (always with `csv` filled in) for a sniffed file. */
export function guessConfig(s: SniffResult, opts: GuessOptions = {}): DatasetConfig {
  const csv = { delimiter: s.delimiter, hasHeader: s.hasHeader };
  const all = s.columns.map((_, i) => i);
  const numeric = all.filter((i) => s.columns[i].numeric);
  const groups = numberedGroups(s);
  if (groups && groups.length >= 2) {
    const used = new Set(groups.flatMap((g) => g.columns));
    const label = all.find((i) => !used.has(i) && looksLikeLabel(s, i)) ?? null;
    return rowsConfig(
      csv,
      { kind: 'channel-groups', labelColumn: label, channelColumns: groups.map((g) => g.columns) },
      groups.map((g) => g.stem),
      opts,
    );
  }
  if (numeric.length > 8) {
    const label = looksLikeLabel(s, 0) ? 0 : null;
    const values = numeric.filter((i) => i !== label);
    const c = opts.channels ?? 1;
    if (c > 2 && values.length % c === 0 && values.length / c > 1) {
      const t = values.length / c;
      const channelColumns = Array.from({ length: c }, (_, k) => values.slice(k * t, (k + 1) * t));
      return rowsConfig(
        csv,
        { kind: 'channel-groups', labelColumn: label, channelColumns },
        undefined,
        opts,
      );
    }
    return rowsConfig(
      csv,
      { kind: 'rows', labelColumn: label, valueColumns: values },
      undefined,
      opts,
    );
  }
  const values = numeric.filter((i) => !(s.columns[i].integer && s.columns[i].increasing));
  const valueColumns =
    values.length > 0 ? values : numeric.length > 0 ? numeric : [Math.max(0, s.columnCount - 1)];
  return {
    csv,
    layout: {
      kind: 'series',
      valueColumns,
      windowLength: opts.windowLength ?? 50,
      stride: 1,
      targetColumn: valueColumns.length - 1,
    },
    task: 'regression',
    derived: derivedFor(valueColumns.length, opts.channels),
    standardize: 'fit',
    channelNames: valueColumns.map((i) => s.columnNames[i]),
  };
}

function rowsConfig(
  csv: DatasetConfig['csv'],
  layout: Exclude<DatasetLayout, { kind: 'series' }>,
  channelNames: string[] | undefined,
  opts: GuessOptions,
): DatasetConfig {
  const base = layout.kind === 'rows' ? 1 : layout.channelColumns.length;
  return {
    csv,
    layout,
    task: 'classification',
    derived: derivedFor(base, opts.channels),
    standardize: 'none',
    ...(channelNames ? { channelNames } : {}),
  };
}
