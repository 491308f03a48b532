// Coarse levels of long lanes, built with the index: a lane's spans merged
// once at a few fixed thresholds, so that a coarse viewport walks a level's
// compact items in order instead of searching the lane's points for every
// merged block (each search, mix checkpoint and state read was a cache miss:
// ~700 ns per block on a lane of millions of points).
//
// A level of threshold θ is what laneBatch would draw for the whole lane with
// that threshold: items [point[k], point[k+1]) starting at time[k], each a
// single span (of any length) or a merged block of spans each shorter than θ,
// plus the cumulative state durations at every item boundary (the mix of any
// run of items is a difference of two rows). Merging a level's items again
// with a threshold T >= θ therefore never hides a span at least T long: such
// a span is a single item of the level. Level k+1 (θ·LOD_STEP) is built from
// level k the same way, while it still has many items.

import { MIX_STATES, pointHi, pointTime, type PointTimes, type TimelineIndex } from '../../shared/index/layout';
import { lowerBound } from '../../shared/index/columns';
import { TWO32, hiOf } from '../../shared/index/time48';

/** Lanes with fewer points are drawn from their points alone. */
export const DEFAULT_LOD_MIN_POINTS = 1 << 14;
/** Level 0 merges spans shorter than this many times the lane's mean span: at most ~2/128 items per point. */
export const DEFAULT_LOD_RATIO = 128;
const LOD_STEP = 8;
/** No level coarser than this many items is made (the previous one is cheap enough to walk). */
const LOD_MIN_ITEMS = 1024;

/** One level of one lane: m items, arrays of m + 1 entries (the last closes the lane). */
export interface LodLevel {
  theta: number;
  time: Float64Array;
  point: Int32Array;
  /** (m + 1) rows of `ns` cumulative durations, in ascending state order of `states`. */
  mix: Float64Array;
  ns: number;
  /** Bit set of the states of `mix`'s columns (the lane's own, TimelineIndex.mix). */
  states: number;
}

interface LevelBuilder {
  time: number[];
  point: number[];
  rows: number[];
}

/**
 * The boundaries of the merge of items [0, m) (item k = [at(k), at(k+1))) at
 * threshold θ, as laneBatch merges spans: an item at least θ long (or the
 * last) stands alone; otherwise every item starting before its start + θ
 * joins it, except a last one that is itself at least θ long. Calls emit(k)
 * for each boundary k, ending with emit(m).
 */
export function mergeBoundaries(m: number, at: (k: number) => number, theta: number, emit: (k: number) => void): void {
  let i = 0;
  while (i < m) {
    emit(i);
    const st = at(i);
    if (at(i + 1) - st >= theta || i === m - 1) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < m && at(j) < st + theta) j++;
    let last = Math.min(j - 1, m - 1);
    let next = last + 1;
    if (last > i && at(last + 1) - at(last) >= theta) {
      next = last;
      last--;
    }
    i = next;
  }
  emit(m);
}

/** What building a lane's levels reads: its points and their span mixes. */
export type LaneLodSource = PointTimes & Pick<TimelineIndex, 'laneStart' | 'state' | 'mixStart' | 'mix'>;

/** Which lanes get levels (tests lower both to cover small traces). */
export interface LodOptions {
  minPoints: number;
  ratio: number;
}
export const DEFAULT_LOD_OPTIONS: LodOptions = { minPoints: DEFAULT_LOD_MIN_POINTS, ratio: DEFAULT_LOD_RATIO };

/** The lane's levels (finest first), or [] when its points are few or already coarse. */
export function buildLaneLod(ix: LaneLodSource, lane: number, opts: LodOptions = DEFAULT_LOD_OPTIONS): LodLevel[] {
  const s0 = ix.laneStart[lane]!;
  const s1 = ix.laneStart[lane + 1]!;
  const base = ix.mixStart[lane]!;
  const n = s1 - s0 - 1; // spans
  if (n < Math.max(2, opts.minPoints) || base < 0) return [];
  const states = ix.mix[base]!;
  const cols: number[] = [];
  for (let k = 0; k < MIX_STATES; k++) if ((states & (1 << k)) !== 0) cols.push(k);
  const ns = cols.length;
  const col = new Int8Array(MIX_STATES).fill(-1);
  cols.forEach((k, j) => (col[k] = j));
  const duration = pointTime(ix, s1 - 1) - pointTime(ix, s0);
  let theta = Math.max(1, Math.ceil((opts.ratio * duration) / n));

  const b = level0(ix, s0, s1, theta, col, ns);
  const levels: LodLevel[] = [];
  let cur = finishLevel(theta, b, ns, states);
  if (cur.point.length - 1 > n / 4) return [];
  levels.push(cur);
  // Coarser levels from the previous one.
  while (cur.point.length - 1 > LOD_MIN_ITEMS) {
    theta *= LOD_STEP;
    const prev = cur;
    const nb: LevelBuilder = { time: [], point: [], rows: [] };
    mergeBoundaries(prev.point.length - 1, (k) => prev.time[k]!, theta, (k) => {
      nb.time.push(prev.time[k]!);
      nb.point.push(prev.point[k]!);
      for (let j = 0; j < ns; j++) nb.rows.push(prev.mix[k * ns + j]!);
    });
    cur = finishLevel(theta, nb, ns, states);
    if (cur.point.length > prev.point.length / 2) break;
    levels.push(cur);
  }
  return levels;
}

/**
 * Level 0, from the lane's points [s0, s1): mergeBoundaries over its spans
 * with the cumulative durations by state (column col[state]) at every
 * boundary. One pass, reading the columns directly: lanes of millions of
 * points make closures per span cost more than the rest of the build step.
 */
