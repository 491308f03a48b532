// Turns a builder's event-order columns into the final TimelineIndex: task
// lanes, points grouped by lane (a stable counting sort, column by column to
// bound the memory peak), links sorted by target point, instants grouped by
// lane, and the level-of-detail structures (lane time buckets, span-state
// mixes and coarse levels, counter min/max pyramids). On big builds the
// counter-log summaries, mixes and coarse levels are made on a helper
// thread meanwhile (offload.ts).

import { type GrowableColumn } from '../../shared/index/columns';
import {
  COUNTER_BLOCK,
  COUNTER_COUNT,
  INDEX_FORMAT_VERSION,
  LaneKind,
  SpanState,
  counterIsWide,
  type IdColumn,
  type TimelineIndex,
} from '../../shared/index/layout';
import { tb48, type HiBlocks } from '../../shared/index/time48';
import { pyramidLevels } from '../../shared/index/pyramid';
import type { IndexBuilder } from './builder';
import { goLogSlot } from '../../shared/index/go-counters';
import type { GoLogColumns } from './go-counter-log';
import { FinishHelper, summarizeGoLogAside } from './offload';
import { computeLaneMixAndLod } from './lane-levels';
import { laneBucketColumns } from '../query/prebuild';
import { NO_PROGRESS, TICK_BLOCK, type FinishProgress } from './finish-progress';

export interface FinishInfo {
  goVersion: number;
  error: string | null;
  bytesRead: number;
  /** Called after large arrays are dropped (a full GC keeps the peak down). */
  collect?: () => void;
  /** Builds with at least this many points compute their span mixes and coarse levels on a helper thread (tests lower it). */
  offloadMinPoints?: number;
  /** Stages and ticks (finish-progress.ts); its report may throw to cancel. */
  progress?: FinishProgress;
}

/**
 * Below this many points, the helper thread does not pay: its start and the
 * wait for it cost ~40 ms, and it saves ~15 ms per million points (at 2.2M
 * points, a 13 MiB net/http trace, 10-15 ms slower with it and 17 MiB more
 * RSS; a wash at 4.2M; 0.25 s saved at 19M).
 */
export const OFFLOAD_MIN_POINTS = 1 << 22;

/** Builds with fewer points skip the full GCs between phases. */
const COLLECT_MIN_POINTS = 1 << 21;

export function finishIndex(b: IndexBuilder, info: FinishInfo): TimelineIndex {
  (info.progress ?? NO_PROGRESS).stage('prepare');
  b.closeAll();
  buildTaskLanes(b);
  b.dropBuildState();
  const np = b.points.count;
  const helper = np >= (info.offloadMinPoints ?? OFFLOAD_MIN_POINTS) ? FinishHelper.start() : null;
  try {
    return finishWith(b, info, helper);
  } finally {
    helper?.close();
  }
}

