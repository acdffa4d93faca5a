import { describe, expect, it } from 'vitest';
import {
  CATEGORICAL,
  LUT_SIZE,
  STACK,
  categoricalColor,
  categoricalRgb,
  cssToRgb,
  divergingCss,
  divergingRgb,
  divergingT,
  lutIndex,
  rgbToCss,
  sequentialCss,
  sequentialLut,
  sequentialRgb,
  type RGB,
} from './palette';

const luminance = ([r, g, b]: RGB) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

describe('categorical palette', () => {
  it('has 12 distinct colours', () => {
    expect(CATEGORICAL).toHaveLength(12);
    expect(new Set(CATEGORICAL.map((c) => c.toLowerCase())).size).toBe(12);
  });

  it('wraps indices and floors fractions', () => {
    expect(categoricalColor(0)).toBe(CATEGORICAL[0]);
    expect(categoricalColor(12)).toBe(CATEGORICAL[0]);
    expect(categoricalColor(13.7)).toBe(CATEGORICAL[1]);
    expect(categoricalColor(-1)).toBe(CATEGORICAL[11]);
  });

  it('keeps every pair of colours well apart', () => {
    const rgb = CATEGORICAL.map((_, i) => categoricalRgb(i));
    for (let i = 0; i < rgb.length; i++)
      for (let j = i + 1; j < rgb.length; j++) {
        const d = Math.hypot(rgb[i][0] - rgb[j][0], rgb[i][1] - rgb[j][1], rgb[i][2] - rgb[j][2]);
        expect(d).toBeGreaterThan(0.15);
      }
  });
});

describe('colour conversion', () => {
  it('parses CSS colours to 0..1 and back', () => {
    expect(cssToRgb('#ff0000')).toEqual([1, 0, 0]);
    expect(cssToRgb('rgb(0, 51, 255)')).toEqual([0, 0.2, 1]);
    expect(cssToRgb('not a colour')).toEqual([0, 0, 0]);
    expect(rgbToCss([1, 0, 0.5])).toBe('rgb(255, 0, 128)');
    expect(rgbToCss([2, -1, 0])).toBe('rgb(255, 0, 0)');
  });
});

describe('sequential colormap (viridis)', () => {
  it('runs from dark purple to yellow', () => {
    const lo = sequentialRgb(0);
    const hi = sequentialRgb(1);
    expect(lo[0]).toBeCloseTo(0x44 / 255, 1);
    expect(lo[2]).toBeCloseTo(0x54 / 255, 1);
    expect(hi[0]).toBeGreaterThan(0.9);
    expect(hi[1]).toBeGreaterThan(0.85);
    expect(hi[2]).toBeLessThan(0.25);
  });

  it('gets brighter monotonically (readable in grey scale)', () => {
    const ts = [0, 0.2, 0.4, 0.6, 0.8, 1];
    const l = ts.map((t) => luminance(sequentialRgb(t)));
    for (let i = 1; i < l.length; i++) expect(l[i]).toBeGreaterThan(l[i - 1]);
  });

  it('clamps t and treats NaN as the low end', () => {
    expect(sequentialRgb(-3)).toEqual(sequentialRgb(0));
    expect(sequentialRgb(7)).toEqual(sequentialRgb(1));
    expect(sequentialRgb(NaN)).toEqual(sequentialRgb(0));
    expect(sequentialCss(0)).toMatch(/^rgb\(\d+, \d+, \d+\)$/);
  });

  it('stores an opaque RGBA table', () => {
    const lut = sequentialLut();
    expect(lut).toHaveLength(LUT_SIZE * 4);
    for (let i = 3; i < lut.length; i += 4) expect(lut[i]).toBe(255);
  });
});

describe('diverging colormap', () => {
  it('is blue below zero, white at zero, red above', () => {
    const [r0, , b0] = divergingRgb(0);
    const [r1, , b1] = divergingRgb(1);
    expect(b0).toBeGreaterThan(r0);
    expect(r1).toBeGreaterThan(b1);
    const mid = divergingRgb(0.5);
    // d3's RdBu midpoint is a near-white rgb(242, 239, 238)
    for (const c of mid) expect(c).toBeGreaterThan(0.92);
    expect(Math.abs(mid[0] - mid[2])).toBeLessThan(0.03);
    expect(divergingCss(0.5)).toMatch(/^rgb\(/);
  });

  it('maps signed values symmetrically', () => {
    expect(divergingT(0, 5)).toBe(0.5);
    expect(divergingT(5, 5)).toBe(1);
    expect(divergingT(-5, 5)).toBe(0);
    expect(divergingT(2.5, 5)).toBe(0.75);
    expect(divergingT(10, 5)).toBe(1);
    expect(divergingT(1, 0)).toBe(0.5);
    expect(divergingT(NaN, 1)).toBe(0.5);
  });
});

describe('lutIndex', () => {
  it('rounds t in [0, 1] to 0..LUT_SIZE - 1, with 0.5 exactly in the middle', () => {
    expect(lutIndex(0)).toBe(0);
    expect(lutIndex(1)).toBe(LUT_SIZE - 1);
    expect(lutIndex(0.5)).toBe((LUT_SIZE - 1) / 2);
    expect(lutIndex(-1)).toBe(0);
    expect(lutIndex(2)).toBe(LUT_SIZE - 1);
    expect(lutIndex(NaN)).toBe(0);
  });
});

describe('stack geometry constants', () => {
  it('draws pool and dense panels thinner than conv panels', () => {
    expect(STACK.poolHeight).toBeLessThan(STACK.convHeight);
    expect(STACK.denseHeight).toBeLessThan(STACK.poolHeight);
    expect(STACK.panelSpacing).toBeGreaterThan(0);
    expect(STACK.inputMinHeight).toBeLessThanOrEqual(STACK.inputMaxHeight);
  });
});
