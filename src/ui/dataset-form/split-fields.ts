/**
 * The dataset form's split fields and their translation to and from a SplitRule (pure; the
 * rule itself is src/core/split.ts).
 */
import { errorMessage } from '../../core/errors';
import { checkSplitRule, DEFAULT_TEST_VALUES, DEFAULT_TRAIN_VALUES } from '../../core/split';
import type { SplitRule } from '../../core/split';
import type { DatasetConfig } from '../../core/types';

export interface SplitFieldsState {
  kind: SplitRule['kind'];
  /** column: the split column (0-based). */
  column: number;
  /** column: the values naming each part, comma-separated as typed. */
  trainValues: string;
  testValues: string;
  /** range: the first `rows` data rows are `first`. */
  first: 'train' | 'test';
  rows: number;
  /** random: the share of test samples and the seed. */
  testFraction: number;
  seed: number;
}

/** Header names that mark a split column. */
const SPLIT_NAMES = /^(split|set|subset|part|partition|fold|train_?test|is_?test)$/i;
const PART_WORDS = new Set(['train', 'training', 'test', 'testing']);

/**
 * A column that names each row's part: a header such as "split" or "set", or preview cells that
 * are all train/test words (both present). Null when none is found.
 */
export function guessSplitColumn(header: string[] | null, previewRows: string[][]): number | null {
  const named = header?.findIndex((h) => SPLIT_NAMES.test(h.trim().replace(/^"|"$/g, ''))) ?? -1;
  if (named >= 0) return named;
  const width = previewRows[0]?.length ?? 0;
  for (let c = 0; c < width; c++) {
    const cells = previewRows.map((r) => (r[c] ?? '').trim().toLowerCase());
    if (cells.length > 0 && cells.every((v) => PART_WORDS.has(v))) return c;
  }
  return null;
}

/** The form's fields for a rule (defaults for the kinds not chosen). */
export function splitFieldsFrom(
  rule: SplitRule | undefined,
  guessedColumn: number | null,
): SplitFieldsState {
  const s: SplitFieldsState = {
    // a file with a split column is split by it unless the settings say otherwise
    kind: rule?.kind ?? (guessedColumn !== null ? 'column' : 'none'),
    column: guessedColumn ?? 0,
    trainValues: DEFAULT_TRAIN_VALUES.join(', '),
    testValues: DEFAULT_TEST_VALUES.join(', '),
    first: 'train',
    rows: 1000,
    testFraction: 0.2,
    seed: 1,
  };
  if (rule?.kind === 'column') {
    s.column = rule.column;
    if (rule.trainValues) s.trainValues = rule.trainValues.join(', ');
    if (rule.testValues) s.testValues = rule.testValues.join(', ');
  } else if (rule?.kind === 'range') {
    s.first = rule.first;
    s.rows = rule.rows;
  } else if (rule?.kind === 'random') {
    s.testFraction = rule.testFraction;
    s.seed = rule.seed;
  }
  return s;
}

const values = (text: string) =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** The rule the fields describe; undefined for no split. */
export function ruleFromSplitFields(s: SplitFieldsState): SplitRule | undefined {
  switch (s.kind) {
    case 'none':
      return undefined;
    case 'column':
      return {
        kind: 'column',
        column: s.column,
        trainValues: values(s.trainValues),
        testValues: values(s.testValues),
      };
    case 'range':
      return { kind: 'range', first: s.first, rows: s.rows };
    case 'random':
      return { kind: 'random', testFraction: s.testFraction, seed: s.seed };
  }
}

/** The config with this split (no `split` key without one). */
export function withSplit(config: DatasetConfig, rule: SplitRule | undefined): DatasetConfig {
  const { split: _drop, ...rest } = config;
  void _drop;
  return rule ? { ...rest, split: rule } : rest;
}

/** What is wrong with the split of this config before reading, or null. */
export function splitProblem(config: DatasetConfig): string | null {
  try {
    checkSplitRule(config);
    return null;
  } catch (e) {
    return errorMessage(e);
  }
}