function finishWith(b: IndexBuilder, info: FinishInfo, helper: FinishHelper | null): TimelineIndex {
  const fp = info.progress ?? NO_PROGRESS;
  if (helper !== null) {
    helper.onWait = () => fp.waiting();
    helper.waitMs = Math.max(1, Math.min(100, fp.intervalMs));
  }
  // The counter log's summaries are computed on the other core while the points are sorted here.
  const goLog = summarizeGoLogAside(b.goCounters.rows((done, total) => fp.tick((0.5 * done) / total, 1)), undefined, helper);
  const P = b.points;
  const np = P.count;
  const ns = P.sharedCount;
  // A full GC costs ~10 ms even on a small heap; it pays only when big columns were dropped.
  const collect = np >= COLLECT_MIN_POINTS && info.collect ? info.collect : () => {};
  if (np >= COLLECT_MIN_POINTS && info.collect) P.release = info.collect;
  collect();
  const lanes = b.lanes;
  const nl = lanes.count;

  // Points: the shared rows by a counting sort by lane; lanes with their own rows are already in order.
  const laneBytes = 4 * ns;
  let laneDrained = 0;
  P.onDrained = (bytes) => fp.tick(0.5 + (0.25 * (laneDrained += bytes)) / laneBytes, 1);
  let laneCol: Int32Array | null = P.drainLane();
  P.onDrained = null;
  // The columns the helper reads while this thread goes on are shared, not copied.
  const shared = helper !== null;
  const laneStart = shared ? new Int32Array(new SharedArrayBuffer(4 * (nl + 1))) : new Int32Array(nl + 1);
  const lc = laneCol;
  inBlocks(ns, (a, z) => countKeys(laneStart, lc, 1, a, z), (f) => fp.tick(0.75 + 0.25 * f, 1));
  P.addOwnCounts(laneStart);
  for (let l = 0; l < nl; l++) laneStart[l + 1] += laneStart[l]!;

  // Links: by target point. Links were appended in event order, so within a
  // target lane they are already in point order: a stable counting sort by
  // target lane is enough (no per-point scratch array).
  fp.stage('links');
  const lorder = linkOrder(b, laneCol, nl, fp);

  // Destinations, computed in place over the lane column (no second point-sized array).
  let dest: Int32Array | null = laneCol;
  {
    const cur = laneStart.slice(0, nl);
    const d = dest;
    inBlocks(ns, (a, z) => placeKeysInPlace(d, cur, a, z), (f) => fp.tick(1 + f, 3));
  }
  const { linkKind, linkPoint, linkFrom, linkStack } = permuteLinks(b, lorder, dest, fp);
  const restarts = restartColumns(b, dest);
  laneCol = null;
  collect();
  // The drains' progress: the bytes of build-time chunks they free.
  fp.stage('points');
  const drainTotal = P.bytes;
  let drained = 0;
  P.onDrained = (bytes) => fp.tick((drained += bytes), drainTotal);
  const { lo: timeLo, hi: timeHi } = P.drainTime(dest, laneStart, shared);
  collect();
  const state = P.drainState(dest, laneStart, shared);
  collect();
  const hiCols = { timeHiBase: timeHi.base, timeHiMixedAt: timeHi.mixedAt, timeHiEach: timeHi.each };
  const mixAndLod = helper?.laneMixAndLod({ laneStart, timeLo, ...hiCols, state }) ?? null;
  const { arg, argHi } = P.drainArg(dest, laneStart);
  collect();
  const stack = P.drainStack(dest, laneStart);
  P.onDrained = null;
  // The destinations (4 bytes a shared point) go before the link permutation is made.
  dest = null;
  collect();
  // By source lane, in event (time) order within each source: a counting
  // sort over the links' original order, mapped to their final positions.
  fp.stage('link sources');
  const linkByFrom = linksBySource(lorder, linkFrom, nl + 1, fp);
  sortGroupsByTime(linkByFrom, linkFrom, linkPoint, timeLo, timeHi, fp);

  fp.stage('lanes');
  // Instants: counting sort by lane (stable: time order is kept).
  const I = b.instants;
  const ni = I.time.length;
  const iLane = I.lane.release().data;
  const instStart = new Int32Array(nl + 1);
  for (let i = 0; i < ni; i++) instStart[iLane[i]! + 1]++;
  for (let l = 0; l < nl; l++) instStart[l + 1] += instStart[l]!;
  fp.tick(0.5, 6);
  const idest = new Int32Array(ni);
  {
    const cur = instStart.slice(0, nl);
    for (let i = 0; i < ni; i++) idest[i] = cur[iLane[i]!]!++;
  }
  fp.tick(1, 6);

  // The lane columns before the rest, each narrowed straight from the build's
  // column (no trimmed copy first), then a GC: on millions of lanes the
  // copies and the build's columns together made finish's peak.
  const laneRes = finishRes(lanes.res);
  fp.tick(1.5, 6);
  const laneName = finishIds(lanes.name);
  fp.tick(1.7, 6);
  const laneLabel = narrowIds(lanes.finishLabels(nl));
  collect();
  fp.tick(2, 6);
  const laneKind = lanes.kind.finish();
  const laneParent = lanes.finishParents(nl);
  fp.tick(2.3, 6);
  const laneDepth = lanes.finishDepths(nl);
  fp.tick(2.6, 6);

  const ix: TimelineIndex = {
    version: INDEX_FORMAT_VERSION,
    goVersion: info.goVersion,
    startAbs: b.startAbsolute.toString(),
    end: b.lastTs,
    error: info.error,
    bytesRead: info.bytesRead,
    events: b.events,
    strings: b.strings.list,
    stacks: b.stacks.finish(),
    laneKind,
    laneRes,
    laneParent,
    laneDepth,
    laneName,
    laneLabel,
    ...restarts,
    laneStart,
    timeLo,
    ...hiCols,
    state,
    arg,
    argHi,
    stack,
    mixStart: new Int32Array(0),
    mix: new Float64Array(0),
    linkKind,
    linkPoint,
    linkFrom,
    linkStack,
    linkByFrom,
    instStart,
    instTime: permuteFlat(I.time, idest, Float64Array),
    instKind: permuteFlat(I.kind, idest, Uint8Array),
    instArg: permuteFlat(I.arg, idest, Int32Array),
    instStack: permuteFlat(I.stack, idest, Int32Array),
    counterStart: new Int32Array(0),
    counterTimeLo: new Uint32Array(0),
    counterTimeHi: new Uint16Array(0),
    counterValue: new Int32Array(0),
    counterWide: new Float64Array(0),
    counterWideStart: new Int32Array(0),
    counterPyrStart: new Int32Array(0),
    counterMin: new Float64Array(0),
    counterMax: new Float64Array(0),
    goLogTimeBase: new Float64Array(0),
    goLogTimeOff: new Uint16Array(0),
    goLogTimeWholeAt: new Int32Array(0),
    goLogTimeWhole: new Float64Array(0),
    goLogCode: new Uint8Array(0),
    goLogFirst: new Int32Array(0),
    goLogBlockStart: new Int32Array(0),
    goLogBlockMin: new Int32Array(0),
    goLogBlockMax: new Int32Array(0),
    goLogSuperMin: new Int32Array(0),
    goLogSuperMax: new Int32Array(0),
    goLogBucketQ: Float64Array.of(1),
    goLogBucketFirst: new Int32Array(1),
    bucketLane: new Int32Array(0),
    bucketLaneT0: new Float64Array(0),
    bucketLaneQ: new Float64Array(0),
    bucketLaneOffset: new Int32Array(1),
    bucketLaneFirst: new Int32Array(0),
    lodLane: new Int32Array(0),
    lodTheta: new Float64Array(0),
    lodOffset: new Int32Array(1),
    lodMixOffset: new Int32Array(1),
    lodTime: new Float64Array(0),
    lodPoint: new Int32Array(0),
    lodMix: new Float64Array(0),
    bucketCounterQ: new Float64Array(0),
    bucketCounterOffset: new Int32Array(1),
    bucketCounterFirst: new Int32Array(0),
    bucketCounterMin: new Float64Array(0),
    bucketCounterMax: new Float64Array(0),
    regionLane: b.regionLane.finish(),
    regionTask: b.regionTask.finish(),
    regionName: b.regionName.finish(),
    regionStart: b.regionStart.finish(),
    regionEnd: b.regionEnd.finish(),
    regionStartStack: b.regionStartStack.finish(),
    regionEndStack: b.regionEndStack.finish(),
    taskId: b.taskId.finish(),
    taskParent: b.taskParent.finish(),
    taskName: b.taskName.finish(),
    taskStart: b.taskStart.finish(),
    taskEnd: b.taskEnd.finish(),
    taskStartLane: b.taskStartLane.finish(),
    taskEndLane: b.taskEndLane.finish(),
    taskStartStack: b.taskStartStack.finish(),
    taskEndStack: b.taskEndStack.finish(),
    logTime: b.logTime.finish(),
    logLane: b.logLane.finish(),
    logTask: b.logTask.finish(),
    logCategory: b.logCategory.finish(),
    logMessage: b.logMessage.finish(),
    logStack: b.logStack.finish(),
  };
  fp.tick(3, 6);
  Object.assign(ix, laneBucketColumns(ix, undefined, (done, total) => fp.tick(3 + (3 * done) / total, 6)));
  fp.stage('levels');
  Object.assign(ix, mixAndLod !== null ? mixAndLod.result() : computeLaneMixAndLod(ix));
  collect();
  fp.stage('counters');
  buildCounters(ix, b, goLog.result(), collect);
  collect();
  return ix;
}

