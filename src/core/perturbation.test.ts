import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveDiffs, diffPairsOf, normalStart, uniformBallOffset } from './derived-channels';
import { perturbation, perturbationSummary } from './perturbation';

describe('perturbationSummary', () => {
  it('per channel L1, L-infinity and share of the total, by hand', () => {
    // T = 3, C = 2
    const x0 = Float32Array.from([0, 1, 0, 1, 0, 1]);
    const x = Float32Array.from([0.5, 1, -1, 1, 0, 0.5]);
    expect(Array.from(perturbation(x0, x))).toEqual([0.5, 0, -1, 0, 0, -0.5]);
    const s = perturbationSummary(x0, x, 2);
    expect(s).toEqual([
      { channel: 0, l1: 1.5, linf: 1, share: 0.75 },
      { channel: 1, l1: 0.5, linf: 0.5, share: 0.25 },
    ]);
    expect(perturbationSummary(x0, x0, 2).map((r) => r.share)).toEqual([0, 0]);
    expect(() => perturbation(x0, x.slice(1))).toThrow(RangeError);
  });

  it('shares sum to 1 and L-infinity bounds L1 (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer(),
        (C, T, seed) => {
          const x0 = normalStart(T, C, seed);
          const x = normalStart(T, C, seed + 1);
          const s = perturbationSummary(x0, x, C);
          expect(s.reduce((a, r) => a + r.share, 0)).toBeCloseTo(1, 6);
          for (const r of s) {
            expect(r.linf).toBeLessThanOrEqual(r.l1 + 1e-9);
            expect(r.l1).toBeLessThanOrEqual(T * r.linf + 1e-6);
          }
        },
      ),
    );
  });
});

describe('derived channels', () => {
  it('finds "Δ name" channels', () => {
    expect(diffPairsOf(['traffic', 'Δ traffic'])).toEqual([{ base: 0, diff: 1 }]);
    expect(diffPairsOf(['p', 't', 'Δ p', 'Δ t'])).toEqual([
      { base: 0, diff: 2 },
      { base: 1, diff: 3 },
    ]);
    expect(diffPairsOf(['pressure', 'temperature', 'torque'])).toEqual([]);
    expect(diffPairsOf(['a', 'Δ b'])).toEqual([]);
  });

  it('recomputes differences, keeping or setting d[0]', () => {
    const x = Float32Array.from([1, 9, 3, 9, 6, 9]);
    deriveDiffs(x, 3, 2, [{ base: 0, diff: 1 }]);
    expect(Array.from(x)).toEqual([1, 9, 3, 2, 6, 3]);
    deriveDiffs(x, 3, 2, [{ base: 0, diff: 1 }], [0]);
    expect(x[1]).toBe(0);
  });

  it('seeded starts: the same seed gives the same values; consistent differences', () => {
    expect(Array.from(normalStart(4, 2, 7))).toEqual(Array.from(normalStart(4, 2, 7)));
    expect(Array.from(normalStart(4, 2, 7))).not.toEqual(Array.from(normalStart(4, 2, 8)));
    const x = normalStart(5, 2, 3, [{ base: 0, diff: 1 }], 0.25);
    expect(x[1]).toBe(0);
    for (let t = 1; t < 5; t++) expect(x[t * 2 + 1]).toBeCloseTo(x[t * 2] - x[t * 2 - 2], 6);
    const u = uniformBallOffset(10, 3, 0.1, 5);
    expect(u.every((v) => Math.abs(v) <= 0.1)).toBe(true);
    expect(Array.from(u)).toEqual(Array.from(uniformBallOffset(10, 3, 0.1, 5)));
  });
});
