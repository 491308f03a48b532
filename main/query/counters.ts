// Counters down-sampled per pixel: for each pixel column, the value at its
// start (first), the minimum and maximum over it, and the value at its end
// (last). The goroutine counters come from the transition log
// (go-log-counters.ts); the others, series of changes, are read here. Min/max over many changes come from the series' pyramid, walked
// inline (no callbacks): O(COUNTER_BLOCK * log n) per pixel whatever the
// number of changes it covers.

import { COUNTER_BLOCK, COUNTER_NAMES, counterIsWide, type TimelineIndex } from '../../shared/index/layout';
import { pyramidLevels } from '../../shared/index/pyramid';
import { t48, t48GallopLowerBound, t48GallopUpperBound, t48UpperBound } from '../../shared/index/time48';
import type { CounterBatch } from '../../shared/index/query-types';
import { goLogSlot } from '../../shared/index/go-counters';
import { goLogBatch, goLogBatches, goLogValueAt, type GoLogOut } from './go-log-counters';
import { pixelsUntil } from './pixels';

/** Value of change k (global index) of a series; wide series' values are counterWide[k + wo] (see wideOffset). */
function valueOf(ix: TimelineIndex, wide: boolean, wo: number, k: number): number {
  return wide ? ix.counterWide[k + wo]! : ix.counterValue[k]!;
}

/** counterWide[k + wideOffset] is the value of change k of a wide series c. */
function wideOffset(ix: TimelineIndex, c: number): number {
  return ix.counterWideStart[c]! - ix.counterStart[c]!;
}

/** Value of series c at time t (after every change at t), NaN before its first change. */
export function counterValueAt(ix: TimelineIndex, c: number, t: number): number {
  const slot = goLogSlot(c);
  if (slot >= 0) return goLogValueAt(ix, slot, t);
  const s = ix.counterStart[c]!;
  const e = ix.counterStart[c + 1]!;
  const k = t48UpperBound(ix.counterTimeLo, ix.counterTimeHi, t, s, e) - 1;
  return k >= s ? valueOf(ix, counterIsWide(c), wideOffset(ix, c), k) : NaN;
}

let rLo = 0;
let rHi = 0;

