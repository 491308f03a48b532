// Hand-made v1 traces, each exercising one rule of Go's parser, with what Go
// 1.27's internal/trace says about them (checked against Go itself: the last
// line of its event dump, "ERROR: <message>" or "OK").

import { V1Builder, T, type V } from './builder';

export interface Case {
  name: string;
  data: () => Uint8Array;
  /** Go's error message, or null when Go reads the trace without error. */
  err: string | null;
}

const MAX = (1n << 64n) - 1n;

/** A builder with one batch on P0 whose P is started, with GOMAXPROCS, and goroutine 0 running. */
function p0(ver = 21): V1Builder {
  return new V1Builder(ver).batch(0, 100).ev(T.ProcStart, 1, 7).ev(T.Gomaxprocs, 1, 4, 0);
}

/** Appends the footer batch with the frequency. */
function footer(b: V1Builder, f: V = 1e9): Uint8Array {
  return b.batch(0, 1_000_000).freq(f).bytesOut();
}

/** Goroutine 5 created and started on P0. */
function g5(b: V1Builder): V1Builder {
  return b.ev(T.GoCreate, 1, 5, 0, 0).ev(T.GoStart, 1, 5, 1);
}

export const CASES: Case[] = [
  // ---- Framing (first pass).
  { name: 'event type 0', data: () => new V1Builder(21).raw(0).bytesOut(), err: 'unknown event type 0' },
  { name: 'event type 50', data: () => new V1Builder(21).batch(0, 1).raw(50, 0).bytesOut(), err: 'unknown event type 50' },
  { name: 'CPU sample before 1.19', data: () => new V1Builder(11).batch(0, 1).ev(T.CPUSample, 1, 2, 3, 4, 5).bytesOut(), err: 'unknown event type 49' },
  { name: 'batch with 1 value', data: () => new V1Builder(21).raw(1, 0).bytesOut(), err: 'EvBatch has wrong number of arguments: got 1, want 2' },
  {
    name: 'batch pid too large',
    data: () => new V1Builder(21).batch(1n << 31n, 1).bytesOut(),
    err: 'processor ID 2147483648 is larger than maximum of 18446744073709551615',
  },
  { name: 'truncated varint', data: () => new V1Builder(21).batch(0, 1).raw(T.ProcStart | (1 << 6), 1, 0x80).bytesOut(), err: 'failed to read event 5 argument: malformatted base-128 varint' },
  {
    name: 'varint of 11 bytes',
    data: () => new V1Builder(21).batch(0, 1).raw(T.ProcStop, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).bytesOut(),
    err: 'failed to read event 6 argument: malformatted base-128 varint',
  },
  {
    name: 'varint overflowing 64 bits',
    data: () => new V1Builder(21).batch(0, 1).raw(T.ProcStop, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02).bytesOut(),
    err: 'failed to read event 6 argument: malformatted base-128 varint',
  },
  {
    name: 'length prefix too big',
    data: () => new V1Builder(21).batch(0, 1).raw(T.GoCreate | (3 << 6)).uv(3000).bytesOut(),
    err: 'failed to read event 13 argument: length-prefixed argument too big: 3000 bytes, limit is 2048',
  },
  { name: 'length prefix past the end', data: () => new V1Builder(21).batch(0, 1).raw(T.GoCreate | (3 << 6), 10, 1).bytesOut(), err: 'failed to read trace: EOF' },
  { name: 'string past the end', data: () => new V1Builder(21).batch(0, 1).raw(T.String, 1, 10, 65).bytesOut(), err: 'failed to read trace: EOF' },
  { name: 'string id malformed', data: () => new V1Builder(21).batch(0, 1).raw(T.String, 0x80).bytesOut(), err: 'malformatted base-128 varint' },
  {
    name: 'event before the first batch',
    data: () => new V1Builder(21).ev(T.ProcStart, 1, 2).batch(0, 1).bytesOut(),
    err: 'read event 5 with current P of 0, but P has no batches yet',
  },
  {
    name: 'CPU sample with 4 values',
    data: () => new V1Builder(19).batch(0, 1).lenPrefixed(T.CPUSample, [1, 2, 3, 4]).bytesOut(),
    err: 'CPU sample has wrong number of arguments: want 5, got 4',
  },
  {
    name: 'CPU sample not length-prefixed',
    data: () => new V1Builder(19).batch(0, 1).ev(T.CPUSample, 1, 2, 3).bytesOut(),
    err: 'CPU sample has wrong number of arguments: want 5, got 0',
  },
  {
    name: 'user log value past the end',
    data: () => p0().lenPrefixed(T.UserLog, [1, 0, 0, 0]).raw(5, 65).bytesOut(),
    err: 'failed to read trace: unexpected EOF',
  },
  { name: 'strings before the first batch are ignored', data: () => footer(new V1Builder(21).str(1, 'x').batch(0, 1).ev(T.ProcStart, 1, 7)), err: null },
  { name: 'empty trace', data: () => new V1Builder(21).bytesOut(), err: 'no EvFrequency event' },

  // ---- Batches, as Go loads them (second pass).
  { name: 'string id 0', data: () => footer(p0().str(0, 'x')), err: 'string has invalid id 0' },
  { name: 'duplicate string', data: () => footer(p0().str(5, 'x').str(5, 'y')), err: 'string has duplicate id 5' },
  { name: 'string of length 0', data: () => footer(p0().raw(T.String, 3, 0)), err: 'string has invalid length 0' },
  {
    name: 'string too large',
    data: () => footer(p0().raw(T.String, 3).uv(2_000_000).zeros(2_000_000)),
    err: 'string has too large length 2000000',
  },
  {
    name: 'user log value too large',
    data: () => footer(p0().lenPrefixed(T.UserLog, [1, 0, 0, 0]).uv(2_000_000).zeros(2_000_000)),
    err: 'string is too large (len=2000000)',
  },
  { name: 'GoStart with 1 value', data: () => footer(p0().ev(T.GoStart, 1)), err: 'GoStart has wrong number of arguments: want 3, got 1' },
  { name: 'GoCreate with 5 values', data: () => footer(p0().ev(T.GoCreate, 1, 5, 0, 0, 9)), err: 'GoCreate has wrong number of arguments: want 4, got 5' },
  { name: 'stack with 1001 frames', data: () => footer(p0().lenPrefixed(T.Stack, [1, 1001])), err: 'EvStack has bad number of frames: 1001' },
  { name: 'stack with a missing value', data: () => footer(p0().lenPrefixed(T.Stack, [1, 1, 100, 2, 3])), err: 'EvStack has wrong number of arguments: want 6, got 5' },
  { name: 'stack with 1 value', data: () => footer(p0().ev(T.Stack, 1)), err: 'EvStack has wrong number of arguments: want at least 2, got 1' },
  { name: 'frequency 0', data: () => footer(p0(), 0), err: 'time stamps out of order' },
  { name: 'negative frequency', data: () => footer(p0(), MAX), err: 'time stamps out of order' },
  {
    name: 'malformed varint in a length-prefixed event',
    data: () => footer(p0().raw(T.GoCreate | (3 << 6), 3, 1, 0x80, 0x80)),
    err: 'malformatted base-128 varint',
  },
  {
    name: 'zero-length payload at the very end',
    data: () => p0().batch(0, 1_000_000).freq(1e9).raw(T.GoCreate | (3 << 6), 0).bytesOut(),
    err: 'failed to read trace: unexpected EOF',
  },

  // ---- Merge.
  { name: 'no frequency', data: () => p0().bytesOut(), err: 'no EvFrequency event' },
  { name: 'GoStart out of sequence', data: () => footer(p0().ev(T.GoCreate, 1, 5, 0, 0).ev(T.GoStart, 1, 5, 7)), err: 'no consistent ordering of events possible' },
  {
    name: 'two Ps starting the same goroutine locally',
    data: () =>
      footer(
        p0()
          .ev(T.GoCreate, 1, 5, 0, 0)
          .ev(T.GoStartLocal, 1, 5)
          .batch(1, 103)
          .ev(T.GoStartLocal, 1, 5),
      ),
    err: 'encountered impossible goroutine state transition',
  },
  {
    name: 'time going backwards across Ps',
    data: () => footer(p0().ev(T.GoCreate, 1000, 5, 0, 0).batch(1, 50).ev(T.ProcStart, 1, 8).ev(T.GoStart, 1, 5, 1)),
    err: 'time stamps out of order',
  },
  {
    name: 'stray syscall exit',
    data: () => footer(g5(p0()).ev(T.GoSysCall, 1, 0).ev(T.GoBlock, 1, 0).ev(T.GoSysExit, 1, 5, 2, 50)),
    err: 'stray syscall exit',
  },
  {
    name: 'syscall exit before its block',
    data: () => footer(g5(p0()).ev(T.GoSysBlock, 1).ev(T.GoSysExit, 10, 5, 2, 50)),
    err: 'time stamps out of order',
  },
  {
    name: 'syscall exit moved to its real time',
    data: () => footer(g5(p0()).ev(T.GoSysCall, 1, 0).ev(T.GoSysBlock, 1).ev(T.HeapAlloc, 10, 5).ev(T.GoSysExit, 10, 5, 2, 110).ev(T.GoStart, 1, 5, 3)),
    err: null,
  },

  // ---- postProcessTrace.
  { name: 'P started twice', data: () => footer(p0().ev(T.ProcStart, 1, 8)), err: 'p 0 is running before start (time 2)' },
  { name: 'P stopped before start', data: () => footer(new V1Builder(21).batch(0, 100).ev(T.ProcStop, 1)), err: 'p 0 is not running before stop (time 0)' },
  { name: 'P stopped while running a goroutine', data: () => footer(g5(p0()).ev(T.ProcStop, 1)), err: 'p 0 is running a goroutine 5 during stop (time 4)' },
  { name: 'GC started twice', data: () => footer(p0().ev(T.GCStart, 1, 0, 0).ev(T.GCStart, 1, 1, 0)), err: 'previous GC is not ended before a new one (time 3)' },
  { name: 'GC end without start', data: () => footer(p0().ev(T.GCDone, 1)), err: 'bogus GC end (time 2)' },
  { name: 'STW started twice', data: () => footer(p0().ev(T.STWStart, 1, 0).ev(T.STWStart, 1, 0)), err: 'previous STW is not ended before a new one (time 3)' },
  { name: 'STW end without start', data: () => footer(p0().ev(T.STWDone, 1)), err: 'bogus STW end (time 2)' },
  { name: 'sweep started twice', data: () => footer(p0().ev(T.GCSweepStart, 1, 0).ev(T.GCSweepStart, 1, 0)), err: 'previous sweeping is not ended before a new one (time 3)' },
  { name: 'sweep end without start', data: () => footer(p0().ev(T.GCSweepDone, 1, 0, 0)), err: 'bogus sweeping end (time 2)' },
  { name: 'mark assist started twice', data: () => footer(p0().ev(T.GCMarkAssistStart, 1, 0).ev(T.GCMarkAssistStart, 1, 0)), err: 'previous mark assist is not ended before a new one (time 3)' },
  { name: 'goroutine created twice', data: () => footer(p0().ev(T.GoCreate, 1, 0, 0, 0)), err: 'g 0 already exists (time 2)' },
  { name: 'G0 enters a syscall', data: () => footer(p0().ev(T.GoSysCall, 1, 0)), err: 'g 0 did GoSysCall (time 2)' },
  {
    name: 'goroutine running on another P',
    data: () => footer(g5(p0()).batch(1, 110).ev(T.ProcStart, 1, 8).ev(T.GoCreate, 1, 9, 0, 0)),
    err: null,
  },
  {
    name: 'unblock by a goroutine that is not running',
    data: () => footer(g5(p0()).ev(T.GoBlock, 1, 0).ev(T.GoCreate, 1, 6, 0, 0).ev(T.GoUnblock, 1, 6, 0, 0)),
    err: 'no consistent ordering of events possible',
  },
  {
    name: 'unblock of a goroutine that is not waiting',
    data: () => footer(g5(p0()).ev(T.GoCreate, 1, 6, 0, 0).ev(T.GoSched, 1, 0).ev(T.GoUnblockLocal, 1, 6, 0)),
    err: 'no consistent ordering of events possible',
  },
  {
    name: 'second start on a busy P',
    data: () => footer(g5(p0()).ev(T.GoCreate, 1, 6, 0, 0).ev(T.GoStart, 1, 6, 1)),
    err: 'p 0 is already running g 5 while start g 6 (time 5)',
  },
  {
    name: 'task ID reused',
    data: () => footer(p0().ev(T.UserTaskCreate, 1, 3, 0, 0, 0).ev(T.UserTaskCreate, 1, 3, 0, 0, 0)),
    err: 'task id conflicts (id:3), "3 UserTaskCreate p=0 g=0 stk=0 taskid=3 pid=0 typeid=0" vs "2 UserTaskCreate p=0 g=0 stk=0 taskid=3 pid=0 typeid=0"',
  },
  {
    name: 'region end not matching',
    data: () => footer(p0().ev(T.UserRegion, 1, 1, 0, 7, 3).ev(T.UserRegion, 1, 1, 1, 8, 4)),
    err: 'misuse of region in goroutine 0: span end "3 UserRegion p=0 g=0 stk=4 taskid=1 mode=1 typeid=8" when the inner-most active span start event is "2 UserRegion p=0 g=0 stk=0 taskid=1 mode=0 typeid=7"',
  },
  { name: 'region mode 2', data: () => footer(p0().ev(T.UserRegion, 1, 1, 2, 7, 0)), err: 'invalid user region mode: "2 UserRegion p=0 g=0 stk=0 taskid=1 mode=2 typeid=7"' },
  {
    name: 'syscall exit of a running goroutine',
    data: () => footer(g5(p0()).ev(T.GoSysExitLocal, 1, 5, 0)),
    err: 'no consistent ordering of events possible',
  },
  {
    name: 'waiting goroutine that is not runnable',
    data: () => footer(g5(p0()).ev(T.GoEnd, 1).ev(T.GoWaiting, 1, 5)),
    err: 'no consistent ordering of events possible',
  },
  {
    name: 'syscall exit with a real time after the next start',
    data: () =>
      footer(
        g5(p0())
          .ev(T.GoSysCall, 1, 0)
          .ev(T.GoSysBlock, 1)
          .batch(1, 150)
          .ev(T.ProcStart, 1, 8)
          .ev(T.GoSysExit, 1, 5, 2, 300)
          .ev(T.GoStart, 1, 5, 3),
      ),
    err: 'g 5 is not runnable before start (time 52)',
  },
  {
    name: 'syscall exits moved around other goroutines',
    data: () =>
      footer(
        g5(p0())
          .ev(T.GoCreate, 1, 6, 0, 0)
          .ev(T.GoSysCall, 1, 0)
          .ev(T.GoSysBlock, 1)
          .ev(T.GoStart, 1, 6, 1)
          .ev(T.GoSysCall, 1, 0)
          .ev(T.GoSysBlock, 1)
          .batch(1, 150)
          .ev(T.ProcStart, 1, 8)
          .ev(T.GoSysExit, 1, 6, 2, 120)
          .ev(T.GoSysExit, 1, 5, 2, 110)
          .ev(T.GoStart, 1, 5, 3)
          .ev(T.GoSched, 1, 0)
          .ev(T.GoStart, 1, 6, 3),
      ),
    err: null,
  },

  // ---- Tick values beyond 2^53 (the exact mode).
  {
    name: 'ticks beyond 2^53',
    data: () =>
      new V1Builder(21)
        .batch(0, (1n << 62n) + 5n)
        .ev(T.ProcStart, 1, 7)
        .ev(T.Gomaxprocs, 1, 4, 0)
        .ev(T.GoCreate, 3, 5, 0, 0)
        .batch(1, (1n << 62n) + 20n)
        .ev(T.ProcStart, 1, 8)
        .ev(T.GoStart, 1, 5, 1)
        .batch(0, 1n << 63n)
        .freq(3)
        .bytesOut(),
    err: null,
  },
  {
    name: 'delta of 2^64-1 goes back one tick',
    data: () => footer(p0().ev(T.HeapAlloc, MAX, 1).ev(T.HeapAlloc, 1, 2)),
    err: 'time stamps out of order',
  },
  {
    name: 'int64 wrap-around of timestamps',
    data: () => new V1Builder(21).batch(0, (1n << 63n) - 2n).ev(T.ProcStart, 1, 7).ev(T.HeapAlloc, 5, 1).batch(0, 10).freq(1e9).bytesOut(),
    err: 'time stamps out of order',
  },
  {
    name: 'CPU samples and a syscall exit with huge real times',
    data: () =>
      g5(new V1Builder(19).batch(0, 1n << 60n).ev(T.ProcStart, 1, 7).ev(T.Gomaxprocs, 1, 4, 0))
        .ev(T.GoSysCall, 1, 0)
        .ev(T.GoSysBlock, 1)
        .lenPrefixed(T.CPUSample, [0, (1n << 60n) + 3n, 0, 5, 0])
        .lenPrefixed(T.CPUSample, [0, (1n << 60n) + 3n, 1, 0, 0])
        .batch(1, (1n << 60n) + 50n)
        .ev(T.ProcStart, 1, 8)
        .ev(T.GoSysExit, 1, 5, 2, (1n << 60n) + 9n)
        .ev(T.GoStart, 1, 5, 3)
        .batch(0, 1n << 61n)
        .freq(1e9)
        .bytesOut(),
    err: null,
  },
  {
    name: 'a huge tick range converted to nanoseconds',
    data: () => new V1Builder(21).batch(0, 1).ev(T.ProcStart, 1, 7).ev(T.HeapAlloc, (1n << 62n) + 1n, 1).batch(0, 10).freq(1).bytesOut(),
    err: null,
  },

  // ---- The converter.
  { name: 'FutileWakeup', data: () => footer(p0().ev(T.FutileWakeup, 1)), err: 'unexpected event type 36' },
];
