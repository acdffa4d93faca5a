/**
 * Builds a Dataset row by row from tokenized CSV records (see csv.ts), storing numbers in
 * growable Float32Arrays as they arrive, then preprocesses in `finish()`.
 */
import { badNumberCell, parseNumberCell } from './csv-number';
import { baseChannelCount, checkColumns, checkConfig } from './dataset-config';
import { LabelCollector } from './dataset-labels';
import { defaultChannelNames } from './dataset-names';
import { TsvizError } from './errors';
import { GrowableFloat32, MAX_DATASET_VALUES } from './growable';
import { applyStandardization, cutWindows, fillDiff, fitMeanStd, type MeanStd } from './preprocess';
import { finishSplit, rowParts, SplitCollector, trainingSteps } from './split';
import type { Dataset, DatasetConfig } from './types';

export class DatasetBuilder {
  private readonly config: DatasetConfig;
  private readonly source: string;
  private readonly hasHeader: boolean;
  private readonly base: number;
  private readonly channels: number;
  private readonly values: GrowableFloat32;
  private labels: LabelCollector | null = null;
  private splitCells: SplitCollector | null = null;
  private header: string[] | null = null;
  private columnCount = -1;
  private firstRow = 0;
  private lastRow = 0;
  /** Data rows read (not counting the header). */
  dataRows = 0;

  /** Throws `dataset-config` at once when the settings are inconsistent. */
  constructor(config: DatasetConfig, source: string, hasHeader = config.csv?.hasHeader ?? false) {
    checkConfig(config);
    this.config = config;
    this.source = source;
    this.hasHeader = hasHeader;
    this.base = baseChannelCount(config);
    const perStep = config.layout.kind === 'series' ? 1 : 1 + config.derived.length;
    this.channels = this.base * perStep;
    this.values = new GrowableFloat32(() => this.tooLarge());
  }

  private tooLarge(): TsvizError {
    return new TsvizError(
      'csv-too-large',
      `${this.source} holds more than ${MAX_DATASET_VALUES / 2 ** 20} M values (by row ${this.lastRow}), more than this app holds in the browser.`,
      'Use a smaller part of the file, or fewer columns.',
    );
  }

  private num(cells: string[], col: number, row: number): number {
    const v = parseNumberCell(cells[col]);
    if (Number.isNaN(v)) throw badNumberCell(cells[col], row, col, this.header, this.source);
    return v;
  }

  /** One record with its 1-based row number (the header too, when the file has one). */
  addRow(cells: string[], row: number): void {
    this.lastRow = row;
    const layout = this.config.layout;
    if (this.columnCount < 0) {
      this.columnCount = cells.length;
      this.firstRow = row;
      checkColumns(this.config, this.columnCount, this.source);
      if (this.hasHeader) this.header = cells.map((c) => c.trim());
      if (layout.kind !== 'series' && layout.labelColumn !== null) {
        const store = new GrowableFloat32(() => this.tooLarge());
        const col = layout.labelColumn;
        this.labels = new LabelCollector(this.config, col, this.header, this.source, store);
      }
      const split = this.config.split;
      if (split?.kind === 'column') {
        this.splitCells = new SplitCollector(split, this.header, this.source);
      }
      if (this.hasHeader) return;
    }
    if (cells.length !== this.columnCount) {
      const first = this.hasHeader
        ? `the header (row ${this.firstRow})`
        : `the first row (row ${this.firstRow})`;
      throw new TsvizError(
        'csv-ragged',
        `Row ${row} of ${this.source} has ${cells.length} cell${cells.length === 1 ? '' : 's'}, but ${first} has ${this.columnCount}.`,
        'Give every row the same number of cells: look for a missing or extra delimiter on that row.',
      );
    }
    this.dataRows++;
    if (layout.kind === 'series') {
      for (const col of layout.valueColumns) this.values.push(this.num(cells, col, row));
    } else if (layout.kind === 'rows') {
      const cols = layout.valueColumns;
      const stride = this.channels;
      const at = this.values.reserve(cols.length * stride);
      const arr = this.values.array;
      for (let t = 0; t < cols.length; t++) arr[at + t * stride] = this.num(cells, cols[t], row);
    } else {
      const groups = layout.channelColumns;
      const stride = this.channels;
      const at = this.values.reserve(groups[0].length * stride);
      const arr = this.values.array;
      for (let c = 0; c < groups.length; c++) {
        const g = groups[c];
        for (let t = 0; t < g.length; t++) arr[at + t * stride + c] = this.num(cells, g[t], row);
      }
    }
    if (this.labels && layout.kind !== 'series' && layout.labelColumn !== null) {
      this.labels.add(cells[layout.labelColumn], row);
    }
    this.splitCells?.add(cells[(this.config.split as { column: number }).column], row);
  }

