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

import { GO_LOG_BLOCK, GO_LOG_DELTA, GO_LOG_SLOTS, GO_LOG_SUPER } from '../../shared/index/go-counters';
import type { TimelineIndex } from '../../shared/index/layout';
import { t48GallopLowerBound, t48UpperBound } from '../../shared/index/time48';

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
  const r = t48UpperBound(ix.goLogTimeLo, ix.goLogTimeHi, t, 0, n);
  return ix.goLogFirst[slot]! < r ? valueBefore(ix, slot, r) : NaN;
}

/** Fills first/min/max/last per pixel of [t0, t1] (arrays of `pixels` NaNs) for the slot's series. */
export function goLogBatch(ix: TimelineIndex, slot: number, t0: number, t1: number, nsPerPixel: number, first: Float64Array, min: Float64Array, max: Float64Array, last: Float64Array): void {
  const pixels = first.length;
  const TL = ix.goLogTimeLo;
  const TH = ix.goLogTimeHi;
  const wide = TH.length > 0;
  const C = ix.goLogCode;
  const n = C.length;
  const f = ix.goLogFirst[slot]!;
  if (f >= n) return;
  const BS = ix.goLogBlockStart;
  const BMN = ix.goLogBlockMin;
  const BMX = ix.goLogBlockMax;
  const SMN = ix.goLogSuperMin;
  const SMX = ix.goLogSuperMax;
  const time = (k: number) => (wide ? TL[k]! + TH[k]! * 4294967296 : TL[k]!);
  // r: the first row not yet added into v.
  let r = t48UpperBound(TL, TH, t0, 0, n);
  let v = valueBefore(ix, slot, r);
  for (let px = 0; px < pixels; px++) {
    const pa = t0 + px * nsPerPixel;
    const pb = px === pixels - 1 ? t1 : t0 + (px + 1) * nsPerPixel;
    // Rows at the pixel's start belong to its first value.
    while (r < n && time(r) <= pa) v += GO_LOG_DELTA[C[r++]! * S + slot]!;
    const rb = t48GallopLowerBound(TL, TH, pb, r, n);
    const v0 = f < r ? v : NaN;
    if (rb === r) {
      // No row inside: the value holds up to the next row, over every pixel that ends by then.
      const next = r < n ? time(r) : Infinity;
      let q = px;
      for (;;) {
        first[q] = min[q] = max[q] = last[q] = v0;
        if (q + 1 >= pixels) break;
        const nb = q + 1 === pixels - 1 ? t1 : t0 + (q + 2) * nsPerPixel;
        if (nb > next) break;
        q++;
      }
      px = q;
      continue;
    }
    let lo = f < r ? v : Infinity;
    let hi = f < r ? v : -Infinity;
    while (r < rb) {
      if (r % SB === 0 && r + SB <= rb) {
        const o = (r / SB) * S + slot;
        if (SMN[o]! < lo) lo = SMN[o]!;
        if (SMX[o]! > hi) hi = SMX[o]!;
        r += SB;
        v = BS[(r / B) * S + slot]!;
      } else if (r % B === 0 && r + B <= rb) {
        const o = (r / B) * S + slot;
        if (BMN[o]! < lo) lo = BMN[o]!;
        if (BMX[o]! > hi) hi = BMX[o]!;
        r += B;
        v = BS[(r / B) * S + slot]!;
      } else {
        v += GO_LOG_DELTA[C[r]! * S + slot]!;
        // The last row of its time (rb - 1 always is: row rb is at pb or later).
        if (r >= f && (r === rb - 1 || time(r + 1) !== time(r))) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        r++;
      }
    }
    if (f >= rb) continue; // no value yet (the arrays hold NaN)
    first[px] = v0;
    min[px] = lo;
    max[px] = hi;
    last[px] = v;
  }
}
