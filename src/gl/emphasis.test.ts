import { describe, expect, it } from 'vitest';
import { sequentialLut, lutIndex } from '../charts/palette';
import {
  BACKGROUND_RGB,
  HIDDEN_FADE,
  INACTIVE_RGB,
  MIN_STRENGTH,
  emphasisOf,
  emphasize,
} from './emphasis';
import { heatTexture } from './heat-texture';
import type { StackLayer } from './stack-types';

const bg: [number, number, number] = [200, 200, 200];
const grey: [number, number, number] = [100, 100, 100];

describe('emphasize', () => {
  it('keeps the heat colour at weight 1 when shown', () => {
    expect(emphasize([10, 20, 30], 1, true, bg, grey)).toEqual([10, 20, 30]);
  });

  it('mixes toward the background as the weight falls', () => {
    // strength = MIN_STRENGTH + (1 - MIN_STRENGTH) * 0.5
    const s = MIN_STRENGTH + (1 - MIN_STRENGTH) * 0.5;
    expect(emphasize([0, 100, 200], 0.5, true, bg, grey)).toEqual([
      Math.round(200 + (0 - 200) * s),
      Math.round(200 + (100 - 200) * s),
      200,
    ]);
    const weak = emphasize([0, 0, 0], 1e-3, true, bg, grey);
    expect(weak[0]).toBeCloseTo(200 * (1 - MIN_STRENGTH), -1);
    // weights above 1 are clamped
    expect(emphasize([0, 0, 0], 5, true, bg, grey)).toEqual([0, 0, 0]);
  });

  it('draws inactive units (weight ~0, NaN) grey whatever their colour', () => {
    expect(emphasize([255, 0, 0], 0, true, bg, grey)).toEqual(grey);
    expect(emphasize([0, 255, 0], 1e-7, true, bg, grey)).toEqual(grey);
    expect(emphasize([0, 0, 255], NaN, true, bg, grey)).toEqual(grey);
  });

  it('fades units not shown almost to the background', () => {
    const c = emphasize([0, 0, 0], 1, false, bg, grey);
    expect(c).toEqual([0, 0, 0].map(() => Math.round(200 * HIDDEN_FADE)));
    const g = emphasize([0, 0, 0], 0, false, bg, grey);
    expect(g).toEqual([0, 0, 0].map(() => Math.round(100 + 100 * HIDDEN_FADE)));
  });

  it('defaults to the stack background and the inactive grey', () => {
    expect(emphasize([1, 2, 3], 0, true)).toEqual(INACTIVE_RGB);
    expect(emphasize([1, 2, 3], 0, false)).toEqual(
      INACTIVE_RGB.map((c, i) => Math.round(c + (BACKGROUND_RGB[i] - c) * HIDDEN_FADE)),
    );
  });

  it('finds a panel by index', () => {
    const e = { layer: 2, weights: new Float32Array(1), shown: new Uint8Array(1) };
    expect(emphasisOf([e], 2)).toBe(e);
    expect(emphasisOf([e], 1)).toBeNull();
    expect(emphasisOf(null, 2)).toBeNull();
  });
});

describe('heatTexture with emphasis', () => {
  // 2 steps x 3 units, all equal to their max: every cell is the top of the sequential map
  const layer: StackLayer = {
    name: 'conv',
    kind: 'conv',
    steps: 2,
    units: 3,
    values: new Float32Array([0, 1, 2, 0, 1, 2]),
  };
  const texel = (data: Uint8Array, width: number, row: number, col: number) =>
    Array.from(data.subarray((row * width + col) * 4, (row * width + col) * 4 + 3));

  it('tints each unit row by its weight and shown flag, leaving alpha opaque', () => {
    const plain = heatTexture(layer);
    const tinted = heatTexture(layer, 4096, {
      weights: new Float32Array([1, 0, 0.5]),
      shown: new Uint8Array([1, 1, 0]),
    });
    const lut = sequentialLut();
    const top = Array.from(lut.subarray(lutIndex(1) * 4, lutIndex(1) * 4 + 3));
    // unit 0: weight 1, shown: unchanged
    expect(texel(tinted.data, 2, 0, 1)).toEqual(texel(plain.data, 2, 0, 1));
    // unit 1: inactive grey
    expect(texel(tinted.data, 2, 1, 0)).toEqual(INACTIVE_RGB);
    // unit 2: half weight, faded
    const rgb = texel(plain.data, 2, 2, 0);
    expect(rgb).toEqual(top);
    expect(texel(tinted.data, 2, 2, 0)).toEqual(emphasize(rgb, 0.5, false));
    for (let i = 3; i < tinted.data.length; i += 4) expect(tinted.data[i]).toBe(255);
  });

  it('tints dense (one-step) panels by column and leaves units beyond the arrays plain', () => {
    const dense: StackLayer = {
      name: 'dense',
      kind: 'dense',
      steps: 1,
      units: 3,
      values: new Float32Array([1, 2, 3]),
    };
    const plain = heatTexture(dense);
    const tinted = heatTexture(dense, 4096, {
      weights: new Float32Array([0]),
      shown: new Uint8Array([1]),
    });
    expect(texel(tinted.data, 3, 0, 0)).toEqual(INACTIVE_RGB);
    expect(texel(tinted.data, 3, 0, 2)).toEqual(texel(plain.data, 3, 0, 2));
  });
});