type Ctor<T> = { new (n: number): T };

/** The builder's goroutine restarts as index columns, sorted by lane, their points mapped through dest. */
function restartColumns(b: IndexBuilder, dest: Int32Array): Pick<TimelineIndex, 'restartLane' | 'restartPoint' | 'restartFrom'> {
  const rs = [...b.restarts].sort((x, y) => x[0] - y[0]);
  return {
    restartLane: Int32Array.from(rs, ([lane]) => lane),
    restartPoint: Int32Array.from(rs, ([, [point]]) => dest[point]!),
    restartFrom: Float64Array.from(rs, ([, [, from]]) => from),
  };
}

/** Link indexes ordered by the lane of their target point (stable); the first third of the 'links' stage. */
function linkOrder(b: IndexBuilder, laneCol: Int32Array, nl: number, fp: FinishProgress): Int32Array {
  const L = b.links;
  const nk = L.kind.length;
  const lpoint = L.point.data;
  const byLane = new Int32Array(nk);
  inBlocks(nk, (a, z) => gather(byLane, laneCol, lpoint, a, z), (f) => fp.tick(f, 6));
  return countingOrder(byLane, nl, 0, (f) => fp.tick(1 + f, 6));
}

/** The link columns in `order`, target points mapped through dest (the builder's columns are released); the last third of the 'links' stage. */
function permuteLinks(b: IndexBuilder, order: Int32Array, dest: Int32Array, fp: FinishProgress) {
  const L = b.links;
  const nk = L.kind.length;
  const lkind = L.kind.release().data;
  const lpoint = L.point.release().data;
  const lfrom = L.from.release().data;
  const lstack = L.stack.release().data;
  const linkKind = new Uint8Array(nk);
  const linkPoint = new Int32Array(nk);
  const linkFrom = new Int32Array(nk);
  let maxStack = 0;
  for (let k = 0; k < nk; k++) if (lstack[k]! > maxStack) maxStack = lstack[k]!;
  const linkStack: IdColumn = maxStack <= 0xffff ? new Uint16Array(nk) : new Int32Array(nk);
  inBlocks(nk, (a, z) => permuteLinkRange(order, lkind, lpoint, lfrom, dest, linkKind, linkPoint, linkFrom, a, z), (f) => fp.tick(2 + 0.75 * f, 3));
  if (linkStack instanceof Uint16Array) inBlocks(nk, (a, z) => permuteInto16(linkStack, lstack, order, a, z), (f) => fp.tick(2.75 + 0.2 * f, 3));
  else inBlocks(nk, (a, z) => permuteInto32(linkStack, lstack, order, a, z), (f) => fp.tick(2.75 + 0.2 * f, 3));
  for (let q = 1; q < nk; q++) {
    if (linkPoint[q - 1]! >= linkPoint[q]!) throw new Error('internal error: links out of point order');
  }
  return { linkKind, linkPoint, linkFrom, linkStack };
}

