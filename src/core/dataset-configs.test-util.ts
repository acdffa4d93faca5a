/** DatasetConfig builders shared by the dataset tests (not a test file itself). */
import type { DatasetConfig } from './types';

export const series = (
  over: Partial<Extract<DatasetConfig['layout'], { kind: 'series' }>> = {},
): DatasetConfig => ({
  csv: { delimiter: ',', hasHeader: true },
  layout: {
    kind: 'series',
    valueColumns: [1],
    windowLength: 3,
    stride: 2,
    targetColumn: 0,
    ...over,
  },
  task: 'regression',
  derived: ['diff'],
  standardize: 'none',
});

export const rows = (over: Partial<DatasetConfig> = {}): DatasetConfig => ({
  csv: { delimiter: ',', hasHeader: false },
  layout: { kind: 'rows', labelColumn: 0, valueColumns: [1, 2] },
  task: 'classification',
  derived: [],
  standardize: 'none',
  ...over,
});
