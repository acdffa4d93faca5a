import { describe, expect, it } from 'vitest';
import { summarizeLayer, unitSeries } from './stack-data';
import type { StackLayer } from '../../gl/stack-types';

// [steps 3, units 2]: unit 0 = 1, 2, 3; unit 1 = -1, 5, 0
const layer: StackLayer = {
  name: 'conv1',
  kind: 'conv',
  steps: 3,
  units: 2,
  values: new Float32Array([1, -1, 2, 5, 3, 0]),
};

describe('stack data', () => {
  it('takes one unit over steps', () => {
    expect(Array.from(unitSeries(layer, 1))).toEqual([-1, 5, 0]);
  });

  it('summarises a panel by hand', () => {
    const s = summarizeLayer(layer);
    expect(s.shape).toEqual([3, 2]);
    expect(s.min).toBe(-1);
    expect(s.max).toBe(5);
    expect(s.mean).toBeCloseTo(10 / 6, 10);
    expect(s.topUnit).toBe(0); // sums: 6 vs 4
  });
});
