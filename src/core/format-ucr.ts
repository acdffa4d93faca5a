/**
 * The old UCR archive text format (UCR_TS_Archive_2015 and earlier `.txt` files): one case per
 * line, values separated by spaces (or tabs), the class label first, often in scientific
 * notation (`  -1.0000000e+00   2.3e-01 ...`). Labels are read as their shortest number
 * ("-1.0000000e+00" -> "-1"). Trailing NaN values make a shorter series.
 */
import {
  checkHasCases,
  formatError,
  normalLabel,
  parseValue,
  shortLine,
  TrailingText,
  type ArchiveCase,
  type ArchiveSeries,
} from './format-archive';
import { TsvizError } from './errors';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Does this first data line look like the UCR text layout: whitespace-separated numbers (at
 * least a label and two values), no commas, the first a whole number?
 */
export function looksLikeUcrLine(line: string): boolean {
  const t = line.trim();
  if (t === '' || /[,;|]/.test(t)) return false;
  const cells = t.split(/\s+/);
  if (cells.length < 3 || !cells.every((c) => NUMBER.test(c) || /^nan$/i.test(c))) return false;
  return Number.isInteger(Number(cells[0]));
}

function parseLine(text: string, line: number, source: string): ArchiveCase {
  const cells = text.trim().split(/\s+/);
  const label = cells[0];
  if (parseValue(label) === null || Number.isNaN(parseValue(label))) {
    throw formatError(
      source,
      line,
      `the label ${shortLine(label)} is not a number (the UCR layout has the class number first).`,
      'Check the file is in the UCR layout: the class first, then the values, separated by spaces.',
    );
  }
  if (cells.length < 2) {
    throw formatError(source, line, 'the case has a label but no values.', 'Delete the line.');
  }
  const values = cells.slice(1).map((cell, t) => {
    const v = parseValue(cell);
    if (v === null) {
      throw formatError(
        source,
        line,
        `value ${t + 1} is ${shortLine(cell)}, which is not a number.`,
        'Write values as numbers (a dot as decimal point), NaN for a missing one.',
      );
    }
    return v;
  });
  return { values: [values], label: normalLabel(label), line };
}

/** Parse a whole UCR text file. Throws a TsvizError naming the line for anything malformed. */
export function parseUcrFile(text: string, source: string): ArchiveSeries {
  const lines = text.split(/\r\n|\r|\n/);
  const cases: ArchiveCase[] = [];
  const trailing = new TrailingText();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() === '') continue;
    try {
      cases.push(parseLine(l, i + 1, source));
    } catch (e) {
      if (!(e instanceof TsvizError)) throw e;
      trailing.fail(i + 1, l, e);
      continue;
    }
    trailing.ok();
  }
  if (cases.length === 0 && trailing.first) throw trailing.first;
  const a: ArchiveSeries = {
    format: 'ucr',
    channelNames: ['value'],
    cases,
    labels: 'classes',
    classLabels: null,
    notes: trailing.notes(source),
  };
  checkHasCases(a, source);
  return a;
}
