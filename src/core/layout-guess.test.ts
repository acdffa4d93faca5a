import { describe, expect, it } from 'vitest';
import { sniff } from './csv-sniff';
import { guessConfig } from './layout-guess';
import { checkAgainstModel } from './model-check';
import { thrown } from './thrown.test-util';

const table = (header: string[] | null, rows: (string | number)[][], d = ',') =>
  [...(header ? [header.join(d)] : []), ...rows.map((r) => r.join(d))].join('\n') + '\n';

describe('guessConfig', () => {
  it('timestamp + value -> series of the value, diff when the model has twice the channels', () => {
    const text = table(
      ['time', 'value'],
      [
        ['2020-01-01', 1.5],
        ['2020-01-02', 2.5],
        ['2020-01-03', 0.5],
      ],
    );
    const c = guessConfig(sniff(text), { windowLength: 24, channels: 2 });
    expect(c).toEqual({
      csv: { delimiter: ',', hasHeader: true },
      layout: { kind: 'series', valueColumns: [1], windowLength: 24, stride: 1, targetColumn: 0 },
      task: 'regression',
      derived: ['diff'],
      standardize: 'fit',
      channelNames: ['value'],
    });
  });

  it('leaves out an increasing integer index column from a series', () => {
    const text = table(
      ['i', 'a', 'b'],
      [
        [0, 1.5, 3],
        [1, 2.5, 1],
        [2, 0.5, 2],
      ],
    );
    const c = guessConfig(sniff(text));
    expect(c.layout).toMatchObject({ kind: 'series', valueColumns: [1, 2], windowLength: 50 });
    expect(c.derived).toEqual([]);
  });

  it('first column with few distinct integers and many values -> rows with label (UCR)', () => {
    const rows = Array.from({ length: 30 }, (_, i) => [
      i % 2 ? 1 : -1,
      ...Array.from({ length: 12 }, (_, t) => (t * i) / 7),
    ]);
    const c = guessConfig(sniff(table(null, rows, '\t')));
    expect(c.csv).toEqual({ delimiter: '\t', hasHeader: false });
    expect(c.layout).toEqual({
      kind: 'rows',
      labelColumn: 0,
      valueColumns: Array.from({ length: 12 }, (_, i) => i + 1),
    });
    expect(c.task).toBe('classification');
  });

  it('many distinct values in the first column -> rows without label', () => {
    const rows = Array.from({ length: 30 }, (_, i) =>
      Array.from({ length: 10 }, (_, t) => i * 10 + t + 0.5),
    );
    expect(guessConfig(sniff(table(null, rows))).layout).toMatchObject({
      kind: 'rows',
      labelColumn: null,
    });
  });

  it('temp_0..temp_2, pres_0..pres_2 -> channel groups in index order, label found', () => {
    const header = ['label', 'temp_1', 'temp_0', 'temp_2', 'pres_0', 'pres_1', 'pres_2'];
    const rows = Array.from({ length: 10 }, (_, i) => [i % 2, 1.5, 2, 3, 4, 5, 6]);
    const c = guessConfig(sniff(table(header, rows)));
    expect(c.layout).toEqual({
      kind: 'channel-groups',
      labelColumn: 0,
      channelColumns: [
        [2, 1, 3],
        [4, 5, 6],
      ],
    });
    expect(c.channelNames).toEqual(['temp', 'pres']);
  });

  it('unnamed columns split into equal groups when the model has 3 channels', () => {
    const rows = Array.from({ length: 10 }, (_, i) => [
      i % 2,
      ...Array.from({ length: 12 }, (_, t) => t + 0.5 * i),
    ]);
    const c = guessConfig(sniff(table(null, rows)), { channels: 3 });
    expect(c.layout).toMatchObject({ kind: 'channel-groups', labelColumn: 0 });
    expect((c.layout as { channelColumns: number[][] }).channelColumns[2]).toEqual([9, 10, 11, 12]);
  });
});

describe('checkAgainstModel', () => {
  it('accepts a matching shape, with or without the batch dimension, and free dimensions', () => {
    expect(() => checkAgainstModel([10, 50, 2], [null, 50, 2])).not.toThrow();
    expect(() => checkAgainstModel([10, 50, 2], [50, 2])).not.toThrow();
    expect(() => checkAgainstModel([10, 77, 2], [null, null, 2])).not.toThrow();
  });

  it('names both window lengths and the fix', () => {
    const e = thrown(() => checkAgainstModel([10, 96, 1], [null, 50, 1], { layout: 'series' }));
    expect(e.code).toBe('dataset-window');
    expect(e.problem).toBe(
      "The model expects 50 time steps per sample, but the dataset's samples have 96.",
    );
    expect(e.fix).toBe('Set the window length to 50 in the dataset form.');
    expect(
      thrown(() => checkAgainstModel([1, 9, 1], [null, 50, 1], { layout: 'rows' })).fix,
    ).toContain('50 value columns');
  });

  it('names both channel counts and suggests the diff channel', () => {
    const e = thrown(() => checkAgainstModel([10, 50, 1], [null, 50, 2], { derived: [] }));
    expect(e.code).toBe('dataset-channels');
    expect(e.problem).toBe('The model expects 2 channels per time step, but the dataset has 1.');
    expect(e.fix).toContain("Add the derived channel 'diff'");
    expect(
      thrown(() => checkAgainstModel([1, 50, 2], [null, 50, 1], { derived: ['diff'] })).fix,
    ).toContain('Remove');
    expect(thrown(() => checkAgainstModel([1, 50, 3], [null, 50, 5])).fix).toContain(
      'Choose 5 channels',
    );
  });

  it('refuses a dataset with more classes than the model', () => {
    const ctx = { datasetClasses: ['a', 'b', 'c'], modelClasses: 2 };
    const e = thrown(() => checkAgainstModel([3, 50, 1], [null, 50, 1], ctx));
    expect(e.code).toBe('dataset-label');
    expect(e.problem).toBe(
      'The dataset has 3 classes ("a", "b", "c"), but the model tells 2 apart.',
    );
    expect(() =>
      checkAgainstModel([3, 50, 1], [null, 50, 1], { ...ctx, modelClasses: 3 }),
    ).not.toThrow();
  });

  it('refuses a model input that is not [time, channels]', () => {
    expect(thrown(() => checkAgainstModel([1, 50, 3], [null, 28, 28, 1])).code).toBe('model-input');
  });
});
