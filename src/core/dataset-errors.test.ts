import { describe, expect, it } from 'vitest';
import { datasetFromText } from './dataset-stream';
import type { DatasetConfig } from './types';
import { thrown } from './thrown.test-util';
import { rows, series } from './dataset-configs.test-util';

describe('bad input', () => {
  const cfg = rows({ csv: { delimiter: ',', hasHeader: true } });
  const cases: [string, string, string][] = [
    [
      'y,a,b\n0,1,2\n1,x,3\n',
      'csv-bad-cell',
      'Row 3, column 2 (\'a\') of f.csv holds "x", which is not a number.',
    ],
    ['y,a,b\n0,1,2\n1,,3\n', 'csv-bad-cell', "Row 3, column 2 ('a') of f.csv is blank"],
    [
      'y,a,b\n0,1,NaN\n',
      'csv-bad-cell',
      'Row 2, column 3 (\'b\') of f.csv holds "NaN", a missing value',
    ],
    ['y,a,b\n0,1,-Infinity\n', 'csv-bad-cell', 'not a finite number'],
    ['y,a,b\n0,1,1e40\n', 'csv-bad-cell', 'too large for a 32-bit float'],
    [
      'y,a,b\n0,1,2\n\n1,2\n',
      'csv-ragged',
      'Row 4 of f.csv has 2 cells, but the header (row 1) has 3.',
    ],
    ['y,a,b\n0,1,2,3\n', 'csv-ragged', 'Row 2 of f.csv has 4 cells'],
    ['', 'csv-empty', 'f.csv is empty'],
    ['\n\r\n  \n', 'csv-empty', 'f.csv is empty'],
    ['y,a,b\n', 'csv-header-only', 'f.csv holds only a header row'],
    ['y,a,b\n ,1,2\n', 'csv-bad-cell', "Row 2, column 1 ('y') of f.csv is blank"],
  ];
  for (const [text, code, problem] of cases) {
    it(`${code}: ${JSON.stringify(text)}`, () => {
      const e = thrown(() => datasetFromText(text, cfg, 'f.csv'));
      expect(e.code).toBe(code);
      expect(e.problem).toContain(problem);
      expect(e.fix.length).toBeGreaterThan(10);
      expect(e.name).toBe(`TsvizError:${code}`);
    });
  }

  it('detects the empty file without settings too', () => {
    expect(thrown(() => datasetFromText('', { ...cfg, csv: undefined }, 'f.csv')).code).toBe(
      'csv-empty',
    );
    expect(thrown(() => datasetFromText('a,b,c\n', { ...cfg, csv: undefined }, 'f.csv')).code).toBe(
      'csv-header-only',
    );
  });
});

describe('dataset settings', () => {
  const bad: [string, DatasetConfig, string][] = [
    [
      'column beyond the file',
      rows({ layout: { kind: 'rows', labelColumn: 0, valueColumns: [1, 7] } }),
      'use column 8, but f.csv has 3 columns',
    ],
    ['window 0', series({ windowLength: 0 }), 'window length must be a whole number'],
    ['stride 1.5', series({ stride: 1.5 }), 'stride must be a whole number'],
    [
      'target beyond value columns',
      series({ targetColumn: 1 }),
      'target must be one of the 1 value series',
    ],
    ['series classification', { ...series(), task: 'classification' }, 'task must be regression'],
    [
      'label among values',
      rows({ layout: { kind: 'rows', labelColumn: 1, valueColumns: [1, 2] } }),
      'both the label and a value column',
    ],
    [
      'given std length',
      rows({ standardize: { mean: [0, 0], std: [1, 1] } }),
      'one mean per base channel (1)',
    ],
    ['std zero', rows({ standardize: { mean: [0], std: [0] } }), 'not a positive number'],
    ['unknown derived', { ...rows(), derived: ['log' as 'diff'] }, "only 'diff' is known"],
    [
      'unequal groups',
      {
        ...rows(),
        layout: { kind: 'channel-groups', labelColumn: null, channelColumns: [[0, 1], [2]] },
      },
      'channel 1 has 2 time steps but channel 2 has 1',
    ],
    [
      'class names length',
      rows({ classValues: ['a', 'b'], classNames: ['x'] }),
      '2 class values but 1 class names',
    ],
    [
      'class names for the classes found',
      rows({ classNames: ['a', 'b'] }),
      'f.csv has 1 classes but 2 class names are given',
    ],
  ];
  for (const [what, config, problem] of bad) {
    it(`refuses ${what}`, () => {
      const e = thrown(() => datasetFromText('0,1,2\n', config, 'f.csv'));
      expect(e.code).toBe('dataset-config');
      expect(e.problem).toContain(problem);
    });
  }
});
