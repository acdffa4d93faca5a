/** Silhouette over a precomputed matrix: hand-worked, and scikit-learn (fixtures). */
import { describe, expect, it } from 'vitest';
import { completeLinkage } from './linkage';
import { silhouetteByK, silhouetteScore } from './silhouette';
import { DTW_FIXTURES, LINKAGE_FIXTURES } from './clustering-fixtures.test-util';

const line = (xs: number[]): number[] => xs.flatMap((a) => xs.map((b) => Math.abs(a - b)));

describe('silhouetteScore (hand-worked)', () => {
  it('matches the definition on points 0, 1, 3, 7', () => {
    // labels [0, 0, 1, 1]: s = (b - a) / max(a, b) per point
    //   x=0: a = 1, b = (3 + 7) / 2 = 5    -> 0.8
    //   x=1: a = 1, b = (2 + 6) / 2 = 4    -> 0.75
    //   x=3: a = 4, b = (3 + 2) / 2 = 2.5  -> -0.375
    //   x=7: a = 4, b = (7 + 6) / 2 = 6.5  -> 2.5 / 6.5
    const expected = (0.8 + 0.75 - 0.375 + 2.5 / 6.5) / 4;
    expect(silhouetteScore(line([0, 1, 3, 7]), 4, [0, 0, 1, 1])).toBeCloseTo(expected, 14);
    // labels are any integers
    expect(silhouetteScore(line([0, 1, 3, 7]), 4, [9, 9, -2, -2])).toBeCloseTo(expected, 14);
  });

  it('scores a point alone in its cluster 0 (sklearn)', () => {
    // labels [0, 0, 0, 1]: x=7 alone -> 0; x=0: a = (1 + 3) / 2, b = 7 -> (7 - 2) / 7
    // x=1: a = (1 + 2) / 2, b = 6 -> 4.5 / 6; x=3: a = (3 + 2) / 2, b = 4 -> 1.5 / 4
    const expected = (5 / 7 + 4.5 / 6 + 1.5 / 4 + 0) / 4;
    expect(silhouetteScore(line([0, 1, 3, 7]), 4, [0, 0, 0, 1])).toBeCloseTo(expected, 14);
  });

  it('is NaN for one cluster or n clusters (sklearn raises) and rejects wrong sizes', () => {
    expect(silhouetteScore(line([0, 1, 2]), 3, [0, 0, 0])).toBeNaN();
    expect(silhouetteScore(line([0, 1, 2]), 3, [0, 1, 2])).toBeNaN();
    expect(() => silhouetteScore(line([0, 1, 2]), 3, [0, 1])).toThrow(RangeError);
    expect(() => silhouetteScore([0, 1], 2, [0, 1])).toThrow(RangeError);
  });
});

describe('silhouetteByK', () => {
  it('scores k = 2..n-1 and picks the best (ties: the smaller k)', () => {
    const d = line([0, 1, 3, 7]);
    const r = silhouetteByK(d, 4, completeLinkage(d, 4));
    expect(r.scores.map((s) => s.k)).toEqual([2, 3]);
    const [s2, s3] = r.scores.map((s) => s.score);
    expect(r.best).toBe(s2 >= s3 ? 2 : 3);
    // Two far groups of two equal points: k = 2 scores 1
    const e = line([0, 0, 10, 10]);
    const t = silhouetteByK(e, 4, completeLinkage(e, 4));
    expect(t.scores[0]).toEqual({ k: 2, score: 1 });
    expect(t.best).toBe(2);
  });

  it('is empty below 3 points', () => {
    expect(silhouetteByK([0, 1, 1, 0], 2, completeLinkage([0, 1, 1, 0], 2))).toEqual({
      scores: [],
      best: null,
    });
    expect(silhouetteByK([0], 1, [])).toEqual({ scores: [], best: null });
  });
});

describe('silhouette against scikit-learn', () => {
  const cases = [...LINKAGE_FIXTURES, ...DTW_FIXTURES.map((f) => f.clustering)];
  for (const f of cases)
    it(f.name, () => {
      const dist = Float32Array.from(f.dist);
      for (const { labels, silhouette } of f.byK)
        expect(Math.abs(silhouetteScore(dist, f.n, labels) - silhouette)).toBeLessThanOrEqual(
          1e-12,
        );
      const byK = silhouetteByK(dist, f.n, completeLinkage(dist, f.n));
      expect(byK.scores.map((s) => s.k)).toEqual(f.byK.map((s) => s.k));
      byK.scores.forEach((s, i) =>
        expect(Math.abs(s.score - f.byK[i].silhouette)).toBeLessThanOrEqual(1e-12),
      );
      const best = f.byK.reduce((b, s) => (s.silhouette > b.silhouette ? s : b), f.byK[0]);
      expect(byK.best).toBe(best?.k ?? null);
    });
});
