/** The Clusters view's tint of the layer stack: each unit's cells mixed toward its cluster colour. */
import { describe, expect, it } from 'vitest';
import { lutIndex, sequentialLut } from '../charts/palette';
import { CLUSTER_TINT, clusterTint, emphasize } from './emphasis';
import { heatTexture, normalise } from './heat-texture';
import type { StackLayer } from './stack-types';

const texel = (data: Uint8Array, width: number, row: number, col: number) =>
  Array.from(data.subarray((row * width + col) * 4, (row * width + col) * 4 + 3));

describe('clusterTint', () => {
  it('keeps 1 - CLUSTER_TINT of the heat colour', () => {
    expect(clusterTint([0, 100, 200], [200, 100, 0])).toEqual([
      Math.round(200 * CLUSTER_TINT),
      100,
      Math.round(200 * (1 - CLUSTER_TINT)),
    ]);
    expect(clusterTint([10, 20, 30], [10, 20, 30])).toEqual([10, 20, 30]);
  });
});

describe('heatTexture with cluster colours', () => {
  // steps = 2, units = 3; values[s * 3 + u] = 10 s + u
  const layer: StackLayer = {
    name: 'conv',
    kind: 'conv',
    steps: 2,
    units: 3,
    values: new Float32Array([0, 1, 2, 10, 11, 12]),
  };
  const red = [255, 0, 0];
  const blue = [0, 0, 255];
  const colors = Uint8Array.from([...red, ...blue, ...red]);

  it('tints each unit (row) by its cluster, then applies the shown flag', () => {
    const plain = heatTexture(layer);
    const { data, width } = heatTexture(layer, 4096, {
      weights: Float32Array.of(1, 1, 1),
      shown: Uint8Array.of(1, 1, 0),
      colors,
    });
    const lut = sequentialLut();
    const heat = (v: number) => {
      const k = lutIndex(normalise(v, plain.norm)) * 4;
      return Array.from(lut.subarray(k, k + 3));
    };
    expect(texel(data, width, 0, 1)).toEqual(emphasize(clusterTint(heat(10), red), 1, true));
    expect(texel(data, width, 1, 0)).toEqual(emphasize(clusterTint(heat(1), blue), 1, true));
    // unit 2 is not shown: faded after the tint
    expect(texel(data, width, 2, 1)).toEqual(emphasize(clusterTint(heat(12), red), 1, false));
    expect(texel(data, width, 0, 1)).not.toEqual(texel(plain.data, width, 0, 1));
  });
});
