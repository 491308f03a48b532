// The goroutine counters down-sampled per pixel, read from the index's
// transition log (TimelineIndex.goLog*, shared/index/go-counters.ts): one
// forward pass over the rows in view, adding each row's delta to the
// series' value; a pixel that covers whole blocks of rows takes their
// min/max from the block summaries instead (and their end value from the
// next block's start), so the cost follows pixels, not rows.
//
// Values only count after the last row of a time (rows at one time form a
// group; the values between them are not real), and a series has no value
// (NaN) before the first row that touches it.

import { GO_LOG_BLOCK, GO_LOG_DELTA, GO_LOG_SAME_TIME, GO_LOG_SLOTS, GO_LOG_SUPER } from '../../shared/index/go-counters';
import { goLogTimes, type TimelineIndex } from '../../shared/index/layout';
import { blockLowerBound, blockTime, blockUpperBound } from '../../shared/index/block-times';
import { pixelsUntil } from './pixels';

const B = GO_LOG_BLOCK;
const SB = GO_LOG_BLOCK * GO_LOG_SUPER;
const S = GO_LOG_SLOTS;

/** The slot's value after rows [0, r). */
function valueBefore(ix: TimelineIndex, slot: number, r: number): number {
  const b = Math.floor(r / B);
  let v = ix.goLogBlockStart[b * S + slot]!;
  const C = ix.goLogCode;
  for (let k = b * B; k < r; k++) v += GO_LOG_DELTA[C[k]! * S + slot]!;
  return v;
}

/** Value of the slot's series at time t (after every row at t); NaN before its first row. */
export function goLogValueAt(ix: TimelineIndex, slot: number, t: number): number {
  const n = ix.goLogCode.length;
  const r = blockUpperBound(goLogTimes(ix), t, 0, n);
  return ix.goLogFirst[slot]! < r ? valueBefore(ix, slot, r) : NaN;
}

/** Where a batch of one slot goes: per pixel first/min/max/last (arrays of the pixel count, filled with NaN). */
export interface GoLogOut {
  slot: number;
  first: Float64Array;
  min: Float64Array;
  max: Float64Array;
  last: Float64Array;
}

/** Fills first/min/max/last per pixel of [t0, t1] for one slot's series. */
export function goLogBatch(ix: TimelineIndex, slot: number, t0: number, t1: number, nsPerPixel: number, first: Float64Array, min: Float64Array, max: Float64Array, last: Float64Array): void {
  goLogBatches(ix, [{ slot, first, min, max, last }], t0, t1, nsPerPixel);
}

/**
 * Fills first/min/max/last per pixel of [t0, t1] for several slots: one
 * pass over the rows per three slots, searches and block skips shared.
 */
export function goLogBatches(ix: TimelineIndex, outs: readonly GoLogOut[], t0: number, t1: number, nsPerPixel: number): void {
  for (let k = 0; k < outs.length; k += 3) pass3(ix, outs.slice(k, k + 3), t0, t1, nsPerPixel);
}

/**
 * One pass for up to three slots, their values, minima and maxima in local
 * variables (a row costs three table loads and adds; arrays indexed per slot
 * made it twice as slow). Missing slots repeat the first, their results unused.
 */
