/**
 * Is the start of a dataset file a text table at all? Refuses binary (or UTF-16) content and a
 * JSON document (a model.json or tsviz.json opened with "Open dataset") before any parsing.
 */
import { TsvizError } from './errors';

/** A JSON object or list: starts with { or [ and holds a "key": pair early on. */
const JSON_START = /^\s*[{[][\s\S]{0,2000}?"[^"\n]*"\s*:/;

/** Throws `csv-bad-cell` when `sample` (the first part of `source`) is not CSV/TSV text. */
export function checkTableText(sample: string, source: string): void {
  if (sample.includes('\u0000')) {
    throw new TsvizError(
      'csv-bad-cell',
      `${source} is not CSV text: it holds NUL characters (a binary file, or text saved as UTF-16).`,
      'Open a CSV or TSV text file saved as UTF-8.',
    );
  }
  if (JSON_START.test(sample)) {
    throw new TsvizError(
      'csv-bad-cell',
      `${source} is a JSON document, not a CSV or TSV table.`,
      'Open a model.json (with its .bin shards and tsviz.json) with "Open model", and the table of samples with "Open dataset".',
    );
  }
}
