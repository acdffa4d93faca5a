/**
 * The dataset side of the pure core, in one import: sniffing, guessing a layout, building a
 * Dataset (streaming or from a whole text) and checking it against a model's input.
 */
export { CsvTokenizer, parseCsvText, MAX_CELL_CHARS, type RowHandler } from './csv';
export {
  sniff,
  sniffSampleEnd,
  SNIFF_CHARS,
  MAX_SNIFF_CHARS,
  PREVIEW_ROWS,
  type SniffResult,
  type SniffOptions,
  type ColumnStats,
} from './csv-sniff';
export { parseNumberCell, isNumberCell } from './csv-number';
export { checkConfig, baseChannelCount } from './dataset-config';
export { DatasetBuilder } from './dataset-builder';
export { MAX_CLASSES } from './dataset-labels';
export {
  datasetFromText,
  loadDatasetFromChunks,
  checkDatasetSize,
  MAX_DATASET_BYTES,
  type StreamOptions,
} from './dataset-stream';
export { MAX_DATASET_VALUES } from './growable';
export { guessConfig, type GuessOptions } from './layout-guess';
export { checkAgainstModel, type FitContext } from './model-check';
export { windowCount } from './preprocess';
