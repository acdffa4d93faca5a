/**
 * Colour normalisation of a layer and its heat-strip texture (pure, no WebGL).
 *
 * Per layer: values that are all >= 0 (ReLU, sigmoid, saliency) are min-max scaled onto the
 * sequential colormap; signed values (LeakyReLU, linear, standardised input) are scaled
 * symmetrically, v / max|v|, onto the diverging colormap so that zero stays white.
 */
import { UI, cssToRgb, divergingLut, divergingT, lutIndex, sequentialLut } from '../charts/palette';
import { clusterTint, emphasize, type PanelEmphasis } from './emphasis';
import { gridOf } from './stack-layout';
import type { StackLayer } from './stack-types';

export type ColorScale = 'sequential' | 'diverging';

/** How a layer's raw values map onto [0, 1] for colour. */
export interface LayerNorm {
  scale: ColorScale;
  /** Finite minimum and maximum (0 and 0 when there is no finite value). */
  min: number;
  max: number;
  /** max(|min|, |max|). */
  maxAbs: number;
}

/** Scans the finite values and picks the colour scale (see the module comment). */
export function layerNorm(values: ArrayLike<number>): LayerNorm {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return { scale: 'sequential', min: 0, max: 0, maxAbs: 0 };
  const maxAbs = Math.max(Math.abs(min), Math.abs(max));
  return { scale: min >= 0 ? 'sequential' : 'diverging', min, max, maxAbs };
}

/**
 * A raw value as t in [0, 1] under the norm; NaN for non-finite values. A constant
 * sequential layer maps to 0.5 (nothing to contrast).
 */
export function normalise(v: number, n: LayerNorm): number {
  if (!Number.isFinite(v)) return NaN;
  if (n.scale === 'diverging') return divergingT(v, n.maxAbs);
  const range = n.max - n.min;
  if (!(range > 0)) return 0.5;
  return Math.min(1, Math.max(0, (v - n.min) / range));
}

/** RGBA texture of a layer's grid: width = columns, height = rows, row 0 = top of the panel. */
export interface HeatTexture {
  data: Uint8Array;
  width: number;
  height: number;
  norm: LayerNorm;
}

/**
 * Colours every cell of the layer's grid (see stack-layout gridOf). A grid larger than
 * maxSize in either direction is subsampled (nearest source cell) to fit the GPU's limit.
 * Missing or non-finite values are drawn in UI.missing. With `emphasis`, each unit's cells are
 * tinted by its weight and shown flag (emphasis.ts); units beyond its arrays are left as they are.
 */
export function heatTexture(
  layer: StackLayer,
  maxSize = 4096,
  emphasis: Pick<PanelEmphasis, 'weights' | 'shown' | 'colors'> | null = null,
): HeatTexture {
  const grid = gridOf(layer);
  const norm = layerNorm(layer.values);
  const lut = norm.scale === 'diverging' ? divergingLut() : sequentialLut();
  const width = Math.max(1, Math.min(grid.cols, maxSize));
  const height = Math.max(1, Math.min(grid.rows, maxSize));
  const data = new Uint8Array(width * height * 4);
  const missing = cssToRgb(UI.missing).map((c) => Math.round(c * 255));
  const units = Math.max(1, layer.units);
  for (let r = 0; r < height; r++) {
    const row = Math.floor(((r + 0.5) * grid.rows) / height);
    for (let c = 0; c < width; c++) {
      const col = Math.floor(((c + 0.5) * grid.cols) / width);
      // 'row' grids: row = unit, col = step; 'col' grids (one step): col = unit.
      const idx = grid.unitAxis === 'row' ? col * units + row : col;
      const v = idx < layer.values.length ? layer.values[idx] : NaN;
      const t = normalise(v, norm);
      const o = (r * width + c) * 4;
      if (Number.isNaN(t)) {
        data.set([missing[0], missing[1], missing[2], 255], o);
      } else {
        const k = lutIndex(t) * 4;
        data.set(lut.subarray(k, k + 4), o);
      }
      const unit = grid.unitAxis === 'row' ? row : col;
      const tint = emphasis?.colors;
      if (tint && unit * 3 + 2 < tint.length)
        data.set(clusterTint(data.subarray(o, o + 3), tint.subarray(unit * 3, unit * 3 + 3)), o);
      if (emphasis && unit < emphasis.weights.length) {
        const shown = unit < emphasis.shown.length ? emphasis.shown[unit] !== 0 : true;
        data.set(emphasize(data.subarray(o, o + 3), emphasis.weights[unit], shown), o);
      }
    }
  }
  return { data, width, height, norm };
}
