import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkConfig } from './dataset-config';
import { rows, series } from './dataset-configs.test-util';
import { datasetFromText } from './dataset-stream';
import { TsvizError } from './errors';
import {
  NEITHER,
  randomParts,
  rangeParts,
  rowsOf,
  splitCounts,
  summarizeSplit,
  TEST,
  TRAIN,
  windowParts,
  type SplitRule,
} from './split';
import { thrown } from './thrown.test-util';
import type { DatasetConfig } from './types';

const list = (a: Int32Array) => [...a];

describe('rowsOf', () => {
  it('lists the samples of each part in order; neither part is in neither list', () => {
    const split = Uint8Array.from([TEST, TRAIN, TRAIN, NEITHER, TEST]);
    expect(list(rowsOf(split, 5, 'train'))).toEqual([1, 2]);
    expect(list(rowsOf(split, 5, 'test'))).toEqual([0, 4]);
    expect(splitCounts(split, 5)).toEqual({ train: 2, test: 2, neither: 1 });
  });

  it('without a split every sample is a test row and none trains', () => {
    expect(list(rowsOf(null, 3, 'test'))).toEqual([0, 1, 2]);
    expect(list(rowsOf(undefined, 3, 'train'))).toEqual([]);
    expect(splitCounts(null, 3)).toEqual({ train: 0, test: 3, neither: 0 });
  });
});

describe('rules', () => {
  it('a row range puts the first rows in the named part', () => {
    expect([...rangeParts(5, 'train', 3)]).toEqual([0, 0, 0, 1, 1]);
    expect([...rangeParts(4, 'test', 1)]).toEqual([1, 0, 0, 0]);
    expect([...rangeParts(2, 'train', 9)]).toEqual([0, 0]);
  });

  it('a random split is seeded, exact in size, and differs between seeds', () => {
    const a = randomParts(1000, 0.2, 7);
    expect([...a]).toEqual([...randomParts(1000, 0.2, 7)]);
    expect(splitCounts(a, 1000).test).toBe(200);
    expect([...a]).not.toEqual([...randomParts(1000, 0.2, 8)]);
    expect(splitCounts(randomParts(3, 0.01, 1), 3).test).toBe(1); // at least one test row
  });

  it('a window is in a part when all its rows and its target are, else in neither', () => {
    // rows 0..5 train, 6..9 test; windows of 3 steps + target, stride 1: 6 windows
    const rowParts = Uint8Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    expect([...windowParts(rowParts, 3, 1, 7)]).toEqual([0, 0, 0, 2, 2, 2, 1]);
    expect([...windowParts(rowParts, 3, 3, 3)]).toEqual([0, 2, 1]);
  });

  it('random parts of any size and fraction are 0/1 with round(f n) test rows (at least 1)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.integer(),
        (n, f, seed) => {
          const p = randomParts(n, f, seed);
          const c = splitCounts(p, n);
          expect(c.neither).toBe(0);
          expect(c.test).toBe(Math.min(n, Math.max(1, Math.round(f * n))));
        },
      ),
      { numRuns: 300 },
    );
  });
});

const withSplit = (c: DatasetConfig, split: SplitRule): DatasetConfig => ({ ...c, split });
/** label, two values, split */
const R = '0,1,2,train\n1,3,4,test\n0,5,6,TRAIN\n1,7,8, test \n';

