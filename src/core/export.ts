/**
 * Export helpers: tables to CSV text (RFC 4180 quoting) with formula-injection escaping, and
 * a stable JSON serialisation of typed arrays.
 */

/** A cell that a spreadsheet would run as a formula starts with one of these. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * One CSV cell. Numbers are written as they are (a negative number is data, not a formula);
 * text starting with =, +, -, @, tab or CR gets a leading apostrophe; quotes, delimiters and
 * newlines are quoted.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (FORMULA_START.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows (first row the header) to CSV text with CRLF line ends. */
export function toCsv(rows: (string | number | boolean | null | undefined)[][]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** JSON with typed arrays written as plain arrays. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v),
    2,
  );
}
