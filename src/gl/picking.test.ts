import { describe, expect, it } from 'vitest';
import { intersectPanel, pickPanel, pickUnit } from './picking';
import { TOP, layoutStack, type PanelRect } from './stack-layout';
import type { Ray, StackLayer } from './stack-types';

/** Front panel: 4 filter rows over x in [-1, 1], y in [-0.5, 0.5] at z = 0. */
const A: PanelRect = {
  layer: 0,
  x0: -1,
  x1: 1,
  y0: -0.5,
  y1: 0.5,
  z: 0,
  rows: 4,
  cols: 10,
  unitAxis: 'row',
};
/** Back panel: a dense row of 8 cells over x in [-0.5, 0.5], y in [-1, 1] at z = -2. */
const B: PanelRect = {
  layer: 1,
  x0: -0.5,
  x1: 0.5,
  y0: -1,
  y1: 1,
  z: -2,
  rows: 1,
  cols: 8,
  unitAxis: 'col',
};
const panels = [A, B];
const ray = (origin: Ray['origin'], dir: Ray['dir']): Ray => ({ origin, dir });

describe('intersectPanel', () => {
  it('hits a panel head-on at the plane distance', () => {
    expect(intersectPanel(ray([0, 0, 10], [0, 0, -1]), A)).toBe(10);
    expect(intersectPanel(ray([0, 0, 10], [0, 0, -1]), B)).toBe(12);
  });

  it('scales t with an unnormalised direction', () => {
    expect(intersectPanel(ray([0, 0, 10], [0, 0, -5]), A)).toBe(2);
  });

  it('misses outside the rectangle, behind the origin, and when parallel', () => {
    expect(intersectPanel(ray([1.5, 0, 10], [0, 0, -1]), A)).toBeNull();
    expect(intersectPanel(ray([0, 0.75, 10], [0, 0, -1]), A)).toBeNull();
    expect(intersectPanel(ray([0, 0, 10], [0, 0, 1]), A)).toBeNull();
    expect(intersectPanel(ray([0, 0, 10], [1, 0, 0]), A)).toBeNull();
  });

  it('counts the edges as inside', () => {
    expect(intersectPanel(ray([1, 0.5, 1], [0, 0, -1]), A)).toBe(1);
  });
});

describe('pickPanel / pickUnit', () => {
  it('takes the nearest panel when both are on the ray', () => {
    const hit = pickPanel(ray([0, 0, 10], [0, 0, -1]), panels);
    expect(hit).toEqual({ index: 0, t: 10, point: [0, 0, 0] });
    // (0, 0) is 0.5 below A's top edge: row floor(0.5 / 1 * 4) = 2
    expect(pickUnit(ray([0, 0, 10], [0, 0, -1]), panels)).toEqual({ layer: 0, unit: 2 });
  });

  it('takes the nearest panel from behind too', () => {
    const hit = pickPanel(ray([0, 0, -10], [0, 0, 1]), panels);
    expect(hit?.index).toBe(1);
    expect(hit?.t).toBe(8);
    // B's cells: x = 0 is at u = 0.5 of its width -> cell 4 of 8
    expect(pickUnit(ray([0, 0, -10], [0, 0, 1]), panels)).toEqual({ layer: 1, unit: 4 });
  });

  it('passes over the front panel to the one behind', () => {
    // y = 0.75 is above A (top 0.5) but inside B (top 1).
    expect(pickUnit(ray([0, 0.75, 10], [0, 0, -1]), panels)).toEqual({ layer: 1, unit: 4 });
    // x = -0.45 -> u = 0.05 -> cell 0; x = 0.49 -> u = 0.99 -> cell 7
    expect(pickUnit(ray([-0.45, 0.9, 5], [0, 0, -1]), panels)).toEqual({ layer: 1, unit: 0 });
    expect(pickUnit(ray([0.49, 0.9, 5], [0, 0, -1]), panels)).toEqual({ layer: 1, unit: 7 });
  });

  it('follows an oblique ray', () => {
    // From (2, 0.1, 2) along (-1, 0, -1): meets z = 0 at t = 2, point (0, 0.1, 0).
    // 0.4 below the top of A (height 1, 4 rows) -> row 1.
    const hit = pickPanel(ray([2, 0.1, 2], [-1, 0, -1]), panels);
    expect(hit?.t).toBeCloseTo(2, 12);
    expect(pickUnit(ray([2, 0.1, 2], [-1, 0, -1]), panels)).toEqual({ layer: 0, unit: 1 });
    // From (5, 0, 3) along (-1, 0, -1): x = 2 at z = 0 (t = 3, misses A), then x = 0 at
    // z = -2 (t = 5): B's middle cell 4.
    expect(pickUnit(ray([5, 0, 3], [-1, 0, -1]), panels)).toEqual({ layer: 1, unit: 4 });
    // From (6, 0, 3): x = 3 at z = 0 and x = 1 at z = -2 miss both.
    expect(pickUnit(ray([6, 0, 3], [-1, 0, -1]), panels)).toBeNull();
  });

  it('clamps the bottom edge to the last row and the top edge to row 0', () => {
    expect(pickUnit(ray([0, -0.5, 1], [0, 0, -1]), panels)).toEqual({ layer: 0, unit: 3 });
    expect(pickUnit(ray([0, 0.5, 1], [0, 0, -1]), panels)).toEqual({ layer: 0, unit: 0 });
  });

  it('returns null when nothing is hit', () => {
    expect(pickUnit(ray([5, 5, 10], [0, 0, -1]), panels)).toBeNull();
    expect(pickUnit(ray([0, 0, 10], [0, 0, -1]), [])).toBeNull();
  });

  it('picks through a real layout: the input strip just under the shared top edge', () => {
    const layer = (kind: StackLayer['kind'], steps: number, units: number): StackLayer => ({
      name: kind,
      kind,
      steps,
      units,
      values: new Float32Array(steps * units),
    });
    const laid = layoutStack([layer('input', 50, 3), layer('conv', 50, 16), layer('dense', 1, 4)]);
    expect(pickUnit(ray([0, TOP - 0.01, 5], [0, 0, -1]), laid)).toEqual({ layer: 0, unit: 0 });
    // From behind the stack, the dense row (4 cells over its width) is hit first.
    const dense = laid[2];
    const x = dense.x0 + 0.6 * (dense.x1 - dense.x0); // cell floor(0.6 * 4) = 2
    expect(pickUnit(ray([x, TOP - 0.01, -50], [0, 0, 1]), laid)).toEqual({ layer: 2, unit: 2 });
  });
});