/** Min/max of the leaves [x, y) (global indexes) into rLo/rHi (combined with them). */
function leavesMinMax(V: Int32Array | Uint16Array, W: Float64Array, wide: boolean, wo: number, x: number, y: number): void {
  let lo = rLo;
  let hi = rHi;
  if (wide) {
    for (let k = x; k < y; k++) {
      const v = W[k + wo]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  } else {
    for (let k = x; k < y; k++) {
      const v = V[k]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  rLo = lo;
  rHi = hi;
}

/** Min/max of the pyramid nodes [x, y) into rLo/rHi (combined with them). */
function nodesMinMax(MN: Float64Array, MX: Float64Array, x: number, y: number): void {
  let lo = rLo;
  let hi = rHi;
  for (let k = x; k < y; k++) {
    const a = MN[k]!;
    const z = MX[k]!;
    if (a < lo) lo = a;
    if (z > hi) hi = z;
  }
  rLo = lo;
  rHi = hi;
}

/** Min/max of the values of changes [i, j) (global indexes) of a series into rLo/rHi. */
function rangeMinMax(ix: TimelineIndex, wide: boolean, wo: number, s: number, pyr: number, levels: readonly number[], i: number, j: number): void {
  const B = COUNTER_BLOCK;
  const V = ix.counterValue;
  const W = ix.counterWide;
  rLo = Infinity;
  rHi = -Infinity;
  const a0 = i - s;
  const b0 = j - s;
  if (b0 - a0 <= 2 * B || levels.length === 0) {
    leavesMinMax(V, W, wide, wo, i, j);
    return;
  }
  const MN = ix.counterMin;
  const MX = ix.counterMax;
  let a = Math.ceil(a0 / B);
  let b = Math.floor(b0 / B);
  leavesMinMax(V, W, wide, wo, i, s + a * B);
  leavesMinMax(V, W, wide, wo, s + b * B, j);
  let start = pyr;
  for (let L = 0; L < levels.length; L++) {
    if (L === levels.length - 1 || b - a <= 2 * B) {
      nodesMinMax(MN, MX, start + a, start + b);
      return;
    }
    const na = Math.ceil(a / B);
    const nb = Math.floor(b / B);
    nodesMinMax(MN, MX, start + a, start + na * B);
    nodesMinMax(MN, MX, start + nb * B, start + b);
    start += levels[L]!;
    a = na;
    b = nb;
  }
}

/**
 * Time buckets of a dense series (built lazily on the first coarse query, kept
 * per index): bucket j holds the changes with time in [j*q, (j+1)*q) — they
 * are the leaves [first[j], first[j+1]) — and their min/max. A pixel many
 * buckets wide reads its inner buckets sequentially (one pass over the
 * buckets for a whole-trace query) and searches for its edges only inside
 * one bucket, so a coarse query touches a few cache lines per pixel instead
 * of a pyramid walk and two gallops over the whole series.
 */
export interface Buckets {
  q: number;
  first: Int32Array;
  min: Float64Array;
  max: Float64Array;
  /** Min/max of every SUPER consecutive buckets (made on first use), so that a pixel thousands of buckets wide reads a few hundred values. */
  superMin?: Float64Array;
  superMax?: Float64Array;
}

const SUPER = 16;

function superOf(bk: Buckets): { mn: Float64Array; mx: Float64Array } {
  if (bk.superMin === undefined || bk.superMax === undefined) {
    const n = Math.ceil(bk.min.length / SUPER);
    const mn = new Float64Array(n).fill(Infinity);
    const mx = new Float64Array(n).fill(-Infinity);
    for (let b = 0; b < bk.min.length; b++) {
      const k = (b / SUPER) | 0;
      if (bk.min[b]! < mn[k]!) mn[k] = bk.min[b]!;
      if (bk.max[b]! > mx[k]!) mx[k] = bk.max[b]!;
    }
    bk.superMin = mn;
    bk.superMax = mx;
  }
  return { mn: bk.superMin, mx: bk.superMax };
}

/** Series with fewer changes are answered by the pyramid walk alone. */
export const DEFAULT_BUCKET_MIN_CHANGES = 1 << 14;
export const DEFAULT_BUCKET_FILL = 32;
let BUCKET_MIN_CHANGES = DEFAULT_BUCKET_MIN_CHANGES;

/** For tests: the series size from which time buckets are used (default 2^14) and their average fill (default 32). */
export function setCounterBuckets(minChanges: number, fill: number): void {
  BUCKET_MIN_CHANGES = minChanges;
  BUCKET_FILL = fill;
  bucketCache = new WeakMap();
}
/** Average changes per bucket. */
let BUCKET_FILL = DEFAULT_BUCKET_FILL;

let bucketCache = new WeakMap<TimelineIndex, (Buckets | null)[]>();

function bucketsOf(ix: TimelineIndex, c: number): Buckets | null {
  let per = bucketCache.get(ix);
  if (!per) {
    per = [];
    bucketCache.set(ix, per);
  }
  const have = per[c];
  if (have !== undefined) return have;
  const defaults = BUCKET_MIN_CHANGES === DEFAULT_BUCKET_MIN_CHANGES && BUCKET_FILL === DEFAULT_BUCKET_FILL;
  return (per[c] = (defaults ? prebuiltCounterBuckets(ix, c) : null) ?? buildCounterBuckets(ix, c, BUCKET_FILL));
}

/** The buckets built with the index (main/query/prebuild.ts), if the series has them. */
export function prebuiltCounterBuckets(ix: TimelineIndex, c: number): Buckets | null {
  const q = ix.bucketCounterQ[c];
  if (q === undefined || q === 0) return null;
  const a = ix.bucketCounterOffset[c]!;
  const z = ix.bucketCounterOffset[c + 1]!;
  return { q, first: ix.bucketCounterFirst.subarray(a + c, z + c + 1), min: ix.bucketCounterMin.subarray(a, z), max: ix.bucketCounterMax.subarray(a, z) };
}

/** The time buckets of series c, about `fill` changes each (null: no changes). */
export function buildCounterBuckets(ix: TimelineIndex, c: number, fill: number): Buckets | null {
  const s = ix.counterStart[c]!;
  const e = ix.counterStart[c + 1]!;
  const n = e - s;
  if (n === 0) return null;
  const TL = ix.counterTimeLo;
  const TH = ix.counterTimeHi;
  const span = t48(TL, TH, e - 1) + 1;
  let q = 1;
  while (span / q > n / fill) q *= 2;
  const nb = Math.ceil(span / q);
  const first = new Int32Array(nb + 1);
  const min = new Float64Array(nb).fill(Infinity);
  const max = new Float64Array(nb).fill(-Infinity);
  const wide = counterIsWide(c);
  const wo = wideOffset(ix, c);
  const V = ix.counterValue;
  const W = ix.counterWide;
  let j = -1;
  for (let k = s; k < e; k++) {
    const b = Math.floor(t48(TL, TH, k) / q);
    while (j < b) first[++j] = k;
    const v = wide ? W[k + wo]! : V[k]!;
    if (v < min[b]!) min[b] = v;
    if (v > max[b]!) max[b] = v;
  }
  while (j < nb) first[++j] = e;
  return { q, first, min, max };
}

/** Min/max of changes [i, j) (global indexes), their times in buckets [ba, bz], into rLo/rHi. */
function bucketRangeMinMax(ix: TimelineIndex, wide: boolean, wo: number, s: number, pyr: number, levels: readonly number[], bk: Buckets, i: number, j: number, ba: number, bz: number): void {
  if (bz - ba < 2) {
    rangeMinMax(ix, wide, wo, s, pyr, levels, i, j);
    return;
  }
  const F = bk.first;
  const MN = bk.min;
  const MX = bk.max;
  let lo = Infinity;
  let hi = -Infinity;
  let b = ba + 1;
  if (bz - b > 4 * SUPER) {
    // Buckets up to a multiple of SUPER, whole groups, then the rest.
    for (; b % SUPER !== 0; b++) {
      if (MN[b]! < lo) lo = MN[b]!;
      if (MX[b]! > hi) hi = MX[b]!;
    }
    const { mn, mx } = superOf(bk);
    const gz = Math.floor(bz / SUPER);
    for (let g = b / SUPER; g < gz; g++) {
      if (mn[g]! < lo) lo = mn[g]!;
      if (mx[g]! > hi) hi = mx[g]!;
    }
    b = gz * SUPER;
  }
  for (; b < bz; b++) {
    const x = MN[b]!;
    const y = MX[b]!;
    if (x < lo) lo = x;
    if (y > hi) hi = y;
  }
  // i may be the change just before bucket ba (the value the pixel starts with).
  if (i === F[ba]! - 1) {
    const v = valueOf(ix, wide, wo, i);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    i++;
  }
  // The edge buckets are partly inside: scan their part only when the whole
  // bucket's min/max could widen what the inner buckets give (they rarely do).
  if (i < F[ba]! || MN[ba]! < lo || MX[ba]! > hi) {
    rangeMinMax(ix, wide, wo, s, pyr, levels, i, Math.max(i, F[ba + 1]!));
    if (rLo < lo) lo = rLo;
    if (rHi > hi) hi = rHi;
  }
  if (MN[bz]! < lo || MX[bz]! > hi) {
    rangeMinMax(ix, wide, wo, s, pyr, levels, Math.min(j, F[bz]!), j);
    if (rLo < lo) lo = rLo;
    if (rHi > hi) hi = rHi;
  }
  rLo = lo;
  rHi = hi;
}

/** Coarse pixels (each many buckets wide): see Buckets. */
function counterBatchBuckets(ix: TimelineIndex, c: number, t0: number, t1: number, nsPerPixel: number, bk: Buckets, out: CounterBatch): void {
  const { first, min, max, last, pixels } = out;
  const s = ix.counterStart[c]!;
  const e = ix.counterStart[c + 1]!;
  const TL = ix.counterTimeLo;
  const TH = ix.counterTimeHi;
  const wide = counterIsWide(c);
  const wo = wideOffset(ix, c);
  const pyr = ix.counterPyrStart[c]!;
  const levels = pyramidLevels(e - s, COUNTER_BLOCK);
  const F = bk.first;
  const q = bk.q;
  const nb = F.length - 1;
  const bucket = (t: number) => Math.min(nb - 1, Math.max(0, Math.floor(t / q)));
  // Changes at or before pa: upper bound of pa, searched inside its bucket.
  let ba = bucket(t0);
  let kS = t48UpperBound(TL, TH, t0, F[ba]!, F[ba + 1]!) - 1;
  if (t0 >= nb * q) kS = e - 1;
  let k1 = Math.max(kS + 1, s);
  for (let px = 0; px < pixels; px++) {
    const pb = px === pixels - 1 ? t1 : t0 + (px + 1) * nsPerPixel;
    // k1: the first change at or after pb. Pixels move forward, so k1 does:
    // a gallop from the previous one costs ~log(changes in the pixel), and is
    // never worse than a search of pb's bucket by more than a step or two.
    const bz = bucket(pb);
    const from = Math.max(k1, F[bz]!);
    k1 = pb >= nb * q ? e : t48GallopLowerBound(TL, TH, pb, from, F[bz + 1]!);
    const a = Math.max(kS, s);
    if (k1 > a) {
      first[px] = kS >= s ? valueOf(ix, wide, wo, kS) : NaN;
      bucketRangeMinMax(ix, wide, wo, s, pyr, levels, bk, a, k1, ba, bz);
      min[px] = rLo;
      max[px] = rHi;
      last[px] = valueOf(ix, wide, wo, k1 - 1);
    }
    // The next pixel starts at pb: the last change at or before it.
    if (px + 1 < pixels) {
      ba = bz;
      // Equal-time changes are coalesced: at most one change sits at pb.
      kS = pb >= nb * q ? e - 1 : k1 < e && t48(TL, TH, k1) === pb ? k1 : k1 - 1;
    }
  }
}

export function counterBatch(ix: TimelineIndex, c: number, t0: number, t1: number, nsPerPixel: number): CounterBatch {
  const pixels = Math.max(1, Math.ceil((t1 - t0) / nsPerPixel));
  const first = new Float64Array(pixels).fill(NaN);
  const min = new Float64Array(pixels).fill(NaN);
  const max = new Float64Array(pixels).fill(NaN);
  const last = new Float64Array(pixels).fill(NaN);
  const slot = goLogSlot(c);
  if (slot >= 0) {
    goLogBatch(ix, slot, t0, t1, nsPerPixel, first, min, max, last);
    return { counter: c, name: COUNTER_NAMES[c]!, pixels, first, min, max, last };
  }
  const s = ix.counterStart[c]!;
  const e = ix.counterStart[c + 1]!;
  const n = e - s;
  const TL = ix.counterTimeLo;
  const TH = ix.counterTimeHi;
  const wide = counterIsWide(c);
  const wo = wideOffset(ix, c);
  const pyr = ix.counterPyrStart[c]!;
  const bk = n >= BUCKET_MIN_CHANGES ? bucketsOf(ix, c) : null;
  if (bk !== null && nsPerPixel >= 4 * bk.q) {
    const out = { counter: c, name: COUNTER_NAMES[c]!, pixels, first, min, max, last };
    counterBatchBuckets(ix, c, t0, t1, nsPerPixel, bk, out);
    return out;
  }
  const levels = pyramidLevels(n, COUNTER_BLOCK);
  let k1 = t48UpperBound(TL, TH, t0, s, e);
  for (let px = 0; px < pixels; px++) {
    const pa = t0 + px * nsPerPixel;
    const pb = px === pixels - 1 ? t1 : t0 + (px + 1) * nsPerPixel;
    // kS: the last change at or before the pixel start; [kS+1, k1): changes inside it.
    const kS = t48GallopUpperBound(TL, TH, pa, Math.max(s, k1 - 1), e) - 1;
    k1 = t48GallopLowerBound(TL, TH, pb, kS + 1, e);
    const a = Math.max(kS, s);
    if (k1 === kS + 1 && kS >= s) {
      // No change inside: the value is constant up to the next change, so
      // fill every pixel that ends at or before it at once.
      const v = valueOf(ix, wide, wo, kS);
      const q = pixelsUntil(px, pixels, t0, t1, nsPerPixel, k1 < e ? t48(TL, TH, k1) : Infinity);
      first.fill(v, px, q + 1);
      min.fill(v, px, q + 1);
      max.fill(v, px, q + 1);
      last.fill(v, px, q + 1);
      px = q;
      continue;
    }
    if (k1 > a) {
      first[px] = kS >= s ? valueOf(ix, wide, wo, kS) : NaN;
      rangeMinMax(ix, wide, wo, s, pyr, levels, a, k1);
      min[px] = rLo;
      max[px] = rHi;
      last[px] = valueOf(ix, wide, wo, k1 - 1);
    }
  }
  return { counter: c, name: COUNTER_NAMES[c]!, pixels, first, min, max, last };
}

/** The batches of several series over one viewport; the goroutine counters' in one pass over their log. */
export function counterBatches(ix: TimelineIndex, cs: readonly number[], t0: number, t1: number, nsPerPixel: number): CounterBatch[] {
  const pixels = Math.max(1, Math.ceil((t1 - t0) / nsPerPixel));
  const out: CounterBatch[] = [];
  const logs: GoLogOut[] = [];
  for (const c of cs) {
    const slot = goLogSlot(c);
    if (slot < 0) {
      out.push(counterBatch(ix, c, t0, t1, nsPerPixel));
      continue;
    }
    const nan = () => new Float64Array(pixels).fill(NaN);
    const b = { counter: c, name: COUNTER_NAMES[c]!, pixels, first: nan(), min: nan(), max: nan(), last: nan() };
    logs.push({ slot, first: b.first, min: b.min, max: b.max, last: b.last });
    out.push(b);
  }
  goLogBatches(ix, logs, t0, t1, nsPerPixel);
  return out;
}
