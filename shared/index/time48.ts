// Compact time columns. Index times are integer nanoseconds relative to the
// trace start (>= 0). A time column stores them as a low Uint32 part plus a
// high Uint16 part (t = hi * 2^32 + lo: exact up to 2^48 ns, ~78 hours); the
// high column is empty when every time is below 2^32 ns (~4.3 s), so a short
// trace pays 4 bytes per time instead of 8.

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

// The point columns' high parts (TimelineIndex.timeHi*) are stored per block
// of HI_BLOCK points: points are grouped by lane and time-sorted within a
// lane, so the high part changes within a block only where a lane begins or
// crosses a multiple of 2^32 ns. Such a block keeps one high part per point;
// every other block keeps one for all its points. A trace longer than 4.3 s
// pays ~0.03 bytes per point for them instead of 2.

export const HI_BLOCK = 64;
export const HI_SHIFT = 6;
const HI_MASK = HI_BLOCK - 1;

export interface HiBlocks {
  /** Per block: the high part of all its points (empty: every high part is 0). */
  base: Uint16Array;
  /** Per block: -1, or where its points' own high parts start in `each` (HI_BLOCK of them). */
  mixedAt: Int32Array;
  each: Uint16Array;
}

/** High part of time i (the column must not be empty: see base). */
export function hiOf(h: HiBlocks, i: number): number {
  const m = h.mixedAt[i >>> HI_SHIFT]!;
  return m < 0 ? h.base[i >>> HI_SHIFT]! : h.each[m + (i & HI_MASK)]!;
}

/** Time i of a (lo, hi blocks) column pair. */
export function tb48(lo: Uint32Array, hi: HiBlocks, i: number): number {
  return hi.base.length === 0 ? lo[i]! : lo[i]! + hiOf(hi, i) * TWO32;
}

/** The blocks when every high part is 0 (new arrays: an index's arrays may be transferred). */
export function noHiBlocks(): HiBlocks {
  return { base: new Uint16Array(0), mixedAt: new Int32Array(0), each: new Uint16Array(0) };
}

/** The blocks of a per-time high column (empty when every high part is 0). */
export function encodeHiBlocks(hi: Uint16Array): HiBlocks {
  const n = hi.length;
  let any = 0;
  for (let i = 0; i < n; i++) any |= hi[i]!;
  if (any === 0) return noHiBlocks();
  const nb = Math.ceil(n / HI_BLOCK);
  const base = new Uint16Array(nb);
  const mixedAt = new Int32Array(nb).fill(-1);
  let mixed = 0;
  for (let b = 0; b < nb; b++) {
    const i0 = b * HI_BLOCK;
    const i1 = Math.min(n, i0 + HI_BLOCK);
    const h = hi[i0]!;
    base[b] = h;
    for (let i = i0 + 1; i < i1; i++) {
      if (hi[i] !== h) {
        mixedAt[b] = HI_BLOCK * mixed++;
        break;
      }
    }
  }
  const each = new Uint16Array(HI_BLOCK * mixed);
  for (let b = 0; b < nb; b++) {
    const m = mixedAt[b]!;
    if (m >= 0) each.set(hi.subarray(b * HI_BLOCK, Math.min(n, (b + 1) * HI_BLOCK)), m);
  }
  return { base, mixedAt, each };
}

/** Index of the first element of the sorted range [lo, hi) of a (lo, hi blocks) column whose time is > x. */
export function tb48UpperBound(L: Uint32Array, H: HiBlocks, x: number, lo: number, hi: number): number {
  if (H.base.length === 0) return t48UpperBound(L, EMPTY_HI, x, lo, hi);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (L[mid]! + hiOf(H, mid) * TWO32 <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of the sorted range [lo, hi) of a (lo, hi blocks) column whose time is >= x. */
export function tb48LowerBound(L: Uint32Array, H: HiBlocks, x: number, lo: number, hi: number): number {
  if (H.base.length === 0) return t48LowerBound(L, EMPTY_HI, x, lo, hi);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (L[mid]! + hiOf(H, mid) * TWO32 < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const EMPTY_HI = new Uint16Array(0);
