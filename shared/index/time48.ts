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
