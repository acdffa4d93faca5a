import { describe, expect, it } from 'vitest';
import type { FaithfulnessResult, SweepResult } from '../../bridge';
import { pruningJson, pruningPayload } from './export';

const score = (loss: number) => ({ loss, accuracy: 1 - loss, mse: null, mae: null });
const faithfulness: FaithfulnessResult = {
  base: score(0.1),
  rows: [
    {
      conv: 0,
      name: 'conv1',
      filters: 3,
      most: 2,
      least: 0,
      mostLoss: 0.6,
      leastLoss: 0.2,
      ratio: 3,
      mostScore: score(0.6),
      leastScore: score(0.2),
    },
  ],
  testRows: 10,
  backend: 'wasm',
  ms: 1,
};
const sweep: SweepResult = {
  curves: [
    {
      conv: 0,
      name: 'conv1',
      filters: 3,
      order: 'least-first',
      points: [
        { pruned: 0, filter: -1, score: score(0.1) },
        { pruned: 1, filter: 0, score: score(0.2) },
        { pruned: 2, filter: 1, score: score(0.3) },
      ],
    },
  ],
  epochs: 0,
  seed: 1,
  testRows: 10,
  trainRows: 0,
  backend: 'wasm',
  ms: 1,
};

describe('pruning export', () => {
  it('JSON holds the sweep curves and the faithfulness table', () => {
    const j = pruningJson('m', sweep, faithfulness, null, null);
    expect(j.sweep?.curves[0]).toMatchObject({
      layer: 'conv1',
      order: 'least-first',
      removed: [-1, 0, 1],
      loss: [0.1, 0.2, 0.3],
    });
    expect(j.faithfulness?.table[0]).toMatchObject({
      layer: 'conv1',
      mostImportant: 2,
      leastImportant: 0,
      mostLoss: 0.6,
      leastLoss: 0.2,
      ratio: 3,
    });
    expect(j.prunedModel).toBeNull();
  });
  it('CSV: a row per sweep point and per table row; nothing to export before a run', async () => {
    expect(pruningPayload('m', null, null, null, null)).toBeNull();
    const rows = await pruningPayload('m', sweep, faithfulness, null, null)?.csv();
    expect(rows?.[0][0]).toBe('table');
    expect(rows).toHaveLength(1 + 3 + 1);
    expect(rows?.[2]).toEqual(['sweep', 'conv1', 'least-first', 1, 0, 0.2, 0.8, null, null, null]);
    expect(rows?.[4]).toEqual([
      'faithfulness',
      'conv1',
      'most vs least',
      1,
      2,
      0.6,
      0.4,
      null,
      0.2,
      3,
    ]);
  });
});
