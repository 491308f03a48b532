// Render batches of one lane for a viewport: spans narrower than the merge
// threshold are merged into aggregate blocks that keep the mix of states.
// Cost O(log n + items): a block jumps over every span starting within one
// threshold of its start with a binary search, and its state mix comes from
// the lane's mix pyramid, so the work follows pixels, not trace size.

import { gallopLowerBound, lowerBound, upperBound } from '../../shared/index/columns';
import { HI_BLOCK, HI_SHIFT, TWO32, hiOf } from '../../shared/index/time48';
import { LaneKind, MIX_BLOCK, MIX_STATES, SpanState, pointHi, pointLowerBound, pointTime, pointUpperBound, type PointTimes, type TimelineIndex, pointArg } from '../../shared/index/layout';
import type { RenderBatch } from '../../shared/index/query-types';
import { laneLodLevel, type LodLevel } from './lane-lod';

/**
 * Scratch columns reused by every lane of every query (copied out exact-size).
 * Plain typed arrays with one shared length, grown together: a push is a few
 * monomorphic stores.
 */
class BatchWriter {
  cap = 256;
  n = 0;
  start = new Float64Array(256);
  end = new Float64Array(256);
  state = new Uint8Array(256);
  merged = new Uint8Array(256);
  label = new Int32Array(256);
  ref = new Int32Array(256);
  point = new Int32Array(256);
  spans = new Uint32Array(256);
  mixIndex = new Int32Array(256);
  mixCap = 256 * MIX_STATES;
  mixLen = 0;
  mix = new Float32Array(256 * MIX_STATES);

  reset(): void {
    this.n = 0;
    this.mixLen = 0;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const g = <T extends Float64Array | Uint8Array | Int32Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a as never);
      return b;
    };
    this.start = g(this.start, (n) => new Float64Array(n));
    this.end = g(this.end, (n) => new Float64Array(n));
    this.state = g(this.state, (n) => new Uint8Array(n));
    this.merged = g(this.merged, (n) => new Uint8Array(n));
    this.label = g(this.label, (n) => new Int32Array(n));
    this.ref = g(this.ref, (n) => new Int32Array(n));
    this.point = g(this.point, (n) => new Int32Array(n));
    this.spans = g(this.spans, (n) => new Uint32Array(n));
    this.mixIndex = g(this.mixIndex, (n) => new Int32Array(n));
    this.cap = cap;
  }

  push(s: number, e: number, st: number, merged: number, label: number, ref: number, point: number, spans: number, mix: Float64Array | null): void {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.start[i] = s;
    this.end[i] = e;
    this.state[i] = st;
    this.merged[i] = merged;
    this.label[i] = label;
    this.ref[i] = ref;
    this.point[i] = point;
    this.spans[i] = spans;
    if (mix === null) {
      this.mixIndex[i] = -1;
      return;
    }
    if (this.mixLen + MIX_STATES > this.mixCap) {
      const m = new Float32Array(this.mixCap * 2);
      m.set(this.mix);
      this.mix = m;
      this.mixCap *= 2;
    }
    const o = this.mixLen;
    this.mixIndex[i] = o / MIX_STATES;
    let tot = 0;
    for (let k = 0; k < MIX_STATES; k++) tot += mix[k]!;
    const M = this.mix;
    for (let k = 0; k < MIX_STATES; k++) M[o + k] = tot > 0 ? mix[k]! / tot : k === st ? 1 : 0;
    this.mixLen = o + MIX_STATES;
  }
}

/** Label (string id) and ref (goroutine lane or -1) shown for a span. */
export function spanLabel(ix: TimelineIndex, lane: number, point: number): { label: number; ref: number } {
  const out = { label: 0, ref: -1 };
  spanLabelInto(ix, lane, point, out);
  return out;
}

function spanLabelInto(ix: TimelineIndex, lane: number, point: number, out: { label: number; ref: number }): void {
  const st = ix.state[point]!;
  const arg = pointArg(ix, point);
  out.label = arg;
  out.ref = -1;
  switch (st) {
    case SpanState.Region:
      out.label = ix.regionName[arg] ?? 0;
      out.ref = arg;
      break;
    case SpanState.Task:
      out.label = ix.taskName[arg] ?? 0;
      out.ref = arg;
      break;
    case SpanState.Running:
    case SpanState.Syscall:
    case SpanState.SyscallBlocked:
      if (ix.laneKind[lane] !== LaneKind.Goroutine) {
        out.label = ix.laneName[arg] ?? 0;
        out.ref = arg;
      } else out.label = 0;
      break;
  }
}

