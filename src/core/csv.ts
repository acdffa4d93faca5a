/**
 * Incremental CSV/TSV tokenizer: text goes in by `push(chunk)` in pieces of any size (a piece
 * may end inside a field, a quote or a CRLF pair), complete records come out through a callback.
 *
 * - Quoted fields follow RFC 4180: `"a ""b"", c"` is the cell `a "b", c`; delimiters and line
 *   breaks inside quotes belong to the cell. Spaces before an opening quote and after a closing
 *   quote are ignored; other text after a closing quote is kept as it is.
 * - Line ends: LF, CRLF or a lone CR. A byte-order mark at the very start is dropped.
 * - Blank lines (empty or only spaces/tabs, anywhere, including a trailing one) are skipped.
 * - 'whitespace' delimiter: runs of spaces and tabs separate cells; spaces at the start and
 *   end of a line are ignored.
 * - Cells are the raw text (unquoted, not trimmed). Rows are numbered by the 1-based line where
 *   they start (blank lines count): what an editor shows, and a spreadsheet too, unless quoted
 *   cells hold line breaks.
 */
import { TsvizError } from './errors';
import { CR, LF, QUOTE, SPACE, TAB, cellEnd, countLineBreaks, readQuoted } from './csv-scan';
import type { CsvDelimiter } from './types';

/** Receives each record: its cells (raw text) and the 1-based line where it starts. */
export type RowHandler = (cells: string[], row: number) => void;

/** A single cell longer than this (in UTF-16 code units) is refused: usually a lost quote. */
export const MAX_CELL_CHARS = 1_000_000;

export class CsvTokenizer {
  private readonly delim: number;
  private readonly ws: boolean;
  /** Text of the current, incomplete field (from its first character). */
  private carry = '';
  private cells: string[] = [];
  private recordQuoted = false;
  /** 1-based line of the scan position (the start of `carry`). */
  private line = 1;
  private recordLine = 1;
  private started = false;
  private skipLF = false;

  constructor(
    delimiter: CsvDelimiter,
    private readonly onRow: RowHandler,
    private readonly source = 'the file',
  ) {
    this.ws = delimiter === 'whitespace';
    this.delim = this.ws ? -1 : delimiter.charCodeAt(0);
  }

  /** Feed the next piece of text. Complete records are passed to the handler at once. */
  push(chunk: string): void {
    if (chunk.length === 0) return;
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.skipLF) {
      if (chunk.charCodeAt(0) === LF) chunk = chunk.slice(1);
      this.skipLF = false;
    }
    this.scan(this.carry + chunk, false);
  }

  /** End of input: emit the last record even without a final line break. Idempotent. */
  finish(): void {
    this.scan(this.carry, true);
  }

  private endRecord(): void {
    const cells = this.cells;
    this.cells = [];
    const blank = cells.length === 1 && !this.recordQuoted && cells[0].trim() === '';
    this.recordQuoted = false;
    const row = this.recordLine;
    this.recordLine = this.line;
    if (cells.length > 0 && !blank) this.onRow(cells, row);
  }

  private tooLong(): never {
    throw new TsvizError(
      'csv-bad-cell',
      `A cell starting at row ${this.line} of ${this.source} is longer than ${MAX_CELL_CHARS.toLocaleString('en-US')} characters (probably a quote that is never closed).`,
      'Check the quotes on that row: every opening " needs a closing ".',
    );
  }

  /** Scan from a field start; keep the unfinished field in `carry` unless `final`. */
  private scan(text: string, final: boolean): void {
    const n = text.length;
    let i = 0;
    this.carry = '';
    for (;;) {
      const fieldStart = i;
      let j = i;
      // Spaces before a possible opening quote (and, in whitespace mode, between cells).
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === SPACE || (c === TAB && this.delim !== TAB)) j++;
        else break;
      }
      if (this.ws) {
        i = j;
        if (i >= n) {
          if (final && this.cells.length > 0) this.endRecord();
          return;
        }
        const c = text.charCodeAt(i);
        if (c === LF || c === CR) {
          i = this.lineBreak(text, i, final);
          this.endRecord();
          continue;
        }
      } else if (j >= n && !final) {
        this.keep(text, fieldStart);
        return;
      }
      let value: string;
      let k: number;
      if (j < n && text.charCodeAt(j) === QUOTE) {
        const q = readQuoted(text, j, final);
        if (q === 'more') {
          this.keep(text, fieldStart);
          return;
        }
        if (q === 'unclosed') {
          throw new TsvizError(
            'csv-bad-cell',
            `Row ${this.recordLine}, column ${this.cells.length + 1} of ${this.source} opens a quote (") that is never closed.`,
            'Add the closing quote, or remove the stray one.',
          );
        }
        k = cellEnd(text, q.close + 1, this.delim);
        if (k >= n && !final) {
          this.keep(text, fieldStart);
          return;
        }
        this.line += countLineBreaks(text.slice(j, q.close));
        this.recordQuoted = true;
        const tail = text.slice(q.close + 1, k);
        value = q.value + (tail.trim() === '' ? '' : tail);
      } else {
        k = cellEnd(text, j, this.delim);
        if (k >= n && !final) {
          this.keep(text, fieldStart);
          return;
        }
        value = text.slice(this.ws ? j : fieldStart, k);
      }
      if (value.length > MAX_CELL_CHARS) this.tooLong();
      this.cells.push(value);
      if (k >= n) {
        this.endRecord();
        return;
      }
      const c = text.charCodeAt(k);
      if (c === LF || c === CR) {
        i = this.lineBreak(text, k, final);
        this.endRecord();
      } else {
        i = k + 1;
        if (i >= n && !this.ws) {
          if (final) {
            this.cells.push('');
            this.endRecord();
          }
          return;
        }
      }
    }
  }

  /** Consume the line break at i; returns the index after it. */
  private lineBreak(text: string, i: number, final: boolean): number {
    this.line++;
    if (text.charCodeAt(i) === CR) {
      if (i + 1 < text.length) return text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
      if (!final) this.skipLF = true;
    }
    return i + 1;
  }

  private keep(text: string, fieldStart: number): void {
    if (text.length - fieldStart > MAX_CELL_CHARS + 2) this.tooLong();
    this.carry = text.slice(fieldStart);
  }
}

/** Split a whole text into records (each with its starting row). For tests and small inputs. */
export function parseCsvText(
  text: string,
  delimiter: CsvDelimiter,
  source?: string,
): { cells: string[]; row: number }[] {
  const out: { cells: string[]; row: number }[] = [];
  const t = new CsvTokenizer(delimiter, (cells, row) => out.push({ cells, row }), source);
  t.push(text);
  t.finish();
  return out;
}
