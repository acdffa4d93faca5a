import { describe, expect, it } from 'vitest';
import {
  channelColumnsOf,
  configFromFields,
  fieldProblems,
  fieldsFromConfig,
  parseWholeNumber,
  sampleShape,
  splitGroups,
  type FormFields,
} from './config';
import type { DatasetConfig } from '../../core/types';

const series: DatasetConfig = {
  layout: { kind: 'series', valueColumns: [1], windowLength: 50, stride: 1, targetColumn: 0 },
  task: 'regression',
  derived: ['diff'],
  standardize: { mean: [3725], std: [1913] },
};

describe('dataset form fields', () => {
  it('round-trip a series config, keeping the given statistics', () => {
    const f = fieldsFromConfig(series, 2);
    expect(f.standardize).toBe('given');
    expect(configFromFields(f)).toEqual({ ...series, channelNames: undefined });
  });

  it('give the sample shape the model will see', () => {
    expect(sampleShape(fieldsFromConfig(series, 2))).toEqual([50, 2]);
    const groups: DatasetConfig = {
      layout: {
        kind: 'channel-groups',
        labelColumn: 0,
        channelColumns: [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
      },
      task: 'classification',
      derived: [],
      standardize: 'none',
    };
    expect(sampleShape(fieldsFromConfig(groups, 7))).toEqual([2, 3]);
    const f = { ...fieldsFromConfig(groups, 7), channels: 4 };
    expect(sampleShape(f)).toEqual([null, 4]); // 6 columns do not split into 4 channels
  });

  it('split columns into equal consecutive groups or refuse', () => {
    expect(splitGroups([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(splitGroups([1, 2, 3], 2)).toBeNull();
  });
});

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('dataset form value columns in the row layouts', () => {
  // seq_id, label, anomaly_index, anomaly_channel, pressure_0..49, temperature_0..49, torque_0..49
  const named = [
    { stem: 'pressure', columns: range(4, 50) },
    { stem: 'temperature', columns: range(54, 50) },
    { stem: 'torque', columns: range(104, 50) },
  ];
  const guessed: DatasetConfig = {
    csv: { delimiter: ',', hasHeader: true },
    layout: {
      kind: 'channel-groups',
      labelColumn: 1,
      channelColumns: named.map((g) => g.columns),
    },
    task: 'classification',
    derived: [],
    standardize: 'none',
    channelNames: ['pressure', 'temperature', 'torque'],
  };

  it('keep the proposed columns and leave the metadata out: [50, 3]', () => {
    const f = fieldsFromConfig(guessed, 154, named);
    expect(f.valueColumns).toEqual(range(4, 150));
    expect(sampleShape(f)).toEqual([50, 3]);
    expect(fieldProblems(f)).toEqual([]);
    const c = configFromFields(f);
    expect(c.layout).toEqual(guessed.layout);
    expect(c.channelNames).toEqual(['pressure', 'temperature', 'torque']);
  });

  it('flag a ticked metadata column, and come back when it is unticked', () => {
    const f = fieldsFromConfig(guessed, 154, named);
    const more: FormFields = { ...f, valueColumns: [2, ...f.valueColumns] };
    expect(sampleShape(more)).toEqual([null, 3]);
    expect(fieldProblems(more)[0]).toContain('151 value columns do not split into 3');
    expect(configFromFields({ ...more, valueColumns: f.valueColumns }).layout).toEqual(
      guessed.layout,
    );
  });

  it('split ticked named groups by name, in their name order', () => {
    // pressure columns in the file in another order than their numbers
    const shuffled = [
      { stem: 'a', columns: [3, 1, 2] },
      { stem: 'b', columns: [4, 5, 6] },
      { stem: 'c', columns: [7, 8, 9] },
    ];
    const f = fieldsFromConfig(guessed, 10, shuffled);
    const ticked = { ...f, initialGroups: null, valueColumns: range(1, 9), channels: 3 };
    expect(channelColumnsOf(ticked)).toEqual({
      columns: [
        [3, 1, 2],
        [4, 5, 6],
        [7, 8, 9],
      ],
      names: ['a', 'b', 'c'],
    });
    // two groups ticked, two channels: named after them
    const two = { ...ticked, valueColumns: [1, 2, 3, 7, 8, 9], channels: 2 };
    expect(configFromFields(two).channelNames).toEqual(['a', 'c']);
    // a column outside the named groups: consecutive split in file order
    const other = { ...ticked, valueColumns: [0, 1, 2, 3, 4, 5], channels: 2 };
    expect(channelColumnsOf(other)).toEqual({
      columns: [
        [0, 1, 2],
        [3, 4, 5],
      ],
    });
  });

  it('rows keep exactly the ticked columns, never the label', () => {
    const rows: DatasetConfig = {
      layout: { kind: 'rows', labelColumn: 1, valueColumns: range(3, 96) },
      task: 'classification',
      derived: [],
      standardize: 'none',
    };
    const f = fieldsFromConfig(rows, 99);
    expect(sampleShape(f)).toEqual([96, 1]);
    expect(configFromFields(f).layout).toEqual(rows.layout);
    // a sidecar reading columns the file lacks does not reach the form's fields
    expect(fieldsFromConfig(rows, 50).valueColumns).toEqual(range(3, 47));
    expect(fieldProblems({ ...f, valueColumns: [] })).toEqual(['Tick at least one value column.']);
  });
});

describe('whole-number fields', () => {
  it('accept integers from the minimum, and say what is wrong otherwise', () => {
    expect(parseWholeNumber(' 50 ', 2)).toEqual({ ok: true, value: 50 });
    expect(parseWholeNumber('', 2)).toEqual({ ok: false, problem: 'Enter a number.' });
    expect(parseWholeNumber('2.5', 2)).toEqual({ ok: false, problem: 'Enter a whole number.' });
    expect(parseWholeNumber('1', 2)).toEqual({ ok: false, problem: 'Enter 2 or more.' });
    expect(parseWholeNumber('abc', 1).ok).toBe(false);
  });
});