/** acc[state[i]] += sign * duration of span i for the spans [x, y) (point indexes). */
function mixLeaves(ix: TimelineIndex, x: number, y: number, acc: Float64Array, sign: number): void {
  if (x >= y) return;
  const st = ix.state;
  const L = ix.timeLo;
  const H = pointHi(ix);
  if (H.base.length === 0) {
    let prev = L[x]!;
    for (let i = x; i < y; i++) {
      const next = L[i + 1]!;
      acc[st[i]!] += sign * (next - prev);
      prev = next;
    }
  } else {
    let prev = L[x]! + hiOf(H, x) * TWO32;
    for (let i = x; i < y; i++) {
      const next = L[i + 1]! + hiOf(H, i + 1) * TWO32;
      acc[st[i]!] += sign * (next - prev);
      prev = next;
    }
  }
}

/** The mix checkpoint (entry k: spans [0, k*MIX_BLOCK)) nearest to span r of a lane with `count` checkpoints. */
function nearestCheckpoint(r: number, count: number): number {
  const k = Math.round(r / MIX_BLOCK);
  return k < count ? k : count - 1;
}

/**
 * Adds the durations by state of spans [a, b) of the lane (point indexes)
 * into acc, in O(MIX_BLOCK): the difference of the prefix sums at the
 * checkpoints nearest to a and b (TimelineIndex.mix), corrected by the (at
 * most MIX_BLOCK / 2) spans between each checkpoint and its end. Exact:
 * integer nanoseconds.
 */
export function addMix(ix: TimelineIndex, lane: number, a: number, b: number, acc: Float64Array): void {
  const s0 = ix.laneStart[lane]!;
  const base = ix.mixStart[lane]!;
  if (base < 0 || b - a <= MIX_BLOCK) {
    mixLeaves(ix, a, b, acc, 1);
    return;
  }
  const mix = ix.mix;
  const mask = mix[base]!;
  let ns = 0;
  for (let x = mask; x !== 0; x &= x - 1) ns++;
  const count = Math.floor((ix.laneStart[lane + 1]! - s0 - 1) / MIX_BLOCK) + 1;
  const ka = nearestCheckpoint(a - s0, count);
  const kb = nearestCheckpoint(b - s0, count);
  const oa = base + 1 + ka * ns;
  const ob = base + 1 + kb * ns;
  for (let k = 0, j = 0; k < MIX_STATES; k++) {
    if ((mask & (1 << k)) === 0) continue;
    acc[k] += mix[ob + j]! - mix[oa + j]!;
    j++;
  }
  const ca = s0 + ka * MIX_BLOCK;
  const cb = s0 + kb * MIX_BLOCK;
  if (a < ca) mixLeaves(ix, a, ca, acc, 1);
  else mixLeaves(ix, ca, a, acc, -1);
  if (b > cb) mixLeaves(ix, cb, b, acc, 1);
  else mixLeaves(ix, b, cb, acc, -1);
}

/**
 * Time buckets of a long lane (built lazily, kept per index): bucket j holds
 * the lane's points with time in [t0 + j*q, t0 + (j+1)*q), i.e. the points
 * [first[j], first[j+1]). A search for a time reads one bucket's few points
 * instead of binary-searching millions: at coarse zoom, where every merged
 * block costs a search, this keeps a block to a few cache lines.
 */
export interface LaneBuckets {
  t0: number;
  q: number;
  first: Int32Array;
}

export const DEFAULT_LANE_BUCKET_MIN_POINTS = 1 << 14;
let LANE_BUCKET_MIN_POINTS = DEFAULT_LANE_BUCKET_MIN_POINTS;
const LANE_BUCKET_FILL = 16;
let laneBucketCache = new WeakMap<TimelineIndex, Map<number, LaneBuckets | null>>();

