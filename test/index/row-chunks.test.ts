// The build-time row-chunk stores with times past 2^32 ns (traces longer
// than ~4.3 s): the high parts appear where needed and every time reads and
// drains back exactly.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { IdColumnBuilder, LaneTable } from '../../main/index/store';
import { PointStore } from '../../main/index/point-store';
import { CounterSeries } from '../../main/index/counter-store';
import { LaneKind, SpanState } from '../../shared/index/layout';
import { HI_BLOCK, t48, tb48 } from '../../shared/index/time48';

test('points: times past 2^32 read and drain back exactly, in lane order', () => {
  const lanes = new LaneTable();
  const a = lanes.add(LaneKind.Goroutine, 1);
  const b = lanes.add(LaneKind.Goroutine, 2);
  const P = new PointStore(lanes);
  const times: number[] = [];
  for (let i = 0; i < 5000; i++) times.push(i < 2500 ? i * 1000 : 2 ** 32 + i * 7919);
  times.push(2 ** 48 - 1);
  times.forEach((t, i) => P.add(i % 2 === 0 ? a : b, t, SpanState.Running, i, i % 3));
  times.forEach((t, i) => assert.equal(P.timeAt(i), t, `point ${i}`));
  assert.throws(() => P.add(a, 2 ** 48, SpanState.Running, 0, 0), /not an integer in \[0, 2\^48\)/);
  // Lane order: a's points (even indexes) first, then b's.
  const n = P.count;
  const dest = new Int32Array(n);
  const half = Math.ceil(n / 2);
  for (let i = 0; i < n; i++) dest[i] = i % 2 === 0 ? i / 2 : half + (i - 1) / 2;
  const { lo, hi } = P.drainTime(dest);
  assert.equal(hi.base.length, Math.ceil(n / HI_BLOCK));
  for (let i = 0; i < n; i++) assert.equal(tb48(lo, hi, dest[i]!), times[i], `drained point ${i}`);
});

test('points: shared rows past 2^32 ns over several chunks, mostly sharing one high part, some a part each', () => {
  // Shared-row chunks hold 2^22 rows; these times cross 2^32 and 2^33 ns inside chunks and at a chunk's start.
  const lanes = new LaneTable();
  const ls = Array.from({ length: 64 }, (_, g) => lanes.add(LaneKind.Goroutine, g + 1));
  const P = new PointStore(lanes);
  const n = 3 * 2 ** 22 + 1000;
  const step = 2 ** 10;
  const time = (i: number) => 2 ** 32 - 2 ** 21 * step + i * step + (i % 5);
  for (let i = 0; i < n; i++) P.add(ls[i % 64]!, time(i), SpanState.Running, 0, 0);
  for (let i = 0; i < n; i += 997) assert.equal(P.timeAt(i), time(i), `point ${i}`);
  assert.equal(P.timeAt(n - 1), time(n - 1));
  assert.ok(time(n - 1) > 2 ** 33 && time(0) < 2 ** 32);
  // Lane order: lane g's points are i = g, g + 64, ...
  const counts = new Int32Array(65);
  for (let i = 0; i < n; i++) counts[(i % 64) + 1]++;
  for (let g = 0; g < 64; g++) counts[g + 1] += counts[g]!;
  const dest = Int32Array.from({ length: n }, (_, i) => counts[i % 64]! + Math.floor(i / 64));
  const { lo, hi } = P.drainTime(dest);
  assert.ok(hi.each.length > 0 && hi.each.length < n / 100, `${hi.each.length / HI_BLOCK} blocks of ${hi.base.length} hold two high parts`);
  for (let i = 0; i < n; i++) if (tb48(lo, hi, dest[i]!) !== time(i)) assert.equal(tb48(lo, hi, dest[i]!), time(i), `drained point ${i}`);
});