/** The lane ids (narrowRes), narrowed straight from the build's column, which is released. */
function finishRes(c: GrowableColumn<Float64Array>): Float64Array | Int32Array {
  const r = narrowRes(c.data.subarray(0, c.length));
  if (r instanceof Int32Array) {
    c.release();
    return r;
  }
  return c.finish();
}

/** The lane names (narrowIds), narrowed straight from the build's column, which is released. */
function finishIds(c: GrowableColumn<Int32Array>): IdColumn {
  const r = narrowIds(c.data.subarray(0, c.length));
  if (r instanceof Uint16Array) {
    c.release();
    return r;
  }
  return c.finish();
}

/** laneRes as an Int32Array when every id fits (goroutine ids, P ids, Linux thread ids do): 4 bytes a lane instead of 8. */
export function narrowRes(a: Float64Array): Float64Array | Int32Array {
  for (let i = 0; i < a.length; i++) if (!((a[i]! | 0) === a[i])) return a;
  return Int32Array.from(a);
}

/** The ids as a Uint16Array when every one fits (string ids of names and labels: millions of goroutine lanes, few names). */
function narrowIds(a: Int32Array): IdColumn {
  for (let i = 0; i < a.length; i++) if (a[i]! < 0 || a[i]! > 0xffff) return a;
  return Uint16Array.from(a);
}

