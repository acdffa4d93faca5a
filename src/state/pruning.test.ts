/** The Pruning view's settings helpers: chosen layers, download counts, fine-tuning off without training rows. */
import { describe, expect, it } from 'vitest';
import type { DatasetSummary, ModelSummary } from '../bridge';
import { setState } from './app-state';
import {
  chosenLayers,
  DEFAULT_PRUNING_SETTINGS,
  effectiveEpochs,
  rankingOf,
  removeCount,
  trainingRows,
} from './pruning';

const model = {
  info: {
    filterLayers: [
      { conv: 0, filters: 16 },
      { conv: 3, filters: 32 },
    ],
  },
  sidecar: null,
} as unknown as ModelSummary;

const dataset = (split: DatasetSummary['split']) =>
  ({ shape: [10, 50, 3], split }) as unknown as DatasetSummary;

describe('pruning settings', () => {
  it('every conv layer by default, else the ticked ones in graph order', () => {
    setState('model', model as never);
    const s = structuredClone(DEFAULT_PRUNING_SETTINGS);
    expect(chosenLayers(s)).toEqual([0, 3]);
    expect(chosenLayers({ ...s, layers: [3, 99] })).toEqual([3]);
    expect(chosenLayers({ ...s, layers: [] })).toEqual([]);
  });
  it('the download removes a quarter by default and always keeps a filter', () => {
    const s = structuredClone(DEFAULT_PRUNING_SETTINGS);
    expect(removeCount(s, 0, 16)).toBe(4);
    expect(removeCount({ ...s, remove: { 0: 40 } }, 0, 16)).toBe(15);
    expect(removeCount({ ...s, remove: { 0: -2 } }, 0, 16)).toBe(0);
  });
  it('fine-tuning only with training rows', () => {
    const s = structuredClone(DEFAULT_PRUNING_SETTINGS);
    setState('dataset', dataset(null) as never);
    expect(trainingRows()).toBe(0);
    expect(effectiveEpochs(s)).toBe(0);
    setState('dataset', dataset({ train: 6, test: 4, rule: 'rows 1-6 train' }) as never);
    expect(trainingRows()).toBe(6);
    expect(effectiveEpochs(s)).toBe(10);
  });
  it('the ranking sent to the worker is the mean importance per layer', () => {
    const r = rankingOf(
      {
        rows: 4,
        neverShare: 0.01,
        filterTensor: 'activation',
        backend: 'cpu',
        ms: 1,
        layers: [
          {
            conv: 0,
            layer: 1,
            name: 'c',
            filters: 2,
            min: new Float32Array([0, 0]),
            mean: new Float32Array([0.5, 1]),
            max: new Float32Array([1, 2]),
            neverMatter: 0,
          },
        ],
      },
      'train',
    );
    expect(r).toEqual({ rows: 'train', layers: [{ conv: 0, mean: [0.5, 1] }] });
  });
});
