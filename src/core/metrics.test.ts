import { describe, expect, it } from 'vitest';
import { addBatch, emptySums, lossNameFor, sampleLosses, summarize } from './metrics';

const f32 = (v: number[]) => Float32Array.from(v);

describe('metrics', () => {
  it('binary cross-entropy by hand', () => {
    const l = sampleLosses('binary cross-entropy', f32([0.9, 0.2, 1]), 1, f32([1, 0, 0]));
    expect(l[0]).toBeCloseTo(-Math.log(0.9), 6);
    expect(l[1]).toBeCloseTo(-Math.log(0.8), 6);
    expect(l[2]).toBeCloseTo(-Math.log(1e-7), 3); // clipped, finite
  });

  it('categorical cross-entropy takes the probability of the label', () => {
    const l = sampleLosses(
      'categorical cross-entropy',
      f32([0.7, 0.2, 0.1, 0.1, 0.1, 0.8]),
      3,
      f32([0, 2]),
    );
    expect(l[0]).toBeCloseTo(-Math.log(0.7), 6);
    expect(l[1]).toBeCloseTo(-Math.log(0.8), 6);
  });

  it('accuracy, confusion and mean loss over batches', () => {
    const sums = emptySums('classification', 2);
    addBatch(sums, 'binary cross-entropy', f32([0.9, 0.4]), 1, f32([1, 1]));
    addBatch(sums, 'binary cross-entropy', f32([0.1, 0.6]), 1, f32([0, 0]));
    const m = summarize(sums, 'binary cross-entropy');
    expect(m.n).toBe(4);
    expect(m.accuracy).toBe(0.5);
    expect(m.confusion).toEqual([
      [1, 1],
      [1, 1],
    ]);
    const expected = -(Math.log(0.9) + Math.log(0.4) + Math.log(0.9) + Math.log(0.4)) / 4;
    expect(m.loss).toBeCloseTo(expected, 6);
  });

  it('regression: MSE and MAE', () => {
    const sums = addBatch(
      emptySums('regression', 0),
      'mean squared error',
      f32([1, 2, 4]),
      1,
      f32([1, 0, 1]),
    );
    const m = summarize(sums, 'mean squared error');
    expect(m.mse).toBeCloseTo((0 + 4 + 9) / 3, 6);
    expect(m.mae).toBeCloseTo((0 + 2 + 3) / 3, 6);
    expect(m.loss).toBeCloseTo(m.mse as number, 6);
    expect(m.accuracy).toBeNull();
  });

  it('the loss follows the task and the output', () => {
    expect(lossNameFor('classification', 1)).toBe('binary cross-entropy');
    expect(lossNameFor('classification', 5)).toBe('categorical cross-entropy');
    expect(lossNameFor('regression', 1)).toBe('mean squared error');
  });
});