// One loop per element type: a store into a union-typed array is polymorphic.
function permuteInto16(out: Uint16Array, src: Uint16Array | Int32Array, order: Int32Array, from: number, to: number): void {
  for (let q = from; q < to; q++) out[q] = src[order[q]!]!;
}
function permuteInto32(out: Int32Array, src: Uint16Array | Int32Array, order: Int32Array, from: number, to: number): void {
  for (let q = from; q < to; q++) out[q] = src[order[q]!]!;
}

function permuteFlat<T extends Float64Array | Int32Array | Uint8Array>(col: GrowableColumn<T>, dest: Int32Array, ctor: Ctor<T>): T {
  const { data, length } = col.release();
  const out = new ctor(length);
  for (let i = 0; i < length; i++) out[dest[i]!] = data[i]!;
  return out;
}

/**
 * Final link positions grouped by source lane (from + 1: -1 is "none"), each
 * group in the links' original (event) order. order[q] = original index of
 * the link at final position q; from is indexed by final position.
 */
function linksBySource(order: Int32Array, from: Int32Array, nkeys: number, fp: FinishProgress): Int32Array {
  const nk = order.length;
  const byOriginal = new Int32Array(nk);
  inBlocks(nk, (a, z) => invertRange(byOriginal, order, a, z), (f) => fp.tick(f, 4));
  const start = new Int32Array(nkeys + 1);
  inBlocks(nk, (a, z) => countKeys(start, from, 2, a, z), (f) => fp.tick(1 + f, 4));
  for (let k = 0; k < nkeys; k++) start[k + 1] += start[k]!;
  fp.tick(2, 4);
  const out = new Int32Array(nk);
  inBlocks(nk, (a, z) => placeBySource(out, start, from, byOriginal, a, z), (f) => fp.tick(2 + f, 4));
  return out;
}

/** Indexes of `keys` ordered by key (+shift), stable; tick(fraction done) between blocks. */
function countingOrder(keys: Int32Array, nkeys: number, shift: number, tick: (fraction: number) => void): Int32Array {
  const n = keys.length;
  const start = new Int32Array(nkeys + 1);
  inBlocks(n, (a, z) => countKeys(start, keys, shift + 1, a, z), (f) => tick(0.4 * f));
  for (let k = 0; k < nkeys; k++) start[k + 1] += start[k]!;
  tick(0.5);
  const out = new Int32Array(n);
  inBlocks(n, (a, z) => placeIndexes(out, start, keys, shift, a, z), (f) => tick(0.5 + 0.5 * f));
  return out;
}

