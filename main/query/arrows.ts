// Flow arrows for a viewport: creation, unblock and blocked-syscall-exit
// links that touch the requested lanes. An arrow goes from the creator /
// unblocker at the moment of the transition to the target goroutine's next
// start (Go's trace viewer draws them the same way).

import { lowerBound } from '../../shared/index/columns';
import { SpanState, type TimelineIndex } from '../../shared/index/layout';
import type { ArrowBatch } from '../../shared/index/query-types';
import { pointTime } from '../../shared/index/layout';

/** Lane owning a point (binary search over laneStart). */
export function laneOfPoint(ix: TimelineIndex, p: number): number {
  let lo = 0;
  let hi = ix.laneKind.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (ix.laneStart[mid]! <= p) lo = mid;
    else hi = mid - 1;
  }
  // Skip empty lanes sharing the offset.
  while (lo + 1 < ix.laneKind.length && ix.laneStart[lo + 1]! <= p) lo++;
  return lo;
}

/** Where a link's arrow ends: the first Running point at or after the link's point (same lane), else the point itself. */
export function linkTarget(ix: TimelineIndex, link: number, lane: number): { fromTime: number; toTime: number } {
  const p = ix.linkPoint[link]!;
  const end = ix.laneStart[lane + 1]!;
  const fromTime = pointTime(ix, p);
  for (let q = p; q < end && q < p + 4; q++) {
    if (ix.state[q] === SpanState.Running) return { fromTime, toTime: pointTime(ix, q) };
  }
  return { fromTime, toTime: fromTime };
}

/** Links whose target point is in the lane: the range [a, b) of link indexes. */
export function linksInto(ix: TimelineIndex, lane: number): [number, number] {
  const a = lowerBound(ix.linkPoint, ix.laneStart[lane]!, 0, ix.linkPoint.length);
  const b = lowerBound(ix.linkPoint, ix.laneStart[lane + 1]!, a, ix.linkPoint.length);
  return [a, b];
}

/** Positions [a, b) in linkByFrom of the links from a lane. */
export function linksFrom(ix: TimelineIndex, lane: number): [number, number] {
  const by = ix.linkByFrom;
  const from = ix.linkFrom;
  const bound = (x: number) => {
    let lo = 0;
    let hi = by.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (from[by[mid]!]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return [bound(lane), bound(lane + 1)];
}

/**
 * The first i in [lo, hi) with time(i) >= x (times ascending), searching
 * outward from lo: the next arrow's link is usually a few entries on, and a
 * plain binary search over a million links is a cache miss per step.
 */
function gallop(lo: number, hi: number, x: number, time: (i: number) => number): number {
  let step = 1;
  let base = lo;
  while (base + step <= hi && time(base + step - 1) < x) {
    base += step;
    step *= 2;
  }
  let end = Math.min(hi, base + step - 1);
  while (base < end) {
    const mid = (base + end) >>> 1;
    if (time(mid) < x) base = mid + 1;
    else end = mid;
  }
  return base;
}

/**
 * Arrows of the links into and out of the lanes within [t0, t1]: every such
 * link when minGap is 0, otherwise at most one per minGap ns (the viewport
 * passes 8 pixels' worth) per lane and direction, so that
 * the cost follows pixels, not the number of links (a goroutine woken a
 * million times in view).
 */
export function arrowBatch(ix: TimelineIndex, lanes: readonly number[], t0: number, t1: number, minGap = 0, max = 5000): ArrowBatch {
  const seen = new Set<number>();
  const kind: number[] = [];
  const fromLane: number[] = [];
  const fromTime: number[] = [];
  const toLane: number[] = [];
  const toTime: number[] = [];
  const linkIds: number[] = [];
  const add = (k: number, target: number) => {
    if (seen.has(k) || kind.length >= max) return;
    const { fromTime: ft, toTime: tt } = linkTarget(ix, k, target);
    if (tt < t0 || ft > t1) return;
    seen.add(k);
    kind.push(ix.linkKind[k]!);
    fromLane.push(ix.linkFrom[k]!);
    fromTime.push(ft);
    toLane.push(target);
    toTime.push(tt);
    linkIds.push(k);
  };
  const LP = ix.linkPoint;
  const by = ix.linkByFrom;
  for (const lane of lanes) {
    const [a, b] = linksInto(ix, lane);
    // Links are in point (= time) order within the lane: skip to the viewport.
    const into = (x: number, lo: number) => gallop(lo, b, x, (i) => pointTime(ix, LP[i]!));
    let k = Math.max(a, into(t0, a) - 1);
    while (k < b && kind.length < max) {
      const t = pointTime(ix, LP[k]!);
      if (t > t1) break;
      const n = kind.length;
      add(k, lane);
      k = minGap > 0 && kind.length > n ? Math.max(k + 1, into(t + minGap, k + 1)) : k + 1;
    }
  }
  for (const lane of lanes) {
    const [a, b] = linksFrom(ix, lane);
    // Sorted by time within the source lane: start at the viewport.
    const from = (x: number, lo: number) => gallop(lo, b, x, (i) => pointTime(ix, LP[by[i]!]!));
    let q = from(t0, a);
    while (q < b && kind.length < max) {
      const k = by[q]!;
      const t = pointTime(ix, LP[k]!);
      if (t > t1) break;
      const n = kind.length;
      add(k, laneOfPoint(ix, LP[k]!));
      q = minGap > 0 && kind.length > n ? Math.max(q + 1, from(t + minGap, q + 1)) : q + 1;
    }
  }
  return {
    count: kind.length,
    kind: Uint8Array.from(kind),
    fromLane: Int32Array.from(fromLane),
    fromTime: Float64Array.from(fromTime),
    toLane: Int32Array.from(toLane),
    toTime: Float64Array.from(toTime),
    link: Int32Array.from(linkIds),
  };
}
