/**
 * A first proposal for the dataset form, from what `sniff` saw in the first part of a file.
 *
 * - Column names like temp_0..temp_49, pres_0..pres_49 (two or more equal-length groups of
 *   numbered columns) -> channel-groups, one channel per name stem, in index order; other
 *   columns (ids, metadata) are left out. The label is the column named label/class/target/y,
 *   else one holding few distinct whole numbers or text, never an id (named id/index, or
 *   distinct increasing whole numbers).
 * - Many numeric columns (more than 8) -> rows of the one numbered group when there is one,
 *   else of the numeric columns but an id; the label is the column so named, else the first
 *   column when it holds few distinct whole numbers or text (UCR layout), else none.
 * - Otherwise (a timestamp and a value, a few value columns) -> series of the numeric
 *   columns (not counting an increasing whole-number index or time column), target the last,
 *   standardisation fitted, the window from `opts`.
 * With `opts.channels` equal to twice the base channels, the 'diff' channel is added; with 3 or
 * more channels and no numbered names, the value columns are split into equal contiguous groups.
 */
import { splitColumnsOf } from './split';
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
/** Header names that say "this is the label". */
const LABEL_NAME = /^(labels?|class(es)?|target|y|category|classification)$/i;
/** Header names that say "this is a row id or an index", never a label nor a value. */
const ID_NAME =
  /^(id|idx|index|seq|row|sample|no|nr|#)$|[\s_.-](id|idx|index|no|nr)$|^(seq|row|sample)[\s_.-]?(id|no|nr|num|number)$/i;

/** Columns named `stem_0 … stem_N` (any of `_ . - space`, or `stem[0]`, `stem(0)`). */
export interface NumberedGroup {
  /** The shared name stem ('value' when the names are bare numbers). */
  stem: string;
  /** Column indices of the group, in the order of the numbers in their names. */
  columns: number[];
}

/**
 * Groups of numeric columns named `stem_0 … stem_N`, in the order of their first column.
 * Only groups of the most common length (by columns covered) are kept, so a stray `x_1`
 * beside `pressure_0 … pressure_49` does not spoil the rest; null when there are none.
 */
export function numberedGroups(s: SniffResult): NumberedGroup[] | null {
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
  const covered = new Map<number, number>();
  for (const [, list] of found)
    covered.set(list.length, (covered.get(list.length) ?? 0) + list.length);
  let len = 0;
  for (const [l, n] of covered) {
    const best = covered.get(len) ?? 0;
    if (n > best || (n === best && l > len)) len = l;
  }
  return found
    .filter(([, list]) => list.length === len)
    .map(([stem, list]) => ({
      stem: stem || 'value',
      columns: [...list].sort((a, b) => a.index - b.index).map((e) => e.column),
    }));
}

function idName(s: SniffResult, column: number): boolean {
  return ID_NAME.test((s.header?.[column] ?? '').trim());
}

/**
 * A row id or index: named so (`id`, `seq_id`, `index`, `anomaly_index`, ...), or whole
 * numbers, all different and increasing down the sampled rows (3 or more).
 */
export function looksLikeId(s: SniffResult, column: number): boolean {
  const st = s.columns[column];
  if (!st) return false;
  if (idName(s, column)) return true;
  return (
    st.numeric &&
    st.integer &&
    st.increasing &&
    s.sampledRows >= 3 &&
    st.distinct >= Math.min(s.sampledRows, 1000)
  );
}

function looksLikeLabel(s: SniffResult, column: number): boolean {
  const st = s.columns[column];
  if (!st || s.sampledRows === 0 || looksLikeId(s, column)) return false;
  if (!st.numeric) return st.distinct <= LABEL_MAX_DISTINCT;
  return st.integer && st.distinct <= Math.min(LABEL_MAX_DISTINCT, Math.max(2, s.sampledRows / 2));
}

/** The column named label/class/target/y among `candidates`, if any. */
function namedLabel(s: SniffResult, candidates: number[]): number | undefined {
  return candidates.find((i) => LABEL_NAME.test((s.header?.[i] ?? '').trim()));
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
    const free = all.filter((i) => !used.has(i));
    const label = namedLabel(s, free) ?? free.find((i) => looksLikeLabel(s, i)) ?? null;
    return rowsConfig(
      csv,
      { kind: 'channel-groups', labelColumn: label, channelColumns: groups.map((g) => g.columns) },
      groups.map((g) => g.stem),
      opts,
    );
  }
  if (numeric.length > 8) {
    // one numbered group (label, t_0 … t_95, and metadata): the group is the series
    const one = groups?.length === 1 && groups[0].columns.length > 8 ? groups[0].columns : null;
    const label = namedLabel(s, all) ?? (looksLikeLabel(s, 0) ? 0 : null);
    const values =
      one?.filter((i) => i !== label) ??
      // an id column is left out when it is named so, or first (an unnamed running number)
      numeric.filter((i) => i !== label && !(looksLikeId(s, i) && (i === 0 || idName(s, i))));
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

/** Columns a non-series layout reads (values, then the label when there is one). */
function readColumns(l: DatasetLayout): number[] {
  if (l.kind === 'series') return l.valueColumns;
  const values = l.kind === 'rows' ? l.valueColumns : l.channelColumns.flat();
  return l.labelColumn === null ? values : [...values, l.labelColumn];
}

function baseChannels(l: DatasetLayout): number {
  return l.kind === 'series'
    ? l.valueColumns.length
    : l.kind === 'rows'
      ? 1
      : l.channelColumns.length;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What the dataset form starts from for a file of `columnCount` columns, given the `guess`
 * for it and the model's sidecar dataset config `side`:
 * - the sidecar's config when it fits the file: every column it reads exists, and the
 *   layout is the guessed kind (series), or the file has exactly the columns it reads, or the
 *   guess found the very same columns;
 * - else the guess, taking the sidecar's task, derived channels, standardisation and classes
 *   when the guess found the model's channels by name (same kind, same channel names), so
 *   the model's data with extra columns (ids, metadata) loads as the model's data;
 * - else the guess.
 */
export function proposeConfig(
  guess: DatasetConfig,
  side: DatasetConfig | null | undefined,
  columnCount: number,
): DatasetConfig {
  if (!side) return guess;
  const l = side.layout;
  const g = guess.layout;
  // The sidecar's own layout when it fits the file; a file without the sidecar's split column
  // (the model's data as a user exported it, test rows only) gets that layout without the split.
  const fitting = (config: DatasetConfig): DatasetConfig | null => {
    const read = [...readColumns(l), ...splitColumnsOf(config)];
    if (!read.every((c) => Number.isInteger(c) && c >= 0 && c < columnCount)) return null;
    if (l.kind === 'series' && g.kind === 'series') return config;
    // a file with exactly the sidecar's columns is laid out as the model's data, even when
    // its first rows mislead the guess (no header, decimal commas, text cells)
    if (l.kind !== 'series' && new Set(read).size === columnCount) return config;
    if (l.kind === g.kind && same(l, g)) return { ...config, csv: guess.csv ?? config.csv };
    return null;
  };
  const withoutSplit = (): DatasetConfig => {
    const rest = { ...side };
    delete rest.split;
    return rest;
  };
  const own = fitting(side) ?? (side.split ? fitting(withoutSplit()) : null);
  if (own) return own;
  if (
    l.kind === g.kind &&
    baseChannels(l) === baseChannels(g) &&
    guess.channelNames !== undefined &&
    side.channelNames !== undefined &&
    same(guess.channelNames, side.channelNames)
  ) {
    return {
      ...guess,
      task: side.task,
      derived: side.derived,
      standardize: side.standardize,
      classValues: side.classValues,
      classNames: side.classNames,
    };
  }
  return guess;
}
