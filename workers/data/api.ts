/**
 * The data worker's API (exposed by workers/data.worker.ts): reads dataset files (File or URL) without touching the main thread.
 * Parsing, windowing and preprocessing are the pure functions of src/core/dataset.ts; this
 * file only turns a File or a URL into text chunks, reports progress in bytes, yields so a
 * cancel message gets through, and transfers the result's buffers.
 */
import * as Comlink from 'comlink';
import {
  checkDatasetSize,
  guessConfig,
  loadDatasetFromChunks,
  sniff,
  sniffSampleEnd,
  type GuessOptions,
} from '../../src/core/dataset';
import { errorMessage, TsvizError } from '../../src/core/errors';
import { summarizeSplit } from '../../src/core/split';
import type { DatasetSummary } from '../../src/core/protocol';
import type { DatasetReceiver } from '../compute/api-data';
import type { Dataset, DatasetConfig } from '../../src/core/types';
import { archiveFormatOfSource, inspectArchiveSource, loadArchiveSource } from './archive';
import type { ArchiveInspectResult } from '../../src/core/protocol-formats';
import {
  cancelJob,
  finishJob,
  throwIfCancelled,
  yieldToEvents,
  type JobToken,
  type ProgressFn,
} from '../jobs';

export { MAX_DATASET_BYTES } from '../../src/core/dataset';

export type { InspectResult } from '../../src/core/protocol';

/** Yield to the event loop (progress, cancel) at most this often while parsing (ms). */
const YIELD_MS = 50;

function nameOf(source: File | string): string {
  if (typeof source !== 'string') return source.name || 'the dataset';
  const path = source.split(/[?#]/)[0];
  const last = path.split('/').filter(Boolean).pop() ?? source;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

interface ByteSource {
  bytes: number | null;
  reader: ReadableStreamDefaultReader<Uint8Array>;
}

export async function open(source: File | string, name: string): Promise<ByteSource> {
  if (typeof source !== 'string') {
    checkDatasetSize(source.size, name);
    return { bytes: source.size, reader: source.stream().getReader() };
  }
  let res: Response;
  try {
    res = await fetch(source);
  } catch (err) {
    throw new TsvizError(
      'download',
      `Could not download ${source}: ${errorMessage(err)}.`,
      'Check the address, or download the file and open it with "Open dataset".',
    );
  }
  if (!res.ok || !res.body) {
    throw new TsvizError(
      'download',
      `Could not download ${source}: the server answered ${res.status} ${res.statusText}.`,
      'Check the address, or download the file and open it with "Open dataset".',
    );
  }
  const length = Number(res.headers.get('content-length'));
  const bytes = Number.isFinite(length) && length > 0 ? length : null;
  if (bytes !== null) checkDatasetSize(bytes, name);
  return { bytes, reader: res.body.getReader() };
}

/** Decoded text chunks; `onBytes` gets the bytes read so far. Refuses files over the limit. */
export async function* textChunks(
  src: ByteSource,
  name: string,
  onBytes: (n: number) => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await src.reader.read();
      if (done) break;
      read += value.byteLength;
      checkDatasetSize(read, name);
      onBytes(read);
      const text = decoder.decode(value, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    await src.reader.cancel().catch(() => undefined);
  }
}

export const api = {
  /**
   * Read the first part of a dataset (64 KiB, more when the first two lines are longer) and
   * propose a configuration. `opts` gives the model's window length and channel count.
   */
  async inspect(source: File | string, opts: GuessOptions = {}): Promise<ArchiveInspectResult> {
    const name = nameOf(source);
    const format = await archiveFormatOfSource(source, name);
    if (format) return inspectArchiveSource(format, source, name, opts);
    const src = await open(source, name);
    let text = '';
    let ended = true;
    for await (const chunk of textChunks(src, name, () => undefined)) {
      text += chunk;
      if (sniffSampleEnd(text, false) !== null) {
        ended = false;
        break;
      }
    }
    const s = sniff(text, { complete: ended, source: name });
    return { name, bytes: src.bytes, sniff: s, config: guessConfig(s, opts) };
  },

  /**
   * Stream, parse and preprocess the whole dataset. Progress: (bytes read, total bytes or 0,
   * label). Cancellable through `cancel(token.id)`. The result's x and y buffers are
   * transferred, not copied.
   */
  async load(
    source: File | string,
    config: DatasetConfig,
    token?: JobToken,
    onProgress?: ProgressFn,
  ): Promise<Dataset> {
    const ds = await parse(source, config, token, onProgress);
    const buffers = [ds.x.buffer as ArrayBuffer];
    if (ds.y) buffers.push(ds.y.buffer as ArrayBuffer);
    return Comlink.transfer(ds, buffers);
  },

  /** The compute worker's end of a channel (see `deliver`). */
  connectCompute(port: MessagePort): void {
    compute = Comlink.wrap<DatasetReceiver>(port);
  },

  /**
   * Like `load`, but the dataset goes straight to the compute worker (its values never pass
   * through the page); the page gets its summary, and adopts it with compute's
   * `useDataset(summary.id)`.
   */
  async deliver(
    source: File | string,
    config: DatasetConfig,
    token?: JobToken,
    onProgress?: ProgressFn,
  ): Promise<DatasetSummary> {
    if (!compute) {
      throw new TsvizError(
        'internal',
        'The data worker is not connected to the compute worker.',
        'Reload the page.',
      );
    }
    const ds = await parse(source, config, token, onProgress);
    const id = `dataset-${++deliveries}`;
    const summary: DatasetSummary = {
      id,
      source: ds.source,
      shape: ds.shape,
      task: ds.task,
      channelNames: ds.channelNames,
      classNames: ds.classNames,
      labels: ds.y ? ds.y.slice() : null,
      standardization: ds.standardization,
      split: summarizeSplit(config.split, ds.split, ds.shape[0]),
    };
    const buffers = [ds.x.buffer as ArrayBuffer];
    if (ds.y) buffers.push(ds.y.buffer as ArrayBuffer);
    await compute.receive(id, Comlink.transfer(ds, buffers));
    return Comlink.transfer(summary, summary.labels ? [summary.labels.buffer as ArrayBuffer] : []);
  },

  /** Cancel a running `load` (it throws TsvizError 'cancelled' at its next chunk). */
  cancel(id: string): void {
    cancelJob(id);
  },
};

let compute: Comlink.Remote<DatasetReceiver> | null = null;
let deliveries = 0;

/** Stream, parse and preprocess a whole dataset (progress in bytes; cancellable). */
async function parse(
  source: File | string,
  config: DatasetConfig,
  token?: JobToken,
  onProgress?: ProgressFn,
): Promise<Dataset> {
  const name = nameOf(source);
  try {
    const format = await archiveFormatOfSource(source, name);
    if (format) return await loadArchiveSource(format, source, name, config, token, onProgress);
    const src = await open(source, name);
    const total = src.bytes ?? 0;
    let read = 0;
    let last = Date.now();
    const label = `Reading ${name}`;
    onProgress?.(0, total, label);
    const ds = await loadDatasetFromChunks(
      textChunks(src, name, (n) => (read = n)),
      config,
      name,
      {
        onChunk: async () => {
          if (Date.now() - last < YIELD_MS) return;
          onProgress?.(read, total, label);
          await yieldToEvents();
          throwIfCancelled(token);
          last = Date.now();
        },
      },
    );
    throwIfCancelled(token);
    onProgress?.(total || read, total || read, label);
    return ds;
  } finally {
    finishJob(token);
  }
}

export type DataApi = typeof api;
