import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasetFromText } from './dataset-stream';
import { TsvizError } from './errors';
import type { DatasetConfig } from './types';

const anyLayout = fc.record({
  kind: fc.constantFrom('series', 'rows', 'channel-groups', 'other'),
  valueColumns: fc.array(fc.oneof(fc.integer({ min: -2, max: 6 }), fc.constant(1.5)), {
    maxLength: 4,
  }),
  channelColumns: fc.array(fc.array(fc.integer({ min: -1, max: 6 }), { maxLength: 3 }), {
    maxLength: 3,
  }),
  labelColumn: fc.oneof(fc.constant(null), fc.integer({ min: -1, max: 6 })),
  windowLength: fc.integer({ min: -1, max: 8 }),
  stride: fc.integer({ min: 0, max: 3 }),
  targetColumn: fc.integer({ min: -1, max: 3 }),
});

/** Split rules, valid or not (src/core/split.ts). */
const anySplit = fc.oneof(
  fc.constant({ kind: 'none' }),
  fc.record({
    kind: fc.constant('column'),
    column: fc.oneof(fc.integer({ min: -1, max: 8 }), fc.constant(1.5)),
    trainValues: fc.option(fc.constantFrom(['1'], ['-9', '0'], [], ['']), { nil: undefined }),
    testValues: fc.option(fc.constantFrom(['2'], ['1', '3'], [5]), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('range'),
    first: fc.constantFrom('train', 'test', 'x'),
    rows: fc.integer({ min: -1, max: 14 }),
  }),
  fc.record({
    kind: fc.constant('random'),
    testFraction: fc.double({ min: -0.5, max: 1.5 }),
    seed: fc.oneof(fc.integer(), fc.constant(Number.NaN)),
  }),
  fc.constant({ kind: 'folds' }),
);

const anyConfig = fc.record({
  csv: fc.option(
    fc.record({
      delimiter: fc.constantFrom(',', ';', 'x'),
      hasHeader: fc.constantFrom(true, false, 1),
    }),
    { nil: undefined },
  ),
  layout: anyLayout,
  task: fc.constantFrom('classification', 'regression', 'x'),
  derived: fc.constantFrom([], ['diff'], ['diff', 'diff'], ['y'], 'diff'),
  standardize: fc.oneof(
    fc.constantFrom('none', 'fit', 'z', null),
    fc.record({
      mean: fc.array(fc.double(), { maxLength: 3 }),
      std: fc.array(fc.double(), { maxLength: 3 }),
    }),
  ),
  channelNames: fc.option(fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }), {
    nil: undefined,
  }),
  classValues: fc.option(fc.array(fc.constantFrom('0', '1', '2', '1.0'), { maxLength: 3 }), {
    nil: undefined,
  }),
  classNames: fc.option(fc.array(fc.constantFrom('a', 'b'), { maxLength: 3 }), { nil: undefined }),
  split: fc.option(anySplit, { nil: undefined }),
});

const rowsOf = fc
  .tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 12 }))
  .chain(([cols, rows]) =>
    fc.array(fc.array(fc.integer({ min: -9, max: 9 }), { minLength: cols, maxLength: cols }), {
      minLength: rows,
      maxLength: rows,
    }),
  );

describe('dataset settings properties', () => {
  it('arbitrary settings are accepted or refused with a TsvizError, never a crash', () => {
    fc.assert(
      fc.property(rowsOf, anyConfig, (t, cfg) => {
        const text = t.map((r) => r.join(',')).join('\n');
        try {
          const d = datasetFromText(text, cfg as unknown as DatasetConfig, 'c.csv');
          expect(d.x.length).toBe(d.shape[0] * d.shape[1] * d.shape[2]);
          expect(d.channelNames).toHaveLength(d.shape[2]);
          if (d.split) {
            // one part per sample, a known part each, and at least one test sample
            expect(d.split).toHaveLength(d.shape[0]);
            expect([...d.split].every((p) => p <= 2)).toBe(true);
            expect(d.split.includes(1)).toBe(true);
          }
        } catch (e) {
          if (!(e instanceof TsvizError)) throw e;
        }
      }),
      { numRuns: 3000 },
    );
  });
});
