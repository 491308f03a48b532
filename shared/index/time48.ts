// Compact time columns. Index times are integer nanoseconds relative to the
// trace start (>= 0). A time column stores them as a low Uint32 part plus a
// high Uint16 part (t = hi * 2^32 + lo: exact up to 2^48 ns, ~78 hours); the
// high column is empty when every time is below 2^32 ns (~4.3 s), so a short
// trace pays 4 bytes per time instead of 8.

import { ChunkedColumn } from './columns';

export const TWO32 = 4294967296;
export const MAX_TIME48 = 2 ** 48 - 1;

/** Time i of a (lo, hi) column pair (hi empty: every high part is 0). */
export function t48(lo: Uint32Array, hi: Uint16Array, i: number): number {
  return hi.length === 0 ? lo[i]! : lo[i]! + hi[i]! * TWO32;
}

/** Index of the first element of the sorted range [lo, hi) whose time is > x. */
export function t48UpperBound(L: Uint32Array, H: Uint16Array, x: number, lo: number, hi: number): number {
  if (H.length === 0) {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (L[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (L[mid]! + H[mid]! * TWO32 <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of the sorted range [lo, hi) whose time is >= x. */
export function t48LowerBound(L: Uint32Array, H: Uint16Array, x: number, lo: number, hi: number): number {
  if (H.length === 0) {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (L[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (L[mid]! + H[mid]! * TWO32 < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** lowerBound searching forward from lo by doubling steps. */
export function t48GallopLowerBound(L: Uint32Array, H: Uint16Array, x: number, lo: number, hi: number): number {
  let step = 1;
  let prev = lo;
  let i = lo;
  while (i < hi && t48(L, H, i) < x) {
    prev = i + 1;
    i = lo + step;
    step *= 2;
  }
  return t48LowerBound(L, H, x, prev, Math.min(i, hi));
}

/** upperBound searching forward from lo by doubling steps. */
export function t48GallopUpperBound(L: Uint32Array, H: Uint16Array, x: number, lo: number, hi: number): number {
  let step = 1;
  let prev = lo;
  let i = lo;
  while (i < hi && t48(L, H, i) <= x) {
    prev = i + 1;
    i = lo + step;
    step *= 2;
  }
  return t48UpperBound(L, H, x, prev, Math.min(i, hi));
}

function checkTime(t: number): void {
  if (!(t >= 0 && t <= MAX_TIME48 && Number.isInteger(t))) {
    throw new RangeError(`index time ${t} ns is not an integer in [0, 2^48)`);
  }
}

/**
 * A build-time chunked time column: low parts always, high parts only from
 * the first time >= 2^32 on (earlier ones backfilled with zeros then).
 */
export class TimeColumn {
  readonly lo = new ChunkedColumn(Uint32Array);
  hi: ChunkedColumn<Uint16Array> | null = null;

  get length(): number {
    return this.lo.length;
  }

  push(t: number): number {
    if (t >= TWO32 || !Number.isInteger(t) || t < 0) {
      checkTime(t);
      if (this.hi === null) this.startHi();
    }
    if (this.hi !== null) this.hi.push(Math.floor(t / TWO32));
    return this.lo.push(t >>> 0 === t ? t : t % TWO32);
  }

  private startHi(): void {
    const h = new ChunkedColumn(Uint16Array);
    for (let i = 0; i < this.lo.length; i++) h.push(0);
    this.hi = h;
  }

  get(i: number): number {
    const l = this.lo.get(i);
    return this.hi === null ? l : l + this.hi.get(i) * TWO32;
  }

  set(i: number, t: number): void {
    if (t >= TWO32 || !Number.isInteger(t) || t < 0) {
      checkTime(t);
      if (this.hi === null) this.startHi();
    }
    if (this.hi !== null) this.hi.set(i, Math.floor(t / TWO32));
    this.lo.set(i, t % TWO32);
  }

  pop(): void {
    this.lo.pop();
    this.hi?.pop();
  }

  clear(): void {
    this.lo.clear();
    this.hi?.clear();
    this.hi = null;
  }

  /** Moves the times into (lo, hi) arrays, at positions dest[i] when given; empties the column. */
  drain(dest: Int32Array | null): { lo: Uint32Array; hi: Uint16Array } {
    const n = this.lo.length;
    const hi = this.hi === null ? new Uint16Array(0) : this.hi.drainInto(new Uint16Array(n), dest);
    const lo = this.lo.drainInto(new Uint32Array(n), dest);
    this.hi = null;
    return { lo, hi };
  }

  get bytes(): number {
    return this.lo.bytes + (this.hi?.bytes ?? 0);
  }
}