/**
 * Within each run of equal source lanes, orders links by the time of their
 * point, TICK_BLOCK links at a time. One source may have created or woken
 * most goroutines (tens of millions of links): such a run is scanned in
 * blocks of its own.
 */
export function sortGroupsByTime(order: Int32Array, from: Int32Array, point: Int32Array, lo: Uint32Array, hi: HiBlocks, fp: FinishProgress): void {
  const n = order.length;
  let a = 0;
  while (a < n) {
    a = sortRuns(order, from, point, lo, hi, a, Math.min(n, a + TICK_BLOCK));
    if (a < 0) {
      // A run longer than TICK_BLOCK starts at -a - 1.
      const s = -a - 1;
      const f = from[order[s]!]!;
      let b = s + 1;
      let sorted = true;
      while (b < n && from[order[b]!] === f) {
        const e = scanRun(order, from, point, lo, hi, f, b, Math.min(n, b + TICK_BLOCK));
        if (e < 0) sorted = false;
        b = e < 0 ? -e - 1 : e;
        fp.tick(3 + b / n, 4);
      }
      if (!sorted) sortByTime(order, s, b, point, lo, hi);
      a = b;
    }
    fp.tick(3 + a / n, 4);
  }
}

/**
 * sortGroupsByTime over the runs that start in [a, stop) (the last may end
 * past stop): where the next run starts; -(start + 1) of a run found longer
 * than TICK_BLOCK, left to the caller.
 */
function sortRuns(order: Int32Array, from: Int32Array, point: Int32Array, lo: Uint32Array, hi: HiBlocks, a: number, stop: number): number {
  const n = order.length;
  while (a < stop) {
    let b = a + 1;
    const f = from[order[a]!]!;
    let sorted = true;
    const cap = a + TICK_BLOCK;
    while (b < n && from[order[b]!] === f) {
      if (b === cap) return -a - 1;
      if (tb48(lo, hi, point[order[b]!]!) < tb48(lo, hi, point[order[b - 1]!]!)) sorted = false;
      b++;
    }
    if (!sorted) sortByTime(order, a, b, point, lo, hi);
    a = b;
  }
  return a;
}

/** order[a, b) by the time of the links' points, ties in order. */
function sortByTime(order: Int32Array, a: number, b: number, point: Int32Array, lo: Uint32Array, hi: HiBlocks): void {
  order.subarray(a, b).sort((x, y) => tb48(lo, hi, point[x]!) - tb48(lo, hi, point[y]!) || x - y);
}

/** Scans the run of source f from b (b > its start) up to limit: where it stopped, as -(that + 1) if two links were out of time order. */
function scanRun(order: Int32Array, from: Int32Array, point: Int32Array, lo: Uint32Array, hi: HiBlocks, f: number, b: number, limit: number): number {
  let sorted = true;
  while (b < limit && from[order[b]!] === f) {
    if (tb48(lo, hi, point[order[b]!]!) < tb48(lo, hi, point[order[b - 1]!]!)) sorted = false;
    b++;
  }
  return sorted ? b : -b - 1;
}

// The hot loops of finishing, as functions of a range: finishWith and the
// functions above run them block by block (inBlocks) with a progress tick in
// between. (Written inline in a loop over blocks that also ticks, they ran
// 10-40% slower: finishing a 10 MB trace took 45 ms more.)

/** work(from, to) over [0, n) in blocks of TICK_BLOCK, tick(fraction done) after each. */
function inBlocks(n: number, work: (from: number, to: number) => void, tick: (fraction: number) => void): void {
  for (let i0 = 0; i0 < n; i0 += TICK_BLOCK) {
    const e = Math.min(n, i0 + TICK_BLOCK);
    work(i0, e);
    tick(e / n);
  }
}

/** count[keys[i] + shift]++ for i in [from, to). */
function countKeys(count: Int32Array, keys: Int32Array, shift: number, from: number, to: number): void {
  for (let i = from; i < to; i++) count[keys[i]! + shift]++;
}

