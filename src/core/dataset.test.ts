import { describe, expect, it } from 'vitest';
import { datasetFromText } from './dataset-stream';
import type { DatasetConfig } from './types';
import { thrown } from './thrown.test-util';
import { rows, series } from './dataset-configs.test-util';

const close = (a: Float32Array | null, b: number[]) => {
  expect(a).not.toBeNull();
  expect(a!.length).toBe(b.length);
  b.forEach((v, i) => expect(a![i]).toBeCloseTo(v, 5));
};

const B = 't,v\n1,1\n2,2\n3,4\n4,7\n5,11\n6,16\n';

describe('series layout', () => {
  it('cuts windows with stride, appends the series-wide first difference and the next value', () => {
    const d = datasetFromText(B, series(), 'b.csv');
    // starts 0 and 2 (2 + 3 < 6); 4 + 3 = 7 is past the end
    expect(d.shape).toEqual([2, 3, 2]);
    close(d.x, [1, 0, 2, 1, 4, 2, /* window 2 */ 4, 2, 7, 3, 11, 4]);
    close(d.y, [7, 16]);
    expect(d.channelNames).toEqual(['v', 'Δ v']);
    expect(d.standardization).toBeNull();
    expect(d.source).toBe('b.csv');
  });

  it('standardises with fitted mean and std over the whole series, targets too', () => {
    const d = datasetFromText(
      B,
      { ...series({ stride: 1 }), derived: [], standardize: 'fit' },
      'b.csv',
    );
    const m = 41 / 6;
    const s = Math.sqrt(447 / 6 - m * m);
    expect(d.standardization!.mean[0]).toBeCloseTo(m, 10);
    expect(d.standardization!.std[0]).toBeCloseTo(s, 10);
    expect(d.shape).toEqual([3, 3, 1]);
    close(d.x.subarray(0, 3) as Float32Array, [(1 - m) / s, (2 - m) / s, (4 - m) / s]);
    close(d.y, [(7 - m) / s, (11 - m) / s, (16 - m) / s]);
  });

  it('uses given standardisation and several value columns', () => {
    const text = 'a,b\n1,10\n2,20\n3,30\n';
    const cfg: DatasetConfig = {
      csv: { delimiter: ',', hasHeader: true },
      layout: { kind: 'series', valueColumns: [0, 1], windowLength: 2, stride: 1, targetColumn: 1 },
      task: 'regression',
      derived: [],
      standardize: { mean: [1, 10], std: [2, 10] },
    };
    const d = datasetFromText(text, cfg, 'x.csv');
    expect(d.shape).toEqual([1, 2, 2]);
    close(d.x, [0, 0, 0.5, 1]);
    close(d.y, [2]);
  });

  it('refuses a window longer than the series', () => {
    const e = thrown(() => datasetFromText(B, series({ windowLength: 6 }), 'b.csv'));
    expect(e.code).toBe('dataset-window');
    expect(e.problem).toContain('6 rows');
    expect(e.fix).toContain('below 6');
  });
});

describe('rows and channel-groups layouts', () => {
  it('reads UCR rows with labels, fit standardisation and diff by hand', () => {
    const d = datasetFromText(
      '0,1,3\n1,5,7\n',
      rows({ derived: ['diff'], standardize: 'fit' }),
      'u.tsv',
    );
    const r = Math.sqrt(5); // values 1 3 5 7: mean 4, population variance 5
    expect(d.shape).toEqual([2, 2, 2]);
    close(d.x, [-3 / r, 0, -1 / r, 2 / r, 1 / r, 0, 3 / r, 2 / r]);
    close(d.y, [0, 1]);
    expect(d.classNames).toEqual(['0', '1']);
    expect(d.channelNames).toEqual(['value', 'Δ value']);
  });

  it('maps labels through classValues, numerically equal spellings included', () => {
    const d = datasetFromText(
      '1,0,0\n-1.0,0,0\n',
      rows({ classValues: ['-1', '1'], classNames: ['MI', 'normal'] }),
      'e',
    );
    close(d.y, [1, 0]);
    expect(d.classNames).toEqual(['MI', 'normal']);
  });

  it('sorts distinct labels numerically, text labels as text', () => {
    close(datasetFromText('10,0,0\n2,0,0\n', rows(), 'n').y, [1, 0]);
    const t = datasetFromText('b,0,0\na,0,0\n', rows(), 't');
    close(t.y, [1, 0]);
    expect(t.classNames).toEqual(['a', 'b']);
  });

  it('refuses a label that is not one of the classes, naming the first row', () => {
    const e = thrown(() =>
      datasetFromText('0,1,1\n2,1,1\n1,1,1\n2,0,0\n', rows({ classValues: ['0', '1'] }), 'e.csv'),
    );
    expect(e.code).toBe('dataset-label');
    expect(e.problem).toContain('Row 2 of e.csv has the label "2" in column 1');
  });

  it('reads regression targets from the label column and no labels at all', () => {
    close(datasetFromText('0.5,1,2\n', rows({ task: 'regression' }), 'r').y, [0.5]);
    const none = datasetFromText(
      '1,2\n',
      rows({ layout: { kind: 'rows', labelColumn: null, valueColumns: [0, 1] } }),
      'n',
    );
    expect(none.y).toBeNull();
  });

  it('builds channel groups [N, T, C] with names from the header', () => {
    const text = 'label,p_0,p_1,t_0,t_1\n1,1,2,10,20\n0,3,4,30,40\n';
    const cfg: DatasetConfig = {
      csv: { delimiter: ',', hasHeader: true },
      layout: {
        kind: 'channel-groups',
        labelColumn: 0,
        channelColumns: [
          [1, 2],
          [3, 4],
        ],
      },
      task: 'classification',
      derived: ['diff'],
      standardize: 'none',
    };
    const d = datasetFromText(text, cfg, 'g.csv');
    expect(d.shape).toEqual([2, 2, 4]);
    close(d.x, [1, 10, 0, 0, 2, 20, 1, 10, 3, 30, 0, 0, 4, 40, 1, 10]);
    expect(d.channelNames).toEqual(['p', 't', 'Δ p', 'Δ t']);
    close(d.y, [1, 0]);
  });
});

describe('odd but valid input', () => {
  it('reads BOM, CRLF, trailing blank lines, quoted numbers, spaces and ; or tab', () => {
    for (const text of [
      '\uFEFF1,2\r\n3,4\r\n\r\n',
      '"1", 2 \n 3 ,"4"\n\n\n',
      '1;2\n3;4',
      '1\t2\n3\t4\n',
    ]) {
      const d = datasetFromText(
        text,
        {
          ...rows(),
          csv: undefined,
          layout: { kind: 'rows', labelColumn: null, valueColumns: [0, 1] },
        },
        'a',
      );
      expect(Array.from(d.x)).toEqual([1, 2, 3, 4]);
    }
  });
});
