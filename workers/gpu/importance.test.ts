/** The CPU path of the filter importance, and `run` picking it where Node has no WebGPU. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  filterImportance,
  filterImportanceCpu,
  filterImportanceOfTensor,
  IMPORTANCE_GPU_MIN_VALUES,
  type ImportanceShape,
} from './importance';
import * as tf from '@tensorflow/tfjs';

const shapeArb = fc.record({
  n: fc.integer({ min: 0, max: 5 }),
  p: fc.integer({ min: 0, max: 9 }),
  f: fc.integer({ min: 0, max: 6 }),
});

const caseArb = shapeArb.chain((shape) =>
  fc
    .float32Array({
      minLength: shape.n * shape.p * shape.f,
      maxLength: shape.n * shape.p * shape.f,
      noNaN: true,
      noDefaultInfinity: true,
      min: -1e6,
      max: 1e6,
    })
    .map((g) => ({ shape, g })),
);

/** The definition, written out independently: Σ_p |g[n, p, f]|. */
function reference(g: Float32Array, { n: N, p: P, f: F }: ImportanceShape): number[] {
  const out: number[] = [];
  for (let n = 0; n < N; n++)
    for (let f = 0; f < F; f++) {
      let s = 0;
      for (let p = 0; p < P; p++) s += Math.abs(g[n * P * F + p * F + f]);
      out.push(s);
    }
  return out;
}

describe('filterImportanceCpu', () => {
  it('matches hand-worked values', () => {
    // g[0] = [[1, -2], [3, 4], [-5, 0.5]], g[1] = [[0, 0], [-1, 1], [2, -2]]
    const g = new Float32Array([1, -2, 3, 4, -5, 0.5, 0, 0, -1, 1, 2, -2]);
    expect(Array.from(filterImportanceCpu(g, { n: 2, p: 3, f: 2 }))).toEqual([9, 6.5, 3, 3]);
  });

  it('handles one position, one filter and empty axes', () => {
    expect(
      Array.from(filterImportanceCpu(new Float32Array([-3, 4]), { n: 1, p: 1, f: 2 })),
    ).toEqual([3, 4]);
    expect(
      Array.from(filterImportanceCpu(new Float32Array([-1, 2, -3]), { n: 1, p: 3, f: 1 })),
    ).toEqual([6]);
    expect(Array.from(filterImportanceCpu(new Float32Array(0), { n: 2, p: 0, f: 3 }))).toEqual([
      0, 0, 0, 0, 0, 0,
    ]);
    expect(filterImportanceCpu(new Float32Array(0), { n: 0, p: 4, f: 3 }).length).toBe(0);
  });

  it('accumulates in float64 (small terms are not lost next to a large one)', () => {
    const P = 1001;
    const g = new Float32Array(P).fill(1);
    g[0] = 2 ** 24; // in float32, 2^24 + 1 rounds back to 2^24
    expect(filterImportanceCpu(g, { n: 1, p: P, f: 1 })[0]).toBe(2 ** 24 + 1000);
  });

  it('rejects a length that does not match the shape', () => {
    expect(() => filterImportanceCpu(new Float32Array(5), { n: 1, p: 2, f: 3 })).toThrow(
      RangeError,
    );
    expect(() => filterImportanceCpu(new Float32Array(0), { n: -1, p: 0, f: 0 })).toThrow(
      RangeError,
    );
  });

  it('is non-negative and equals the sum of absolute values', () => {
    fc.assert(
      fc.property(caseArb, ({ shape, g }) => {
        const out = filterImportanceCpu(g, shape);
        expect(out.length).toBe(shape.n * shape.f);
        const ref = reference(g, shape);
        out.forEach((v, i) => {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBe(Math.fround(ref[i]));
        });
      }),
    );
  });

  it('is linear in scaling: importance(c·g) = |c|·importance(g)', () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom(-4, -2, -1, -0.5, 0, 0.25, 2, 8), ({ shape, g }, c) => {
        // powers of two: c·g is exact in float32, so the sums match exactly
        const scaled = g.map((v) => v * c);
        const a = filterImportanceCpu(scaled, shape);
        const b = filterImportanceCpu(g, shape);
        a.forEach((v, i) => expect(v).toBe(Math.fround(Math.abs(c) * b[i])));
      }),
    );
  });

  it('is invariant to flipping signs and to permuting positions', () => {
    fc.assert(
      fc.property(caseArb, fc.integer(), ({ shape, g }, seed) => {
        const { n: N, p: P, f: F } = shape;
        const perm = Array.from({ length: P }, (_, i) => i).sort(
          (a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13),
        );
        const h = new Float32Array(g.length);
        for (let n = 0; n < N; n++)
          for (let p = 0; p < P; p++)
            for (let f = 0; f < F; f++) h[(n * P + p) * F + f] = -g[(n * P + perm[p]) * F + f];
        const a = filterImportanceCpu(h, shape);
        const b = filterImportanceCpu(g, shape);
        a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThanOrEqual(1e-6 * b[i]));
      }),
    );
  });
});

describe('filterImportance.run without WebGPU (Node)', () => {
  it('runs the CPU path and says why', async () => {
    const shape = { n: 4, p: 256, f: 256 }; // big enough to be worth the GPU
    expect(shape.n * shape.p * shape.f).toBeGreaterThanOrEqual(IMPORTANCE_GPU_MIN_VALUES);
    const g = new Float32Array(shape.n * shape.p * shape.f).fill(-0.5);
    const r = await filterImportance.run(g, shape);
    expect(r.path).toBe('cpu');
    expect(r.source).toBeNull();
    expect(r.reason).toMatch(/WebGPU/);
    expect(r.value[0]).toBe(128);
    const forced = await filterImportance.runWith({ prefer: 'gpu' }, g, shape);
    expect(forced.path).toBe('cpu');
  });

  it('keeps small work on the CPU without looking for a device', async () => {
    const r = await filterImportance.run(new Float32Array([1, -1]), { n: 1, p: 2, f: 1 });
    expect(r).toMatchObject({ path: 'cpu', reason: expect.stringMatching(/too small/) });
    expect(Array.from(r.value)).toEqual([2]);
  });

  it('reads a tensor on a non-WebGPU backend and uses the CPU path', async () => {
    await tf.setBackend('cpu');
    const t = tf.tensor3d([1, -2, 3, 4, -5, 0.5, 0, 0, -1, 1, 2, -2], [2, 3, 2]);
    const before = tf.memory().numTensors;
    const r = await filterImportanceOfTensor(t);
    expect(r.path).toBe('cpu');
    expect(r.reason).toMatch(/cpu backend/);
    expect(Array.from(r.value)).toEqual([9, 6.5, 3, 3]);
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
    await expect(filterImportanceOfTensor(tf.zeros([2, 2]))).rejects.toThrow(RangeError);
  });
});