describe('reading a dataset with a split', () => {
  it('a split column names each row, is not a value column, and is summarised', () => {
    const d = datasetFromText(R, withSplit(rows(), { kind: 'column', column: 3 }), 'r.csv');
    expect(d.shape).toEqual([4, 2, 1]);
    expect([...d.split!]).toEqual([TRAIN, TEST, TRAIN, TEST]);
    const s = summarizeSplit({ kind: 'column', column: 3 }, d.split, 4);
    expect(s).toMatchObject({ train: 2, test: 2 });
    expect(s!.rule).toContain('split column 4');
  });

  it('custom values name the parts', () => {
    const text = '0,1,2,a\n1,3,4,b\n';
    const rule: SplitRule = { kind: 'column', column: 3, trainValues: ['a'], testValues: ['b'] };
    expect([...datasetFromText(text, withSplit(rows(), rule), 'r.csv').split!]).toEqual([0, 1]);
  });

  it('no split gives null; a range and a random fraction split by sample', () => {
    expect(datasetFromText('0,1,2\n1,3,4\n', rows(), 'r.csv').split ?? null).toBeNull();
    const text = '0,1,2\n1,3,4\n0,5,6\n1,7,8\n';
    const range = datasetFromText(
      text,
      withSplit(rows(), { kind: 'range', first: 'train', rows: 3 }),
      'r.csv',
    );
    expect([...range.split!]).toEqual([0, 0, 0, 1]);
    const random = datasetFromText(
      text,
      withSplit(rows(), { kind: 'random', testFraction: 0.5, seed: 3 }),
      'r.csv',
    );
    expect([...random.split!]).toEqual([...randomParts(4, 0.5, 3)]);
  });

  it('a series is split by rows; windows across the boundary are in neither part', () => {
    // 10 rows, windows of 3 + target, stride 1: 7 windows; rows 0..4 train, 5..9 test
    const text =
      't,v,s\n' +
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `${i},${i * i},${i < 5 ? 0 : 1}`).join('\n');
    const cfg = withSplit(series({ stride: 1 }), { kind: 'column', column: 2 });
    const d = datasetFromText(text, cfg, 's.csv');
    expect(d.shape[0]).toBe(7);
    expect([...d.split!]).toEqual([TRAIN, TRAIN, NEITHER, NEITHER, NEITHER, TEST, TEST]);
    const r = datasetFromText(
      text,
      withSplit(series({ stride: 1 }), { kind: 'range', first: 'train', rows: 4 }),
      's.csv',
    );
    expect([...r.split!]).toEqual([TRAIN, NEITHER, NEITHER, NEITHER, TEST, TEST, TEST]);
    const s = summarizeSplit(cfg.split, d.split, 7);
    expect(s?.rule).toContain('3 windows across the boundary in neither part');
  });
});

