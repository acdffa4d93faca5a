/**
 * Streaming dataset loading: text arrives as an async iterable of string chunks (a File's
 * stream or a fetch body through TextDecoderStream in the data worker; arrays in tests).
 */
import { CsvTokenizer } from './csv';
import { sniff, sniffSampleEnd } from './csv-sniff';
import { DatasetBuilder } from './dataset-builder';
import { checkConfig } from './dataset-config';
import { TsvizError } from './errors';
import type { CsvOptions, Dataset, DatasetConfig } from './types';

/** Largest dataset file the app reads: 512 MiB (bytes). */
export const MAX_DATASET_BYTES = 512 * 2 ** 20;

function size(bytes: number): string {
  return bytes >= 2 ** 30
    ? `${(bytes / 2 ** 30).toFixed(1)} GiB`
    : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** Throws `csv-too-large` for a file of more than MAX_DATASET_BYTES bytes. */
export function checkDatasetSize(bytes: number, source: string): void {
  if (bytes > MAX_DATASET_BYTES) {
    throw new TsvizError(
      'csv-too-large',
      `${source} is ${size(bytes)}; this app reads dataset files of up to ${size(MAX_DATASET_BYTES)} in the browser.`,
      'Use a smaller file: keep the rows you need (for a long series, a recent part) or split it.',
    );
  }
}

export interface StreamOptions {
  /**
   * Called after each chunk is consumed with the characters read so far. The data worker
   * reports progress, yields to its event loop and checks cancellation here (it may throw).
   */
  onChunk?: (charsRead: number) => void | Promise<void>;
}

function detect(text: string, complete: boolean, source: string): CsvOptions {
  const s = sniff(text, { complete, source });
  return { delimiter: s.delimiter, hasHeader: s.hasHeader };
}

/**
 * Parse and preprocess a CSV/TSV text given in chunks of any size. Delimiter and header come
 * from `config.csv`, or are detected from the first 64 KiB (see sniffSampleEnd). The result equals
 * `datasetFromText` on the concatenated text.
 */
export async function loadDatasetFromChunks(
  chunks: AsyncIterable<string> | Iterable<string>,
  config: DatasetConfig,
  source: string,
  opts: StreamOptions = {},
): Promise<Dataset> {
  checkConfig(config);
  let head = '';
  let chars = 0;
  let tok: CsvTokenizer | null = null;
  let builder: DatasetBuilder | null = null;
  const start = (text: string, complete: boolean): CsvTokenizer => {
    const csv = config.csv ?? detect(text, complete, source);
    const b = new DatasetBuilder({ ...config, csv }, source);
    builder = b;
    const t = new CsvTokenizer(csv.delimiter, (cells, row) => b.addRow(cells, row), source);
    t.push(text);
    return t;
  };
  for await (const chunk of chunks) {
    chars += chunk.length;
    if (tok) {
      tok.push(chunk);
    } else {
      head += chunk;
      if (config.csv || sniffSampleEnd(head, false) !== null) {
        tok = start(head, false);
        head = '';
      }
    }
    await opts.onChunk?.(chars);
  }
  tok ??= start(head, true);
  tok.finish();
  return (builder as unknown as DatasetBuilder).finish();
}

/** Synchronous whole-text version (tests, Node scripts, small files). */
export function datasetFromText(text: string, config: DatasetConfig, source: string): Dataset {
  checkConfig(config);
  const csv = config.csv ?? detect(text, true, source);
  const builder = new DatasetBuilder({ ...config, csv }, source);
  const tok = new CsvTokenizer(csv.delimiter, (cells, row) => builder.addRow(cells, row), source);
  tok.push(text);
  tok.finish();
  return builder.finish();
}
