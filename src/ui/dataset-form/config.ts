/**
 * The dataset form's fields and their translation to and from a DatasetConfig (pure).
 */
import type { DatasetConfig, Task } from '../../core/types';

/** Columns named `stem_0 … stem_N` (see `numberedGroups` in src/core/layout-guess.ts). */
export interface NamedGroup {
  stem: string;
  /** Column indices in the order of the numbers in their names. */
  columns: number[];
}

export interface FormFields {
  layout: 'series' | 'rows' | 'channel-groups';
  labelColumn: number | null;
  /**
   * The ticked value columns, in every layout; never the label column. Series: one channel
   * each. Rows: the steps of the one channel, in this order. Channel-groups: split into
   * `channels` groups (see `channelColumnsOf`).
   */
  valueColumns: number[];
  /** channel-groups: how many channels the value columns split into. */
  channels: number;
  /**
   * channel-groups: the groups of the starting config, kept as they are (their order too)
   * while the ticked columns and the channel count are theirs.
   */
  initialGroups: number[][] | null;
  /** Numbered column groups found in the header, to split ticked columns by name. */
  namedGroups: NamedGroup[];
  windowLength: number;
  stride: number;
  /** Index into valueColumns (series). */
  targetColumn: number;
  diff: boolean;
  standardize: 'none' | 'fit' | 'given';
  given: { mean: number[]; std: number[] } | null;
  task: Task;
  channelNames: string[];
  classValues?: string[];
  classNames?: string[];
}

export function fieldsFromConfig(
  c: DatasetConfig,
  columnCount: number,
  namedGroups: NamedGroup[] = [],
): FormFields {
  const l = c.layout;
  const labelColumn = l.kind === 'series' ? null : l.labelColumn;
  const inFile = (i: number) => i >= 0 && i < columnCount && i !== labelColumn;
  const valueColumns =
    l.kind === 'channel-groups'
      ? [...new Set(l.channelColumns.flat())].filter(inFile).sort((a, b) => a - b)
      : l.valueColumns.filter(inFile);
  const given = typeof c.standardize === 'object' ? c.standardize : null;
  return {
    layout: l.kind,
    labelColumn,
    valueColumns,
    channels: l.kind === 'channel-groups' ? l.channelColumns.length : 1,
    initialGroups: l.kind === 'channel-groups' ? l.channelColumns : null,
    namedGroups,
    windowLength: l.kind === 'series' ? l.windowLength : 50,
    stride: l.kind === 'series' ? l.stride : 1,
    targetColumn: l.kind === 'series' ? l.targetColumn : 0,
    diff: c.derived.includes('diff'),
    standardize: given ? 'given' : (c.standardize as 'none' | 'fit'),
    given,
    task: c.task,
    channelNames: c.channelNames ?? [],
    classValues: c.classValues,
    classNames: c.classNames,
  };
}

/** Split columns into `n` consecutive equal groups; null when they do not divide evenly. */
export function splitGroups(columns: number[], n: number): number[][] | null {
  if (!Number.isInteger(n) || n < 1 || columns.length % n !== 0 || columns.length === 0) {
    return null;
  }
  const size = columns.length / n;
  return Array.from({ length: n }, (_, g) => columns.slice(g * size, (g + 1) * size));
}

const sameSet = (a: number[], b: number[]) => {
  const s = new Set(a);
  return s.size === new Set(b).size && b.every((x) => s.has(x));
};

/**
 * The channel-groups the ticked columns make, with their names when known:
 * 1. the starting config's groups, while the ticked columns and the channel count are theirs;
 * 2. else, when every ticked column is in a numbered group of the header, one channel per
 *    such group (its ticked columns in name order), if there are `channels` of them, equal;
 * 3. else the ticked columns, in file order, cut into `channels` consecutive equal groups.
 * Null when none of these works.
 */
