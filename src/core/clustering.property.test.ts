/** Properties of DTW, complete linkage, cuts and silhouettes on random inputs (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dtw, dtwMatrix } from './dtw';
import { completeLinkage, cutAtHeight, cutIntoK, heightForK } from './linkage';
import { silhouetteByK, silhouetteScore } from './silhouette';

const value = fc.float({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true });
const series = (len: number) => fc.array(value, { minLength: len, maxLength: len });
const equalPair = fc.integer({ min: 1, max: 24 }).chain((T) => fc.tuple(series(T), series(T)));

/** Symmetric [n, n] matrices with zero diagonal; small integers give many ties. */
const matrix = fc
  .record({ n: fc.integer({ min: 2, max: 14 }), ties: fc.boolean() })
  .chain(({ n, ties }) =>
    fc
      .array(ties ? fc.integer({ min: 0, max: 3 }) : fc.float({ min: 0, max: 50, noNaN: true }), {
        minLength: (n * (n - 1)) / 2,
        maxLength: (n * (n - 1)) / 2,
      })
      .map((upper) => {
        const d = new Float64Array(n * n);
        let u = 0;
        for (let i = 0; i < n; i++)
          for (let j = i + 1; j < n; j++) d[i * n + j] = d[j * n + i] = upper[u++];
        return { n, d };
      }),
  );

const euclid = (a: number[], b: number[]) =>
  Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0));

describe('DTW properties', () => {
  it('is symmetric, zero on itself and at most the Euclidean distance', () => {
    fc.assert(
      fc.property(equalPair, ([a, b]) => {
        const d = dtw(a, b);
        expect(d).toBe(dtw(b, a));
        expect(dtw(a, a)).toBe(0);
        expect(d).toBeLessThanOrEqual(euclid(a, b) * (1 + 1e-12));
        expect(dtw(a, b, 0)).toBeCloseTo(euclid(a, b), 6); // window 0: the diagonal only
      }),
    );
  });

  it('never decreases when the window narrows', () => {
    fc.assert(
      fc.property(equalPair, fc.integer({ min: 0, max: 5 }), ([a, b], w) => {
        const full = dtw(a, b);
        const wide = dtw(a, b, w + 1);
        const narrow = dtw(a, b, w);
        expect(wide).toBeGreaterThanOrEqual(full);
        expect(narrow).toBeGreaterThanOrEqual(wide);
      }),
    );
  });

  it('dtwMatrix is symmetric with a zero diagonal and agrees with dtw on every pair', () => {
    const input = fc
      .record({ n: fc.integer({ min: 1, max: 20 }), T: fc.integer({ min: 1, max: 12 }) })
      .chain(({ n, T }) =>
        fc
          .float32Array({
            min: -10,
            max: 10,
            noNaN: true,
            noDefaultInfinity: true,
            minLength: n * T,
            maxLength: n * T,
          })
          .map((x) => ({ n, T, x })),
      );
    fc.assert(
      fc.property(
        input,
        fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
        ({ n, T, x }, window) => {
          for (const engine of ['js', 'auto'] as const) {
            const m = dtwMatrix(x, n, T, { window, engine });
            for (let i = 0; i < n; i++) {
              expect(m[i * n + i]).toBe(0);
              for (let j = i + 1; j < n; j++) {
                expect(m[i * n + j]).toBe(m[j * n + i]);
                const ref = dtw(x.subarray(i * T, i * T + T), x.subarray(j * T, j * T + T), window);
                expect(Math.abs(m[i * n + j] - ref)).toBeLessThanOrEqual(
                  1e-5 * Math.max(ref, 1e-3),
                );
              }
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('complete linkage properties', () => {
  it('merges n - 1 times, heights non-decreasing, each height the max leaf distance', () => {
    fc.assert(
      fc.property(matrix, ({ n, d }) => {
        const merges = completeLinkage(d, n);
        expect(merges.length).toBe(n - 1);
        const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
        const used = new Set<number>();
        merges.forEach((m, i) => {
          if (i > 0) expect(m.height).toBeGreaterThanOrEqual(merges[i - 1].height);
          expect(m.a).toBeLessThan(m.b);
          expect(m.b).toBeLessThan(n + i);
          expect(used.has(m.a) || used.has(m.b)).toBe(false);
          used.add(m.a);
          used.add(m.b);
          const leaves = [...members[m.a], ...members[m.b]];
          members.push(leaves);
          expect(m.size).toBe(leaves.length);
          // complete linkage: the height is the largest distance between the two clusters
          let max = 0;
          for (const p of members[m.a])
            for (const q of members[m.b]) max = Math.max(max, d[p * n + q]);
          expect(m.height).toBe(max);
        });
      }),
    );
  });

  it('cutIntoK gives k clusters; cutAtHeight(heightForK) too where heights do not tie', () => {
    fc.assert(
      fc.property(matrix, fc.nat(), ({ n, d }, seed) => {
        const merges = completeLinkage(d, n);
        const k = 1 + (seed % n);
        const labels = cutIntoK(merges, n, k);
        expect(new Set(labels).size).toBe(k);
        expect(Math.max(...labels)).toBe(k - 1);
        // numbered by each cluster's smallest leaf
        let next = 0;
        for (const l of labels) {
          expect(l).toBeLessThanOrEqual(next);
          if (l === next) next++;
        }
        const h = heightForK(merges, n, k);
        const tie = k < n && k > 1 && merges[n - k - 1].height === merges[n - k].height;
        const zeroFirst = k === n && merges[0].height === 0;
        if (!tie && !zeroFirst)
          expect(Array.from(cutAtHeight(merges, n, h))).toEqual(Array.from(labels));
      }),
    );
  });

  it('silhouette lies in [-1, 1] and the best k is the first maximum', () => {
    fc.assert(
      fc.property(matrix, ({ n, d }) => {
        const merges = completeLinkage(d, n);
        const { scores, best } = silhouetteByK(d, n, merges);
        expect(scores.length).toBe(Math.max(0, n - 2));
        for (const s of scores) {
          expect(s.score).toBeGreaterThanOrEqual(-1);
          expect(s.score).toBeLessThanOrEqual(1);
          expect(s.score).toBe(silhouetteScore(d, n, cutIntoK(merges, n, s.k)));
        }
        if (n < 3) expect(best).toBeNull();
        else {
          const top = Math.max(...scores.map((s) => s.score));
          expect(best).toBe(scores.find((s) => s.score === top)?.k);
        }
      }),
    );
  });
});