/** For tests: the lane size from which time buckets are used (default 2^14). */
export function setLaneBucketMinPoints(n: number): void {
  LANE_BUCKET_MIN_POINTS = n;
  laneBucketCache = new WeakMap();
}

function laneBuckets(ix: TimelineIndex, lane: number, s0: number, s1: number): LaneBuckets | null {
  if (s1 - s0 < LANE_BUCKET_MIN_POINTS) return null;
  let per = laneBucketCache.get(ix);
  if (!per) {
    per = new Map();
    laneBucketCache.set(ix, per);
  }
  const have = per.get(lane);
  if (have !== undefined) return have;
  const out = (LANE_BUCKET_MIN_POINTS === DEFAULT_LANE_BUCKET_MIN_POINTS ? prebuiltLaneBuckets(ix, lane) : null) ?? buildLaneBuckets(ix, s0, s1);
  per.set(lane, out);
  return out;
}

/** The buckets built with the index (main/query/prebuild.ts), if the lane has them. */
export function prebuiltLaneBuckets(ix: TimelineIndex, lane: number): LaneBuckets | null {
  const k = lowerBound(ix.bucketLane, lane, 0, ix.bucketLane.length);
  if (k >= ix.bucketLane.length || ix.bucketLane[k] !== lane) return null;
  return { t0: ix.bucketLaneT0[k]!, q: ix.bucketLaneQ[k]!, first: ix.bucketLaneFirst.subarray(ix.bucketLaneOffset[k]!, ix.bucketLaneOffset[k + 1]!) };
}

/** The time buckets of the lane's points [s0, s1). */
/** The time buckets of the lane's points [s0, s1); tick, if given, is called every 2^18 points (the index build's progress: a lane may have tens of millions). */
export function buildLaneBuckets(ix: PointTimes, s0: number, s1: number, tick?: () => void): LaneBuckets {
  const n = s1 - s0;
  const t0 = pointTime(ix, s0);
  const span = pointTime(ix, s1 - 1) - t0 + 1;
  let q = 1;
  while (span / q > n / LANE_BUCKET_FILL) q *= 2;
  const nb = Math.ceil(span / q);
  const first = new Int32Array(nb + 1);
  let j = -1;
  const step = tick === undefined ? n : TICK_POINTS;
  for (let k0 = s0; k0 < s1; k0 += step) {
    const e = Math.min(s1, k0 + step);
    j = ix.timeHiBase.length === 0 ? bucketsLo(first, ix.timeLo, t0, Math.round(Math.log2(q)), j, k0, e) : bucketsHi(first, ix, t0, q, j, k0, e);
    tick?.();
  }
  while (j < nb) first[++j] = s1;
  return { t0, q, first };
}

/**
 * buildLaneBuckets over points [from, to), every time below 2^32: q is a
 * power of two (2^shift), so a shift, not a float division. j: the last
 * bucket whose first point is set; returns it.
 */
function bucketsLo(first: Int32Array, L: Uint32Array, t0: number, shift: number, j: number, from: number, to: number): number {
  for (let k = from; k < to; k++) {
    const b = (L[k]! - t0) >>> shift;
    while (j < b) first[++j] = k;
  }
  return j;
}

/** bucketsLo with high time parts: block by block, most blocks sharing one high part. */
function bucketsHi(first: Int32Array, ix: PointTimes, t0: number, q: number, j: number, from: number, to: number): number {
  const L = ix.timeLo;
  const HB = ix.timeHiBase;
  const MA = ix.timeHiMixedAt;
  for (let k = from; k < to; ) {
    const blk = k >>> HI_SHIFT;
    const end = Math.min(to, (blk + 1) * HI_BLOCK);
    const off = MA[blk]! < 0 ? HB[blk]! * TWO32 - t0 : NaN;
    for (; k < end; k++) {
      const b = Math.floor((off === off ? L[k]! + off : pointTime(ix, k) - t0) / q);
      while (j < b) first[++j] = k;
    }
  }
  return j;
}

/** Points between two progress ticks of the index build (buildLaneBuckets, prebuild.ts). */
export const TICK_POINTS = 1 << 18;

