// The goroutine counters' transition log: its columns hold every row in time
// order, and the series read from them (value at a time, per-pixel
// first/min/max/last with block skips) equal the definition (a series' value
// at T is the sum of its deltas up to T; it changes exactly where that value
// differs from the previous change), with rows credited back in time (late
// rows), equal-time rows and times past 2^32 ns.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { GoCounterLog } from '../../main/index/go-counter-log';
import { summarizeGoLogAside } from '../../main/index/offload';
import { GO_COUNTER, GO_LOG_COUNTERS, GO_LOG_SAME_TIME, movesGoCounters } from '../../shared/index/go-counters';
import { goLogBatch, goLogBatches, goLogValueAt, type GoLogOut } from '../../main/query/go-log-counters';
import { blockTime } from '../../shared/index/block-times';
import { logChanges, scanPixel, valueAt, type GoLog } from './counter-scan';
import type { TimelineIndex } from '../../shared/index/layout';
import { CounterId, SpanState } from '../../shared/index/layout';
import { seededRandom } from '../lib/rand';

const STATES = [SpanState.None, SpanState.Running, SpanState.Runnable, SpanState.NotStarted, SpanState.Waiting, SpanState.GCWaiting, SpanState.Syscall, SpanState.SyscallBlocked];
const sys = (s: number) => s === SpanState.Syscall || s === SpanState.SyscallBlocked;

function deltas(a: number, b: number): Map<number, number> {
  const d = new Map<number, number>();
  const add = (c: number, x: number) => d.set(c, (d.get(c) ?? 0) + x);
  if (GO_COUNTER[a] !== GO_COUNTER[b]) {
    if (GO_COUNTER[a]! >= 0) add(GO_COUNTER[a]!, -1);
    if (GO_COUNTER[b]! >= 0) add(GO_COUNTER[b]!, 1);
    if (sys(a)) add(CounterId.ThreadsSyscall, -1);
    if (sys(b)) add(CounterId.ThreadsSyscall, 1);
  }
  return d;
}

