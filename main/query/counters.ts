// Counters down-sampled per pixel: for each pixel column, the value at its
// start (first), the minimum and maximum over it, and the value at its end
// (last). Min/max over many changes come from the series' pyramid.

import { gallopLowerBound, gallopUpperBound, upperBound } from '../../shared/index/columns';
import { COUNTER_BLOCK, COUNTER_NAMES, type TimelineIndex } from '../../shared/index/layout';
import { pyramidCover, pyramidLevels } from '../../shared/index/pyramid';
import type { CounterBatch } from '../../shared/index/query-types';

/** Value of series c at time t (after every change at t), NaN before its first change. */
export function counterValueAt(ix: TimelineIndex, c: number, t: number): number {
  const s = ix.counterStart[c]!;
  const e = ix.counterStart[c + 1]!;
  const k = upperBound(ix.counterTime, t, s, e) - 1;
  return k >= s ? ix.counterValue[k]! : NaN;
}

export function counterBatch(ix: TimelineIndex, c: number, t0: number, t1: number, nsPerPixel: number): CounterBatch {
  const pixels = Math.max(1, Math.ceil((t1 - t0) / nsPerPixel));
  const first = new Float64Array(pixels).fill(NaN);
  const min = new Float64Array(pixels).fill(NaN);
  const max = new Float64Array(pixels).fill(NaN);
  const last = new Float64Array(pixels).fill(NaN);
  const s = ix.counterStart[c]!;
  const e = ix.counterStart[c + 1]!;
  const n = e - s;
  const T = ix.counterTime;
  const V = ix.counterValue;
  const pyr = ix.counterPyrStart[c]!;
  let lo = 0;
  let hi = 0;
  const leaf = (k: number) => {
    const v = V[s + k]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  };
  const node = (off: number) => {
    if (ix.counterMin[pyr + off]! < lo) lo = ix.counterMin[pyr + off]!;
    if (ix.counterMax[pyr + off]! > hi) hi = ix.counterMax[pyr + off]!;
  };
  const levels = pyramidLevels(n, COUNTER_BLOCK);
  let k1 = upperBound(T, t0, s, e);
  for (let px = 0; px < pixels; px++) {
    const pa = t0 + px * nsPerPixel;
    const pb = px === pixels - 1 ? t1 : t0 + (px + 1) * nsPerPixel;
    // kS: the last change at or before the pixel start; [kS+1, k1): changes inside it.
    const kS = gallopUpperBound(T, pa, Math.max(s, k1 - 1), e) - 1;
    k1 = gallopLowerBound(T, pb, kS + 1, e);
    const a = Math.max(kS, s);
    if (k1 === kS + 1 && kS >= s) {
      // No change inside: the value is constant up to the next change, so
      // fill every pixel that ends at or before it at once.
      const v = V[kS]!;
      const next = k1 < e ? T[k1]! : Infinity;
      let q = px;
      for (;;) {
        first[q] = min[q] = max[q] = last[q] = v;
        if (q + 1 >= pixels) break;
        const nb = q + 1 === pixels - 1 ? t1 : t0 + (q + 2) * nsPerPixel;
        if (nb > next) break;
        q++;
      }
      px = q;
      continue;
    }
    if (k1 > a) {
      first[px] = kS >= s ? V[kS]! : NaN;
      lo = Infinity;
      hi = -Infinity;
      if (k1 - a <= 2) for (let k = a; k < k1; k++) leaf(k - s);
      else pyramidCover(n, COUNTER_BLOCK, a - s, k1 - s, leaf, node, levels);
      min[px] = lo;
      max[px] = hi;
      last[px] = V[k1 - 1]!;
    }
  }
  return { counter: c, name: COUNTER_NAMES[c]!, pixels, first, min, max, last };
}
