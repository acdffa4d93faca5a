import { describe, expect, it } from 'vitest';
import { mat4, vec4 } from 'gl-matrix';
import {
  FOV_Y,
  MAX_PITCH,
  MIN_ZOOM,
  MAX_ZOOM,
  clientToNdc,
  eyeOf,
  fitPoints,
  projectPoint,
  rayFromNdc,
  rotate,
  viewProjection,
  zoom,
  type OrbitState,
} from './camera';
import type { Vec3 } from './stack-types';

const front: OrbitState = { yaw: 0, pitch: 0, distance: 10, target: [0, 0, 0], radius: 2 };

describe('orbit state', () => {
  it('puts the eye on +z at yaw 0 and on +x at yaw 90°', () => {
    const eye = eyeOf({ ...front, distance: 5, target: [1, 2, 3] });
    expect(eye[0]).toBeCloseTo(1, 12);
    expect(eye[1]).toBeCloseTo(2, 12);
    expect(eye[2]).toBeCloseTo(8, 12);
    const side = eyeOf({ ...front, yaw: Math.PI / 2, distance: 5, target: [1, 2, 3] });
    expect(side).toEqual([expect.closeTo(6, 12), expect.closeTo(2, 12), expect.closeTo(3, 12)]);
  });

  it('lifts the eye with pitch', () => {
    const eye = eyeOf({ ...front, pitch: Math.PI / 6 });
    expect(eye[1]).toBeCloseTo(5, 12); // 10 * sin 30°
    expect(eye[2]).toBeCloseTo(10 * Math.cos(Math.PI / 6), 12);
  });

  it('rotates and clamps the pitch', () => {
    const r = rotate(front, 0.5, 0.25);
    expect(r.yaw).toBe(0.5);
    expect(r.pitch).toBe(0.25);
    expect(rotate(front, 0, 10).pitch).toBe(MAX_PITCH);
    expect(rotate(front, 0, -10).pitch).toBe(-MAX_PITCH);
    expect(front.yaw).toBe(0); // not mutated
  });

  it('zooms by a factor within the limits', () => {
    expect(zoom(front, 0.5).distance).toBeCloseTo(5, 12);
    expect(zoom(front, 1e-6).distance).toBeCloseTo(MIN_ZOOM * 2, 12);
    expect(zoom(front, 1e6).distance).toBeCloseTo(MAX_ZOOM * 2, 12);
    expect(zoom(front, 0)).toBe(front);
    expect(zoom(front, NaN)).toBe(front);
  });
});

describe('projection', () => {
  it('projects the target to the centre of the viewport', () => {
    const q = projectPoint(viewProjection(front, 2), [0, 0, 0], 400, 200);
    expect(q.x).toBeCloseTo(200, 9);
    expect(q.y).toBeCloseTo(100, 9);
    expect(q.visible).toBe(true);
  });

  it('matches a hand-computed perspective projection', () => {
    // Eye at z = 10 looking down -z; x = 1 at depth 10 lands at 1 / (10 tan(fov / 2)) in NDC.
    const ndc = 1 / (10 * Math.tan(FOV_Y / 2));
    const q = projectPoint(viewProjection(front, 1), [1, 0, 0], 200, 200);
    // gl-matrix works in float32: compare to 1e-4 px.
    expect(q.x).toBeCloseTo(((ndc + 1) / 2) * 200, 4);
    expect(q.y).toBeCloseTo(100, 4);
    const up = projectPoint(viewProjection(front, 1), [0, 1, 0], 200, 200);
    expect(up.y).toBeCloseTo(((1 - ndc) / 2) * 200, 4); // screen y grows downward
  });

  it('reports points behind the eye as not visible', () => {
    expect(projectPoint(viewProjection(front, 1), [0, 0, 20], 100, 100).visible).toBe(false);
  });

  it('converts client pixels to NDC', () => {
    const rect = { left: 10, top: 20, width: 200, height: 100 };
    expect(clientToNdc(10, 20, rect)).toEqual([-1, 1]);
    expect(clientToNdc(210, 120, rect)).toEqual([1, -1]);
    expect(clientToNdc(110, 70, rect)).toEqual([0, 0]);
  });
});

describe('rays', () => {
  const inverse = (s: OrbitState, aspect: number) => {
    const inv = mat4.invert(mat4.create(), viewProjection(s, aspect));
    if (!inv) throw new Error('singular');
    return inv;
  };

  it('casts the centre ray from the eye straight at the target', () => {
    const ray = rayFromNdc(inverse(front, 1), 0, 0);
    expect(ray.origin[0]).toBeCloseTo(0, 9);
    expect(ray.origin[1]).toBeCloseTo(0, 9);
    expect(ray.origin[2]).toBeGreaterThan(0); // on the near plane, in front of the eye
    expect(ray.origin[2]).toBeLessThan(10);
    expect(ray.dir[0]).toBeCloseTo(0, 9);
    expect(ray.dir[1]).toBeCloseTo(0, 9);
    expect(ray.dir[2]).toBeLessThan(0);
  });

  it('passes through the point that was projected (round trip, oblique view)', () => {
    const s: OrbitState = {
      yaw: 0.7,
      pitch: 0.3,
      distance: 12,
      target: [0.5, -0.2, -3],
      radius: 4,
    };
    const aspect = 1.6;
    const p: Vec3 = [1.1, 0.4, -5];
    const m = viewProjection(s, aspect);
    const c = vec4.transformMat4(vec4.create(), [...p, 1], m);
    const ray = rayFromNdc(inverse(s, aspect), c[0] / c[3], c[1] / c[3]);
    // distance from p to the ray's line
    const d = ray.dir;
    const w = [p[0] - ray.origin[0], p[1] - ray.origin[1], p[2] - ray.origin[2]];
    const t = (w[0] * d[0] + w[1] * d[1] + w[2] * d[2]) / (d[0] ** 2 + d[1] ** 2 + d[2] ** 2);
    const miss = Math.hypot(w[0] - t * d[0], w[1] - t * d[1], w[2] - t * d[2]);
    expect(miss).toBeLessThan(1e-4);
    expect(t).toBeGreaterThan(0);
  });
});

describe('fitPoints', () => {
  const points: Vec3[] = [
    [-1.2, -0.6, 0],
    [1.2, 0.6, 0],
    [-0.3, 0.2, -15],
    [0.3, 0.6, -15],
  ];

  it('keeps every point inside the fill and centres the projection', () => {
    const s = fitPoints(points, 1.6, 0.6, 0.22, 0.9);
    const m = viewProjection(s, 1.6);
    const ndc = points.map((p) => {
      const c = vec4.transformMat4(vec4.create(), [...p, 1], m);
      expect(c[3]).toBeGreaterThan(0);
      return [c[0] / c[3], c[1] / c[3]];
    });
    const xs = ndc.map((q) => q[0]);
    const ys = ndc.map((q) => q[1]);
    const extent = Math.max(...xs.map(Math.abs), ...ys.map(Math.abs));
    expect(extent).toBeLessThanOrEqual(0.9 + 1e-6);
    expect(extent).toBeGreaterThan(0.85); // as close as it can be, not far away
    expect((Math.min(...xs) + Math.max(...xs)) / 2).toBeCloseTo(0, 1);
    expect((Math.min(...ys) + Math.max(...ys)) / 2).toBeCloseTo(0, 1);
    expect(s.yaw).toBe(0.6);
    expect(s.pitch).toBe(0.22);
  });

  it('gives a usable state for no points', () => {
    const s = fitPoints([], 1);
    expect(Number.isFinite(s.distance)).toBe(true);
    expect(s.distance).toBeGreaterThan(0);
  });
});
