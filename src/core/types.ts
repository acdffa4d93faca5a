/**
 * Shapes and configuration shared by the UI, the workers and the scripts.
 * Arrays are row-major Float32Arrays with an explicit shape.
 */

import type { SplitRule } from './split';

export type Task = 'classification' | 'regression';

/** Derived channels appended after the base channels, in this order, one per base channel. */
export type DerivedChannel = 'diff';

/**
 * How a table of numbers becomes samples of shape [T, C].
 *
 * - `series`: one long series per chosen column (e.g. a timestamp column and a value column).
 *   Cut into sliding windows of `windowLength` steps with `stride`; the target of window i
 *   (regression) is the (preprocessed) value of column `targetColumn` at the step right after it.
 *   Window starts: 0, stride, 2*stride, ... while start + windowLength < seriesLength.
 * - `rows`: one sequence per row, one channel (the UCR layout): `labelColumn` (or null) and
 *   the value columns in order.
 * - `channel-groups`: one sequence per row, several channels; `channelColumns[c]` lists the
 *   T column indices of channel c in time order. All groups have the same length.
 *
 * Column indices are 0-based positions in the parsed table.
 */
export type DatasetLayout =
  | {
      kind: 'series';
      valueColumns: number[];
      windowLength: number;
      stride: number;
      /** Index into valueColumns of the series to forecast. */
      targetColumn: number;
    }
  | { kind: 'rows'; labelColumn: number | null; valueColumns: number[] }
  | { kind: 'channel-groups'; labelColumn: number | null; channelColumns: number[][] };

/**
 * Standardisation of the base channels (before derived channels are computed):
 * x' = (x - mean[c]) / std[c].
 * - 'none': values are used as they are.
 * - 'fit': mean and std are computed per base channel over the whole loaded dataset.
 * - given: mean/std per base channel (for example the training-set statistics in a sidecar).
 */
export type Standardize = 'none' | 'fit' | { mean: number[]; std: number[] };

/** Cell separator of a CSV/TSV file; 'whitespace' means runs of spaces and tabs. */
export type CsvDelimiter = ',' | ';' | '\t' | '|' | 'whitespace';

/** How to read the text of a table. */
export interface CsvOptions {
  delimiter: CsvDelimiter;
  /** True when the first non-blank row holds column names, not data. */
  hasHeader: boolean;
}

export interface DatasetConfig {
  /**
   * Delimiter and header of the file. When absent they are detected from the first 64 KiB
   * (see `sniff` in src/core/csv-sniff.ts); `guessConfig` always fills them in.
   */
  csv?: CsvOptions;
  layout: DatasetLayout;
  task: Task;
  /** 'diff': d[t] = x'[t] - x'[t-1] per base channel, d[0] = 0 (x' after standardisation). */
  derived: DerivedChannel[];
  standardize: Standardize;
  /** Names of the base channels (length = number of base channels). Derived ones get "Δ name". */
  channelNames?: string[];
  /**
   * Classification only: the label values as they appear in the file, in class-index order
   * (e.g. ["-1", "1"]). When absent, the sorted distinct labels are used. A label not in
   * this list is an error.
   */
  classValues?: string[];
  /** Classification only: display names of the classes, same order as classValues. */
  classNames?: string[];
  /** Which rows train and which test (src/core/split.ts); absent: no split, all rows test. */
  split?: SplitRule;
}

/** A parsed, preprocessed dataset. */
export interface Dataset {
  /** [N, T, C] row-major. */
  x: Float32Array;
  shape: [number, number, number];
  /**
   * [N]: class index (classification) or the preprocessed target value (regression);
   * null when the file has no labels.
   */
  y: Float32Array | null;
  task: Task;
  /** Length C: base channel names then derived ones. */
  channelNames: string[];
  /** Classification: display names by class index. */
  classNames: string[];
  /** The standardisation actually applied (fitted or given), per base channel. */
  standardization: { mean: number[]; std: number[] } | null;
  /** File name or URL the data came from. */
  source: string;
  /**
   * [N] each sample's part: 0 training, 1 test, 2 neither (a window across the boundary); see
   * `rowsOf` in src/core/split.ts. Null or absent: no split (every sample a test row).
   */
  split?: Uint8Array | null;
}

/**
 * tsviz.json: the optional sidecar beside a model.json. Everything the app needs to open the
 * model and its dataset with no questions.
 */
export interface Sidecar {
  /** Format version, currently 1. */
  version: 1;
  name: string;
  description?: string;
  task: Task;
  /** Classification: display names by output index (sigmoid: [negative, positive]). */
  classNames?: string[];
  /** Base + derived channel names, length C of the model input. */
  channelNames: string[];
  windowLength: number;
  /** How to turn the demo (or any compatible) dataset into model inputs. */
  dataset: DatasetConfig;
  /** Relative URL (from the model folder) of a dataset to open with the model. */
  datasetUrl?: string;
  /** Measured quality on that dataset, written by the training script. */
  metrics?: Record<string, number>;
  /** How the model was made (script, seed, epochs), for the README and the About box. */
  provenance?: Record<string, string | number>;
}
