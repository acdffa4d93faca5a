/**
 * Validation of a DatasetConfig: `checkConfig` before reading (what needs no file), and
 * `checkColumns` once the number of columns is known.
 */
import { DELIMITERS } from './csv-sniff';
import { TsvizError } from './errors';
import { checkSplitColumn, checkSplitRule } from './split';
import type { DatasetConfig } from './types';

function bad(problem: string, fix = 'Correct it in the dataset form.'): TsvizError {
  return new TsvizError('dataset-config', `Dataset settings: ${problem}`, fix);
}

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function show(v: unknown): string {
  try {
    const s = JSON.stringify(v) ?? String(v);
    return s.length > 40 ? `${s.slice(0, 37)}...` : s;
  } catch {
    return String(v);
  }
}

/** Columns used as values, as one flat list (0-based). */
export function valueColumnsOf(config: DatasetConfig): number[] {
  const l = config.layout;
  return l.kind === 'channel-groups' ? l.channelColumns.flat() : l.valueColumns;
}

/** Number of base channels (before derived ones). */
export function baseChannelCount(config: DatasetConfig): number {
  const l = config.layout;
  if (l.kind === 'series') return l.valueColumns.length;
  if (l.kind === 'rows') return 1;
  return l.channelColumns.length;
}

function checkColumnList(cols: unknown, what: string): void {
  if (!Array.isArray(cols) || cols.length === 0)
    throw bad(`${what} must list at least one column.`);
  const seen = new Set<number>();
  for (const c of cols) {
    if (!isIndex(c)) throw bad(`${what} holds ${show(c)}, which is not a column index.`);
    if (seen.has(c)) throw bad(`${what} uses column ${c + 1} twice.`);
    seen.add(c);
  }
}

function checkLayout(config: DatasetConfig): void {
  const l = config.layout as unknown as Record<string, unknown>;
  if (typeof l !== 'object' || l === null) throw bad('the layout is missing.');
  if (l.kind === 'series') {
    checkColumnList(l.valueColumns, 'the value columns');
    for (const key of ['windowLength', 'stride'] as const) {
      const v = l[key];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 2 ** 30) {
        const name = key === 'windowLength' ? 'window length' : 'stride';
        throw bad(`the ${name} must be a whole number of at least 1 (it is ${show(v)}).`);
      }
    }
    const n = (l.valueColumns as number[]).length;
    if (!isIndex(l.targetColumn) || l.targetColumn >= n) {
      throw bad(`the target must be one of the ${n} value series (it is ${show(l.targetColumn)}).`);
    }
    if (config.task !== 'regression') {
      throw bad(
        'a single long series gives next-value targets, so the task must be regression.',
        'Set the task to regression, or choose the rows layout for labelled sequences.',
      );
    }
    return;
  }
  if (l.kind !== 'rows' && l.kind !== 'channel-groups') {
    throw bad(`the layout ${show(l.kind)} is unknown (series, rows or channel-groups).`);
  }
  if (l.labelColumn !== null && !isIndex(l.labelColumn)) {
    throw bad(`the label column ${show(l.labelColumn)} is not a column index.`);
  }
  let cols: number[];
  if (l.kind === 'rows') {
    checkColumnList(l.valueColumns, 'the value columns');
    cols = l.valueColumns as number[];
  } else {
    const groups = l.channelColumns;
    if (!Array.isArray(groups) || groups.length === 0) throw bad('no channel is chosen.');
    groups.forEach((g, c) => checkColumnList(g, `channel ${c + 1}`));
    const t = (groups[0] as number[]).length;
    groups.forEach((g: number[], c) => {
      if (g.length !== t) {
        throw bad(`channel 1 has ${t} time steps but channel ${c + 1} has ${g.length}.`);
      }
    });
    cols = groups.flat() as number[];
    checkColumnList(cols, 'the channels together');
  }
  if (l.labelColumn !== null && cols.includes(l.labelColumn as number)) {
    throw bad(`column ${(l.labelColumn as number) + 1} is both the label and a value column.`);
  }
}

