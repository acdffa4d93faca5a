/**
 * Orbit camera maths (pure; gl-matrix, column-major Float32Array matrices).
 *
 * The eye circles a target point: yaw turns around the vertical axis (0 = looking down -z
 * from +z), pitch lifts the eye above (positive) or below the target, distance is the radius.
 */
import { mat4, vec4 } from 'gl-matrix';
import type { Ray, Vec3 } from './stack-types';

export interface OrbitState {
  /** Radians around +y; 0 puts the eye on the +z side of the target. */
  yaw: number;
  /** Radians above the horizontal plane through the target, within ±MAX_PITCH. */
  pitch: number;
  /** Eye-to-target distance, within [MIN_ZOOM, MAX_ZOOM] * radius. */
  distance: number;
  target: Vec3;
  /** Radius of the scene; sets the zoom limits and the clip planes. */
  radius: number;
}

/** Vertical field of view (radians). */
export const FOV_Y = (22 * Math.PI) / 180;
export const MAX_PITCH = (85 * Math.PI) / 180;
export const MIN_ZOOM = 0.15;
export const MAX_ZOOM = 12;
/** The default view: from the front-right and a little above, so depth shows. */
export const DEFAULT_YAW = 0.6;
export const DEFAULT_PITCH = 0.22;

/** Eye position of an orbit state. */
export function eyeOf(s: OrbitState): Vec3 {
  const c = Math.cos(s.pitch);
  return [
    s.target[0] + s.distance * c * Math.sin(s.yaw),
    s.target[1] + s.distance * Math.sin(s.pitch),
    s.target[2] + s.distance * c * Math.cos(s.yaw),
  ];
}

/** World-to-clip matrix (projection * view) for a viewport of the given aspect (w / h). */
export function viewProjection(s: OrbitState, aspect: number): mat4 {
  const near = Math.max(1e-3, s.distance - 4 * s.radius, s.distance * 0.01);
  const far = s.distance + 4 * s.radius + 1;
  const proj = mat4.perspective(mat4.create(), FOV_Y, aspect > 0 ? aspect : 1, near, far);
  const view = mat4.lookAt(mat4.create(), eyeOf(s), s.target, [0, 1, 0]);
  return mat4.multiply(mat4.create(), proj, view);
}

/** Turns the camera by dYaw / dPitch radians (pitch clamped to ±MAX_PITCH). */
export function rotate(s: OrbitState, dYaw: number, dPitch: number): OrbitState {
  const pitch = Math.min(MAX_PITCH, Math.max(-MAX_PITCH, s.pitch + dPitch));
  return { ...s, yaw: s.yaw + dYaw, pitch };
}

/** Multiplies the distance by factor (< 1 zooms in), clamped to the zoom limits. */
export function zoom(s: OrbitState, factor: number): OrbitState {
  if (!(factor > 0)) return s;
  const r = Math.max(s.radius, 1e-6);
  const distance = Math.min(MAX_ZOOM * r, Math.max(MIN_ZOOM * r, s.distance * factor));
  return { ...s, distance };
}

/** Converts a client (CSS pixel) position to normalised device coordinates in [-1, 1]. */
export function clientToNdc(
  clientX: number,
  clientY: number,
  rect: { left: number; top: number; width: number; height: number },
): [number, number] {
  const x = ((clientX - rect.left) / Math.max(1, rect.width)) * 2 - 1;
  const y = 1 - ((clientY - rect.top) / Math.max(1, rect.height)) * 2;
  return [x, y];
}

/** The world-space ray through an NDC point, given the inverse of the view-projection. */
export function rayFromNdc(invViewProj: mat4, ndcX: number, ndcY: number): Ray {
  const unproject = (z: number): Vec3 => {
    const p = vec4.transformMat4(vec4.create(), [ndcX, ndcY, z, 1], invViewProj);
    return [p[0] / p[3], p[1] / p[3], p[2] / p[3]];
  };
  const a = unproject(-1);
  const b = unproject(1);
  return { origin: a, dir: [b[0] - a[0], b[1] - a[1], b[2] - a[2]] };
}

