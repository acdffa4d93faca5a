import { describe, expect, it } from 'vitest';
import type { DatasetImportance, SampleImportance } from '../../bridge';
import { importanceJson, importancePayload } from './export';

const f32 = (...v: number[]) => new Float32Array(v);
const result: SampleImportance = {
  shape: [2, 2],
  x: f32(1, 2, 3, 4),
  output: f32(0.7),
  target: {
    value: 0.7,
    label: 'probability of anomalous',
    spec: { kind: 'probability', classIndex: 1 },
  },
  attributions: [
    { method: 'gradient', settings: {}, values: f32(0.1, 0.2, 0.3, 0.4) },
    { method: 'smoothgrad', settings: { noise: 0.1, samples: 3 }, values: f32(1, 1, 1, 1) },
  ],
  layers: [
    {
      conv: 1,
      layer: 2,
      name: 'leaky',
      activation: f32(0, 0, 0, 0),
      steps: 2,
      filters: 2,
      importance: f32(0.5, 0),
      lossImpact: f32(0.25, 0),
      path: 'cpu',
    },
  ],
  filterSaliency: null,
  saturated: false,
  filterTensor: 'activation',
  backend: 'cpu',
};
const dataset: DatasetImportance = {
  rows: 10,
  neverShare: 0.01,
  layers: [
    {
      conv: 1,
      layer: 2,
      name: 'leaky',
      filters: 2,
      min: f32(0, 0),
      mean: f32(1, 0),
      max: f32(2, 0),
      neverMatter: 1,
    },
  ],
  filterTensor: 'activation',
  backend: 'wasm',
  ms: 5,
};
const name = (conv: number) => (conv === 1 ? 'conv1' : '?');

describe('importance export', () => {
  it('JSON: saliency [T][C], importances by conv layer name, attributions, dataset stats', () => {
    const j = importanceJson('m', 4, result, dataset, name);
    expect(j.saliency?.map((r) => r.map((v) => Number(v.toFixed(3))))).toEqual([
      [0.1, 0.2],
      [0.3, 0.4],
    ]);
    expect(j.importances).toEqual({ conv1: [0.5, 0] });
    expect(j.lossImpact).toEqual({ conv1: [0.25, 0] });
    expect(j.attributions.map((a) => [a.method, a.settings])).toEqual([
      ['gradient', {}],
      ['smoothgrad', { noise: 0.1, samples: 3 }],
    ]);
    expect(j.filterTensor).toBe('activation');
    expect(j.dataset?.layers.conv1).toEqual({
      min: [0, 0],
      mean: [1, 0],
      max: [2, 0],
      neverMatter: 1,
    });
  });
  it('CSV: one row per filter; nothing to export without a result', async () => {
    expect(importancePayload('m', 0, null, null, name)).toBeNull();
    const p = importancePayload('m', 4, result, dataset, name);
    expect(p?.name).toBe('importance-sample-4');
    const rows = await p?.csv();
    expect(rows).toEqual([
      [
        'layer',
        'filter',
        'importance',
        'loss_impact',
        'dataset_min',
        'dataset_mean',
        'dataset_max',
      ],
      ['conv1', 0, 0.5, 0.25, 0, 1, 2],
      ['conv1', 1, 0, 0, 0, 0, 0],
    ]);
  });
});
