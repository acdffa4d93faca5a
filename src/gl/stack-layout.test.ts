import { describe, expect, it } from 'vitest';
import { STACK } from '../charts/palette';
import { TOP, gridOf, layoutStack, panelCorners, unitAt, unitRect } from './stack-layout';
import type { StackLayer } from './stack-types';

const shape = (kind: StackLayer['kind'], steps: number, units: number) => ({ kind, steps, units });

describe('layoutStack', () => {
  const layers = [
    shape('input', 50, 3),
    shape('conv', 50, 16),
    shape('pool', 25, 16),
    shape('other', 1, 400),
    shape('dense', 1, 1),
  ];
  const panels = layoutStack(layers);

  it('puts the input in front and each layer one spacing further back', () => {
    expect(panels.map((p) => p.layer)).toEqual([0, 1, 2, 3, 4]);
    panels.forEach((p, i) => expect(p.z).toBeCloseTo(-i * STACK.panelSpacing, 12));
  });

  it('hangs every panel from the same top edge, centred in x', () => {
    for (const p of panels) {
      expect(p.y1).toBe(TOP);
      expect(p.x0).toBeCloseTo(-p.x1, 12);
    }
  });

  it('scales width with steps and draws pool and dense panels thinner', () => {
    const w = panels.map((p) => p.x1 - p.x0);
    const h = panels.map((p) => p.y1 - p.y0);
    expect(w[0]).toBeCloseTo(STACK.maxPanelWidth, 12);
    expect(w[2]).toBeCloseTo(STACK.maxPanelWidth / 2, 12);
    expect(h[1]).toBeCloseTo(STACK.convHeight, 12);
    expect(h[2]).toBeCloseTo(STACK.poolHeight, 12);
    expect(h[3]).toBeCloseTo(STACK.denseHeight, 12);
    expect(w[3]).toBeCloseTo(STACK.maxPanelWidth, 12); // 400 cells, capped
    expect(w[4]).toBeCloseTo(STACK.denseCellWidth, 12); // one cell
    expect(h[0]).toBeCloseTo(3 * STACK.inputRowHeight, 12);
  });

  it('gives units as rows, or as columns for one-step layers', () => {
    expect(gridOf(shape('conv', 50, 16))).toEqual({ rows: 16, cols: 50, unitAxis: 'row' });
    expect(gridOf(shape('other', 1, 400))).toEqual({ rows: 1, cols: 400, unitAxis: 'col' });
    expect(gridOf(shape('dense', 1, 1))).toEqual({ rows: 1, cols: 1, unitAxis: 'row' });
    expect(gridOf(shape('conv', 0, 0))).toEqual({ rows: 1, cols: 1, unitAxis: 'row' });
  });

  it('lists four corners per panel', () => {
    expect(panelCorners(panels)).toHaveLength(20);
    expect(panelCorners([])).toEqual([]);
  });
});

describe('unitRect / unitAt', () => {
  const [conv, , , flat] = layoutStack([
    shape('conv', 50, 16),
    shape('pool', 25, 16),
    shape('conv', 25, 8),
    shape('other', 1, 10),
  ]);

  it('round-trips the centre of every row and cell', () => {
    for (let u = 0; u < 16; u++) {
      const r = unitRect(conv, u);
      expect(unitAt(conv, (r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2)).toBe(u);
    }
    for (let u = 0; u < 10; u++) {
      const r = unitRect(flat, u);
      expect(unitAt(flat, (r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2)).toBe(u);
    }
  });

  it('puts unit 0 at the top of a row panel and at the left of a cell panel', () => {
    expect(unitRect(conv, 0).y1).toBe(conv.y1);
    expect(unitRect(flat, 0).x0).toBe(flat.x0);
  });

  it('clamps units and rejects points outside', () => {
    expect(unitRect(conv, 99)).toEqual(unitRect(conv, 15));
    expect(unitAt(conv, conv.x1 + 0.01, conv.y1)).toBeNull();
  });
});
