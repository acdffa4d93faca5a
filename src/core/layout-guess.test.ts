import { describe, expect, it } from 'vitest';
import { sniff } from './csv-sniff';
import { guessConfig, numberedGroups, proposeConfig } from './layout-guess';
import type { DatasetConfig } from './types';
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

const CHANNELS = ['pressure', 'temperature', 'torque'];
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
/** The anomaly layout with an id and metadata beside the label: 4 + 3 x 50 columns. */
function metadataFile(rows = 6): string {
  const header = [
    'seq_id',
    'label',
    'anomaly_index',
    'anomaly_channel',
    ...CHANNELS.flatMap((c) => range(0, 50).map((t) => `${c}_${t}`)),
  ];
  const data = range(0, rows).map((i) => [
    100 + i,
    i % 2,
    i % 2 ? 10 + i : -1,
    i % 2 ? 'temperature' : 'none',
    ...range(0, 150).map((k) => (Math.sin(k / 7 + i) * 0.5).toFixed(4)),
  ]);
  return table(header, data);
}

describe('guessConfig with ids, metadata and a named label', () => {
  it('metadata columns beside the label and the channel groups are left out', () => {
    const s = sniff(metadataFile());
    expect(numberedGroups(s)?.map((g) => [g.stem, g.columns[0], g.columns.length])).toEqual([
      ['pressure', 4, 50],
      ['temperature', 54, 50],
      ['torque', 104, 50],
    ]);
    const c = guessConfig(s);
    expect(c.layout).toEqual({
      kind: 'channel-groups',
      labelColumn: 1,
      channelColumns: [range(4, 50), range(54, 50), range(104, 50)],
    });
    expect(c.channelNames).toEqual(CHANNELS);
    expect(c.task).toBe('classification');
  });

  it('a stray numbered column does not spoil the groups', () => {
    const header = ['id', 'x_1', 'a_0', 'a_1', 'a_2', 'b_0', 'b_1', 'b_2', 'label'];
    const rows = range(0, 8).map((i) => [i, 3, 1.5, 2, 3, 4, 5, 6, i % 2]);
    const c = guessConfig(sniff(table(header, rows)));
    expect(c.layout).toEqual({
      kind: 'channel-groups',
      labelColumn: 8,
      channelColumns: [
        [2, 3, 4],
        [5, 6, 7],
      ],
    });
  });

  it('never takes an id column (distinct increasing whole numbers) as the label', () => {
    // few rows: 3 distinct ids pass the "few distinct whole numbers" test on their own
    const header = ['n', 'temp_0', 'temp_1', 'pres_0', 'pres_1'];
    const rows = range(0, 3).map((i) => [i + 1, 1.5, 2, 3, 4]);
    expect(guessConfig(sniff(table(header, rows))).layout).toMatchObject({ labelColumn: null });
    // UCR-like rows with a running number first: no label, and the number is no value
    const ucr = range(0, 30).map((i) => [i, ...range(0, 12).map((t) => (t * i) / 7 + 0.5)]);
    expect(guessConfig(sniff(table(null, ucr))).layout).toEqual({
      kind: 'rows',
      labelColumn: null,
      valueColumns: range(1, 12),
    });
    // a named id is never a value nor the label, wherever it is
    const named = range(0, 30).map((i) => [...range(0, 10).map((t) => t + i / 3), i % 3, 1000 - i]);
    const header2 = [...range(0, 10).map((t) => `v${t}`), 'class', 'sample_id'];
    expect(guessConfig(sniff(table(header2, named))).layout).toEqual({
      kind: 'rows',
      labelColumn: 10,
      valueColumns: range(0, 10),
    });
  });

  it('takes the column named label (class, target, y) when it is not first', () => {
    const header = ['seq_id', 'score', 'pres_0', 'pres_1', 'temp_0', 'temp_1', 'label'];
    const rows = range(0, 10).map((i) => [i + 7, i % 3, 1.5, 2, 3, 4, i % 2 ? 'b' : 'a']);
    expect(guessConfig(sniff(table(header, rows))).layout).toMatchObject({ labelColumn: 6 });
    // one numbered group and metadata -> rows of the group, label by name
    const header2 = ['seq_id', 'anomaly_index', 'y', ...range(0, 12).map((t) => `t_${t}`)];
    const rows2 = range(0, 10).map((i) => [i, i % 4, i % 2, ...range(0, 12).map((t) => t + i)]);
    expect(guessConfig(sniff(table(header2, rows2))).layout).toEqual({
      kind: 'rows',
      labelColumn: 2,
      valueColumns: range(3, 12),
    });
  });
});

describe('proposeConfig', () => {
  const side: DatasetConfig = {
    csv: { delimiter: ',', hasHeader: true },
    layout: {
      kind: 'channel-groups',
      labelColumn: 0,
      channelColumns: [range(1, 50), range(51, 50), range(101, 50)],
    },
    task: 'classification',
    derived: [],
    standardize: 'none',
    channelNames: CHANNELS,
    classValues: ['0', '1'],
    classNames: ['normal', 'anomalous'],
  };

  it("starts from the file's own guess when the sidecar reads other columns", () => {
    const guess = guessConfig(sniff(metadataFile()));
    const p = proposeConfig(guess, side, 154);
    expect(p.layout).toEqual(guess.layout);
    // the model's channels by name: its classes come along
    expect(p.classNames).toEqual(['normal', 'anomalous']);
    expect(p.classValues).toEqual(['0', '1']);
  });

  it('takes the sidecar for a file of exactly its columns, or of its guessed columns', () => {
    const header = ['label', ...CHANNELS.flatMap((c) => range(0, 50).map((t) => `${c}_${t}`))];
    const rows = range(0, 6).map((i) => [i % 2, ...range(0, 150).map((k) => k / 10 + i)]);
    const guess = guessConfig(sniff(table(header, rows)));
    expect(proposeConfig(guess, side, 151)).toEqual(side);
    const noHeader = guessConfig(sniff(table(null, rows)));
    expect(proposeConfig(noHeader, side, 151)).toBe(side);
  });

  it("keeps the sidecar's split where the file has its column, and drops it where not", () => {
    const split = { kind: 'column' as const, column: 151, trainValues: ['0'], testValues: ['1'] };
    const withSplit: DatasetConfig = { ...side, split };
    const header = ['label', ...CHANNELS.flatMap((c) => range(0, 50).map((t) => `${c}_${t}`))];
    const rows = range(0, 6).map((i) => [i % 2, ...range(0, 150).map((k) => k / 10 + i)]);
    // the model's own file, split column last
    const full = guessConfig(
      sniff(
        table(
          [...header, 'split'],
          rows.map((r) => [...r, 1]),
        ),
      ),
    );
    expect(proposeConfig(full, withSplit, 152)).toEqual(withSplit);
    // the same data exported without it (no header even): the sidecar's layout, no split
    const bare = guessConfig(sniff(table(null, rows)));
    const p = proposeConfig(bare, withSplit, 151);
    expect(p.split).toBeUndefined();
    expect(p).toEqual(side);
  });

  it('never proposes a sidecar that reads columns the file lacks', () => {
    const rows = range(0, 30).map((i) => [i % 2, ...range(0, 96).map((t) => t / 9 + i)]);
    const guess = guessConfig(sniff(table(null, rows, '\t')));
    const wide: DatasetConfig = {
      ...side,
      layout: { kind: 'rows', labelColumn: 0, valueColumns: range(1, 153) },
    };
    expect(proposeConfig(guess, wide, 97)).toBe(guess);
    expect(proposeConfig(guess, null, 97)).toBe(guess);
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