function checkStandardize(config: DatasetConfig, channels: number): void {
  const s = config.standardize as unknown;
  if (s === 'none' || s === 'fit') return;
  const o = s as { mean?: unknown; std?: unknown } | null;
  if (typeof o !== 'object' || o === null) {
    throw bad(`standardisation ${show(s)} is unknown ('none', 'fit' or given means and stds).`);
  }
  for (const key of ['mean', 'std'] as const) {
    const a = o[key];
    if (!Array.isArray(a) || a.length !== channels) {
      throw bad(
        `the given standardisation needs one ${key} per base channel (${channels}), it has ${Array.isArray(a) ? a.length : 'none'}.`,
      );
    }
    for (const v of a) {
      const ok = typeof v === 'number' && Number.isFinite(v) && (key === 'mean' || v > 0);
      if (!ok)
        throw bad(
          `the given ${key} ${show(v)} is not ${key === 'std' ? 'a positive' : 'a finite'} number.`,
        );
    }
  }
}

function checkNames(config: DatasetConfig, channels: number): void {
  const { channelNames, classValues, classNames } = config;
  if (channelNames !== undefined) {
    if (!Array.isArray(channelNames) || channelNames.length !== channels) {
      throw bad(`${channels} base channel names are needed, ${show(channelNames)} given.`);
    }
  }
  if (classValues !== undefined) {
    if (!Array.isArray(classValues) || classValues.length === 0) {
      throw bad('the class values must list at least one label.');
    }
    const set = new Set(classValues.map((v) => String(v).trim()));
    if (set.size !== classValues.length) throw bad('the class values list a label twice.');
  }
  if (classNames !== undefined && !Array.isArray(classNames))
    throw bad('class names must be a list.');
  if (classValues && classNames && classNames.length !== classValues.length) {
    throw bad(`${classValues.length} class values but ${classNames.length} class names are given.`);
  }
}

/** Everything that can be checked before the file is read. Throws `dataset-config`. */
export function checkConfig(config: DatasetConfig): void {
  if (typeof config !== 'object' || config === null) throw bad('no settings were given.');
  if (config.task !== 'classification' && config.task !== 'regression') {
    throw bad(`the task ${show(config.task)} is unknown (classification or regression).`);
  }
  if (config.csv !== undefined) {
    if (!DELIMITERS.includes(config.csv.delimiter)) {
      throw bad(`the delimiter ${show(config.csv.delimiter)} is not one of , ; tab | or spaces.`);
    }
    if (typeof config.csv.hasHeader !== 'boolean') throw bad('say whether the file has a header.');
  }
  checkLayout(config);
  checkSplitRule(config);
  if (!Array.isArray(config.derived) || config.derived.some((d) => d !== 'diff')) {
    throw bad(`derived channels ${show(config.derived)}: only 'diff' is known.`);
  }
  if (config.derived.length > 1) throw bad("the derived channel 'diff' is listed twice.");
  const channels = baseChannelCount(config);
  checkStandardize(config, channels);
  checkNames(config, channels);
}

/** Every column the config uses exists in a table of `columnCount` columns. */
export function checkColumns(config: DatasetConfig, columnCount: number, source: string): void {
  checkSplitColumn(config, columnCount, source);
  const l = config.layout;
  const used = [...valueColumnsOf(config)];
  if (l.kind !== 'series' && l.labelColumn !== null) used.push(l.labelColumn);
  const worst = Math.max(...used);
  if (worst >= columnCount) {
    throw new TsvizError(
      'dataset-config',
      `Dataset settings use column ${worst + 1}, but ${source} has ${columnCount} column${columnCount === 1 ? '' : 's'}.`,
      `Choose columns between 1 and ${columnCount} in the dataset form.`,
    );
  }
}
