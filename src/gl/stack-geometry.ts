/**
 * Vertex data for everything in the stack that is not a heat strip (pure, no WebGL):
 * panel borders, depth connectors, input traces (line lists) and highlight frames (triangles).
 * Every vertex has a position [x, y, z] and a colour [r, g, b].
 */
import { STACK, UI, cssToRgb, type RGB } from '../charts/palette';
import { unitRect, type PanelRect, type Rect2 } from './stack-layout';
import type { StackLayer } from './stack-types';

/** Growing vertex lists: positions and colours, 3 floats each per vertex. */
export class VertexList {
  readonly positions: number[] = [];
  readonly colors: number[] = [];

  get count(): number {
    return this.positions.length / 3;
  }

  push(x: number, y: number, z: number, c: RGB): void {
    this.positions.push(x, y, z);
    this.colors.push(c[0], c[1], c[2]);
  }

  /** One line segment (for a 'lines' draw). */
  segment(a: [number, number], b: [number, number], z: number, c: RGB): void {
    this.push(a[0], a[1], z, c);
    this.push(b[0], b[1], z, c);
  }

  /** An axis-aligned filled rectangle at depth z as two triangles. */
  quad(r: Rect2, z: number, c: RGB): void {
    this.push(r.x0, r.y0, z, c);
    this.push(r.x1, r.y0, z, c);
    this.push(r.x1, r.y1, z, c);
    this.push(r.x0, r.y0, z, c);
    this.push(r.x1, r.y1, z, c);
    this.push(r.x0, r.y1, z, c);
  }

  /** A frame of thickness w around the outside of r, from the edge outward (4 quads). */
  frame(r: Rect2, z: number, w: number, c: RGB): void {
    this.quad({ x0: r.x0 - w, x1: r.x1 + w, y0: r.y1, y1: r.y1 + w }, z, c);
    this.quad({ x0: r.x0 - w, x1: r.x1 + w, y0: r.y0 - w, y1: r.y0 }, z, c);
    this.quad({ x0: r.x0 - w, x1: r.x0, y0: r.y0, y1: r.y1 }, z, c);
    this.quad({ x0: r.x1, x1: r.x1 + w, y0: r.y0, y1: r.y1 }, z, c);
  }
}

function corners(p: PanelRect): [number, number][] {
  return [
    [p.x0, p.y0],
    [p.x1, p.y0],
    [p.x1, p.y1],
    [p.x0, p.y1],
  ];
}

/** Line list: each panel's border, channel separators on the input, depth connectors. */
export function stackLines(
  panels: readonly PanelRect[],
  layers: readonly StackLayer[],
): VertexList {
  const out = new VertexList();
  const border = cssToRgb(UI.panelBorder);
  const connector = cssToRgb(UI.connector);
  panels.forEach((p, i) => {
    const cs = corners(p);
    for (let k = 0; k < 4; k++) out.segment(cs[k], cs[(k + 1) % 4], p.z, border);
    if (layers[i]?.kind === 'input' && p.unitAxis === 'row') {
      for (let u = 1; u < p.rows; u++) {
        const y = unitRect(p, u).y1;
        out.segment([p.x0, y], [p.x1, y], p.z, border);
      }
      inputTraces(out, p, layers[i]);
    }
    const next = panels[i + 1];
    if (next) {
      const ns = corners(next);
      for (let k = 0; k < 4; k++) {
        out.push(cs[k][0], cs[k][1], p.z, connector);
        out.push(ns[k][0], ns[k][1], next.z, connector);
      }
    }
  });
  return out;
}

/** Each input channel as a polyline inside its strip, min-max scaled per channel. */
function inputTraces(out: VertexList, p: PanelRect, layer: StackLayer): void {
  const ink = cssToRgb(UI.text);
  const steps = layer.steps;
  if (steps < 2) return;
  for (let u = 0; u < p.rows; u++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let s = 0; s < steps; s++) {
      const v = layer.values[s * layer.units + u];
      if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    }
    if (!(hi >= lo)) continue;
    const band = unitRect(p, u);
    const pad = 0.15 * (band.y1 - band.y0);
    const span = hi > lo ? hi - lo : 1;
    const x = (s: number) => p.x0 + ((s + 0.5) / steps) * (p.x1 - p.x0);
    const y = (v: number) =>
      hi > lo
        ? band.y0 + pad + ((v - lo) / span) * (band.y1 - band.y0 - 2 * pad)
        : (band.y0 + band.y1) / 2;
    for (let s = 1; s < steps; s++) {
      const a = layer.values[(s - 1) * layer.units + u];
      const b = layer.values[s * layer.units + u];
      if (Number.isFinite(a) && Number.isFinite(b))
        out.segment([x(s - 1), y(a)], [x(s), y(b)], p.z, ink);
    }
  }
}

/**
 * Triangles for the highlight frames: the selected unit gets a white inner and black outer
 * frame, the hovered unit (when different) a thinner dark frame.
 */
export function highlightFrames(
  panels: readonly PanelRect[],
  selection: { layer: number; unit: number } | null,
  hover: { layer: number; unit: number } | null,
): VertexList {
  const out = new VertexList();
  const w = STACK.frameWidth * STACK.convHeight;
  const hit = (s: { layer: number; unit: number } | null) => (s ? panels[s.layer] : undefined);
  const hp = hit(hover);
  if (
    hover &&
    hp &&
    !(selection && selection.layer === hover.layer && selection.unit === hover.unit)
  ) {
    out.frame(unitRect(hp, hover.unit), hp.z, w, cssToRgb(UI.hover));
  }
  const sp = hit(selection);
  if (selection && sp) {
    const r = unitRect(sp, selection.unit);
    out.frame(r, sp.z, w, cssToRgb(UI.selectionInner));
    out.frame(
      { x0: r.x0 - w, x1: r.x1 + w, y0: r.y0 - w, y1: r.y1 + w },
      sp.z,
      1.5 * w,
      cssToRgb(UI.selectionOuter),
    );
  }
  return out;
}

/** Anchor of each panel's label: above its top-left corner. */
export function labelAnchors(panels: readonly PanelRect[]): [number, number, number][] {
  return panels.map((p) => [p.x0, p.y1 + STACK.labelGap, p.z]);
}