export function channelColumnsOf(
  f: Pick<FormFields, 'valueColumns' | 'channels' | 'initialGroups' | 'namedGroups'>,
): { columns: number[][]; names?: string[] } | null {
  const ticked = f.valueColumns;
  if (ticked.length === 0) return null;
  const init = f.initialGroups;
  if (init && init.length === f.channels && sameSet(init.flat(), ticked)) return { columns: init };
  const tickedSet = new Set(ticked);
  const hit = f.namedGroups
    .map((g) => ({ stem: g.stem, columns: g.columns.filter((c) => tickedSet.has(c)) }))
    .filter((g) => g.columns.length > 0);
  if (
    hit.length === f.channels &&
    hit.every((g) => g.columns.length === hit[0].columns.length) &&
    hit.reduce((n, g) => n + g.columns.length, 0) === tickedSet.size
  ) {
    return { columns: hit.map((g) => g.columns), names: hit.map((g) => g.stem) };
  }
  const split = splitGroups(
    [...ticked].sort((a, b) => a - b),
    f.channels,
  );
  return split ? { columns: split } : null;
}

/** Base channels (before derived ones) the fields describe. */
function baseChannels(f: FormFields): number {
  return f.layout === 'series' ? f.valueColumns.length : f.layout === 'rows' ? 1 : f.channels;
}

export function configFromFields(f: FormFields): DatasetConfig {
  let layout: DatasetConfig['layout'];
  let names: string[] | undefined;
  if (f.layout === 'series') {
    layout = {
      kind: 'series',
      valueColumns: f.valueColumns,
      windowLength: f.windowLength,
      stride: f.stride,
      targetColumn: Math.min(f.targetColumn, Math.max(0, f.valueColumns.length - 1)),
    };
  } else if (f.layout === 'rows') {
    layout = { kind: 'rows', labelColumn: f.labelColumn, valueColumns: f.valueColumns };
  } else {
    const groups = channelColumnsOf(f);
    names = groups?.names;
    layout = {
      kind: 'channel-groups',
      labelColumn: f.labelColumn,
      channelColumns: groups?.columns ?? [f.valueColumns],
    };
  }
  const base = baseChannels(f);
  const standardize =
    f.standardize === 'given' && f.given && f.given.mean.length === base
      ? f.given
      : f.standardize === 'given'
        ? 'fit'
        : f.standardize;
  return {
    layout,
    task: f.task,
    derived: f.diff ? ['diff'] : [],
    standardize,
    channelNames: names ?? (f.channelNames.length === base ? f.channelNames : undefined),
    classValues: f.task === 'classification' ? f.classValues : undefined,
    classNames: f.task === 'classification' ? f.classNames : undefined,
  };
}

/** The [T, C] of the samples the fields describe (T null when it depends on the rows). */
export function sampleShape(f: FormFields): [number | null, number] {
  const C = baseChannels(f) * (f.diff ? 2 : 1);
  if (f.layout === 'series') return [f.windowLength, C];
  if (f.layout === 'rows') return [f.valueColumns.length, C];
  const groups = channelColumnsOf(f);
  return [groups ? groups.columns[0].length : null, C];
}

/**
 * What is wrong with the fields, as sentences for the form (empty when it can load):
 * no value columns, or channel-groups that do not split.
 */
export function fieldProblems(f: FormFields): string[] {
  if (f.valueColumns.length === 0) return ['Tick at least one value column.'];
  if (f.layout === 'channel-groups' && channelColumnsOf(f) === null) {
    return [
      `${f.valueColumns.length} value columns do not split into ${f.channels} equal channel ` +
        'groups. Change the number of channels or the label column, or tick other columns.',
    ];
  }
  return [];
}

/**
 * A whole-number field's text: the number when it is an integer ≥ min, else the problem.
 */
export function parseWholeNumber(
  text: string,
  min: number,
): { ok: true; value: number } | { ok: false; problem: string } {
  const t = text.trim();
  if (t === '') return { ok: false, problem: 'Enter a number.' };
  const v = Number(t);
  if (!Number.isFinite(v) || !Number.isInteger(v)) {
    return { ok: false, problem: 'Enter a whole number.' };
  }
  if (v < min) return { ok: false, problem: `Enter ${min} or more.` };
  return { ok: true, value: v };
}
