import { describe, expect, it } from 'vitest';
import { UI, cssToRgb, divergingLut, lutIndex, sequentialLut } from '../charts/palette';
import { heatTexture, layerNorm, normalise } from './heat-texture';
import type { StackLayer } from './stack-types';

const texel = (data: Uint8Array, width: number, row: number, col: number) =>
  Array.from(data.subarray((row * width + col) * 4, (row * width + col) * 4 + 4));
const lutAt = (lut: Uint8Array, t: number) =>
  Array.from(lut.subarray(lutIndex(t) * 4, lutIndex(t) * 4 + 4));

describe('layerNorm / normalise', () => {
  it('uses min-max on the sequential map for non-negative layers', () => {
    const n = layerNorm([0, 2, 4, NaN, Infinity]);
    expect(n).toEqual({ scale: 'sequential', min: 0, max: 4, maxAbs: 4 });
    expect(normalise(1, n)).toBe(0.25);
    expect(normalise(4, n)).toBe(1);
    expect(normalise(NaN, n)).toBeNaN();
  });

  it('uses the diverging map symmetrically for signed layers', () => {
    const n = layerNorm([-1, 0.5, 4]);
    expect(n.scale).toBe('diverging');
    expect(n.maxAbs).toBe(4);
    expect(normalise(0, n)).toBe(0.5);
    expect(normalise(-1, n)).toBe(0.375);
    expect(normalise(4, n)).toBe(1);
  });

  it('handles constant and empty layers', () => {
    const c = layerNorm([3, 3, 3]);
    expect(normalise(3, c)).toBe(0.5);
    expect(layerNorm([])).toEqual({ scale: 'sequential', min: 0, max: 0, maxAbs: 0 });
    expect(layerNorm([NaN]).max).toBe(0);
  });
});

describe('heatTexture', () => {
  it('lays units out as rows and steps as columns, row 0 = unit 0', () => {
    // steps = 2, units = 3; values[s * 3 + u] = 10 s + u
    const layer: StackLayer = {
      name: 'conv',
      kind: 'conv',
      steps: 2,
      units: 3,
      values: new Float32Array([0, 1, 2, 10, 11, 12]),
    };
    const { data, width, height, norm } = heatTexture(layer);
    expect([width, height]).toEqual([2, 3]);
    const lut = sequentialLut();
    expect(texel(data, width, 0, 1)).toEqual(lutAt(lut, normalise(10, norm)));
    expect(texel(data, width, 2, 0)).toEqual(lutAt(lut, normalise(2, norm)));
    expect(texel(data, width, 2, 1)).toEqual(lutAt(lut, 1));
  });

  it('lays a one-step layer out as a single row of cells', () => {
    const layer: StackLayer = {
      name: 'dense',
      kind: 'dense',
      steps: 1,
      units: 4,
      values: new Float32Array([-2, -1, 1, 2]),
    };
    const { data, width, height } = heatTexture(layer);
    expect([width, height]).toEqual([4, 1]);
    expect(texel(data, width, 0, 0)).toEqual(lutAt(divergingLut(), 0));
    expect(texel(data, width, 0, 3)).toEqual(lutAt(divergingLut(), 1));
  });

  it('paints missing and non-finite values grey', () => {
    const layer: StackLayer = {
      name: 'x',
      kind: 'conv',
      steps: 2,
      units: 2,
      values: new Float32Array([1, NaN, 2]),
    };
    const { data, width } = heatTexture(layer);
    const grey = [...cssToRgb(UI.missing).map((c) => Math.round(c * 255)), 255];
    expect(texel(data, width, 1, 0)).toEqual(grey); // NaN
    expect(texel(data, width, 1, 1)).toEqual(grey); // past the end of values
  });

  it('subsamples grids larger than the GPU limit', () => {
    const values = Float32Array.from({ length: 10 }, (_, s) => s);
    const layer: StackLayer = { name: 'long', kind: 'conv', steps: 10, units: 1, values };
    const { data, width, norm } = heatTexture(layer, 4);
    expect(width).toBe(4);
    // source columns floor((c + 0.5) * 10 / 4) = 1, 3, 6, 8
    [1, 3, 6, 8].forEach((s, c) =>
      expect(texel(data, width, 0, c)).toEqual(lutAt(sequentialLut(), normalise(s, norm))),
    );
  });
});
