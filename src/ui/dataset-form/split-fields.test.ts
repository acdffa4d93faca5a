import { describe, expect, it } from 'vitest';
import { rows } from '../../core/dataset-configs.test-util';
import type { SplitRule } from '../../core/split';
import {
  guessSplitColumn,
  ruleFromSplitFields,
  splitFieldsFrom,
  splitProblem,
  withSplit,
} from './split-fields';

describe('split fields', () => {
  it('round-trip every kind of rule', () => {
    const rules: SplitRule[] = [
      { kind: 'column', column: 4, trainValues: ['a', 'b'], testValues: ['c'] },
      { kind: 'range', first: 'test', rows: 30 },
      { kind: 'random', testFraction: 0.3, seed: 9 },
    ];
    for (const rule of rules) {
      expect(ruleFromSplitFields(splitFieldsFrom(rule, null))).toEqual(rule);
    }
    expect(ruleFromSplitFields(splitFieldsFrom(undefined, null))).toBeUndefined();
  });

  it('a guessed split column starts the fields on it, with the default values', () => {
    const s = splitFieldsFrom(undefined, 3);
    expect(ruleFromSplitFields(s)).toEqual({
      kind: 'column',
      column: 3,
      trainValues: ['train', 'training', '0'],
      testValues: ['test', 'testing', '1'],
    });
    // the sidecar's "no split" is kept even when a column looks like one
    expect(splitFieldsFrom({ kind: 'none' }, 3).kind).toBe('none');
  });

  it('guesses a split column by its header or by train/test cells', () => {
    expect(guessSplitColumn(['label', 'x', 'Split'], [])).toBe(2);
    expect(guessSplitColumn(['label', 'x', '"set"'], [])).toBe(2);
    expect(
      guessSplitColumn(null, [
        ['1', 'test'],
        ['0', 'Train'],
      ]),
    ).toBe(1);
    expect(
      guessSplitColumn(null, [
        ['1', '0'],
        ['0', '1'],
      ]),
    ).toBeNull();
    expect(guessSplitColumn(['a', 'b'], [['1', '2']])).toBeNull();
  });

  it('says what is wrong with a split before reading, and nothing when it is fine', () => {
    const cfg = rows();
    expect(splitProblem(withSplit(cfg, { kind: 'random', testFraction: 0.2, seed: 1 }))).toBeNull();
    expect(splitProblem(withSplit(cfg, { kind: 'random', testFraction: 1.2, seed: 1 }))).toMatch(
      /test fraction must lie strictly between 0 and 1/,
    );
    const typedEmpty = ruleFromSplitFields({
      ...splitFieldsFrom(undefined, 3),
      trainValues: ' , ',
    });
    expect(splitProblem(withSplit(cfg, typedEmpty))).toMatch(/training values must be a list/);
    expect(withSplit({ ...cfg, split: { kind: 'none' } }, undefined)).not.toHaveProperty('split');
  });
});