/**
 * Projects a world point to pixel coordinates (origin top-left) of a width x height viewport;
 * `visible` is false when the point is behind the eye or outside the clip volume.
 */
export function projectPoint(
  viewProj: mat4,
  p: Vec3,
  width: number,
  height: number,
): { x: number; y: number; visible: boolean } {
  const c = vec4.transformMat4(vec4.create(), [p[0], p[1], p[2], 1], viewProj);
  const w = c[3];
  if (!(w > 0)) return { x: NaN, y: NaN, visible: false };
  const nx = c[0] / w;
  const ny = c[1] / w;
  const nz = c[2] / w;
  const visible = Math.abs(nx) <= 1 && Math.abs(ny) <= 1 && Math.abs(nz) <= 1;
  return { x: ((nx + 1) / 2) * width, y: ((1 - ny) / 2) * height, visible };
}

/** NDC bounding box [minX, minY, maxX, maxY] of points, or null if any is behind the eye. */
function ndcBox(m: mat4, points: readonly Vec3[]): [number, number, number, number] | null {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of points) {
    const c = vec4.transformMat4(vec4.create(), [p[0], p[1], p[2], 1], m);
    if (!(c[3] > 0)) return null;
    const [x, y] = [c[0] / c[3], c[1] / c[3]];
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }
  return box;
}

/**
 * The default view of a set of points (e.g. the panels' corners): keep yaw and pitch, then
 * alternately centre the points' projection (moving the target across the view) and pick the
 * distance (by bisection) at which every point falls inside `fill` of the viewport.
 */
export function fitPoints(
  points: readonly Vec3[],
  aspect: number,
  yaw = DEFAULT_YAW,
  pitch = DEFAULT_PITCH,
  fill = 0.92,
): OrbitState {
  const a = aspect > 0 ? aspect : 1;
  const corners = points.length ? points : ([[0, 0, 0]] as Vec3[]);
  const min: Vec3 = [0, 1, 2].map((k) => Math.min(...corners.map((p) => p[k]))) as Vec3;
  const max: Vec3 = [0, 1, 2].map((k) => Math.max(...corners.map((p) => p[k]))) as Vec3;
  const radius = Math.max(1e-3, Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]) / 2);
  let s: OrbitState = {
    yaw,
    pitch,
    distance: 2 * radius,
    target: [(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2],
    radius,
  };
  const fits = (distance: number): boolean => {
    const b = ndcBox(viewProjection({ ...s, distance }, a), corners);
    return !!b && Math.max(-b[0], -b[1], b[2], b[3]) <= fill;
  };
  for (let round = 0; round < 4; round++) {
    let [lo, hi] = [MIN_ZOOM * radius, MAX_ZOOM * radius];
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (fits(mid)) hi = mid;
      else lo = mid;
    }
    s = { ...s, distance: hi };
    const b = ndcBox(viewProjection(s, a), corners);
    if (!b || round === 3) break;
    // Shift the target by the projection's off-centre amount, in world units at the target.
    const halfH = Math.tan(FOV_Y / 2) * s.distance;
    const dx = ((b[0] + b[2]) / 2) * halfH * a;
    const dy = ((b[1] + b[3]) / 2) * halfH;
    const right: Vec3 = [Math.cos(yaw), 0, -Math.sin(yaw)];
    const up: Vec3 = [
      -Math.sin(pitch) * Math.sin(yaw),
      Math.cos(pitch),
      -Math.sin(pitch) * Math.cos(yaw),
    ];
    s = {
      ...s,
      target: [0, 1, 2].map((k) => s.target[k] + dx * right[k] + dy * up[k]) as Vec3,
    };
  }
  return s;
}
