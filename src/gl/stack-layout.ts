/**
 * Where each layer's panel sits in the 3-D stack (pure; world units from palette STACK).
 *
 * Panels are axis-aligned rectangles in planes z = -index * spacing: the input (index 0) at
 * z = 0 in front, deeper layers behind it. They are centred on x = 0 and hang from a common
 * top edge y = TOP, so that from the default (raised) viewpoint every deeper panel's top
 * shows above the panels in front of it. x runs along time (left = step 0), y along units
 * (top = unit 0).
 */
import { STACK } from '../charts/palette';
import type { StackLayer, Vec3 } from './stack-types';

/** Rectangle of one panel and the grid of cells drawn on it. */
export interface PanelRect {
  layer: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  z: number;
  /** Grid size: rows top to bottom, cols left to right (also the texture size). */
  rows: number;
  cols: number;
  /**
   * 'row': unit u is row u, columns are time steps (input, conv, pool);
   * 'col': unit u is column u of a single row (dense / flatten, where steps = 1).
   */
  unitAxis: 'row' | 'col';
}

/** An axis-aligned rectangle in a panel's plane. */
export interface Rect2 {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The shared top edge of all panels. */
export const TOP = STACK.convHeight / 2;

type LayerShape = Pick<StackLayer, 'kind' | 'steps' | 'units'>;

/** Grid of a layer: units as rows unless the layer has one step and several units. */
export function gridOf(layer: LayerShape): Pick<PanelRect, 'rows' | 'cols' | 'unitAxis'> {
  const steps = Math.max(1, layer.steps);
  const units = Math.max(1, layer.units);
  if (steps === 1 && units > 1) return { rows: 1, cols: units, unitAxis: 'col' };
  return { rows: units, cols: steps, unitAxis: 'row' };
}

function panelHeight(layer: LayerShape): number {
  if (Math.max(1, layer.steps) === 1) return STACK.denseHeight;
  switch (layer.kind) {
    case 'input':
      return Math.min(
        STACK.inputMaxHeight,
        Math.max(STACK.inputMinHeight, Math.max(1, layer.units) * STACK.inputRowHeight),
      );
    case 'pool':
      return STACK.poolHeight;
    default:
      return STACK.convHeight;
  }
}

function panelWidth(layer: LayerShape, maxSteps: number): number {
  const steps = Math.max(1, layer.steps);
  if (steps === 1) {
    const units = Math.max(1, layer.units);
    return Math.min(STACK.maxPanelWidth, units * STACK.denseCellWidth);
  }
  return Math.max(STACK.minPanelWidth, (STACK.maxPanelWidth * steps) / maxSteps);
}

/** Panels for the layers, in the same order (panel i is layer i). */
export function layoutStack(layers: readonly LayerShape[]): PanelRect[] {
  const maxSteps = Math.max(1, ...layers.map((l) => l.steps));
  return layers.map((layer, i) => {
    const w = panelWidth(layer, maxSteps);
    const h = panelHeight(layer);
    return {
      layer: i,
      x0: -w / 2,
      x1: w / 2,
      y0: TOP - h,
      y1: TOP,
      z: -i * STACK.panelSpacing,
      ...gridOf(layer),
    };
  });
}

/** The four corners of every panel (empty for no panels). */
export function panelCorners(panels: readonly PanelRect[]): Vec3[] {
  return panels.flatMap((p): Vec3[] => [
    [p.x0, p.y0, p.z],
    [p.x1, p.y0, p.z],
    [p.x1, p.y1, p.z],
    [p.x0, p.y1, p.z],
  ]);
}

/** The rectangle covered by one unit (its row, or its cell), clamped to the panel's units. */
export function unitRect(panel: PanelRect, unit: number): Rect2 {
  const n = panel.unitAxis === 'row' ? panel.rows : panel.cols;
  const u = Math.min(n - 1, Math.max(0, Math.floor(unit)));
  if (panel.unitAxis === 'row') {
    const h = (panel.y1 - panel.y0) / panel.rows;
    return { x0: panel.x0, x1: panel.x1, y0: panel.y1 - (u + 1) * h, y1: panel.y1 - u * h };
  }
  const w = (panel.x1 - panel.x0) / panel.cols;
  return { x0: panel.x0 + u * w, x1: panel.x0 + (u + 1) * w, y0: panel.y0, y1: panel.y1 };
}

/** The unit under a point (x, y) of the panel's plane, or null outside the panel. */
export function unitAt(panel: PanelRect, x: number, y: number): number | null {
  if (x < panel.x0 || x > panel.x1 || y < panel.y0 || y > panel.y1) return null;
  if (panel.unitAxis === 'row') {
    const v = (panel.y1 - y) / (panel.y1 - panel.y0);
    return Math.min(panel.rows - 1, Math.floor(v * panel.rows));
  }
  const u = (x - panel.x0) / (panel.x1 - panel.x0);
  return Math.min(panel.cols - 1, Math.floor(u * panel.cols));
}
