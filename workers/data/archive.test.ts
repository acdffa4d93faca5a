/**
 * The data worker's archive path on the committed fixtures (e2e/fixtures/formats/, written by
 * scripts/fixtures/make_format_fixtures.py): format detection, the form's proposal, the dataset.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { api } from './api';

const DIR = join(import.meta.dirname, '../../e2e/fixtures/formats');
const file = (name: string, as = name) => new File([readFileSync(join(DIR, name))], as);

describe('data worker: archive formats', () => {
  it('reads UCR text (scientific notation, -1/1, a free-text last line) as the ARFF of the same cases', async () => {
    const f = file('ecg200.txt');
    const ins = await api.inspect(f, { windowLength: 96 });
    expect(ins.archive?.format).toBe('ucr');
    expect(ins.archive?.labels).toEqual(['-1', '1']);
    expect(ins.archive?.notes.join(' ')).toMatch(/Skipped a line of text.*line 9/);
    const ds = await api.load(f, ins.config);
    expect(ds.shape).toEqual([8, 96, 1]);
    const arff = await api.inspect(file('ecg200.arff'), {});
    const ref = await api.load(file('ecg200.arff'), arff.config);
    expect(Array.from(ds.y ?? [])).toEqual(Array.from(ref.y ?? []));
    // the UCR text has 8 significant digits
    ref.x.forEach((v, i) => expect(ds.x[i]).toBeCloseTo(v, 5));
  });

  it('reads univariate ARFF, and a .ts with shortened cases padded to the model length', async () => {
    const arff = await api.inspect(file('ecg200.arff'), {});
    expect(arff.archive?.format).toBe('arff');
    expect(arff.archive?.labels).toEqual(['-1', '1']);
    const a = await api.load(file('ecg200.arff'), arff.config);
    expect(a.shape).toEqual([8, 96, 1]);
    const ts = await api.inspect(file('ecg200.ts'), { windowLength: 96 });
    expect(ts.archive?.labels).toEqual(['abnormal', 'normal']);
    expect(ts.archive?.shortest).toBe(90);
    expect(ts.archive?.notes.join(' ')).toMatch(/2 of 8 cases .*padded.*repeating its last value/);
    const d = await api.load(file('ecg200.ts'), ts.config);
    expect(d.shape).toEqual([8, 96, 1]);
    // case 2 was cut to 90 steps: steps 90..95 repeat step 89; the rest is the ARFF's
    expect(d.x[96 + 95]).toBe(d.x[96 + 89]);
    for (let t = 0; t < 90; t++) expect(d.x[96 + t]).toBe(a.x[96 + t]);
  });

  it('reads multivariate .ts and relational ARFF as 3 channels of 50 steps', async () => {
    for (const name of ['anomaly.ts', 'anomaly.arff']) {
      const ins = await api.inspect(file(name), {});
      expect(ins.config.layout.kind).toBe('channel-groups');
      const ds = await api.load(file(name), ins.config);
      expect(ds.shape).toEqual([8, 50, 3]);
    }
  });

  it('tells UCR text by content whatever the extension, and leaves CSV alone', async () => {
    const ins = await api.inspect(file('ecg200.txt', 'ECG200_TEST'), {});
    expect(ins.archive?.format).toBe('ucr');
    const csv = await api.inspect(new File(['a,b\n1,2\n3,4\n'], 'x.txt'), {});
    expect(csv.archive).toBeUndefined();
  });
});