  /**
   * Standardise `steps` steps of `stride` values in place. 'fit' fits on the training rows when
   * the split has some (`rows`: each data row's part, `perRow` steps each), else on every row.
   */
  private standardize(
    data: Float32Array,
    steps: number,
    stride: number,
    rows: Uint8Array | null,
    perRow: number,
  ): MeanStd | null {
    const s = this.config.standardize;
    if (s === 'none') return null;
    const train = s === 'fit' && rows ? trainingSteps(data, rows, perRow, stride) : null;
    const ms =
      s === 'fit'
        ? train
          ? fitMeanStd(train, train.length / stride, stride, this.base)
          : fitMeanStd(data, steps, stride, this.base)
        : { mean: [...s.mean], std: [...s.std] };
    applyStandardization(data, steps, stride, ms);
    return ms;
  }

  /** Preprocess and return the Dataset; throws for an empty, header-only or too-short file. */
  finish(): Dataset {
    const { config, source, base } = this;
    if (this.columnCount < 0) {
      throw new TsvizError(
        'csv-empty',
        `${source} is empty: it holds no rows of data.`,
        'Choose a CSV or TSV file with one row per line.',
      );
    }
    if (this.dataRows === 0) {
      throw new TsvizError(
        'csv-header-only',
        `${source} holds only a header row and no data.`,
        'Choose the file that holds the data rows too.',
      );
    }
    const l = config.layout;
    const diff = config.derived.includes('diff');
    const rows = rowParts(config.split, this.splitCells?.finish() ?? null, this.dataRows);
    let x: Float32Array;
    let y: Float32Array | null = null;
    let shape: [number, number, number];
    let standardization: MeanStd | null;
    let classValues: string[] = [];
    if (l.kind === 'series') {
      const length = this.dataRows;
      const series = this.values.array;
      if (length <= l.windowLength) {
        throw new TsvizError(
          'dataset-window',
          `${source} holds a series of ${length} rows, too short for one window of ${l.windowLength} steps plus the next value as its target (${l.windowLength + 1} rows needed).`,
          `Set the window length below ${length} in the dataset form, or use a longer series.`,
        );
      }
      standardization = this.standardize(series, length, base, rows, 1);
      const w = cutWindows(
        series,
        length,
        base,
        l.windowLength,
        l.stride,
        diff,
        l.targetColumn,
        source,
      );
      this.values.take();
      x = w.x;
      y = w.y;
      shape = [w.count, l.windowLength, base * (diff ? 2 : 1)];
    } else {
      const steps = l.kind === 'rows' ? l.valueColumns.length : l.channelColumns[0].length;
      const data = this.values.array;
      standardization = this.standardize(data, this.dataRows * steps, this.channels, rows, steps);
      if (diff) fillDiff(data, this.dataRows, steps, this.channels, base);
      x = this.values.take();
      shape = [this.dataRows, steps, this.channels];
      if (this.labels) ({ y, classValues } = this.labels.finish());
    }
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i])) {
        throw new TsvizError(
          'dataset-config',
          `Preprocessing ${source} gives values beyond the 32-bit float range (sample ${Math.floor(i / (shape[1] * shape[2])) + 1}).`,
          "Choose standardisation 'fit' in the dataset form, or rescale the data.",
        );
      }
    }
    const windows = l.kind === 'series' ? { ...l, count: shape[0] } : null;
    const split = finishSplit(rows, windows, source);
    const names = config.channelNames
      ? [...config.channelNames]
      : defaultChannelNames(config.layout, this.header);
    const channelNames = diff ? [...names, ...names.map((n) => `Δ ${n}`)] : names;
    const classNames =
      config.task === 'classification'
        ? [...(config.classNames ?? config.classValues ?? classValues)]
        : [];
    const task = config.task;
    return { x, shape, y, task, channelNames, classNames, standardization, source, split };
  }
}
