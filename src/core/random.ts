/**
 * A small seeded pseudo-random number generator for reproducible data, initialisation and
 * shuffling. Pure TypeScript (no tfjs, no DOM, no Node APIs), so the UI, the workers and the
 * training scripts can share it.
 *
 * The core generator is mulberry32: a 32-bit state advanced by a Weyl increment and scrambled
 * with two multiply-xorshift rounds. It is fast, passes the usual quick statistical checks and
 * is more than good enough for synthetic data; it is not cryptographic.
 */

/** Turn any finite number into a 32-bit unsigned seed (non-integers and negatives allowed). */
function toSeed(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`Seed must be a finite number, got ${seed}.`);
  // Mix the integer and fractional parts so 1 and 1.5 give different streams.
  const whole = Math.floor(seed);
  const frac = Math.floor((seed - whole) * 0x100000000);
  return (Math.imul(whole | 0, 0x9e3779b1) ^ frac ^ Math.floor(whole / 0x100000000)) >>> 0;
}

/** A seeded random stream. Two instances made with the same seed produce the same numbers. */
export class Rng {
  private state: number;
  /** The second Box-Muller value, kept for the next normal() call. */
  private spare: number | null = null;

  constructor(seed: number) {
    this.state = toSeed(seed);
  }

  /** A uniform float in [0, 1) with 32 bits of randomness. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  }

  /** A uniform float in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }

  /** A normal sample with the given mean and standard deviation (Box-Muller transform). */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    // 1 - next() lies in (0, 1], so the logarithm is finite.
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * v;
    this.spare = r * Math.sin(angle);
    return mean + std * r * Math.cos(angle);
  }

  /** A uniform integer in [lo, hi) (hi exclusive). Requires hi > lo. */
  int(lo: number, hi: number): number {
    if (!(hi > lo)) throw new RangeError(`int(lo, hi) needs hi > lo, got ${lo}, ${hi}.`);
    return lo + Math.floor(this.next() * (hi - lo));
  }

  /** -1 or +1 with equal probability. */
  sign(): number {
    return this.next() < 0.5 ? -1 : 1;
  }

  /** Shuffle an array in place (Fisher-Yates) and return it. */
  shuffle<A extends { length: number; [i: number]: unknown }>(items: A): A {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /** A fresh 32-bit integer, handy as the seed of another generator (e.g. a tfjs initializer). */
  nextSeed(): number {
    return Math.floor(this.next() * 0x100000000) >>> 0;
  }
}

/** Shorthand for `new Rng(seed)`. */
export function makeRng(seed: number): Rng {
  return new Rng(seed);
}
