/** Complete linkage and cuts: hand-worked, and SciPy's linkage/fcluster/cut_tree (fixtures). */
import { describe, expect, it } from 'vitest';
import { completeLinkage, cutAtHeight, cutIntoK, heightForK, type Merge } from './linkage';
import {
  canonical,
  DTW_FIXTURES,
  LINKAGE_FIXTURES,
  type ClusteringFixture,
} from './clustering-fixtures.test-util';

/** |x - y| for points on a line. */
function lineDistances(xs: number[]): number[] {
  return xs.flatMap((a) => xs.map((b) => Math.abs(a - b)));
}

describe('completeLinkage (hand-worked)', () => {
  // Points 0, 1, 3, 7 on a line. Merge 0: {0}+{1} at 1 (id 4). Then d(4, 2) = max(3, 2) = 3,
  // d(4, 3) = 7, d(2, 3) = 4: merge 1 is 2+4 at 3 (id 5); merge 2 is 3+5 at max(7, 6, 4) = 7.
  const merges = completeLinkage(lineDistances([0, 1, 3, 7]), 4);

  it('builds the SciPy linkage rows', () => {
    expect(merges).toEqual([
      { a: 0, b: 1, height: 1, size: 2 },
      { a: 2, b: 4, height: 3, size: 3 },
      { a: 3, b: 5, height: 7, size: 4 },
    ]);
  });

  it('cuts at heights and into k clusters', () => {
    expect(Array.from(cutAtHeight(merges, 4, 0.5))).toEqual([0, 1, 2, 3]);
    expect(Array.from(cutAtHeight(merges, 4, 1))).toEqual([0, 0, 1, 2]); // height <= 1 joins
    expect(Array.from(cutAtHeight(merges, 4, 5))).toEqual([0, 0, 0, 1]);
    expect(Array.from(cutAtHeight(merges, 4, 100))).toEqual([0, 0, 0, 0]);
    expect(Array.from(cutIntoK(merges, 4, 4))).toEqual([0, 1, 2, 3]);
    expect(Array.from(cutIntoK(merges, 4, 2))).toEqual([0, 0, 0, 1]);
    expect(heightForK(merges, 4, 4)).toBe(0.5);
    expect(heightForK(merges, 4, 3)).toBe(2);
    expect(heightForK(merges, 4, 2)).toBe(5);
    expect(heightForK(merges, 4, 1)).toBeCloseTo(7.35, 12);
    expect(() => cutIntoK(merges, 4, 0)).toThrow(RangeError);
    expect(() => cutIntoK(merges, 4, 5)).toThrow(RangeError);
  });

  it('handles 0, 1 and 2 leaves and rejects bad input', () => {
    expect(completeLinkage([], 0)).toEqual([]);
    expect(completeLinkage([0], 1)).toEqual([]);
    expect(Array.from(cutIntoK([], 1, 1))).toEqual([0]);
    expect(completeLinkage([0, 2, 2, 0], 2)).toEqual([{ a: 0, b: 1, height: 2, size: 2 }]);
    expect(() => completeLinkage([0, 1, 1], 2)).toThrow(RangeError);
    expect(() => completeLinkage([0, NaN, NaN, 0], 2)).toThrow(RangeError);
    expect(() => cutIntoK([], 3, 1)).toThrow(RangeError);
  });
});

function checkAgainstScipy(f: ClusteringFixture): void {
  const merges: Merge[] = completeLinkage(Float32Array.from(f.dist), f.n);
  expect(merges.length).toBe(f.n - 1);
  merges.forEach((m, i) => {
    const [a, b, height, size] = f.merges[i];
    // As SciPy's own tests compare: heights to float tolerance, the merged pair as a set.
    expect(Math.abs(m.height - height)).toBeLessThanOrEqual(1e-12 * Math.max(1, height));
    expect(new Set([m.a, m.b])).toEqual(new Set([a, b]));
    expect(m.size).toBe(size);
  });
  for (const cut of f.cuts)
    expect(canonical(cutAtHeight(merges, f.n, cut.height))).toEqual(canonical(cut.labels));
  for (const { k, labels, unique, cutTree } of f.byK) {
    const ours = canonical(cutIntoK(merges, f.n, k));
    expect(ours).toEqual(canonical(labels));
    if (unique) expect(ours).toEqual(canonical(cutTree));
  }
}

describe('completeLinkage against SciPy', () => {
  for (const f of LINKAGE_FIXTURES) it(f.name, () => checkAgainstScipy(f));
  for (const f of DTW_FIXTURES) it(`${f.name} (DTW matrix)`, () => checkAgainstScipy(f.clustering));

  it('fixtures include tied distances', () => {
    const tied = LINKAGE_FIXTURES.filter((f) => f.name.startsWith('ties') && f.n > 3);
    expect(tied.length).toBeGreaterThan(3);
    expect(tied.every((f) => f.byK.some((c) => !c.unique))).toBe(true);
    for (const f of tied) {
      const heights = f.merges.map((m) => m[2]);
      expect(new Set(heights).size).toBeLessThan(heights.length);
    }
  });
});
