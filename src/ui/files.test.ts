import { describe, expect, it } from 'vitest';
import { sortFiles } from './files';

const names = (files: File[]) => files.map((f) => f.name);

describe('sortFiles', () => {
  it('sorts Keras files to the model and the archive formats to the datasets', () => {
    const s = sortFiles(
      [
        'm.h5',
        'm.keras',
        'model.json',
        'w.bin',
        'a.ts',
        'b.arff',
        'ECG200_TEST',
        'c.txt',
        'README',
        'x.png',
      ].map((n) => new File([''], n)),
    );
    expect(names(s.model)).toEqual(['m.h5', 'm.keras', 'model.json', 'w.bin']);
    expect(names(s.datasets)).toEqual(['a.ts', 'b.arff', 'ECG200_TEST', 'c.txt']);
    expect(names(s.ignored)).toEqual(['README', 'x.png']);
  });
});
