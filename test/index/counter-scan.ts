// Brute-force references for counter queries: a series as its list of
// changes (time, value), rebuilt from the index's columns the slow way, and
// the per-pixel first/min/max/last of such a list by a plain scan.

import { COUNTER_COUNT, counterTimeOf, counterValueOf, goLogTimes, type TimelineIndex } from '../../shared/index/layout';
import { GO_LOG_DELTA, GO_LOG_SLOTS, GO_LOG_TOUCH, goLogSlot } from '../../shared/index/go-counters';
import { blockTime } from '../../shared/index/block-times';

export type Changes = [number, number][];

/** The goLog* columns a query reads. */
export type GoLog = Pick<TimelineIndex, 'goLogTimeBase' | 'goLogTimeOff' | 'goLogTimeWholeAt' | 'goLogTimeWhole' | 'goLogCode' | 'goLogFirst' | 'goLogBlockStart' | 'goLogBlockMin' | 'goLogBlockMax' | 'goLogSuperMin' | 'goLogSuperMax' | 'goLogBucketQ' | 'goLogBucketFirst'>;

/**
 * A log slot's series by its definition: at each time with a row touching
 * the slot, the sum of its deltas over every row up to that time, kept where
 * it differs from the previous change (the first is always kept).
 */
export function logChanges(ix: GoLog, slot: number): Changes {
  const out: Changes = [];
  const n = ix.goLogCode.length;
  let v = 0;
  let touched = false;
  for (let r = 0; r < n; r++) {
    const c = ix.goLogCode[r]!;
    v += GO_LOG_DELTA[c * GO_LOG_SLOTS + slot]!;
    if ((GO_LOG_TOUCH[c]! & (1 << slot)) !== 0) touched = true;
    const t = blockTime(goLogTimes(ix), r);
    if (r + 1 < n && blockTime(goLogTimes(ix), r + 1) === t) continue;
    if (touched && (out.length === 0 || out[out.length - 1]![1] !== v)) out.push([t, v]);
    touched = false;
  }
  return out;
}

/** Series c of an index as its changes. */
export function seriesChanges(ix: TimelineIndex, c: number): Changes {
  if (c < 0 || c >= COUNTER_COUNT) throw new RangeError(`no counter ${c}`);
  const slot = goLogSlot(c);
  if (slot >= 0) return logChanges(ix, slot);
  const out: Changes = [];
  for (let i = ix.counterStart[c]!; i < ix.counterStart[c + 1]!; i++) out.push([counterTimeOf(ix, i), counterValueOf(ix, c, i)]);
  return out;
}

/** The value after every change at or before t (NaN before the first). */
export function valueAt(ch: Changes, t: number): number {
  let v = NaN;
  for (const [x, y] of ch) {
    if (x > t) break;
    v = y;
  }
  return v;
}

/** first/min/max/last of pixel [a, z): the value at a, then the changes strictly inside. NaN everywhere when there is no value. */
export function scanPixel(ch: Changes, a: number, z: number): { first: number; min: number; max: number; last: number } {
  const first = valueAt(ch, a);
  let mn = Number.isNaN(first) ? Infinity : first;
  let mx = Number.isNaN(first) ? -Infinity : first;
  let last = first;
  for (const [t, v] of ch) {
    if (t <= a || t >= z) continue;
    mn = Math.min(mn, v);
    mx = Math.max(mx, v);
    last = v;
  }
  if (mn === Infinity) return { first: NaN, min: NaN, max: NaN, last: NaN };
  return { first, min: mn, max: mx, last };
}
