/**
 * Per-column statistics of sampled rows, for guessing a layout (label, index, values).
 */
import { parseNumberCell } from './csv-number';

/** Distinct values are counted up to this many per column. */
const DISTINCT_CAP = 1000;

/** What the sampled data rows of one column look like. */
export interface ColumnStats {
  /** Header name, or "column N" (1-based) without a header. */
  name: string;
  /** Every sampled data cell is a number. */
  numeric: boolean;
  /** Numeric and every sampled value is a whole number. */
  integer: boolean;
  /** Distinct trimmed cell texts among the sampled rows (counted up to 1000). */
  distinct: number;
  /** Numeric and strictly increasing down the sampled rows (an index or a time stamp). */
  increasing: boolean;
}

/** Statistics of each named column over `rows` (cells as text). */
export function columnStats(rows: string[][], names: string[]): ColumnStats[] {
  return names.map((name, j) => {
    const seen = new Set<string>();
    let numeric = rows.length > 0;
    let integer = numeric;
    let increasing = rows.length > 1;
    let last = -Infinity;
    for (const r of rows) {
      const cell = (r[j] ?? '').trim();
      if (seen.size < DISTINCT_CAP) seen.add(cell);
      const v = parseNumberCell(cell);
      if (Number.isNaN(v)) numeric = integer = false;
      else if (!Number.isInteger(v)) integer = false;
      if (!(v > last)) increasing = false;
      last = v;
    }
    return { name, numeric, integer, distinct: seen.size, increasing: increasing && numeric };
  });
}