// Seeds 5 and 6 have idle gaps of 2^16 ns and more now and then, so some
// blocks of the row times keep them whole (block-times.ts).
const LOGS = [
  { seed: 1, base: 0, gaps: false },
  { seed: 2, base: 0, gaps: false },
  { seed: 3, base: 0, gaps: false },
  { seed: 4, base: 2 ** 32 - 500, gaps: false },
  { seed: 5, base: 0, gaps: true },
  { seed: 6, base: 2 ** 32 - 500, gaps: true },
  // Every row past 2^32 ns from the first: the build's chunk shares one high part.
  { seed: 7, base: 2 ** 33 + 5, gaps: false },
];
for (const { seed, base, gaps } of LOGS) {
  test(`goroutine counter log: the series read from its columns equal the definition (seed ${seed}${gaps ? ', with idle gaps' : ''})`, () => {
    const r = seededRandom(seed);
    const log = new GoCounterLog();
    const rows: { t: number; a: number; b: number }[] = [];
    let t = base;
    for (let i = 0; i < 8000; i++) {
      if (r() < 0.6) t += Math.floor(r() * 3);
      if (gaps && r() < 0.003) t += 60000 + Math.floor(r() * 100000);
      const a = STATES[Math.floor(r() * STATES.length)]!;
      const b = STATES[Math.floor(r() * STATES.length)]!;
      if (!movesGoCounters(a, b)) continue;
      // Now and then a row credited back in time (a goroutine first seen Undetermined).
      const at = r() < 0.05 ? Math.max(base, t - Math.floor(r() * 200)) : t;
      log.add(at, a, b);
      rows.push({ t: at, a, b });
    }
    const cols = log.columns();
    if (gaps) assert.ok(cols.times.whole.length > 0 && cols.times.whole.length < cols.code.length / 2, 'some blocks, not most, keep their times whole');
    const ix: GoLog = {
      goLogTimeBase: cols.times.base,
      goLogTimeOff: cols.times.off,
      goLogTimeWholeAt: cols.times.wholeAt,
      goLogTimeWhole: cols.times.whole,
      goLogCode: cols.code,
      goLogFirst: cols.first,
      goLogBlockStart: cols.blockStart,
      goLogBlockMin: cols.blockMin,
      goLogBlockMax: cols.blockMax,
      goLogSuperMin: cols.superMin,
      goLogSuperMax: cols.superMax,
      goLogBucketQ: Float64Array.of(cols.bucketQ),
      goLogBucketFirst: cols.bucketFirst,
    };
    // Every row, in time order.
    const n = cols.code.length;
    assert.equal(n, rows.length);
    const key = (t: number, code: number) => `${t}:${code}`;
    const time = (r: number) => blockTime(cols.times, r);
    const got = Array.from({ length: n }, (_, r) => key(time(r), cols.code[r]! & ~GO_LOG_SAME_TIME));
    for (let r = 1; r < n; r++) assert.ok(time(r - 1) <= time(r), `row ${r} in time order`);
    for (let r = 0; r < n; r++) {
      const same = r + 1 < n && time(r + 1) === time(r);
      assert.equal((cols.code[r]! & GO_LOG_SAME_TIME) !== 0, same, `row ${r}: marked as followed by a row at its time`);
    }
    assert.deepEqual([...got].sort(), rows.map((x) => key(x.t, (x.a << 4) | x.b)).sort());
    const q = ix as TimelineIndex;
    const times = [...new Set(rows.map((x) => x.t))].sort((x, y) => x - y);
    const rowsAt = new Map<number, typeof rows>();
    for (const x of rows) rowsAt.set(x.t, [...(rowsAt.get(x.t) ?? []), x]);
    GO_LOG_COUNTERS.forEach((c, slot) => {
      const want: [number, number][] = [];
      let prev = NaN;
      let v = 0;
      for (const T of times) {
        const at = rowsAt.get(T)!;
        v += at.reduce((acc, x) => acc + (deltas(x.a, x.b).get(c) ?? 0), 0);
        if (!at.some((x) => deltas(x.a, x.b).has(c))) continue;
        if (v !== prev) want.push([T, v]);
        prev = v;
      }
      assert.deepEqual(logChanges(ix, slot), want, `counter ${c}: the columns' series`);
      for (const T of times) for (const t of [T - 1, T, T + 0.5]) assert.equal(goLogValueAt(q, slot, t), valueAt(want, t), `counter ${c} at ${t}`);
      // Per pixel, at zooms from a few rows per pixel to thousands (block and super-block skips).
      const t0 = times[0]! - 3;
      const span = times[times.length - 1]! - t0 + 5;
      for (const px of [1, 2, 7, 40, 300, 2000]) {
        const npp = span / px;
        const pixels = Math.ceil(span / npp);
        const [first, min, max, last] = [0, 1, 2, 3].map(() => new Float64Array(pixels).fill(NaN));
        goLogBatch(q, slot, t0, t0 + span, npp, first!, min!, max!, last!);
        for (let p = 0; p < pixels; p++) {
          const a = t0 + p * npp;
          const z = p === pixels - 1 ? t0 + span : t0 + (p + 1) * npp;
          assert.deepEqual({ first: first![p], min: min![p], max: max![p], last: last![p] }, scanPixel(want, a, z), `counter ${c}, ${px} px: pixel ${p}`);
        }
      }
      assert.ok(want.length > 10);
    });
    // Several slots in one pass give what each gives alone.
    const t0 = times[0]! - 3;
    const span = times[times.length - 1]! - t0 + 5;
    for (const px of [2, 50, 900]) {
      const npp = span / px;
      const pixels = Math.ceil(span / npp);
      const outs: GoLogOut[] = GO_LOG_COUNTERS.map((_, slot) => ({ slot, first: new Float64Array(pixels).fill(NaN), min: new Float64Array(pixels).fill(NaN), max: new Float64Array(pixels).fill(NaN), last: new Float64Array(pixels).fill(NaN) }));
      goLogBatches(q, outs, t0, t0 + span, npp);
      for (const o of outs) {
        const one = [0, 1, 2, 3].map(() => new Float64Array(pixels).fill(NaN));
        goLogBatch(q, o.slot, t0, t0 + span, npp, one[0]!, one[1]!, one[2]!, one[3]!);
        assert.deepEqual([o.first, o.min, o.max, o.last], one, `slot ${o.slot}, ${px} px`);
      }
    }
  });
}

test('goroutine counter log: summarised on a worker thread, the columns are the same', () => {
  const make = () => {
    const log = new GoCounterLog();
    const rr = seededRandom(11);
    let t = 2 ** 32 - 3000;
    for (let i = 0; i < 20000; i++) {
      t += Math.floor(rr() * 2);
      const a = STATES[Math.floor(rr() * STATES.length)]!;
      const b = STATES[Math.floor(rr() * STATES.length)]!;
      if (movesGoCounters(a, b)) log.add(rr() < 0.02 ? t - 50 : t, a, b);
    }
    return log;
  };
  const here = make().columns();
  // minRows 0: a worker even for a small log.
  const aside = summarizeGoLogAside(make().rows(), 0).result();
  assert.ok(here.code.length > 10000 && blockTime(here.times, here.code.length - 1) > 2 ** 32, `${here.code.length} rows, past 2^32 ns`);
  for (const k of Object.keys(here) as (keyof typeof here)[]) assert.deepEqual(aside[k], here[k], k);
});
