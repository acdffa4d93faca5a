/**
 * Delimiter and header detection from the first part of a file, and a preview for the form.
 */
import { CsvTokenizer } from './csv';
import { columnStats, type ColumnStats } from './csv-columns';
import { checkTableText } from './csv-content';
import { isNumberCell } from './csv-number';
import { TsvizError } from './errors';
import type { CsvDelimiter } from './types';

export type { ColumnStats } from './csv-columns';

/** How much of a file `sniff` looks at, at least (UTF-16 code units, about bytes for CSV). */
export const SNIFF_CHARS = 65_536;
/** ... and at most, when the first two lines are longer than SNIFF_CHARS. */
export const MAX_SNIFF_CHARS = 4 * 2 ** 20;

/**
 * Length of the sample `sniff` uses from a text that starts a file: SNIFF_CHARS, or up to the
 * end of the second line when that is further (capped at MAX_SNIFF_CHARS). Null when `text`
 * is a prefix too short to tell (more must be read first) and the file has not `ended`.
 */
export function sniffSampleEnd(text: string, ended: boolean): number | null {
  let end = SNIFF_CHARS;
  let k = -1;
  for (let breaks = 0; breaks < 2; breaks++) {
    k = text.indexOf('\n', k + 1);
    if (k < 0) break;
  }
  if (k >= 0) end = Math.max(SNIFF_CHARS, k + 1);
  else if (text.length < MAX_SNIFF_CHARS) end = ended ? text.length : Infinity;
  end = Math.min(end, MAX_SNIFF_CHARS);
  if (ended) return Math.min(end, text.length);
  return text.length > end ? end : null;
}
/** Rows shown in the form's preview. */
export const PREVIEW_ROWS = 20;
/** Rows used to decide the delimiter, the header and the column statistics. */
const SAMPLE_ROWS = 200;

/** Candidates in order of preference when they fit equally well. */
export const DELIMITERS: readonly CsvDelimiter[] = [',', '\t', ';', '|', 'whitespace'];

export interface SniffResult {
  delimiter: CsvDelimiter;
  hasHeader: boolean;
  /** The header cells (trimmed), or null without a header. */
  header: string[] | null;
  /** Header names, or "column 1", "column 2", ... (length columnCount). */
  columnNames: string[];
  /** Cells per row (the most common count in the sample). */
  columnCount: number;
  /** First data rows (after the header), up to 20, cells trimmed. */
  previewRows: string[][];
  /** Per column, from up to 200 data rows. */
  columns: ColumnStats[];
  /** Data rows in the sample the statistics come from. */
  sampledRows: number;
}

export interface SniffOptions {
  /** True when `text` is the whole file (then its last line is complete). Default true. */
  complete?: boolean;
  /** File name or URL, for messages. */
  source?: string;
  /** Use this delimiter instead of detecting it. */
  delimiter?: CsvDelimiter;
  /** Use this instead of detecting a header. */
  hasHeader?: boolean;
}

const STOP = Symbol('enough rows');

/** The first SAMPLE_ROWS records of the sample (the last one only when `complete`). */
function sampleRows(text: string, delimiter: CsvDelimiter, complete: boolean, source: string) {
  const rows: string[][] = [];
  const keep = (cells: string[]) => {
    rows.push(cells);
    if (rows.length >= SAMPLE_ROWS) throw STOP;
  };
  const tok = new CsvTokenizer(delimiter, keep, source);
  try {
    tok.push(text);
    if (complete || rows.length === 0) tok.finish();
  } catch (e) {
    if (e !== STOP) throw e;
  }
  return rows;
}

function modalCount(rows: string[][]): number {
  const freq = new Map<number, number>();
  let best = 0;
  let bestN = -1;
  for (const r of rows) {
    const f = (freq.get(r.length) ?? 0) + 1;
    freq.set(r.length, f);
    if (f > bestN || (f === bestN && r.length > best)) [best, bestN] = [r.length, f];
  }
  return best;
}

/** Lexicographic score: more columns than one, consistency, numeric share, columns. */
function score(rows: string[][]): number[] {
  const m = modalCount(rows);
  const consistent = rows.filter((r) => r.length === m).length / Math.max(rows.length, 1);
  let cells = 0;
  let numbers = 0;
  for (const r of rows.slice(1)) {
    for (const c of r) {
      cells++;
      if (isNumberCell(c)) numbers++;
    }
  }
  return [m >= 2 ? 1 : 0, consistent, cells ? numbers / cells : 0, m];
}

function better(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

function detectHeader(rows: string[][]): boolean {
  const [first, ...rest] = rows;
  if (!first) return false;
  if (rest.length === 0) return first.every((c) => c.trim() !== '' && !isNumberCell(c));
  return first.some(
    (c, j) =>
      c.trim() !== '' && !isNumberCell(c) && rest.every((r) => j < r.length && isNumberCell(r[j])),
  );
}

/**
 * Detect delimiter and header in the first part of a file (see `sniffSampleEnd`) and
 * describe its columns. Throws `csv-empty` when there is no row, `csv-header-only` when the
 * whole file (complete) holds only a header, `csv-bad-cell` for binary (NUL) content.
 */
export function sniff(text: string, opts: SniffOptions = {}): SniffResult {
  const sample = text.slice(0, sniffSampleEnd(text, true) ?? text.length);
  const complete = (opts.complete ?? true) && sample.length === text.length;
  const source = opts.source ?? 'the file';
  checkTableText(sample, source);
  let delimiter: CsvDelimiter = opts.delimiter ?? ',';
  let rows: string[][] = [];
  if (opts.delimiter) {
    rows = sampleRows(sample, opts.delimiter, complete, source);
  } else {
    let best: number[] | null = null;
    let firstError: unknown = null;
    for (const d of DELIMITERS) {
      let r: string[][];
      try {
        r = sampleRows(sample, d, complete, source);
      } catch (err) {
        firstError ??= err;
        continue;
      }
      const s = score(r);
      if (best === null || better(s, best)) [best, delimiter, rows] = [s, d, r];
    }
    // one column only because the real delimiter failed (a quote never closed): say why
    if (best === null || (best[0] === 0 && firstError !== null)) throw firstError;
  }
  if (rows.length === 0) {
    throw new TsvizError(
      'csv-empty',
      `${source} is empty: it holds no rows of data.`,
      'Choose a CSV or TSV file with one row per line.',
    );
  }
  const hasHeader = opts.hasHeader ?? detectHeader(rows);
  const data = hasHeader ? rows.slice(1) : rows;
  if (hasHeader && data.length === 0 && complete) {
    throw new TsvizError(
      'csv-header-only',
      `${source} holds only a header row and no data.`,
      'Choose the file that holds the data rows too.',
    );
  }
  const columnCount = modalCount(hasHeader && data.length > 0 ? data : rows);
  const header = hasHeader ? rows[0].map((c) => c.trim()) : null;
  const columnNames = Array.from(
    { length: columnCount },
    (_, j) => header?.[j] || `column ${j + 1}`,
  );
  return {
    delimiter,
    hasHeader,
    header,
    columnNames,
    columnCount,
    previewRows: data.slice(0, PREVIEW_ROWS).map((r) => r.map((c) => c.trim())),
    columns: columnStats(data, columnNames),
    sampledRows: data.length,
  };
}
