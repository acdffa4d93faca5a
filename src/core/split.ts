/**
 * Training and test rows of a dataset (DatasetConfig.split): which samples a model may learn
 * from (fine-tuning) and which it is scored on (evaluation, pruning). Pure: the rule is checked
 * before reading (`checkSplitRule`), the split column's cells are collected while rows arrive
 * (`SplitCollector`), and the per-sample parts are made at the end (`finishSplit`).
 *
 * A split is a Uint8Array with one entry per sample: TRAIN (0), TEST (1), or NEITHER (2) for a
 * sliding window whose rows (inputs and target) lie in both parts (kept out of both, so no
 * test value is ever seen in training). No split (null) means every sample is a test row and
 * there are no training rows.
 */
import { columnLabel, quoteCell } from './csv-number';
import { TsvizError } from './errors';
import { Rng } from './random';
import type { DatasetConfig, DatasetLayout } from './types';

/** A training sample. */
export const TRAIN = 0;
/** A test sample. */
export const TEST = 1;
/** A sliding window across the boundary of the two parts: in neither. */
export const NEITHER = 2;

export type SplitPart = 'train' | 'test';

/**
 * How the rows are divided (the `split` of a DatasetConfig or a sidecar's `dataset` block).
 * - `none`: no split; every sample is a test row.
 * - `column`: a column names each row's part; `trainValues` / `testValues` (compared trimmed,
 *   case-insensitively) default to train/training/0 and test/testing/1. The column is then
 *   neither a value nor the label column.
 * - `range`: the first `rows` data rows (not counting the header) are `first`, the rest the
 *   other part.
 * - `random`: a seeded random `testFraction` of the samples (round(f · N), at least 1) are test
 *   rows, the rest training rows (src/core/random.ts with `seed`). Not for a single long series:
 *   its overlapping windows would share values across the parts.
 *
 * For a series layout, a row's part comes from the rule (its rows are the series' steps) and a
 * window is in a part when all its rows and its target row are; otherwise in neither.
 */
export type SplitRule =
  | { kind: 'none' }
  | { kind: 'column'; column: number; trainValues?: string[]; testValues?: string[] }
  | { kind: 'range'; first: SplitPart; rows: number }
  | { kind: 'random'; testFraction: number; seed: number };

/** What the page knows of a dataset's split. */
export interface SplitSummary {
  /** Training samples. */
  train: number;
  /** Test samples. */
  test: number;
  /** How the split was made, in words ("split column 152: 0 = train, 1 = test"). */
  rule: string;
}

export const DEFAULT_TRAIN_VALUES = ['train', 'training', '0'];
export const DEFAULT_TEST_VALUES = ['test', 'testing', '1'];

/**
 * The sample indices of one part, ascending. With no split (null or undefined) every sample is
 * a test row and there are no training rows. `n`: the number of samples.
 */
export function rowsOf(
  split: Uint8Array | null | undefined,
  n: number,
  part: SplitPart,
): Int32Array {
  if (!split)
    return part === 'test' ? Int32Array.from({ length: n }, (_, i) => i) : new Int32Array(0);
  const want = part === 'train' ? TRAIN : TEST;
  let count = 0;
  for (let i = 0; i < n; i++) if (split[i] === want) count++;
  const rows = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < n; i++) if (split[i] === want) rows[k++] = i;
  return rows;
}

/** Samples in each part (and in neither). */
export function splitCounts(
  split: Uint8Array | null | undefined,
  n: number,
): { train: number; test: number; neither: number } {
  if (!split) return { train: 0, test: n, neither: 0 };
  const c = [0, 0, 0];
  for (let i = 0; i < n; i++) c[split[i]]++;
  return { train: c[TRAIN], test: c[TEST], neither: c[NEITHER] };
}

function bad(problem: string, fix = 'Correct the split in the dataset form.'): TsvizError {
  return new TsvizError('dataset-config', `Dataset settings: ${problem}`, fix);
}

