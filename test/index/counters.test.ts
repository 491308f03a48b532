// Counters equal a recomputation from the goroutine lanes at every change,
// and the metric series agree with Go's (first, last, min, max).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { expectedAnalyze } from '../lib/fixtures';
import { CounterId, LaneKind, SpanState, type TimelineIndex } from '../../shared/index/layout';
import { counterBatch, counterValueAt, setCounterBuckets } from '../../main/query/counters';
import { fixtureName, indexOf, readableFixtures, type GoAnalysis } from './helpers';
import { pointTime, pointCount, counterValueOf } from '../../shared/index/layout';
import { scanPixel, seriesChanges } from './counter-scan';

const GO_COUNTERS: [CounterId, SpanState[]][] = [
  [CounterId.GoRunning, [SpanState.Running]],
  [CounterId.GoRunnable, [SpanState.Runnable, SpanState.NotStarted]],
  [CounterId.GoWaiting, [SpanState.Waiting]],
  [CounterId.GoSyscall, [SpanState.Syscall, SpanState.SyscallBlocked]],
  [CounterId.GoGCWaiting, [SpanState.GCWaiting]],
];

/** Checks every goroutine counter against the lanes at every time a goroutine point exists. */
function checkGoroutineCounters(ix: TimelineIndex): void {
  const pts: number[] = [];
  for (let l = 0; l < ix.laneKind.length; l++) {
    if (ix.laneKind[l] !== LaneKind.Goroutine) continue;
    for (let i = ix.laneStart[l]!; i < ix.laneStart[l + 1]!; i++) pts.push(i);
  }
  pts.sort((a, b) => pointTime(ix, a) - pointTime(ix, b) || a - b);
  const count = new Int32Array(16);
  // Current state per lane is the state of its latest point.
  const laneState = new Map<number, number>();
  const laneOf = new Int32Array(pointCount(ix));
  for (let l = 0; l < ix.laneKind.length; l++) for (let i = ix.laneStart[l]!; i < ix.laneStart[l + 1]!; i++) laneOf[i] = l;
  let k = 0;
  let checked = 0;
  while (k < pts.length) {
    const T = pointTime(ix, pts[k]!);
    for (; k < pts.length && pointTime(ix, pts[k]!) === T; k++) {
      const p = pts[k]!;
      const l = laneOf[p]!;
      count[laneState.get(l) ?? 0]--;
      count[ix.state[p]!]++;
      laneState.set(l, ix.state[p]!);
    }
    // At the end of the data every lane is closed; the counters keep their last value.
    if (T === ix.end) break;
    for (const [c, states] of GO_COUNTERS) {
      const want = states.reduce((a, s) => a + count[s]!, 0);
      const got = counterValueAt(ix, c, T);
      assert.equal(Number.isNaN(got) ? 0 : got, want, `counter ${c} at ${T}`);
      checked++;
    }
  }
  // And the series never changes where no goroutine point is.
  const times = new Set(pts.map((p) => pointTime(ix, p)));
  for (const [c] of GO_COUNTERS) {
    for (const [t] of seriesChanges(ix, c)) assert.ok(times.has(t), `counter ${c} changes at ${t} without a goroutine point`);
  }
  assert.ok(checked > 0 || pts.length === 0);
}

for (const f of readableFixtures()) {
  test(`counters equal a recomputation at every change: ${fixtureName(f)}`, () => {
    const { index: ix } = indexOf(f);
    checkGoroutineCounters(ix);
    const go = expectedAnalyze(f) as GoAnalysis;
    const heap = go.metrics['/memory/classes/heap/objects:bytes'];
    const s = ix.counterStart[CounterId.HeapAlloc]!;
    const e = ix.counterStart[CounterId.HeapAlloc + 1]!;
    if (heap) {
      assert.equal(counterValueOf(ix, CounterId.HeapAlloc, s), heap.first);
      assert.equal(counterValueOf(ix, CounterId.HeapAlloc, e - 1), heap.last);
      let mn = Infinity;
      let mx = -Infinity;
      for (let i = s; i < e; i++) {
        mn = Math.min(mn, counterValueOf(ix, CounterId.HeapAlloc, i));
        mx = Math.max(mx, counterValueOf(ix, CounterId.HeapAlloc, i));
      }
      assert.equal(mn, heap.min);
      assert.equal(mx, heap.max);
    } else assert.equal(e - s, 0);
  });
}

for (const buckets of [false, true])
test(`counter down-sampling: first/min/max/last per pixel match a scan${buckets ? ' (time buckets)' : ''}`, () => {
  // gcchurn-go1.27 has series of thousands of changes; the log's block skips need spans of 64+ rows.
  for (const name of ['gcchurn-go1.27.trace', 'gcchurn-go1.21.trace']) {
  const f = readableFixtures().find((x) => x.path.includes(name))!;
  const { index: ix } = indexOf(f);
  // Time buckets serve dense series only; force them on every series.
  setCounterBuckets(buckets ? 1 : Infinity, 1);
  try {
  for (const c of [CounterId.GoRunnable, CounterId.GoRunning, CounterId.GoWaiting, CounterId.ThreadsSyscall, CounterId.HeapAlloc]) {
    const ch = seriesChanges(ix, c);
    for (const [t0, t1, npp] of [[0, ix.end, ix.end / 700], [0, ix.end, ix.end / 53], [ix.end / 3, ix.end / 2, 997], [ix.end / 3, ix.end / 2, ix.end / 61], [-5000, ix.end + 7777, ix.end / 37], [ix.end / 4, ix.end / 4 + 5000, 10], [0, ix.end, ix.end / 5], [ix.end / 7, ix.end * 0.9, ix.end / 3], [0, ix.end, ix.end / 2]] as const) {
      const b = counterBatch(ix, c, t0, t1, npp);
      for (let px = 0; px < b.pixels; px++) {
        const a = t0 + px * npp;
        const z = px === b.pixels - 1 ? t1 : t0 + (px + 1) * npp;
        const want = scanPixel(ch, a, z);
        const where = `${name} counter ${c} [${t0}, ${t1}] / ${npp}: px ${px}`;
        assert.deepEqual({ first: b.first[px], min: b.min[px], max: b.max[px], last: b.last[px] }, want, where);
      }
    }
  }
  } finally {
    setCounterBuckets(1 << 14, 32);
  }
  }
});