/** keys[i] = next[keys[i]]++ for i in [from, to): each key replaced by its place (keys are lanes, next their next free slots). */
function placeKeysInPlace(keys: Int32Array, next: Int32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) keys[i] = next[keys[i]!]!++;
}

/** out[next[keys[i] + shift]++] = i for i in [from, to). */
function placeIndexes(out: Int32Array, next: Int32Array, keys: Int32Array, shift: number, from: number, to: number): void {
  for (let i = from; i < to; i++) out[next[keys[i]! + shift]!++] = i;
}

/** out[k] = values[at[k]] for k in [from, to). */
function gather(out: Int32Array, values: Int32Array, at: Int32Array, from: number, to: number): void {
  for (let k = from; k < to; k++) out[k] = values[at[k]!]!;
}

/** inv[order[q]] = q for q in [from, to). */
function invertRange(inv: Int32Array, order: Int32Array, from: number, to: number): void {
  for (let q = from; q < to; q++) inv[order[q]!] = q;
}

/** The counting sort's placement of linksBySource for original links [from, to). */
function placeBySource(out: Int32Array, next: Int32Array, source: Int32Array, byOriginal: Int32Array, from: number, to: number): void {
  for (let k = from; k < to; k++) {
    const q = byOriginal[k]!;
    out[next[source[q]! + 1]!++] = q;
  }
}

function permuteLinkRange(
  order: Int32Array, lkind: Uint8Array, lpoint: Int32Array, lfrom: Int32Array, dest: Int32Array,
  linkKind: Uint8Array, linkPoint: Int32Array, linkFrom: Int32Array, from: number, to: number,
): void { // prettier-ignore
  for (let q = from; q < to; q++) {
    const k = order[q]!;
    linkKind[q] = lkind[k]!;
    linkPoint[q] = dest[lpoint[k]!]!;
    linkFrom[q] = lfrom[k]!;
  }
}

/** Tasks packed into depth lanes, each task a span [start or 0, end or trace end]. */
function buildTaskLanes(b: IndexBuilder): void {
  const n = b.taskId.length;
  if (n === 0) return;
  const order = Array.from({ length: n }, (_, i) => i);
  const start = (i: number) => (Number.isNaN(b.taskStart.data[i]!) ? 0 : b.taskStart.data[i]!);
  const end = (i: number) => (Number.isNaN(b.taskEnd.data[i]!) ? b.lastTs : Math.max(start(i), b.taskEnd.data[i]!));
  order.sort((x, y) => start(x) - start(y) || end(y) - end(x) || x - y);
  const depthLanes: number[] = [];
  const depthEnd: number[] = [];
  for (const i of order) {
    let d = 0;
    while (d < depthEnd.length && depthEnd[d]! > start(i)) d++;
    if (d === depthLanes.length) {
      depthLanes.push(b.lanes.add(LaneKind.Tasks, d, -1, d));
      depthEnd.push(0);
    }
    const lane = depthLanes[d]!;
    b.points.add(lane, start(i), SpanState.Task, i, b.taskStartStack.data[i]!);
    b.points.add(lane, end(i), SpanState.None, 0, b.taskEndStack.data[i]!);
    depthEnd[d] = end(i);
  }
}

