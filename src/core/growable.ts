/**
 * Append-only Float32Array that grows by doubling, with a hard cap on its length so a huge
 * file is refused with a message instead of exhausting memory.
 */
import { TsvizError } from './errors';

/** Most float32 values a dataset may hold: 2^27 values = 512 MiB. */
export const MAX_DATASET_VALUES = 2 ** 27;

export class GrowableFloat32 {
  private data: Float32Array;
  length = 0;
  private readonly limit: number;
  private readonly onLimit: () => TsvizError;

  constructor(onLimit: () => TsvizError, initial = 4096, limit = MAX_DATASET_VALUES) {
    this.data = new Float32Array(Math.max(1, Math.min(initial, limit)));
    this.limit = limit;
    this.onLimit = onLimit;
  }

  /** Make room for `extra` more values (zero-filled) and return the index of the first one. */
  reserve(extra: number): number {
    const start = this.length;
    const need = start + extra;
    if (need > this.data.length) {
      if (need > this.limit) throw this.onLimit();
      let cap = this.data.length;
      while (cap < need) cap *= 2;
      const next = new Float32Array(Math.min(cap, this.limit));
      next.set(this.data.subarray(0, start));
      this.data = next;
    }
    this.length = need;
    return start;
  }

  push(v: number): void {
    const i = this.length < this.data.length ? this.length++ : this.reserve(1);
    this.data[i] = v;
  }

  /** The backing array (valid up to `length`); writable in place. */
  get array(): Float32Array {
    return this.data;
  }

  /** An exactly sized copy (its buffer can be transferred), then the storage is released. */
  take(): Float32Array {
    const out = this.data.length === this.length ? this.data : this.data.slice(0, this.length);
    this.data = new Float32Array(1);
    this.length = 0;
    return out;
  }
}
