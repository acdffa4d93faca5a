import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sniff } from './csv-sniff';
import { datasetFromText, loadDatasetFromChunks } from './dataset-stream';
import { TsvizError } from './errors';
import { guessConfig } from './layout-guess';
import type { Dataset, DatasetConfig } from './types';

/** The dataset, or the error's code and message; anything else fails the property. */
function attempt(fn: () => Dataset): Dataset | string {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TsvizError) return `${e.code}: ${e.message}`;
    throw e;
  }
}

async function attemptAsync(fn: () => Promise<Dataset>): Promise<Dataset | string> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof TsvizError) return `${e.code}: ${e.message}`;
    throw e;
  }
}

function checkDataset(d: Dataset | string): void {
  if (typeof d === 'string') return;
  const [n, t, c] = d.shape;
  expect(d.x.length).toBe(n * t * c);
  expect(d.channelNames).toHaveLength(c);
  if (d.y) expect(d.y.length).toBe(n);
  expect(d.x.every((v) => Number.isFinite(v))).toBe(true);
}

const number = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((v) => v.toPrecision(6)),
);
const table = fc
  .tuple(fc.integer({ min: 2, max: 7 }), fc.integer({ min: 1, max: 30 }))
  .chain(([cols, rows]) =>
    fc.array(fc.array(number, { minLength: cols, maxLength: cols }), {
      minLength: rows,
      maxLength: rows,
    }),
  );
const render = (t: string[][], d: string, header: boolean) =>
  (header ? `${t[0].map((_, j) => `c_${j}`).join(d)}\n` : '') +
  t.map((r) => r.join(d)).join('\n') +
  '\n';

const mutation = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('replace', 'insert', 'delete'),
  text: fc.constantFrom(
    'x',
    ',',
    ';',
    '"',
    '\n',
    '\r',
    ' ',
    '',
    'NaN',
    'Infinity',
    '1e40',
    '\t',
    '-',
    '.',
    '9',
  ),
});
function mutate(text: string, ms: { at: number; op: string; text: string }[]): string {
  for (const m of ms) {
    const i = m.at % (text.length + 1);
    if (m.op === 'insert') text = text.slice(0, i) + m.text + text.slice(i);
    else if (m.op === 'delete') text = text.slice(0, i) + text.slice(i + 1);
    else text = text.slice(0, i) + m.text + text.slice(i + 1);
  }
  return text;
}

const configs: DatasetConfig[] = [
  {
    layout: { kind: 'rows', labelColumn: 0, valueColumns: [1] },
    task: 'classification',
    derived: ['diff'],
    standardize: 'fit',
  },
  {
    layout: { kind: 'series', valueColumns: [0, 1], windowLength: 3, stride: 2, targetColumn: 1 },
    task: 'regression',
    derived: ['diff'],
    standardize: 'fit',
  },
  {
    layout: { kind: 'channel-groups', labelColumn: null, channelColumns: [[0], [1]] },
    task: 'regression',
    derived: [],
    standardize: 'none',
  },
];

describe('dataset properties', () => {
  it('valid numeric tables load with consistent shapes, for every layout', () => {
    fc.assert(
      fc.property(
        table,
        fc.constantFrom(',', ';', '\t'),
        fc.boolean(),
        fc.constantFrom(...configs),
        (t, d, header, cfg) => {
          const d1 = attempt(() => datasetFromText(render(t, d, header), cfg, 'p.csv'));
          checkDataset(d1);
          if (typeof d1 === 'string') expect(d1).toMatch(/^(dataset-window|dataset-label)/);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('mutated CSV gives data or a TsvizError, with the given config and with a guessed one', () => {
    fc.assert(
      fc.property(
        table,
        fc.boolean(),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...configs),
        (t, header, ms, cfg) => {
          const text = mutate(render(t, ',', header), ms);
          checkDataset(attempt(() => datasetFromText(text, cfg, 'm.csv')));
          try {
            const guess = guessConfig(sniff(text), { windowLength: 3, channels: 2 });
            checkDataset(attempt(() => datasetFromText(text, guess, 'm.csv')));
          } catch (e) {
            if (!(e instanceof TsvizError)) throw e;
          }
        },
      ),
      { numRuns: 2500 },
    );
  });

  it('streamed in random chunks equals the whole-text parse (data or the same error)', async () => {
    await fc.assert(
      fc.asyncProperty(
        table,
        fc.array(mutation, { maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom(...configs),
        fc.boolean(),
        async (t, ms, cuts, cfg, detect) => {
          const text = mutate(render(t, ',', false), ms);
          const config = detect
            ? cfg
            : { ...cfg, csv: { delimiter: ',' as const, hasHeader: false } };
          const points = [...new Set(cuts.map((c) => c % (text.length + 1))), text.length].sort(
            (a, b) => a - b,
          );
          const chunks = points.map((p, i) => text.slice(i === 0 ? 0 : points[i - 1], p));
          const whole = attempt(() => datasetFromText(text, config, 's.csv'));
          const streamed = await attemptAsync(() => loadDatasetFromChunks(chunks, config, 's.csv'));
          expect(streamed).toEqual(whole);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
