/**
 * The time-series archive formats (UEA/sktime .ts, ARFF, the old UCR whitespace .txt), read
 * into one shape, `ArchiveSeries`, then laid out as a table (label column first, then the
 * channels' time steps) that the dataset form and `DatasetBuilder` read like a CSV.
 *
 * Variable-length series are padded to a common length T (the longest case in the file, or
 * the model's length when that is longer) by repeating their last value; every padding is
 * reported in the notes.
 */
import { TsvizError } from './errors';

export type ArchiveFormat = 'ts' | 'arff' | 'ucr';

/** Display names of the formats, for notes and messages. */
export const ARCHIVE_FORMAT_NAMES: Record<ArchiveFormat, string> = {
  ts: 'UEA/sktime .ts',
  arff: 'ARFF',
  ucr: 'UCR whitespace text',
};

/** One case: a series per channel, its label, and where it is in the file. */
export interface ArchiveCase {
  /** [C][T_i]: channel c's values in time order (NaN for a missing value). */
  values: number[][];
  /** The class label or regression target as text, or null without labels. */
  label: string | null;
  /** 1-based line of the case in the file. */
  line: number;
}

/** A whole archive file, parsed. */
export interface ArchiveSeries {
  format: ArchiveFormat;
  /** Length C. */
  channelNames: string[];
  cases: ArchiveCase[];
  /** Whether the labels are classes, regression targets, or absent. */
  labels: 'classes' | 'targets' | null;
  /** Class labels declared by the file's header, in their order, or null. */
  classLabels: string[] | null;
  /** Things the reader did that the user should know of (skipped lines, ...). */
  notes: string[];
}

/** A line beyond which data lines failed to parse: reported and skipped when nothing follows. */
export interface LineFailure {
  line: number;
  error: TsvizError;
}

/** Lines longer than this are shown shortened in notes (characters). */
const SHOWN = 60;

export function shortLine(text: string): string {
  const t = text.trim();
  return JSON.stringify(t.length > SHOWN ? `${t.slice(0, SHOWN - 3)}...` : t);
}

/**
 * Data lines that did not parse: fatal when a case follows them (a broken line in the middle
 * of the data), else reported as skipped free text after the data (notes), like the closing
 * remark some archive exports carry.
 */
export class TrailingText {
  private readonly failures: { line: number; text: string; error: TsvizError }[] = [];

  /** A data line that failed. */
  fail(line: number, text: string, error: TsvizError): void {
    this.failures.push({ line, text, error });
  }

  /** A data line that parsed: any failure before it was in the middle of the data. */
  ok(): void {
    if (this.failures.length > 0) throw this.failures[0].error;
  }

  /** The first failure, when no case parsed at all (the file's real problem). */
  get first(): TsvizError | null {
    return this.failures[0]?.error ?? null;
  }

  /** The notes for the lines skipped at the end. */
  notes(source: string): string[] {
    if (this.failures.length === 0) return [];
    const [first] = this.failures;
    const more = this.failures.length - 1;
    return [
      `Skipped ${this.failures.length === 1 ? 'a line' : `${this.failures.length} lines`} of text after the data of ${source} (line ${first.line}: ${shortLine(first.text)}${more > 0 ? ` and ${more} more` : ''}).`,
    ];
  }
}