function level0(ix: LaneLodSource, s0: number, s1: number, theta: number, col: Int8Array, ns: number): LevelBuilder {
  const b: LevelBuilder = { time: [], point: [], rows: [] };
  const TL = ix.timeLo;
  const TH = pointHi(ix);
  const wide = TH.base.length > 0;
  const S = ix.state;
  const cum = new Float64Array(ns);
  const last = s1 - 2; // the last span
  const emit = (p: number, t: number) => {
    b.time.push(t);
    b.point.push(p);
    for (let j = 0; j < ns; j++) b.rows.push(cum[j]!);
  };
  let i = s0;
  let ti = wide ? TL[i]! + hiOf(TH, i) * TWO32 : TL[i]!;
  while (i <= last) {
    emit(i, ti);
    // Spans i.. up to the next boundary, accumulated as they are passed.
    let j = i + 1;
    let tj = wide ? TL[j]! + hiOf(TH, j) * TWO32 : TL[j]!;
    cum[col[S[i]!]!] += tj - ti;
    if (tj - ti >= theta || i === last) {
      i = j;
      ti = tj;
      continue;
    }
    // Every span starting before ti + theta joins, except a last one at least theta long.
    const end = ti + theta;
    while (j <= last) {
      const tn = wide ? TL[j + 1]! + hiOf(TH, j + 1) * TWO32 : TL[j + 1]!;
      if (tj >= end) break; // span j starts after the block
      if (tn - tj >= theta && (j === last || tn >= end)) break; // the block's last span, and a wide one
      cum[col[S[j]!]!] += tn - tj;
      j++;
      tj = tn;
    }
    i = j;
    ti = tj;
  }
  emit(s1 - 1, ti);
  return b;
}

function finishLevel(theta: number, b: LevelBuilder, ns: number, states: number): LodLevel {
  return { theta, time: Float64Array.from(b.time), point: Int32Array.from(b.point), mix: Float64Array.from(b.rows), ns, states };
}

/** The lod* columns of a TimelineIndex. */
export type LodColumns = Pick<TimelineIndex, 'lodLane' | 'lodTheta' | 'lodOffset' | 'lodMixOffset' | 'lodTime' | 'lodPoint' | 'lodMix'>;

/** The levels of every lane with at least opts.minPoints points, as the index's lod* columns. */
export function laneLodColumns(ix: LaneLodSource, opts: LodOptions = DEFAULT_LOD_OPTIONS): LodColumns {
  const lanes: number[] = [];
  const levels: LodLevel[] = [];
  for (let l = 0; l + 1 < ix.laneStart.length; l++) {
    if (ix.laneStart[l + 1]! - ix.laneStart[l]! < opts.minPoints) continue;
    for (const lv of buildLaneLod(ix, l, opts)) {
      lanes.push(l);
      levels.push(lv);
    }
  }
  const nl = levels.length;
  const c: LodColumns = {
    lodLane: Int32Array.from(lanes),
    lodTheta: Float64Array.from(levels, (lv) => lv.theta),
    lodOffset: new Int32Array(nl + 1),
    lodMixOffset: new Int32Array(nl + 1),
    lodTime: new Float64Array(0),
    lodPoint: new Int32Array(0),
    lodMix: new Float64Array(0),
  };
  levels.forEach((lv, k) => {
    c.lodOffset[k + 1] = c.lodOffset[k]! + lv.point.length;
    c.lodMixOffset[k + 1] = c.lodMixOffset[k]! + lv.mix.length;
  });
  c.lodTime = new Float64Array(c.lodOffset[nl]!);
  c.lodPoint = new Int32Array(c.lodOffset[nl]!);
  c.lodMix = new Float64Array(c.lodMixOffset[nl]!);
  levels.forEach((lv, k) => {
    c.lodTime.set(lv.time, c.lodOffset[k]!);
    c.lodPoint.set(lv.point, c.lodOffset[k]!);
    c.lodMix.set(lv.mix, c.lodMixOffset[k]!);
  });
  return c;
}

/** Stores the levels of every lane with at least opts.minPoints points in the index (lod* columns). */
export function prebuildLaneLod(ix: TimelineIndex, opts: LodOptions = DEFAULT_LOD_OPTIONS): void {
  Object.assign(ix, laneLodColumns(ix, opts));
}

/** The coarsest stored level of the lane with θ <= threshold, or null (draw from the points). */
export function laneLodLevel(ix: TimelineIndex, lane: number, threshold: number): LodLevel | null {
  const L = ix.lodLane;
  const a = lowerBound(L, lane, 0, L.length);
  if (a >= L.length || L[a] !== lane || ix.lodTheta[a]! > threshold) return null;
  let k = a;
  while (k + 1 < L.length && L[k + 1] === lane && ix.lodTheta[k + 1]! <= threshold) k++;
  const base = ix.mixStart[lane]!;
  const states = ix.mix[base]!;
  let ns = 0;
  for (let x = states; x !== 0; x &= x - 1) ns++;
  return {
    theta: ix.lodTheta[k]!,
    time: ix.lodTime.subarray(ix.lodOffset[k]!, ix.lodOffset[k + 1]!),
    point: ix.lodPoint.subarray(ix.lodOffset[k]!, ix.lodOffset[k + 1]!),
    mix: ix.lodMix.subarray(ix.lodMixOffset[k]!, ix.lodMixOffset[k + 1]!),
    ns,
    states,
  };
}
