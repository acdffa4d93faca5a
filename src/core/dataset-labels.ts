/**
 * The label column: class labels (any text, mapped to class indices at the end) or numeric
 * regression targets.
 */
import { badNumberCell, columnLabel, parseNumberCell, quoteCell } from './csv-number';
import { TsvizError } from './errors';
import { GrowableFloat32 } from './growable';
import type { DatasetConfig } from './types';

/** More distinct labels than this in a classification file is refused. */
export const MAX_CLASSES = 1000;

export interface LabelResult {
  /** [N] class indices (classification) or target values (regression). */
  y: Float32Array;
  /** Classification: the label text of each class index. */
  classValues: string[];
}

function findClass(raw: string, classValues: string[]): number {
  const exact = classValues.findIndex((v) => v.trim() === raw);
  if (exact >= 0) return exact;
  const num = parseNumberCell(raw);
  if (Number.isNaN(num)) return -1;
  return classValues.findIndex((v) => parseNumberCell(v) === num);
}

function sortLabels(labels: string[]): string[] {
  const nums = labels.map(parseNumberCell);
  if (nums.every((v) => !Number.isNaN(v))) {
    return labels
      .map((l, i) => [l, nums[i]] as const)
      .sort((a, b) => a[1] - b[1])
      .map((p) => p[0]);
  }
  return [...labels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export class LabelCollector {
  private readonly classification: boolean;
  private readonly ids = new Map<string, number>();
  private readonly raws: string[] = [];
  private readonly firstRows: number[] = [];
  private readonly values: GrowableFloat32;

  constructor(
    private readonly config: DatasetConfig,
    private readonly column: number,
    private readonly header: string[] | null,
    private readonly source: string,
    values: GrowableFloat32,
  ) {
    this.classification = config.task === 'classification';
    this.values = values;
  }

  add(raw: string, row: number): void {
    if (!this.classification) {
      const v = parseNumberCell(raw);
      if (Number.isNaN(v)) throw badNumberCell(raw, row, this.column, this.header, this.source);
      this.values.push(v);
      return;
    }
    const label = raw.trim();
    let id = this.ids.get(label);
    if (id === undefined) {
      if (label === '') {
        throw new TsvizError(
          'csv-bad-cell',
          `Row ${row}, ${columnLabel(this.column, this.header)} of ${this.source} is blank, but it is the label column.`,
          'Fill in the label or delete the row.',
        );
      }
      if (this.ids.size >= MAX_CLASSES) {
        throw new TsvizError(
          'dataset-label',
          `The label ${columnLabel(this.column, this.header)} of ${this.source} has more than ${MAX_CLASSES} different values by row ${row}.`,
          'Choose the column that holds the class, or set the task to regression.',
        );
      }
      id = this.ids.size;
      this.ids.set(label, id);
      this.raws.push(label);
      this.firstRows.push(row);
    }
    this.values.push(id);
  }

  finish(): LabelResult {
    const y = this.values.take();
    if (!this.classification) return { y, classValues: [] };
    const classValues = this.config.classValues ?? sortLabels(this.raws);
    const map = this.raws.map((r) => findClass(r, classValues));
    const unseen = map.flatMap((m, i) => (m < 0 ? [i] : []));
    if (unseen.length > 0) {
      const first = unseen.reduce((a, b) => (this.firstRows[b] < this.firstRows[a] ? b : a));
      const others =
        unseen.length > 1
          ? ` (and ${unseen.length - 1} other unknown label${unseen.length > 2 ? 's' : ''})`
          : '';
      throw new TsvizError(
        'dataset-label',
        `Row ${this.firstRows[first]} of ${this.source} has the label ${quoteCell(this.raws[first])} in ${columnLabel(this.column, this.header)}${others}, which is not one of the classes ${classValues.map((v) => quoteCell(v)).join(', ')}.`,
        'Remove the rows with that label, or pick the label column and classes that match the model in the dataset form.',
      );
    }
    const names = this.config.classNames;
    if (names && names.length !== classValues.length) {
      throw new TsvizError(
        'dataset-config',
        `Dataset settings: ${this.source} has ${classValues.length} classes but ${names.length} class names are given.`,
        'Give one name per class in the dataset form.',
      );
    }
    for (let i = 0; i < y.length; i++) y[i] = map[y[i]];
    return { y, classValues };
  }
}