/** Strict number for a value: "1.5", "-2e-3", "?" (missing: NaN). Null when not a number. */
export function parseValue(raw: string): number | null {
  const s = raw.trim();
  if (s === '?' || /^nan$/i.test(s)) return NaN;
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/** A numeric label as its shortest text ("-1.0000000e+00" -> "-1"); other text trimmed. */
export function normalLabel(raw: string): string {
  const s = raw.trim();
  const v = parseValue(s);
  return v !== null && !Number.isNaN(v) ? String(v) : s;
}

export function formatError(source: string, line: number, problem: string, fix: string) {
  return new TsvizError('csv-bad-cell', `Line ${line} of ${source}: ${problem}`, fix);
}

/** Throws `csv-empty` when the file holds no case. */
export function checkHasCases(a: ArchiveSeries, source: string): void {
  if (a.cases.length === 0) {
    throw new TsvizError(
      'csv-empty',
      `${source} (${ARCHIVE_FORMAT_NAMES[a.format]}) holds no cases after its header.`,
      'Choose the file that holds the data lines too.',
    );
  }
}

/** Length of a series without its trailing missing values (UEA pads short series with ?). */
export function seriesLength(v: readonly number[]): number {
  let n = v.length;
  while (n > 0 && Number.isNaN(v[n - 1])) n--;
  return n;
}

/** Longest series of any case and channel (time steps, trailing missing values left out). */
export function longestSeries(a: ArchiveSeries): number {
  let t = 0;
  for (const c of a.cases) for (const v of c.values) t = Math.max(t, seriesLength(v));
  return t;
}

/** What `archiveTable` made. */
export interface ArchiveTable {
  /** Column names: "label" (when the file has labels), then `${channel}_${t}` per channel. */
  header: string[];
  /** One row of cells per case, as `header`. */
  rows: string[][];
  /** 1-based file line of each row. */
  lines: number[];
  /** Time steps per channel after padding. */
  steps: number;
  /** Column of the label, or null. */
  labelColumn: number | null;
  /** Per channel, its T columns in time order. */
  channelColumns: number[][];
  /** Cases that were padded. */
  padded: number;
}

/**
 * Lay the cases out as a table of T = max(longest series, `padTo`) steps per channel; a
 * shorter series (trailing missing values do not count) is padded by repeating its last value
 * (an empty one is refused); missing values inside a series stay NaN (the builder refuses
 * them with the row and column). Column
 * names are `${channel}_${t}` so the form groups them by channel.
 *
 * @param padTo the model's time steps, when known
 */
export function archiveTable(a: ArchiveSeries, source: string, padTo = 0): ArchiveTable {
  const C = a.channelNames.length;
  const T = Math.max(longestSeries(a), padTo);
  const hasLabel = a.labels !== null;
  const off = hasLabel ? 1 : 0;
  const channelColumns = a.channelNames.map((_, c) =>
    Array.from({ length: T }, (_, t) => off + c * T + t),
  );
  const header = [
    ...(hasLabel ? ['label'] : []),
    ...a.channelNames.flatMap((n) => Array.from({ length: T }, (_, t) => `${n}_${t}`)),
  ];
  let padded = 0;
  const rows = a.cases.map((k, i) => {
    const row: string[] = hasLabel ? [k.label ?? ''] : [];
    let pad = false;
    for (let c = 0; c < C; c++) {
      const all = k.values[c] ?? [];
      const v = all.slice(0, seriesLength(all));
      if (v.length === 0) {
        throw formatError(
          source,
          k.line,
          `case ${i + 1} has no values in ${C > 1 ? `channel ${c + 1} (${a.channelNames[c]})` : 'its series'}.`,
          'Delete the case or fill in its series.',
        );
      }
      for (let t = 0; t < T; t++) row.push(String(v[Math.min(t, v.length - 1)]));
      if (v.length < T) pad = true;
    }
    if (pad) padded++;
    return row;
  });
  return {
    header,
    rows,
    lines: a.cases.map((k) => k.line),
    steps: T,
    labelColumn: hasLabel ? 0 : null,
    channelColumns,
    padded,
  };
}

/** The note that says how variable-length series were padded (empty when none were). */
export function paddingNotes(a: ArchiveSeries, t: ArchiveTable): string[] {
  if (t.padded === 0) return [];
  const longest = longestSeries(a);
  const to =
    t.steps > longest ? `the model's ${t.steps} steps` : `the longest series (${t.steps} steps)`;
  return [
    `${t.padded} of ${a.cases.length} cases are shorter than ${to}: each was padded to it by repeating its last value.`,
  ];
}
