import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sniff } from './csv-sniff';
import {
  checkDatasetSize,
  datasetFromText,
  loadDatasetFromChunks,
  MAX_DATASET_BYTES,
} from './dataset-stream';
import { TsvizError } from './errors';
import { MAX_DATASET_VALUES } from './growable';
import { guessConfig } from './layout-guess';
import { windowCount } from './preprocess';
import type { DatasetConfig } from './types';

async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const ucr: DatasetConfig = {
  layout: { kind: 'rows', labelColumn: 0, valueColumns: [1, 2, 3] },
  task: 'classification',
  derived: ['diff'],
  standardize: 'fit',
};

describe('loadDatasetFromChunks', () => {
  it('equals the whole-text parse for any chunk size, with detection of the delimiter', async () => {
    const lines = Array.from({ length: 6000 }, (_, i) => `${i % 3}\t${i * 0.5}\t${-i}\t${i % 7}`);
    const text = `${lines.join('\r\n')}\r\n`;
    const whole = datasetFromText(text, ucr, 'u.tsv');
    expect(whole.shape).toEqual([6000, 3, 2]);
    expect(text.length).toBeGreaterThan(65536);
    for (const size of [3, 4096, 65_536, 70_000, text.length]) {
      const streamed = await loadDatasetFromChunks(pieces(text, size), ucr, 'u.tsv');
      expect(streamed).toEqual(whole);
    }
  });

  it('detects the same settings streamed or whole around the 64 KiB sample boundary', async () => {
    const cfg: DatasetConfig = {
      ...ucr,
      derived: [],
      layout: { kind: 'rows', labelColumn: null, valueColumns: [0, 1] },
    };
    for (const extra of [-1, 0, 1, 2]) {
      let text = 'a;b\n';
      while (text.length < 65536 + extra - 8) text += '1;2\n';
      text += '3;4\n'.slice(0, 65536 + extra - text.length);
      text += text.endsWith('\n') ? '' : '\n';
      const whole = datasetFromText(text, cfg, 'edge.csv');
      for (const size of [1000, 65535, 65536, 65537]) {
        expect(await loadDatasetFromChunks(pieces(text, size), cfg, 'edge.csv')).toEqual(whole);
      }
    }
  });

  it('reports characters read after each chunk and stops when the hook throws', async () => {
    const text = 'a,b\n1,2\n3,4\n5,6\n';
    const seen: number[] = [];
    const cfg: DatasetConfig = {
      ...ucr,
      derived: [],
      layout: { kind: 'rows', labelColumn: null, valueColumns: [0, 1] },
    };
    await loadDatasetFromChunks(pieces(text, 4), cfg, 'p.csv', {
      onChunk: (n) => void seen.push(n),
    });
    expect(seen).toEqual([4, 8, 12, 16]);
    const stop = new TsvizError('cancelled', 'The computation was cancelled.', 'Start it again.');
    await expect(
      loadDatasetFromChunks(pieces(text, 4), cfg, 'p.csv', {
        onChunk: (n) => {
          if (n >= 8) throw stop;
        },
      }),
    ).rejects.toBe(stop);
  });

  it('refuses a bad config before reading anything', async () => {
    let pulled = 0;
    async function* counting() {
      pulled++;
      yield '1,2\n';
    }
    const bad = {
      ...ucr,
      layout: { kind: 'rows', labelColumn: 0, valueColumns: [] },
    } as DatasetConfig;
    await expect(loadDatasetFromChunks(counting(), bad, 'x')).rejects.toMatchObject({
      code: 'dataset-config',
    });
    expect(pulled).toBe(0);
  });

  it('reports errors from late rows with their row number', async () => {
    const text = `${'0,1,2,3\n'.repeat(20000)}0,1,oops,3\n`;
    await expect(loadDatasetFromChunks(pieces(text, 65536), ucr, 'late.csv')).rejects.toThrow(
      'Row 20001, column 3 of late.csv holds "oops"',
    );
  });
});

describe('size limit', () => {
  it('refuses files above MAX_DATASET_BYTES with both sizes', () => {
    expect(() => checkDatasetSize(MAX_DATASET_BYTES, 'ok.csv')).not.toThrow();
    try {
      checkDatasetSize(2 ** 30, 'big.csv');
      expect.unreachable();
    } catch (e) {
      expect((e as TsvizError).code).toBe('csv-too-large');
      expect((e as TsvizError).problem).toBe(
        'big.csv is 1.0 GiB; this app reads dataset files of up to 512 MiB in the browser.',
      );
    }
  });

  it('refuses windows that would not fit in memory, naming a stride that fits', () => {
    const text = Array.from({ length: 30000 }, (_, i) => String(i % 100)).join('\n');
    const cfg: DatasetConfig = {
      layout: {
        kind: 'series',
        valueColumns: [0],
        windowLength: 15000,
        stride: 1,
        targetColumn: 0,
      },
      task: 'regression',
      derived: [],
      standardize: 'none',
    };
    try {
      datasetFromText(text, cfg, 's.csv');
      expect.unreachable();
    } catch (e) {
      expect((e as TsvizError).code).toBe('csv-too-large');
      expect((e as TsvizError).fix).toContain('Increase the stride to at least 2');
    }
    // stride 2: 7500 windows x 15000 steps = 112.5 M values, under 2^27 = 134.2 M
    expect(windowCount(30000, 15000, 2) * 15000).toBeLessThan(MAX_DATASET_VALUES);
  });
});

describe('demo files (shared data)', () => {
  // ../shared beside the repository (as on developers' machines and CI)
  const shared = join(import.meta.dirname, '../../../shared/data');
  const b5m = join(shared, 'internet-traffic-b5m/datamark-internettrafficdata.csv');
  const ecg = join(shared, 'ecg200/ECG200_TRAIN.tsv');
  let texts: [string, string] | null = null;
  try {
    texts = [readFileSync(b5m, 'utf8'), readFileSync(ecg, 'utf8')];
  } catch {
    texts = null;
  }
  it.skipIf(texts === null)('guesses and loads the traffic series and ECG200', () => {
    const [traffic, heart] = texts!;
    const st = sniff(traffic.slice(0, 65536), { complete: false });
    const ct = guessConfig(st, { windowLength: 50, channels: 2 });
    const dt = datasetFromText(traffic, ct, 'traffic.csv');
    expect(dt.shape).toEqual([19888 - 50, 50, 2]);
    expect(dt.channelNames).toEqual(['Internet-Traffic', 'Δ Internet-Traffic']);
    const se = sniff(heart);
    const ce = guessConfig(se, { channels: 1 });
    expect(ce.layout).toMatchObject({ kind: 'rows', labelColumn: 0 });
    const de = datasetFromText(heart, ce, 'ECG200_TRAIN.tsv');
    expect(de.shape).toEqual([100, 96, 1]);
    expect(de.classNames).toEqual(['0', '1']);
  });
});