function show(v: unknown): string {
  try {
    const s = JSON.stringify(v) ?? String(v);
    return s.length > 40 ? `${s.slice(0, 37)}...` : s;
  } catch {
    return String(v);
  }
}

const norm = (v: string) => v.trim().toLowerCase();

function valueList(v: unknown, what: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || v.some((s) => typeof s !== 'string' || !s.trim())) {
    throw bad(`the split's ${what} values must be a list of non-empty texts (it is ${show(v)}).`);
  }
  return v as string[];
}

/** The split column's values of each part (defaults filled in), normalised. */
export function partValues(rule: Extract<SplitRule, { kind: 'column' }>): {
  train: string[];
  test: string[];
} {
  return {
    train: (rule.trainValues ?? DEFAULT_TRAIN_VALUES).map(norm),
    test: (rule.testValues ?? DEFAULT_TEST_VALUES).map(norm),
  };
}

/** The columns the layout reads (values and label), 0-based. */
function layoutColumns(l: DatasetLayout): number[] {
  if (l.kind === 'series') return l.valueColumns;
  const values = l.kind === 'rows' ? l.valueColumns : l.channelColumns.flat();
  return l.labelColumn === null ? values : [...values, l.labelColumn];
}

/**
 * Everything about `config.split` that can be checked before the file is read (after the
 * layout was checked). Throws `dataset-config`.
 */
export function checkSplitRule(config: DatasetConfig): void {
  const r = config.split as unknown as Record<string, unknown> | undefined;
  if (r === undefined) return;
  if (typeof r !== 'object' || r === null) throw bad(`the split ${show(r)} is not a rule.`);
  if (r.kind === 'none') return;
  if (r.kind === 'column') {
    const c = r.column;
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0) {
      throw bad(`the split column ${show(c)} is not a column index.`);
    }
    if (layoutColumns(config.layout).includes(c)) {
      const l = config.layout;
      const what = l.kind !== 'series' && l.labelColumn === c ? 'the label' : 'a value column';
      throw bad(
        `column ${c + 1} is both the split column and ${what}.`,
        'Untick the split column among the value columns, or choose another split column.',
      );
    }
    const train = valueList(r.trainValues, 'training');
    const test = valueList(r.testValues, 'test');
    const p = partValues({ kind: 'column', column: c, trainValues: train, testValues: test });
    const both = p.train.find((v) => p.test.includes(v));
    if (both !== undefined) throw bad(`the split value ${show(both)} names both parts.`);
    return;
  }
  if (r.kind === 'range') {
    if (r.first !== 'train' && r.first !== 'test') {
      throw bad(`the row range's first part ${show(r.first)} is unknown (train or test).`);
    }
    const n = r.rows;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 2 ** 30) {
      throw bad(`the row range needs a whole number of rows of at least 1 (it is ${show(n)}).`);
    }
    return;
  }
  if (r.kind === 'random') {
    const f = r.testFraction;
    if (typeof f !== 'number' || !Number.isFinite(f) || f <= 0 || f >= 1) {
      throw bad(
        `the test fraction must lie strictly between 0 and 1 (it is ${show(f)}).`,
        'Give the share of test rows as a number such as 0.2.',
      );
    }
    if (typeof r.seed !== 'number' || !Number.isFinite(r.seed)) {
      throw bad(`the random split's seed ${show(r.seed)} is not a number.`);
    }
    if (config.layout.kind === 'series') {
      throw bad(
        'a random split of one long series puts overlapping windows in both parts, so test values would be trained on.',
        'Split a series by a row range or a split column.',
      );
    }
    return;
  }
  throw bad(`the split ${show(r.kind)} is unknown (none, column, range or random).`);
}

/** The split column exists in a table of `columnCount` columns. Throws `dataset-config`. */
export function checkSplitColumn(config: DatasetConfig, columnCount: number, source: string): void {
  const r = config.split;
  if (r?.kind !== 'column' || r.column < columnCount) return;
  throw new TsvizError(
    'dataset-config',
    `Dataset settings: the split column is column ${r.column + 1}, but ${source} has ${columnCount} column${columnCount === 1 ? '' : 's'}.`,
    `Choose a split column between 1 and ${columnCount} in the dataset form, or no split.`,
  );
}