/** First point of [lo, hi) (within the lane [s0, s1)) with time >= x (upper: > x). */
function bucketBound(ix: TimelineIndex, bk: LaneBuckets | null, x: number, lo: number, hi: number, s0: number, s1: number, upper: boolean): number {
  if (bk !== null) {
    const F = bk.first;
    const b = Math.floor((x - bk.t0) / bk.q);
    // The answer over the whole lane lies in [x0, x1]; clamp that to [lo, hi].
    const nb = F.length - 1;
    const x0 = b < 0 ? s0 : b >= nb ? s1 : F[b]!;
    const x1 = b < 0 ? s0 : b >= nb ? s1 : F[b + 1]!;
    const a = Math.max(lo, Math.min(hi, x0));
    const z = Math.min(hi, Math.max(lo, x1));
    if (a >= z) return a;
    lo = a;
    hi = z;
  }
  return upper ? pointUpperBound(ix, x, lo, hi) : pointLowerBound(ix, x, lo, hi);
}

function dominant(mix: Float64Array): number {
  let best = SpanState.None as number;
  let bestV = 0;
  for (let k = 1; k < MIX_STATES; k++) {
    if (mix[k]! > bestV) {
      bestV = mix[k]!;
      best = k;
    }
  }
  return best;
}

/**
 * The lane's items covering exactly [t0, t1]. Spans at least `threshold` ns
 * long are always their own item (clipped to the viewport); narrower ones are
 * merged with their neighbours into blocks at least `threshold` long.
 */
const scratch = new BatchWriter();
const acc = new Float64Array(MIX_STATES);
const lbl = { label: 0, ref: -1 };

export function laneBatch(ix: TimelineIndex, lane: number, t0: number, t1: number, nsPerPixel: number, threshold: number): RenderBatch {
  const w = scratch;
  w.reset();
  const s0 = ix.laneStart[lane]!;
  const s1 = ix.laneStart[lane + 1]!;
  let cur = t0;
  const pad = (e: number) => {
    if (e > cur) {
      w.push(cur, e, SpanState.None, 0, 0, -1, -1, 0, null);
      cur = e;
    }
  };
  if (s1 - s0 >= 2 && t1 > pointTime(ix, s0) && t0 < pointTime(ix, s1 - 1)) {
    pad(pointTime(ix, s0));
    const lod = laneLodLevel(ix, lane, threshold);
    if (lod !== null) cur = lodBatch(ix, lane, lod, cur, t1, threshold);
    else cur = pointsBatch(ix, lane, s0, s1, cur, t1, threshold);
  }
  pad(t1);
  // Instants, at most about one per pixel.
  const a0 = ix.instStart[lane]!;
  const a1 = ix.instStart[lane + 1]!;
  const it: number[] = [];
  const ik: number[] = [];
  const ii: number[] = [];
  let k = lowerBound(ix.instTime, t0, a0, a1);
  while (k < a1 && ix.instTime[k]! <= t1) {
    const tk = ix.instTime[k]!;
    it.push(tk);
    ik.push(ix.instKind[k]!);
    ii.push(k);
    k = Math.max(k + 1, lowerBound(ix.instTime, tk + nsPerPixel, k + 1, a1));
  }
  const n = w.n;
  const start = w.start.slice(0, n);
  const end = w.end.slice(0, n);
  const x0 = new Float32Array(n);
  const x1 = new Float32Array(n);
  for (let q = 0; q < n; q++) {
    x0[q] = (start[q]! - t0) / nsPerPixel;
    x1[q] = (end[q]! - t0) / nsPerPixel;
  }
  return {
    lane,
    count: n,
    start,
    end,
    x0,
    x1,
    state: w.state.slice(0, n),
    merged: w.merged.slice(0, n),
    label: w.label.slice(0, n),
    ref: w.ref.slice(0, n),
    point: w.point.slice(0, n),
    spans: w.spans.slice(0, n),
    mixIndex: w.mixIndex.slice(0, n),
    mix: w.mix.slice(0, w.mixLen),
    instTime: Float64Array.from(it),
    instKind: Uint8Array.from(ik),
    instIndex: Int32Array.from(ii),
  };
}

