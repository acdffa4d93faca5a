import { describe, expect, it } from 'vitest';
import type { OptimizationResult } from '../../bridge';
import { toCsv } from '../../core/export';
import { optimizationCsv, optimizationJson, optimizationPayload } from './export';

const result: OptimizationResult = {
  method: 'iterative-fgsm',
  shape: [2, 2],
  start: Float32Array.from([0, 1, 2, 3]),
  runs: [
    {
      mode: 'consistent',
      final: Float32Array.from([0.5, 1, 2, 3]),
      startOutput: Float32Array.from([4]),
      endOutput: Float32Array.from([5]),
      startPrediction: 4,
      endPrediction: 5,
      startLoss: 0.1,
      endLoss: 0.2,
    },
    {
      mode: 'independent',
      final: Float32Array.from([0, 1.5, 2, 2]),
      startOutput: Float32Array.from([4]),
      endOutput: Float32Array.from([6]),
      startPrediction: 4,
      endPrediction: 6,
      startLoss: 0.1,
      endLoss: 0.3,
    },
  ],
  trace: [
    { step: 0, loss: [0.1, 0.1], prediction: [4, 4] },
    { step: 3, loss: [0.2, 0.3], prediction: [5, 6] },
  ],
  steps: 3,
  loss: 'squared error (y - 1)² to the reference value (increased)',
  prediction: 'forecast y',
  settings: {
    method: 'iterative-fgsm',
    target: { kind: 'value', value: 1, index: 0 },
    alpha: 0.01,
    epsilon: 0.1,
    steps: 3,
    seed: 7,
    channels: [true, true],
    derived: { pairs: [{ base: 0, diff: 1 }], modes: ['consistent', 'independent'] },
    every: 3,
    start: 'sample',
  },
  backend: 'cpu',
};

describe('the Optimization export', () => {
  it('JSON: settings with the seed, start and final series [T][C], the trace, per-channel change', () => {
    const j = optimizationJson('m', result, ['v', 'Δ v'], 'sample 3');
    expect(j.seed).toBe(7);
    expect(j.start).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(j.runs.map((r) => r.mode)).toEqual(['consistent', 'independent']);
    expect(j.runs[1].final).toEqual([
      [0, 1.5],
      [2, 2],
    ]);
    expect(j.runs[1].perturbation).toEqual([
      { channel: 0, l1: 0, linf: 0, share: 0, name: 'v' },
      { channel: 1, l1: 1.5, linf: 1, share: 1, name: 'Δ v' },
    ]);
    expect(j.trace).toEqual(result.trace);
    expect(JSON.parse(JSON.stringify(j)).settings.derived.modes).toEqual([
      'consistent',
      'independent',
    ]);
  });

  it('CSV: series per step, then the trace', () => {
    const rows = optimizationCsv(result, ['v', 'Δ v']);
    expect(rows[0]).toEqual([
      'step',
      'start v',
      'start Δ v',
      'consistent v',
      'consistent Δ v',
      'independent v',
      'independent Δ v',
    ]);
    expect(rows[1]).toEqual([0, 0, 1, 0.5, 1, 0, 1.5]);
    expect(rows[3]).toEqual([]);
    expect(rows[4]).toEqual([
      'optimization step',
      'consistent loss',
      'consistent prediction',
      'independent loss',
      'independent prediction',
    ]);
    expect(rows[6]).toEqual([3, 0.2, 5, 0.3, 6]);
    expect(toCsv(rows).split('\n')[0]).toContain('start Δ v');
    expect(optimizationPayload('m', null, [], '')).toBeNull();
    expect(optimizationPayload('m', result, ['v', 'Δ v'], 's')?.name).toBe(
      'optimization-iterative-fgsm-seed-7',
    );
  });
});
