/**
 * The data worker's path for the archive formats (.ts, ARFF, UCR .txt; src/core/format-*.ts):
 * the whole file is read as text (progress in bytes, cancellable), then parsed in one go.
 */
import { archiveDataset, archiveFormatOf, inspectArchive } from '../../src/core/format-load';
import type { ArchiveFormat } from '../../src/core/format-archive';
import type { ArchiveInspectResult } from '../../src/core/protocol-formats';
import type { GuessOptions } from '../../src/core/layout-guess';
import type { Dataset, DatasetConfig } from '../../src/core/types';
import { throwIfCancelled, yieldToEvents, type JobToken, type ProgressFn } from '../jobs';
import { open, textChunks } from './api';

/** Characters looked at to tell the format by content. */
const PEEK_BYTES = 4096;
/** Yield (progress, cancel) at most this often while reading (ms). */
const YIELD_MS = 50;

/** The archive format of a dataset source, or null for CSV/TSV (a URL goes by its name). */
export async function archiveFormatOfSource(
  source: File | string,
  name: string,
): Promise<ArchiveFormat | null> {
  const head = typeof source === 'string' ? '' : await source.slice(0, PEEK_BYTES).text();
  return archiveFormatOf(name, head);
}

async function wholeText(
  source: File | string,
  name: string,
  token?: JobToken,
  onProgress?: ProgressFn,
): Promise<string> {
  const src = await open(source, name);
  const total = src.bytes ?? 0;
  const label = `Reading ${name}`;
  let read = 0;
  let last = Date.now();
  const parts: string[] = [];
  onProgress?.(0, total, label);
  for await (const chunk of textChunks(src, name, (n) => (read = n))) {
    parts.push(chunk);
    if (Date.now() - last >= YIELD_MS) {
      onProgress?.(read, total, label);
      await yieldToEvents();
      throwIfCancelled(token);
      last = Date.now();
    }
  }
  throwIfCancelled(token);
  onProgress?.(total || read, total || read, label);
  return parts.join('');
}

/** `inspect` for an archive file: the table the form shows, a proposal, what was found. */
export async function inspectArchiveSource(
  format: ArchiveFormat,
  source: File | string,
  name: string,
  opts: GuessOptions,
): Promise<ArchiveInspectResult> {
  const text = await wholeText(source, name);
  const bytes = typeof source === 'string' ? text.length : source.size;
  const r = inspectArchive(format, text, name, opts.windowLength ?? 0);
  return { name, bytes, sniff: r.sniff, config: r.config, archive: r.archive };
}

/** `load` for an archive file (see `archiveDataset`). */
export async function loadArchiveSource(
  format: ArchiveFormat,
  source: File | string,
  name: string,
  config: DatasetConfig,
  token?: JobToken,
  onProgress?: ProgressFn,
): Promise<Dataset> {
  const text = await wholeText(source, name, token, onProgress);
  return archiveDataset(format, text, config, name).dataset;
}