function pass3(ix: TimelineIndex, outs: readonly GoLogOut[], t0: number, t1: number, nsPerPixel: number): void {
  const o0 = outs[0]!;
  const o1 = outs[1];
  const o2 = outs[2];
  const pixels = o0.first.length;
  const bt = goLogTimes(ix);
  const C = ix.goLogCode;
  const D = GO_LOG_DELTA;
  const n = C.length;
  const s0 = o0.slot;
  const s1 = (o1 ?? o0).slot;
  const s2 = (o2 ?? o0).slot;
  const F = ix.goLogFirst;
  const f0 = F[s0]!;
  const f1 = F[s1]!;
  const f2 = F[s2]!;
  if (f0 >= n && f1 >= n && f2 >= n) return;
  const BS = ix.goLogBlockStart;
  const time = (k: number) => blockTime(bt, k);
  const BQ = ix.goLogBucketQ[0]!;
  const BF = ix.goLogBucketFirst;
  const nbq = BF.length - 1;
  /** The first row at or after time x, searched from row `from` inside x's bucket. */
  const rowAtOrAfter = (x: number, from: number): number => {
    const b = Math.floor(x / BQ);
    if (b >= nbq) return n;
    if (b < 0) return from;
    const a = Math.max(from, BF[b]!);
    const z = BF[b + 1]!;
    return a >= z ? a : blockLowerBound(bt, x, a, z);
  };
  // r: the first row not yet added into the values.
  let r = blockUpperBound(bt, t0, 0, n);
  let v0 = valueBefore(ix, s0, r);
  let v1 = valueBefore(ix, s1, r);
  let v2 = valueBefore(ix, s2, r);
  let lo0 = 0, hi0 = 0, lo1 = 0, hi1 = 0, lo2 = 0, hi2 = 0; // prettier-ignore
  const put = (o: GoLogOut | undefined, q: number, f: number, rb: number, first: number, lo: number, hi: number, last: number) => {
    if (o === undefined || f >= rb) return; // no value yet (the arrays hold NaN)
    o.first[q] = first;
    o.min[q] = lo;
    o.max[q] = hi;
    o.last[q] = last;
  };
  /** A pixel with no row inside: the value (NaN when there is none yet) throughout. */
  const hold = (o: GoLogOut | undefined, q: number, v: number) => {
    if (o === undefined) return;
    o.first[q] = o.min[q] = o.max[q] = o.last[q] = v;
  };
  for (let px = 0; px < pixels; px++) {
    const pa = t0 + px * nsPerPixel;
    const pb = px === pixels - 1 ? t1 : t0 + (px + 1) * nsPerPixel;
    // Rows at the pixel's start belong to its first value.
    while (r < n && time(r) <= pa) {
      const c = C[r++]! * S;
      v0 += D[c + s0]!;
      v1 += D[c + s1]!;
      v2 += D[c + s2]!;
    }
    const rb = rowAtOrAfter(pb, r);
    const a0 = f0 < r ? v0 : NaN;
    const a1 = f1 < r ? v1 : NaN;
    const a2 = f2 < r ? v2 : NaN;
    if (rb === r) {
      // No row inside: the values hold up to the next row, over every pixel that ends by then.
      const q = pixelsUntil(px, pixels, t0, t1, nsPerPixel, r < n ? time(r) : Infinity);
      for (let p = px; p <= q; p++) {
        hold(o0, p, a0);
        hold(o1, p, a1);
        hold(o2, p, a2);
      }
      px = q;
      continue;
    }
    lo0 = f0 < r ? v0 : Infinity;
    hi0 = f0 < r ? v0 : -Infinity;
    lo1 = f1 < r ? v1 : Infinity;
    hi1 = f1 < r ? v1 : -Infinity;
    lo2 = f2 < r ? v2 : Infinity;
    hi2 = f2 < r ? v2 : -Infinity;
    // After skipping (super) blocks, the values are those at the next block's start: read once, when needed.
    let skipped = false;
    while (r < rb) {
      if (r % SB === 0 && r + SB <= rb) {
        // A run of super blocks, inline: the widest pixels spend most of their time here.
        const SMN = ix.goLogSuperMin;
        const SMX = ix.goLogSuperMax;
        for (let o = (r / SB) * S; r + SB <= rb; r += SB, o += S) {
          const x0 = SMN[o + s0]!;
          const y0 = SMX[o + s0]!;
          const x1 = SMN[o + s1]!;
          const y1 = SMX[o + s1]!;
          const x2 = SMN[o + s2]!;
          const y2 = SMX[o + s2]!;
          if (x0 < lo0) lo0 = x0;
          if (y0 > hi0) hi0 = y0;
          if (x1 < lo1) lo1 = x1;
          if (y1 > hi1) hi1 = y1;
          if (x2 < lo2) lo2 = x2;
          if (y2 > hi2) hi2 = y2;
        }
        skipped = true;
      } else if (r % B === 0 && r + B <= rb) {
        // Blocks up to the next super block (or the pixel's end).
        const BMN = ix.goLogBlockMin;
        const BMX = ix.goLogBlockMax;
        let o = (r / B) * S;
        do {
          const x0 = BMN[o + s0]!;
          const y0 = BMX[o + s0]!;
          const x1 = BMN[o + s1]!;
          const y1 = BMX[o + s1]!;
          const x2 = BMN[o + s2]!;
          const y2 = BMX[o + s2]!;
          if (x0 < lo0) lo0 = x0;
          if (y0 > hi0) hi0 = y0;
          if (x1 < lo1) lo1 = x1;
          if (y1 > hi1) hi1 = y1;
          if (x2 < lo2) lo2 = x2;
          if (y2 > hi2) hi2 = y2;
          r += B;
          o += S;
        } while (r % SB !== 0 && r + B <= rb);
        skipped = true;
      } else {
        if (skipped) {
          const o = (r / B) * S;
          v0 = BS[o + s0]!;
          v1 = BS[o + s1]!;
          v2 = BS[o + s2]!;
          skipped = false;
        }
        const code = C[r]!;
        const c = code * S;
        v0 += D[c + s0]!;
        v1 += D[c + s1]!;
        v2 += D[c + s2]!;
        // Only the last row of a time gives a real value (rb - 1 always is one: row rb is at pb or later).
        if ((code & GO_LOG_SAME_TIME) === 0) {
          if (r >= f0) {
            if (v0 < lo0) lo0 = v0;
            if (v0 > hi0) hi0 = v0;
          }
          if (r >= f1) {
            if (v1 < lo1) lo1 = v1;
            if (v1 > hi1) hi1 = v1;
          }
          if (r >= f2) {
            if (v2 < lo2) lo2 = v2;
            if (v2 > hi2) hi2 = v2;
          }
        }
        r++;
      }
    }
    if (skipped) {
      const o = (r / B) * S;
      v0 = BS[o + s0]!;
      v1 = BS[o + s1]!;
      v2 = BS[o + s2]!;
    }
    put(o0, px, f0, rb, a0, lo0, hi0, v0);
    put(o1, px, f1, rb, a1, lo1, hi1, v1);
    put(o2, px, f2, rb, a2, lo2, hi2, v2);
  }
}
