import { describe, expect, it } from 'vitest';
import { configFromFields, fieldsFromConfig, sampleShape, splitGroups } from './config';
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
