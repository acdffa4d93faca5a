import { describe, expect, it } from 'vitest';
import { Rng, makeRng } from './random';

function moments(values: number[]): { mean: number; variance: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, variance };
}

describe('Rng', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = makeRng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 20 }, () => a.next());
    const sb = Array.from({ length: 20 }, () => b.next());
    const sc = Array.from({ length: 20 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('gives uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = new Rng(1);
    const xs = Array.from({ length: 100_000 }, () => rng.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const { mean, variance } = moments(xs);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
  });

  it('gives normals with the requested mean and std', () => {
    const rng = new Rng(7);
    const xs = Array.from({ length: 100_000 }, () => rng.normal(2, 3));
    const { mean, variance } = moments(xs);
    expect(Math.abs(mean - 2)).toBeLessThan(0.05);
    expect(Math.abs(Math.sqrt(variance) - 3)).toBeLessThan(0.05);
  });

  it('gives integers in [lo, hi) covering every value', () => {
    const rng = new Rng(3);
    const counts = new Array<number>(5).fill(0);
    for (let i = 0; i < 10_000; i++) counts[rng.int(10, 15) - 10]++;
    for (const c of counts) expect(c).toBeGreaterThan(1_800);
    expect(() => rng.int(2, 2)).toThrow(RangeError);
  });

  it('shuffles into a permutation, reproducibly', () => {
    const p = new Rng(9).permutation(100);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(new Rng(9).permutation(100)).toEqual(p);
    const words = new Rng(5).shuffle(['a', 'b', 'c', 'd']);
    expect([...words].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rejects non-finite seeds', () => {
    expect(() => new Rng(Number.NaN)).toThrow(RangeError);
  });
});