/** The columns a config reads besides its layout (the split column), for fit checks. */
export function splitColumnsOf(config: DatasetConfig | null | undefined): number[] {
  return config?.split?.kind === 'column' ? [config.split.column] : [];
}

/** Grows a Uint8Array of one part per data row (the split column's cells). */
export class SplitCollector {
  private parts = new Uint8Array(1024);
  length = 0;
  private readonly train: string[];
  private readonly test: string[];

  constructor(
    private readonly rule: Extract<SplitRule, { kind: 'column' }>,
    private readonly header: readonly string[] | null,
    private readonly source: string,
  ) {
    ({ train: this.train, test: this.test } = partValues(rule));
  }

  /** One data row's split cell; `row` is its 1-based row number in the file. */
  add(raw: string, row: number): void {
    const v = norm(raw);
    const part = this.train.includes(v) ? TRAIN : this.test.includes(v) ? TEST : -1;
    if (part < 0) {
      const col = columnLabel(this.rule.column, this.header);
      throw new TsvizError(
        'dataset-config',
        `Row ${row} of ${this.source}: the split column, ${col}, holds ${quoteCell(raw)}, which names neither part (training: ${this.train.join(', ')}; test: ${this.test.join(', ')}).`,
        'Give every row one of these values, or choose another split column in the dataset form.',
      );
    }
    if (this.length === this.parts.length) {
      const next = new Uint8Array(this.parts.length * 2);
      next.set(this.parts);
      this.parts = next;
    }
    this.parts[this.length++] = part;
  }

  /** The parts of the rows added, one per data row. */
  finish(): Uint8Array {
    return this.parts.slice(0, this.length);
  }
}

/** The rows of a `range` rule: the first `rows` of `n` are `first`, the rest the other part. */
export function rangeParts(n: number, first: SplitPart, rows: number): Uint8Array {
  const a = first === 'train' ? TRAIN : TEST;
  const parts = new Uint8Array(n).fill(a === TRAIN ? TEST : TRAIN);
  parts.fill(a, 0, Math.min(rows, n));
  return parts;
}

/**
 * A seeded random split of `n` samples: a Fisher-Yates shuffle (src/core/random.ts, `seed`)
 * and the first round(testFraction · n) (at least 1) shuffled indices are test rows.
 */
export function randomParts(n: number, testFraction: number, seed: number): Uint8Array {
  const order = new Rng(seed).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const tests = Math.min(n, Math.max(1, Math.round(testFraction * n)));
  const parts = new Uint8Array(n); // all TRAIN
  for (let k = 0; k < tests; k++) parts[order[k]] = TEST;
  return parts;
}

/**
 * The parts of sliding windows from the parts of the series' rows: window i covers rows
 * [i·stride, i·stride + windowLength] (its target row included); it is in a part when all
 * those rows are, else NEITHER. `rowParts` [L], result [count].
 */
export function windowParts(
  rowParts: Uint8Array,
  windowLength: number,
  stride: number,
  count: number,
): Uint8Array {
  // prefix sums of training rows: a window is all-train or all-test when the sum is full or 0
  const L = rowParts.length;
  const trainBefore = new Int32Array(L + 1);
  for (let r = 0; r < L; r++) trainBefore[r + 1] = trainBefore[r] + (rowParts[r] === TRAIN ? 1 : 0);
  const out = new Uint8Array(count);
  const span = windowLength + 1;
  for (let i = 0; i < count; i++) {
    const s = i * stride;
    const train = trainBefore[s + span] - trainBefore[s];
    out[i] = train === span ? TRAIN : train === 0 ? TEST : NEITHER;
  }
  return out;
}

