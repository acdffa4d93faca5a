/**
 * The dataset form's fields and their translation to and from a DatasetConfig (pure).
 */
import type { DatasetConfig, Task } from '../../core/types';

export interface FormFields {
  layout: 'series' | 'rows' | 'channel-groups';
  labelColumn: number | null;
  /** Series: the chosen value columns. Other layouts: every non-label column, in order. */
  valueColumns: number[];
  /** channel-groups: how many channels the value columns split into (consecutive groups). */
  channels: number;
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

export function fieldsFromConfig(c: DatasetConfig, columnCount: number): FormFields {
  const l = c.layout;
  const labelColumn = l.kind === 'series' ? null : l.labelColumn;
  const allValues = Array.from({ length: columnCount }, (_, i) => i).filter(
    (i) => i !== labelColumn,
  );
  const given = typeof c.standardize === 'object' ? c.standardize : null;
  return {
    layout: l.kind,
    labelColumn,
    valueColumns: l.kind === 'series' ? l.valueColumns : allValues,
    channels: l.kind === 'channel-groups' ? l.channelColumns.length : 1,
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
  if (n < 1 || columns.length % n !== 0 || columns.length === 0) return null;
  const size = columns.length / n;
  return Array.from({ length: n }, (_, g) => columns.slice(g * size, (g + 1) * size));
}

export function configFromFields(f: FormFields): DatasetConfig {
  let layout: DatasetConfig['layout'];
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
    layout = {
      kind: 'channel-groups',
      labelColumn: f.labelColumn,
      channelColumns: splitGroups(f.valueColumns, f.channels) ?? [f.valueColumns],
    };
  }
  const base = f.layout === 'series' ? f.valueColumns.length : f.layout === 'rows' ? 1 : f.channels;
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
    channelNames: f.channelNames.length === base ? f.channelNames : undefined,
    classValues: f.task === 'classification' ? f.classValues : undefined,
    classNames: f.task === 'classification' ? f.classNames : undefined,
  };
}

/** The [T, C] of the samples the fields describe (T null when it depends on the rows). */
export function sampleShape(f: FormFields): [number | null, number] {
  const base = f.layout === 'series' ? f.valueColumns.length : f.layout === 'rows' ? 1 : f.channels;
  const C = base * (f.diff ? 2 : 1);
  if (f.layout === 'series') return [f.windowLength, C];
  if (f.layout === 'rows') return [f.valueColumns.length, C];
  const groups = splitGroups(f.valueColumns, f.channels);
  return [groups ? groups[0].length : null, C];
}