/** laneBatch's items from the lane's points, from cur (inside the lane) to t1; returns where they end. */
function pointsBatch(ix: TimelineIndex, lane: number, s0: number, s1: number, cur: number, t1: number, threshold: number): number {
  const w = scratch;
  const bk = laneBuckets(ix, lane, s0, s1);
  let i = Math.max(s0, bucketBound(ix, bk, cur, s0, s1, s0, s1, true) - 1);
  const lastSpan = s1 - 2;
  while (i <= lastSpan && pointTime(ix, i) < t1 && cur < t1) {
    const st = pointTime(ix, i);
    const en = pointTime(ix, i + 1);
    if (en - st >= threshold || i === lastSpan) {
      const e = Math.min(en, t1);
      if (e > cur) {
        spanLabelInto(ix, lane, i, lbl);
        w.push(cur, e, ix.state[i]!, 0, lbl.label, lbl.ref, i, 1, null);
        cur = e;
      }
      i++;
      continue;
    }
    // Merge: every span starting before st + threshold joins the block.
    const j = bucketBound(ix, bk, st + threshold, i + 1, s1, s0, s1, false);
    let last = Math.min(j - 1, lastSpan);
    let next: number;
    let blockEnd: number;
    if (last > i && pointTime(ix, last + 1) - pointTime(ix, last) >= threshold) {
      blockEnd = pointTime(ix, last);
      next = last;
      last--;
    } else {
      blockEnd = pointTime(ix, last + 1);
      next = last + 1;
    }
    const e = Math.min(blockEnd, t1);
    if (next - i === 1) {
      if (e > cur) {
        spanLabelInto(ix, lane, i, lbl);
        w.push(cur, e, ix.state[i]!, 0, lbl.label, lbl.ref, i, 1, null);
      }
    } else if (e > cur) {
      acc.fill(0);
      addMix(ix, lane, i, next, acc);
      const d = dominant(acc);
      w.push(cur, e, d, 1, 0, -1, i, next - i, acc);
    }
    cur = Math.max(cur, e);
    i = next;
  }
  return cur;
}

/**
 * The same merge over a coarse level's items (lane-lod.ts) instead of the
 * points: items are read in order, and a block's mix is the difference of two
 * cumulative rows. A level's items are spans or blocks of spans shorter than
 * its θ <= threshold, so a span at least threshold long is still an item of
 * its own.
 */
function lodBatch(ix: TimelineIndex, lane: number, lv: LodLevel, cur: number, t1: number, threshold: number): number {
  const w = scratch;
  const T = lv.time;
  const P = lv.point;
  const m = P.length - 1;
  let k = Math.max(0, upperBound(T, cur, 0, m) - 1);
  while (k < m && T[k]! < t1 && cur < t1) {
    const st = T[k]!;
    let next = k + 1;
    let blockEnd = T[k + 1]!;
    if (blockEnd - st < threshold && k < m - 1) {
      // Every item starting before st + threshold joins the block, except a last one at least threshold long.
      const j = gallopLowerBound(T, st + threshold, k + 1, m);
      let last = Math.min(j - 1, m - 1);
      if (last > k && T[last + 1]! - T[last]! >= threshold) {
        blockEnd = T[last]!;
        next = last;
      } else {
        blockEnd = T[last + 1]!;
        next = last + 1;
      }
    }
    const e = Math.min(blockEnd, t1);
    if (e > cur) {
      const p = P[k]!;
      const spans = P[next]! - p;
      if (spans === 1) {
        spanLabelInto(ix, lane, p, lbl);
        w.push(cur, e, ix.state[p]!, 0, lbl.label, lbl.ref, p, 1, null);
      } else {
        lodMix(lv, k, next, acc);
        w.push(cur, e, dominant(acc), 1, 0, -1, p, spans, acc);
      }
      cur = e;
    }
    k = next;
  }
  return cur;
}

/** acc = the durations by state of a level's items [a, b). */
function lodMix(lv: LodLevel, a: number, b: number, acc: Float64Array): void {
  acc.fill(0);
  const M = lv.mix;
  const ns = lv.ns;
  for (let s = 0, j = 0; s < MIX_STATES; s++) {
    if ((lv.states & (1 << s)) === 0) continue;
    acc[s] = M[b * ns + j]! - M[a * ns + j]!;
    j++;
  }
}
