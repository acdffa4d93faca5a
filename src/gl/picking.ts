/**
 * CPU picking: a ray against the stack's panel rectangles (pure, no WebGL).
 * Panels are opaque, so the nearest hit along the ray wins.
 */
import { unitAt, type PanelRect } from './stack-layout';
import type { Ray, StackSelection, Vec3 } from './stack-types';

/** Where a ray meets a panel: its index in the array, the ray parameter t and the point. */
export interface PanelHit {
  index: number;
  t: number;
  point: Vec3;
}

/** Rays closer than this to parallel with a panel's plane never hit it. */
const EPS = 1e-9;

/**
 * Intersection of the ray with one panel (the plane z = panel.z, inside its rectangle,
 * edges included), as t >= 0, or null.
 */
export function intersectPanel(ray: Ray, panel: PanelRect): number | null {
  const dz = ray.dir[2];
  if (Math.abs(dz) < EPS) return null;
  const t = (panel.z - ray.origin[2]) / dz;
  if (!(t >= 0)) return null;
  const x = ray.origin[0] + t * ray.dir[0];
  const y = ray.origin[1] + t * ray.dir[1];
  if (x < panel.x0 || x > panel.x1 || y < panel.y0 || y > panel.y1) return null;
  return t;
}

/** The nearest panel the ray hits (smallest t), or null when it misses all of them. */
export function pickPanel(ray: Ray, panels: readonly PanelRect[]): PanelHit | null {
  let best: PanelHit | null = null;
  panels.forEach((panel, index) => {
    const t = intersectPanel(ray, panel);
    if (t === null || (best !== null && t >= best.t)) return;
    const point: Vec3 = [
      ray.origin[0] + t * ray.dir[0],
      ray.origin[1] + t * ray.dir[1],
      ray.origin[2] + t * ray.dir[2],
    ];
    best = { index, t, point };
  });
  return best;
}

/** The layer and unit (filter row, channel or dense cell) under the ray, or null. */
export function pickUnit(ray: Ray, panels: readonly PanelRect[]): StackSelection | null {
  const hit = pickPanel(ray, panels);
  if (!hit) return null;
  const panel = panels[hit.index];
  const unit = unitAt(panel, hit.point[0], hit.point[1]);
  return unit === null ? null : { layer: panel.layer, unit };
}
