import type { CsvOptions } from '../../src/core/types';

/**
 * Just enough delimited-text handling for the demo files: split into cells (double-quoted
 * cells may hold the delimiter; "" is a quote), and format numbers compactly.
 */

/** Split one line into cells, removing surrounding quotes. */
export function splitLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

/** Parse delimited text into rows of cells; `header` drops the first line. */
export function parseTable(
  text: string,
  opts: { delimiter: string; header: boolean },
): { header: string[] | null; rows: string[][] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const all = lines.map((l) => splitLine(l, opts.delimiter));
  if (!opts.header) return { header: null, rows: all };
  return { header: all[0] ?? [], rows: all.slice(1) };
}

/** Parse a file as its DatasetConfig.csv says ('whitespace' = runs of spaces and tabs). */
export function readTable(text: string, csv: CsvOptions): string[][] {
  if (csv.delimiter !== 'whitespace') {
    return parseTable(text, { delimiter: csv.delimiter, header: csv.hasHeader }).rows;
  }
  const rows = text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/[ \t]+/));
  return csv.hasHeader ? rows.slice(1) : rows;
}

/** A number with at most `digits` decimals and no trailing zeros ("-0" becomes "0"). */
export function formatNumber(v: number, digits: number): string {
  const s = v.toFixed(digits).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}
