// Helpers of the build-time row-chunk stores (point-store.ts,
// counter-store.ts): times as a low Uint32 chunk plus a high Uint16 chunk
// made only when a time of that chunk needs it.

import { MAX_TIME48, TWO32 } from '../../shared/index/time48';

/**
 * Stores time t at row i (chunks of 2^bits rows) when it does not fit the
 * low part alone; returns true (a high chunk now exists). Throws on a time
 * that is not an integer in [0, 2^48).
 */
export function setWideTime(loC: (Uint32Array | null)[], hiC: (Uint16Array | null)[], bits: number, i: number, t: number): true {
  if (!(t >= 0 && t <= MAX_TIME48 && Number.isInteger(t))) {
    throw new RangeError(`index time ${t} ns is not an integer in [0, 2^48)`);
  }
  const k = i >>> bits;
  const o = i & ((1 << bits) - 1);
  let h = hiC[k];
  if (h === null || h === undefined) {
    h = new Uint16Array(1 << bits);
    hiC[k] = h;
  }
  h[o] = Math.floor(t / TWO32);
  loC[k]![o] = t % TWO32;
  return true;
}

/**
 * Stores time t at row o of chunk k, its last row so far (point-store.ts).
 * A chunk's rows share one high part (hiK[k]) until a row needs another:
 * rows arrive nearly in time order, so most chunks never need a high part
 * per row. Then the chunk gets one (hiC[k], the earlier rows' filled in).
 * Returns whether t's high part is non-zero. Throws on a time that is not an
 * integer in [0, 2^48).
 */
export function setChunkTime(loC: (Uint32Array | null)[], hiC: (Uint16Array | null)[], hiK: number[], k: number, o: number, t: number): boolean {
  if (!(t >= 0 && t <= MAX_TIME48 && Number.isInteger(t))) {
    throw new RangeError(`index time ${t} ns is not an integer in [0, 2^48)`);
  }
  const h = Math.floor(t / TWO32);
  const lo = loC[k]!;
  let hc = hiC[k];
  if (hc === null || hc === undefined) {
    if (o === 0 || h === hiK[k]) {
      hiK[k] = h;
      lo[o] = t - h * TWO32;
      return h !== 0;
    }
    hc = new Uint16Array(lo.length);
    hc.fill(hiK[k]!, 0, o);
    hiC[k] = hc;
  }
  hc[o] = h;
  lo[o] = t - h * TWO32;
  return h !== 0;
}