test('points: lanes with their own rows drain in lane order beside the shared ones, wide times and ids included', () => {
  const lanes = new LaneTable();
  const g = lanes.add(LaneKind.Goroutine, 1);
  const p = lanes.add(LaneKind.Proc, 0);
  const m = lanes.add(LaneKind.Thread, 7);
  const P = new PointStore(lanes);
  // The proc lane fills several chunks; ids and stacks widen near the end; times pass 2^32.
  const n = (1 << 22) + 5000;
  const want = { p: [] as number[][], m: [] as number[][], g: [] as number[][] };
  for (let i = 0; i < n; i++) {
    const t = i < n / 2 ? i * 3 : 2 ** 32 + i * 3;
    const arg = i > n - 100 ? 70000 + i : i % 1000;
    const stack = i === n - 1 ? 1 << 20 : i % 7;
    P.add(p, t, i % 2 === 0 ? SpanState.Running : SpanState.None, arg, stack);
    if (i % 2 === 0) want.p.push([t, SpanState.Running, arg, stack]);
    else want.p.push([t, SpanState.None, arg, stack]);
    if (i % 1000 === 0) {
      P.add(m, t, SpanState.Syscall, i, 0);
      want.m.push([t, SpanState.Syscall, i, 0]);
      P.add(g, t, SpanState.Running, 3, 2);
      want.g.push([t, SpanState.Running, 3, 2]);
    }
  }
  // A gap point overwritten by a point at the same time; a time going back is clamped.
  P.add(m, 2 ** 40, SpanState.None, 0, 0);
  P.add(m, 2 ** 40, SpanState.Running, 9, 9);
  want.m.push([2 ** 40, SpanState.Running, 9, 9]);
  P.add(m, 5, SpanState.Syscall, 1, 1);
  want.m.push([2 ** 40, SpanState.Syscall, 1, 1]);
  assert.equal(P.current(m), SpanState.Syscall);
  assert.equal(P.currentArg(m), 1);
  assert.equal(P.count, want.p.length + want.m.length + want.g.length);
  assert.equal(P.sharedCount, want.g.length);
  const counts = new Int32Array(4);
  counts[g + 1] = P.sharedCount;
  P.addOwnCounts(counts);
  for (let l = 0; l < 3; l++) counts[l + 1] += counts[l]!;
  const dest = Int32Array.from({ length: P.sharedCount }, (_, i) => counts[g]! + i);
  const { lo, hi } = P.drainTime(dest, counts);
  const state = P.drainState(dest, counts);
  const { arg, argHi } = P.drainArg(dest, counts);
  const stack = P.drainStack(dest, counts);
  // Args up to ~4.3M: 16 + 8 bits; a stack of 2^20: Int32.
  assert.ok(arg instanceof Uint16Array && argHi.length === arg.length && stack instanceof Int32Array);
  for (const [lane, rows] of [[g, want.g], [p, want.p], [m, want.m]] as const) {
    assert.equal(counts[lane + 1]! - counts[lane]!, rows.length);
    for (let i = 0; i < rows.length; i++) {
      const k = counts[lane]! + i;
      const got: number[] = [tb48(lo, hi, k), state[k]!, arg[k]! + argHi[k]! * 65536, stack[k]!];
      if (got.some((v, j) => v !== rows[i]![j])) assert.deepEqual(got, rows[i], `lane ${lane} row ${i}`);
    }
  }
});

test('points: args past 2^24, or negative, keep an Int32 column', () => {
  for (const big of [2 ** 24, -1]) {
    const lanes = new LaneTable();
    const g = lanes.add(LaneKind.Goroutine, 1);
    const m = lanes.add(LaneKind.Thread, 7);
    const P = new PointStore(lanes);
    const args = [5, 70000, big, 3];
    args.forEach((a, i) => {
      P.add(g, i, SpanState.Running, a, 0);
      P.add(m, i, SpanState.Running, a, 0);
    });
    const counts = Int32Array.of(0, 4, 8);
    const { arg, argHi } = P.drainArg(Int32Array.of(0, 1, 2, 3), counts);
    assert.ok(arg instanceof Int32Array && argHi.length === 0, `${big}`);
    assert.deepEqual(Array.from(arg), [...args, ...args]);
  }
});

test('counter series: times past 2^32, setTime and pop keep every change exact', () => {
  const s = new CounterSeries(false);
  const times = [5, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 3, 2 ** 47];
  times.forEach((t, i) => s.push(t, i + 1));
  times.forEach((t, i) => assert.equal(s.time(i), t));
  s.setTime(1, 2 ** 33);
  assert.equal(s.time(1), 2 ** 33);
  s.setTime(1, 17);
  assert.equal(s.time(1), 17, 'a small time over a wide one clears its high part');
  s.pop();
  assert.equal(s.length, 4);
  assert.equal(s.lastT, 2 ** 40 + 3);
  const lo = new Uint32Array(4);
  const hi = new Uint16Array(4);
  s.copyTimesTo(lo, hi, 0);
  assert.deepEqual([0, 1, 2, 3].map((i) => t48(lo, hi, i)), [5, 17, 2 ** 32, 2 ** 40 + 3]);
});

test('id columns stay 16-bit until an id does not fit, then keep every id', () => {
  const c = new IdColumnBuilder();
  const want: number[] = [];
  for (let i = 0; i < 70000; i++) {
    const v = i === 50000 ? 1 << 20 : i;
    c.push(v);
    want.push(v);
    if (i === 49999) assert.equal(c.length, 50000);
  }
  const { data, length } = c.release();
  assert.ok(data instanceof Int32Array);
  assert.deepEqual(Array.from(data.subarray(0, length)), want);
  const small = new IdColumnBuilder();
  for (let i = 0; i < 1000; i++) small.push(i * 60);
  const r = small.release();
  assert.ok(r.data instanceof Uint16Array);
  assert.deepEqual(Array.from(r.data.subarray(0, r.length)), Array.from({ length: 1000 }, (_, i) => i * 60));
});