/**
 * Each data row's part under the rule, or null without a rule (random: one part per sample; a
 * series never gets a random rule, see `checkSplitRule`). `columnParts`: what the
 * SplitCollector gathered (column rule), one per data row; `dataRows`: data rows read.
 */
export function rowParts(
  rule: SplitRule | undefined,
  columnParts: Uint8Array | null,
  dataRows: number,
): Uint8Array | null {
  if (!rule || rule.kind === 'none') return null;
  if (rule.kind === 'random') return randomParts(dataRows, rule.testFraction, rule.seed);
  if (rule.kind === 'range') return rangeParts(dataRows, rule.first, rule.rows);
  return columnParts ?? new Uint8Array(dataRows).fill(TEST);
}

/**
 * The per-sample split from the rows' parts (`rows`, from `rowParts`): the rows themselves for
 * one sample per row, the windows' parts (`windowParts`) for a series. Throws
 * `dataset-config` when no test sample is left.
 */
export function finishSplit(
  rows: Uint8Array | null,
  windows: { windowLength: number; stride: number; count: number } | null,
  source: string,
): Uint8Array | null {
  if (!rows) return null;
  const split = windows
    ? windowParts(rows, windows.windowLength, windows.stride, windows.count)
    : rows;
  const counts = splitCounts(split, split.length);
  if (counts.test === 0) {
    throw new TsvizError(
      'dataset-config',
      `Dataset settings: the split leaves no test ${windows ? 'windows' : 'rows'} in ${source} (${counts.train} training, ${counts.neither} across the boundary).`,
      'Choose a split that keeps some rows for testing (a smaller training range or another split column), or no split.',
    );
  }
  return split;
}

/**
 * The values of the training rows only, for fitting a standardisation on them: `data` holds
 * `rows.length` rows of `perRow` steps of `stride` values; returns the training rows' steps
 * [trainRows · perRow, stride], or null when there are none (fit on every row then).
 */
export function trainingSteps(
  data: Float32Array,
  rows: Uint8Array,
  perRow: number,
  stride: number,
): Float32Array | null {
  let train = 0;
  for (let r = 0; r < rows.length; r++) if (rows[r] === TRAIN) train++;
  if (train === 0) return null;
  const size = perRow * stride;
  const out = new Float32Array(train * size);
  let k = 0;
  for (let r = 0; r < rows.length; r++) {
    if (rows[r] !== TRAIN) continue;
    out.set(data.subarray(r * size, (r + 1) * size), k * size);
    k++;
  }
  return out;
}

const count = (n: number) => n.toLocaleString('en-US');

/** The rule in words, without counts ("split column 152 (0 = train, 1 = test)"). */
export function describeRule(
  rule: SplitRule | undefined,
  header?: readonly string[] | null,
): string {
  if (!rule || rule.kind === 'none') return 'no split: every row is a test row';
  if (rule.kind === 'column') {
    const p = partValues(rule);
    return `${columnLabel(rule.column, header ?? null).replace(/^column/, 'split column')}: ${p.train.join('/')} = train, ${p.test.join('/')} = test`;
  }
  if (rule.kind === 'range') {
    const other = rule.first === 'train' ? 'test' : 'training';
    return `the first ${count(rule.rows)} rows ${rule.first === 'train' ? 'training' : 'test'}, the rest ${other}`;
  }
  return `random ${+(rule.testFraction * 100).toFixed(2)}% test rows, seed ${rule.seed}`;
}

/** What the page shows of a split: counts and the rule in words; null without a split. */
export function summarizeSplit(
  rule: SplitRule | undefined,
  split: Uint8Array | null | undefined,
  n: number,
  header?: readonly string[] | null,
): SplitSummary | null {
  if (!split) return null;
  const c = splitCounts(split, n);
  const across =
    c.neither > 0 ? `; ${count(c.neither)} windows across the boundary in neither part` : '';
  const noTrain = c.train === 0 ? '; no training rows' : '';
  return { train: c.train, test: c.test, rule: `${describeRule(rule, header)}${across}${noTrain}` };
}