/** Counter series concatenated, with min/max pyramids. */
function buildCounters(ix: TimelineIndex, b: IndexBuilder, log: GoLogColumns, collect: () => void): void {
  // The goroutine counters stay a log of transitions (shared/index/go-counters.ts).
  ix.goLogTimeBase = log.times.base;
  ix.goLogTimeOff = log.times.off;
  ix.goLogTimeWholeAt = log.times.wholeAt;
  ix.goLogTimeWhole = log.times.whole;
  ix.goLogCode = log.code;
  ix.goLogFirst = log.first;
  ix.goLogBlockStart = log.blockStart;
  ix.goLogBlockMin = log.blockMin;
  ix.goLogBlockMax = log.blockMax;
  ix.goLogSuperMin = log.superMin;
  ix.goLogSuperMax = log.superMax;
  ix.goLogBucketQ = Float64Array.of(log.bucketQ);
  ix.goLogBucketFirst = log.bucketFirst;
  collect();
  // The others are series of changes, with min/max pyramids (the log's series have none here).
  const counterStart = new Int32Array(COUNTER_COUNT + 1);
  let nWide = 0;
  let anyHi = false;
  const series = b.counters.series;
  for (let c = 0; c < COUNTER_COUNT; c++) {
    const len = goLogSlot(c) >= 0 ? 0 : series[c]!.length;
    counterStart[c + 1] = counterStart[c]! + len;
    if (counterIsWide(c)) nWide += len;
    if (series[c]!.anyHi) anyHi = true;
  }
  const n = counterStart[COUNTER_COUNT]!;
  const timeLo = new Uint32Array(n);
  const timeHi = new Uint16Array(anyHi ? n : 0);
  const narrow = series.every((s, c) => counterIsWide(c) || goLogSlot(c) >= 0 || !s.valWide);
  const value = narrow ? new Uint16Array(n) : new Int32Array(n);
  const wide = new Float64Array(nWide);
  const wideStart = new Int32Array(COUNTER_COUNT).fill(-1);
  const pyrStart = new Int32Array(COUNTER_COUNT + 1);
  let w = 0;
  for (let c = 0; c < COUNTER_COUNT; c++) {
    const s0 = counterStart[c]!;
    const s = series[c]!;
    if (goLogSlot(c) < 0) {
      s.copyTimesTo(timeLo, timeHi, s0);
      if (counterIsWide(c)) {
        wideStart[c] = w;
        s.copyValuesTo(wide, w);
        w += counterStart[c + 1]! - s0;
      } else s.copyValuesTo(value, s0);
    }
    s.clear();
    if (counterStart[c + 1]! - s0 > 1 << 20) collect();
    pyrStart[c + 1] = pyrStart[c]! + pyramidLevels(counterStart[c + 1]! - s0, COUNTER_BLOCK).reduce((a, x) => a + x, 0);
  }
  const mn = new Float64Array(pyrStart[COUNTER_COUNT]!);
  const mx = new Float64Array(pyrStart[COUNTER_COUNT]!);
  for (let c = 0; c < COUNTER_COUNT; c++) {
    const s0 = counterStart[c]!;
    const isWide = counterIsWide(c);
    const levels = pyramidLevels(counterStart[c + 1]! - s0, COUNTER_BLOCK);
    let prevBase = -1;
    let prevCount = counterStart[c + 1]! - s0;
    let base = pyrStart[c]!;
    for (const count of levels) {
      for (let k = 0; k < count; k++) {
        let lo = Infinity;
        let hi = -Infinity;
        const e = Math.min(prevCount, (k + 1) * COUNTER_BLOCK);
        for (let j = k * COUNTER_BLOCK; j < e; j++) {
          let a: number;
          let z: number;
          if (prevBase < 0) a = z = isWide ? wide[wideStart[c]! + j]! : value[s0 + j]!;
          else {
            a = mn[prevBase + j]!;
            z = mx[prevBase + j]!;
          }
          if (a < lo) lo = a;
          if (z > hi) hi = z;
        }
        mn[base + k] = lo;
        mx[base + k] = hi;
      }
      prevBase = base;
      prevCount = count;
      base += count;
    }
  }
  ix.counterStart = counterStart;
  ix.counterTimeLo = timeLo;
  ix.counterTimeHi = timeHi;
  ix.counterValue = value;
  ix.counterWide = wide;
  ix.counterWideStart = wideStart;
  ix.counterPyrStart = pyrStart;
  ix.counterMin = mn;
  ix.counterMax = mx;
}
