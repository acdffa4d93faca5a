/**
 * The bad-input corpus's table (e2e/fixtures/bad/cases.json) and the files each case opens:
 * committed fixtures, demo files under public/, or files generated here (cut shards, a 1 GB
 * and a 200 MB CSV streamed to os.tmpdir()).
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anomalyRow, HEADER } from './fixtures/bad/fixture-data';
import { ROOT } from './helpers';

export const BAD = join(ROOT, 'e2e/fixtures/bad');

export interface FormStep {
  /** Label of the form control ("Window length", "Channels", a column name, ...). */
  field: string;
  fill?: string;
  check?: boolean;
  select?: string;
}

export interface CorpusCase {
  id: string;
  kind: 'model' | 'dataset' | 'odd-valid';
  /** Relative to e2e/fixtures/bad/, or to the repository when starting with public/. */
  files?: string[];
  /** A generator of this file (GENERATORS), used with `files`. */
  generator?: string;
  /** Dataset form settings to change before "Load dataset". */
  form?: FormStep[];
  /** What is wrong (or odd) with the input. */
  wrong: string;
  /** Regex (case-insensitive) the role="alert" text must match: the problem and the fix. */
  expect?: string;
  /**
   * alert (default for bad cases); loads (a model, with notes); form-alert (role="alert" in
   * the form); invalid-field (the browser refuses the form field: `expect` matches its
   * validation message); cancel (a big file: progress, then Cancel).
   */
  outcome?: 'alert' | 'loads' | 'form-alert' | 'invalid-field' | 'cancel';
  /** outcome loads: regex the "Notes" list must match. */
  notes?: string;
  /** odd-valid: number of samples the dataset must have. */
  samples?: number;
  /** Which file input to use when the kind does not say (an odd-valid model.json). */
  open?: 'model' | 'dataset';
  /** Check the tab answers at once: the Sample input changes right after the alert. */
  responsive?: boolean;
}

export function loadCases(): CorpusCase[] {
  return JSON.parse(readFileSync(join(BAD, 'cases.json'), 'utf8')) as CorpusCase[];
}

export function countByKind(cases: CorpusCase[]): string {
  const kinds = ['model', 'dataset', 'odd-valid'] as const;
  return kinds.map((k) => `${k} ${cases.filter((c) => c.kind === k).length}`).join(', ');
}

/** What setInputFiles takes: a path on disk, or a named buffer. */
export type InputFile = string | { name: string; mimeType: string; buffer: Buffer };

const SHARD = 'public/models/anomaly/group1-shard1of1.bin';
const shard = (bytes: (b: Buffer) => Buffer) => ({
  name: 'group1-shard1of1.bin',
  mimeType: 'application/octet-stream',
  buffer: bytes(readFileSync(join(ROOT, SHARD))),
});

const made: string[] = [];

/** Stream `bytes` (or more, to the end of a row block) of anomaly-layout CSV to a temp file. */
function bigCsv(name: string, bytes: number): string {
  const path = join(tmpdir(), `tsviz-corpus-${process.pid}-${name}`);
  const block = Buffer.from(
    Array.from({ length: 512 }, (_, i) => anomalyRow(i).join(',') + '\n').join(''),
  );
  const fd = openSync(path, 'w');
  try {
    let written = writeSync(fd, HEADER.join(',') + '\n');
    while (written < bytes) written += writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
  made.push(path);
  return path;
}

export const GENERATORS: Record<string, () => InputFile> = {
  'shard-short': () => shard((b) => b.subarray(0, b.length - 1000)),
  'shard-long': () => shard((b) => Buffer.concat([b, Buffer.alloc(16)])),
  'shard-empty': () => shard(() => Buffer.alloc(0)),
  'csv-long-cell': () => ({
    name: 'long-cell.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${HEADER.join(',')}\n0,"${'1'.repeat(1_100_000)}\n`),
  }),
  'csv-1gb': () => bigCsv('huge-1gb.csv', 2 ** 30),
  'csv-200mb': () => bigCsv('big-200mb.csv', 200 * 2 ** 20),
};

const MIME: Record<string, string> = {
  json: 'application/json',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
};

function payload(path: string): Exclude<InputFile, string> {
  const name = path.split('/').pop() ?? path;
  const mimeType = MIME[name.split('.').pop() ?? ''] ?? 'application/octet-stream';
  return { name, mimeType, buffer: readFileSync(path) };
}

/**
 * The files a case opens (generated ones last): named buffers, or one path for a big file
 * (setInputFiles does not mix the two).
 */
export function filesOf(c: CorpusCase): InputFile[] {
  const paths = (c.files ?? []).map((f) =>
    f.startsWith('public/') ? join(ROOT, f) : join(BAD, f),
  );
  const gen = c.generator ? GENERATORS[c.generator] : undefined;
  if (c.generator && !gen)
    throw new Error(`cases.json: unknown generator ${c.generator} in ${c.id}`);
  const extra = gen ? [gen()] : [];
  if (paths.length === 0 && extra.length === 1 && typeof extra[0] === 'string') return extra;
  return [...paths, ...extra].map((f) => (typeof f === 'string' ? payload(f) : f));
}

/** Delete the generated temp files. */
export function removeGenerated(): void {
  for (const p of made.splice(0)) rmSync(p, { force: true });
}