describe('standardisation with a split', () => {
  it("'fit' fits mean and std on the training rows only, and applies them to every row", () => {
    // rows 0 and 2 train (values 1, 2 and 5, 6), rows 1 and 3 test (much larger)
    const text = '0,1,2,train\n1,100,200,test\n0,5,6,train\n1,300,400,test\n';
    const cfg: DatasetConfig = {
      ...withSplit(rows(), { kind: 'column', column: 3 }),
      standardize: 'fit',
    };
    const d = datasetFromText(text, cfg, 'r.csv');
    const train = [1, 2, 5, 6];
    const mean = train.reduce((a, b) => a + b, 0) / 4;
    const std = Math.sqrt(train.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    expect(d.standardization!.mean[0]).toBeCloseTo(mean, 10);
    expect(d.standardization!.std[0]).toBeCloseTo(std, 10);
    expect(d.x[2]).toBeCloseTo((100 - mean) / std, 4); // a test row, scaled the same way
    // a series: fitted on its training rows (the first 5 of 10)
    const series10 =
      't,v\n' + [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `${i},${i < 5 ? i : 1000}`).join('\n');
    const s = datasetFromText(
      series10,
      {
        ...withSplit(series({ stride: 1 }), { kind: 'range', first: 'train', rows: 5 }),
        derived: [],
        standardize: 'fit',
      },
      's.csv',
    );
    expect(s.standardization!.mean[0]).toBeCloseTo(2, 10);
    expect(s.standardization!.std[0]).toBeCloseTo(Math.sqrt(2), 10);
  });

  it("without training rows 'fit' uses every row", () => {
    const cfg: DatasetConfig = {
      ...withSplit(rows(), { kind: 'range', first: 'test', rows: 9 }),
      standardize: 'fit',
    };
    const d = datasetFromText('0,1,3\n1,5,7\n', cfg, 'r.csv');
    expect(d.standardization!.mean[0]).toBeCloseTo(4, 10);
  });
});

describe('split errors', () => {
  const msg = (f: () => unknown) => {
    const e = thrown(f);
    expect(e).toBeInstanceOf(TsvizError);
    expect((e as TsvizError).code).toBe('dataset-config');
    return (e as TsvizError).message;
  };

  it('an unknown split column names the file width', () => {
    const cfg = withSplit(rows(), { kind: 'column', column: 7 });
    expect(msg(() => datasetFromText('0,1,2\n', cfg, 'r.csv'))).toMatch(
      /split column is column 8, but r\.csv has 3 columns/,
    );
  });

  it('a split column that is also a value or the label column is refused before reading', () => {
    expect(msg(() => checkConfig(withSplit(rows(), { kind: 'column', column: 2 })))).toMatch(
      /column 3 is both the split column and a value column/,
    );
    expect(msg(() => checkConfig(withSplit(rows(), { kind: 'column', column: 0 })))).toMatch(
      /both the split column and the label/,
    );
  });

  it('a cell naming neither part says the row, the cell and the accepted values', () => {
    const cfg = withSplit(rows(), { kind: 'column', column: 3 });
    expect(msg(() => datasetFromText('0,1,2,train\n1,2,3,valid\n', cfg, 'r.csv'))).toMatch(
      /Row 2 of r\.csv: the split column, column 4, holds "valid", which names neither part/,
    );
  });

  it('bad fractions, seeds, ranges, kinds and values are refused', () => {
    for (const f of [0, 1, -0.1, 1.5, NaN, '0.2']) {
      const rule = { kind: 'random', testFraction: f, seed: 1 } as unknown as SplitRule;
      expect(msg(() => checkConfig(withSplit(rows(), rule)))).toMatch(/test fraction/);
    }
    const badSeed = { kind: 'random', testFraction: 0.2, seed: 'x' } as unknown as SplitRule;
    expect(msg(() => checkConfig(withSplit(rows(), badSeed)))).toMatch(/seed/);
    for (const n of [0, 1.5, -3]) {
      const rule: SplitRule = { kind: 'range', first: 'train', rows: n };
      expect(msg(() => checkConfig(withSplit(rows(), rule)))).toMatch(/whole number of rows/);
    }
    const badFirst = { kind: 'range', first: 'middle', rows: 2 } as unknown as SplitRule;
    expect(msg(() => checkConfig(withSplit(rows(), badFirst)))).toMatch(/first part/);
    const badKind = { kind: 'folds' } as unknown as SplitRule;
    expect(msg(() => checkConfig(withSplit(rows(), badKind)))).toMatch(/split "folds" is unknown/);
    const twice: SplitRule = { kind: 'column', column: 3, trainValues: ['a'], testValues: ['A'] };
    expect(msg(() => checkConfig(withSplit(rows(), twice)))).toMatch(/names both parts/);
  });

  it('a random split of one long series is refused', () => {
    const rule: SplitRule = { kind: 'random', testFraction: 0.2, seed: 1 };
    expect(msg(() => checkConfig(withSplit(series(), rule)))).toMatch(/overlapping windows/);
  });

  it('a split that leaves no test rows is refused; no training rows is allowed', () => {
    const allTrain = withSplit(rows(), { kind: 'range', first: 'train', rows: 5 });
    expect(msg(() => datasetFromText('0,1,2\n1,3,4\n', allTrain, 'r.csv'))).toMatch(
      /leaves no test rows in r\.csv/,
    );
    const allTest = withSplit(rows(), { kind: 'range', first: 'test', rows: 5 });
    const d = datasetFromText('0,1,2\n1,3,4\n', allTest, 'r.csv');
    expect(summarizeSplit(allTest.split, d.split, 2)).toMatchObject({ train: 0, test: 2 });
    expect(summarizeSplit(allTest.split, d.split, 2)?.rule).toContain('no training rows');
  });
});
