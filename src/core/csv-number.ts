/**
 * Strict number parsing for table cells, and the wording of bad-cell messages.
 *
 * Accepted: optional sign, digits with an optional decimal point, optional exponent, with
 * spaces or tabs around ("  -1.5e3 "). Refused: blank, NaN, Infinity, hex, thousands
 * separators, decimal commas, and values outside the 32-bit float range (|v| > 3.4e38),
 * because values are stored in Float32Arrays.
 */
import { TsvizError } from './errors';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Largest finite float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** The cell as a number, or NaN when it is not a finite float32 number. */
export function parseNumberCell(raw: string): number {
  const s = raw.trim();
  if (!NUMBER.test(s)) return NaN;
  const v = Number(s);
  return Math.abs(v) <= FLOAT32_MAX ? v : NaN;
}

/** True when `parseNumberCell` accepts the cell. */
export function isNumberCell(raw: string): boolean {
  return !Number.isNaN(parseNumberCell(raw));
}

/** A cell shortened and quoted for a message (shown as text by the UI). */
export function quoteCell(raw: string): string {
  const s = raw.trim();
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}...` : s);
}

/** 'column 3' or "column 3 ('temp_2')"; index is 0-based. */
export function columnLabel(index: number, header: readonly string[] | null): string {
  const name = header?.[index]?.trim();
  return name ? `column ${index + 1} ('${name}')` : `column ${index + 1}`;
}

/** The error for a value cell that `parseNumberCell` refused. */
export function badNumberCell(
  raw: string,
  row: number,
  column: number,
  header: readonly string[] | null,
  source: string,
): TsvizError {
  const where = `Row ${row}, ${columnLabel(column, header)} of ${source}`;
  const s = raw.trim();
  const lower = s.toLowerCase();
  if (s === '') {
    return new TsvizError(
      'csv-bad-cell',
      `${where} is blank, but it must hold a number.`,
      'Fill in the missing value or delete the row; missing values are not supported.',
    );
  }
  if (lower === 'nan' || lower === 'na' || lower === 'n/a' || lower === 'null') {
    return new TsvizError(
      'csv-bad-cell',
      `${where} holds ${quoteCell(raw)}, a missing value, but it must hold a number.`,
      'Fill in the missing value or delete the row; missing values are not supported.',
    );
  }
  if (/^[+-]?(inf|infinity)$/.test(lower)) {
    return new TsvizError(
      'csv-bad-cell',
      `${where} holds ${quoteCell(raw)}, which is not a finite number.`,
      'Replace it with a finite number or delete the row.',
    );
  }
  if (NUMBER.test(s)) {
    return new TsvizError(
      'csv-bad-cell',
      `${where} holds ${quoteCell(raw)}, which is too large for a 32-bit float (largest ±3.4e38).`,
      'Rescale the column (for example divide it by a constant) or delete the row.',
    );
  }
  return new TsvizError(
    'csv-bad-cell',
    `${where} holds ${quoteCell(raw)}, which is not a number.`,
    'Replace it with a number (a dot as decimal point, no thousands separators), or choose another column in the dataset form.',
  );
}
