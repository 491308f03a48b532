// The timeline index's data layout: plain typed-array columns (transferable
// from a worker thread as they are), interned strings and stacks.
//
// Times are float64 nanoseconds relative to the trace start (the time of the
// first event), exact for traces shorter than ~104 days.
//
// Lanes. Every lane is a step series of "points" sorted by time: point i
// begins span i = [time[i], time[i+1]) in state[i]; the last point of a lane
// has state None and closes it. Gaps between items are None spans. A lane's
// points are the contiguous range [laneStart[l], laneStart[l+1]) of the point
// columns, so a goroutine lane needs one time per transition (the end of a
// span is the start of the next), and the stack of the event that ended a
// span is the begin stack of the next point.
//
// Nested things (regions, ranges, syscalls on a P, tasks) live on child lanes
// (laneParent, laneDepth) so that every lane is non-overlapping.

import type { StackTableData } from './stacks';
import type { BlockTimes } from './block-times';
import { HI_BLOCK, HI_SHIFT, tb48LowerBound, tb48UpperBound, type HiBlocks } from './time48';

export const INDEX_FORMAT_VERSION = 2;

export const enum LaneKind {
  Goroutine = 0,
  Proc = 1,
  Thread = 2,
  GC = 3,
  STW = 4,
  /** User regions of a goroutine, one lane per nesting depth. */
  GoRegions = 5,
  /** Goroutine-scoped ranges (GC mark assist, stop-the-world) of a goroutine. */
  GoRanges = 6,
  /** Syscalls, sweeps and the executing part of assists/STW on a P. */
  ProcRanges = 7,
  /** User tasks, packed into depths. */
  Tasks = 8,
  /** Instants only: network unblocks. */
  Network = 9,
  /** Instants only: exits of blocked syscalls. */
  Syscalls = 10,
}

export const LANE_KIND_NAMES = ['goroutine', 'proc', 'thread', 'gc', 'stw', 'regions', 'go-ranges', 'proc-ranges', 'tasks', 'network', 'syscalls'];

/** Span states (one enum for every lane kind; < MIX_STATES so a mix fits a fixed vector). */
export const enum SpanState {
  None = 0,
  /** Goroutine running; on proc/thread lanes: executing goroutine `arg` (a lane). */
  Running = 1,
  Runnable = 2,
  /** Created, runnable, never ran yet. */
  NotStarted = 3,
  /** Blocked; arg = reason (string id). */
  Waiting = 4,
  /** Blocked while in GC mark assist (go tool trace's GCWaiting); arg = reason. */
  GCWaiting = 5,
  /** In a syscall holding a P. */
  Syscall = 6,
  /** In a syscall after losing its P (Go's syscall block time). */
  SyscallBlocked = 7,
  /** A range (GC mark, STW, sweep, assist); arg = name (string id). */
  Range = 8,
  /** A user region; arg = region index. */
  Region = 9,
  /** A user task; arg = task index. */
  Task = 10,
}

export const MIX_STATES = 11;

/** A lookup table by span state (a span state fits 4 bits): the values given, -1 elsewhere. */
export function bySpanState(entries: readonly (readonly [SpanState, number])[]): readonly number[] {
  const m = new Array<number>(16).fill(-1);
  for (const [s, v] of entries) m[s] = v;
  return m;
}
export const SPAN_STATE_NAMES = [
  'none', 'running', 'runnable', 'not started', 'waiting', 'GC waiting', 'syscall', 'syscall blocked', 'range', 'region', 'task',
];

export const enum InstantKind {
  ProcStart = 1,
  ProcStop = 2,
  CPUSample = 3,
  /** arg = log index. */
  Log = 4,
  /** GoLabel; arg = label (string id). */
  Label = 5,
  /** arg = unblocked goroutine lane. */
  NetworkUnblock = 6,
  /** arg = goroutine lane. */
  SyscallExit = 7,
}
export const INSTANT_KIND_NAMES = ['', 'proc start', 'proc stop', 'CPU sample', 'log', 'label', 'unblock (network)', 'exit blocked syscall'];

export const enum LinkKind {
  Create = 1,
  Unblock = 2,
  SyscallExit = 3,
}
export const LINK_KIND_NAMES = ['', 'create', 'unblock', 'exit blocked syscall'];

/** Counter series, step functions sampled at every change. */
export const enum CounterId {
  GoRunning = 0,
  GoRunnable = 1,
  GoWaiting = 2,
  GoSyscall = 3,
  GoGCWaiting = 4,
  HeapAlloc = 5,
  HeapGoal = 6,
  ThreadsRunning = 7,
  ThreadsSyscall = 8,
  Gomaxprocs = 9,
}
export const COUNTER_NAMES = [
  'goroutines.running', 'goroutines.runnable', 'goroutines.waiting', 'goroutines.syscall', 'goroutines.gcWaiting',
  'heap.alloc', 'heap.goal', 'threads.running', 'threads.syscall', 'gomaxprocs',
];
export const COUNTER_COUNT = 10;

/** Min/max pyramid fan-out of counters (see counters in main/query). */
export const COUNTER_BLOCK = 16;
/** Span-mix prefix sums every MIX_BLOCK spans (lanes with at least MIX_MIN_POINTS points get them). */
export const MIX_BLOCK = 32;
export const MIX_MIN_POINTS = 256;

/** A column of non-negative ids, as narrow as its largest value allows. */
export type IdColumn = Int32Array | Uint16Array;

export interface TimelineIndex {
  version: number;
  /** Trace header version (Go 1.N). */
  goVersion: number;
  /** Absolute time of time 0 (decimal string: may exceed 2^53). */
  startAbs: string;
  /** Duration: time of the last event read, relative. */
  end: number;
  /** The reader's error, if the trace was damaged or truncated (the index holds what was read). */
  error: string | null;
  bytesRead: number;
  events: number;

  strings: string[];
  stacks: StackTableData;

  // Lanes (index = lane id).
  laneKind: Uint8Array;
  /** Goroutine / P / thread id (u64-encoded), task depth...; -1 for global lanes. An Int32Array when every one fits. */
  laneRes: Float64Array | Int32Array;
  laneParent: Int32Array;
  laneDepth: Uint16Array;
  /** Goroutine lanes: start function (string id, 0 = unknown); range lanes: 0. Uint16Array when every id fits, as with laneLabel. */
  laneName: IdColumn;
  /** Goroutine lanes: last GoLabel (string id). */
  laneLabel: IdColumn;
  /**
   * Goroutine lanes that Go's summary starts over (an Undetermined state
   * after the goroutine was seen: Go 1.11-1.21 cgo callbacks), sorted by
   * lane: from the point restartPoint on, credited from restartFrom (a Sync
   * time). Only Go-compatible totals read them (main/query/goroutine-totals.ts).
   */
  restartLane: Int32Array;
  restartPoint: Int32Array;
  restartFrom: Float64Array;
  /** n+1 offsets into the point columns. */
  laneStart: Int32Array;

  // Points (grouped by lane, sorted by time within a lane).
  /** Point times, low 32 bits (see time48.ts; read them with pointTime()). */
  timeLo: Uint32Array;
  // Point times, high 16 bits, per block of 64 points (time48.ts's
  // HiBlocks: read them through pointHi(ix)); empty when every time is
  // below 2^32 ns.
  timeHiBase: Uint16Array;
  timeHiMixedAt: Int32Array;
  timeHiEach: Uint16Array;
  state: Uint8Array;
  /** Reason / range name (string id), goroutine lane (proc/thread lanes), region or task index (Uint16Array when every value fits); read with pointArg(). */
  arg: IdColumn;
  /** When arg is a Uint16Array of values that did not all fit it: their high 8 bits (empty otherwise). */
  argHi: Uint8Array;
  /** Global stack id of the event that began the span (0 = none); Uint16Array when there are fewer than 2^16 stacks. */
  stack: IdColumn;

  /** Per lane with >= MIX_MIN_POINTS points: where its part of `mix` starts, else -1. */
  mixStart: Int32Array;
  /**
   * Per such lane: mix[mixStart] = the bit set of the states its spans take
   * (n of them), then for k = 0..floor(spans/MIX_BLOCK) the cumulative
   * durations of spans [0, k*MIX_BLOCK) in those n states (ascending state
   * order): the mix of any span range in O(MIX_BLOCK). Only the states a lane
   * has are stored (a proc lane: none and running).
   */
  mix: Float64Array;

  // Links (who created / unblocked a goroutine), sorted by target point.
  linkKind: Uint8Array;
  /** Point (index into the point columns) that the link leads to: the Runnable/creation point. */
  linkPoint: Int32Array;
  /** Goroutine lane of the creator/unblocker, or its proc lane, or -1. */
  linkFrom: Int32Array;
  /** Stack of the creating/unblocking event (the waker's stack); Uint16Array when every id fits. */
  linkStack: IdColumn;
  /** Permutation of links sorted by linkFrom, then by time (for "goroutines this one woke"). */
  linkByFrom: Int32Array;

  // Instants, grouped by lane (instStart: n+1 offsets), time-sorted.
  instStart: Int32Array;
  instTime: Float64Array;
  instKind: Uint8Array;
  instArg: Int32Array;
  instStack: Int32Array;

  // Counters: series c is [counterStart[c], counterStart[c+1]).
  counterStart: Int32Array;
  /** Change times, low 32 bits / high 16 bits (empty when all < 2^32), as timeLo/timeHi. */
  counterTimeLo: Uint32Array;
  counterTimeHi: Uint16Array;
  /** Values of the integer series (Uint16Array when every one is in [0, 2^16)); 0 for wide series. Read with counterValueOf(). */
  counterValue: Int32Array | Uint16Array;
  /** Values of the wide series (counterIsWide), series after series. */
  counterWide: Float64Array;
  /** Per series: where its values start in counterWide (-1: an integer series). */
  counterWideStart: Int32Array;
  /** Per series: offset of its min/max pyramid in counterMin/counterMax. */
  counterPyrStart: Int32Array;
  counterMin: Float64Array;
  counterMax: Float64Array;

  // The goroutine counters (running, runnable, waiting, in syscall, GC
  // waiting) and threads in syscalls, as the log of the goroutine
  // transitions that move them (go-counters.ts; their counterStart ranges
  // are empty): rows in time order, code = old state << 4 | new state, with
  // GO_LOG_SAME_TIME when the next row has the same time. A
  // series' value at t is the sum of its deltas over the rows at or before
  // t; it has no value before the first row that touches it.
  // Row times as blocks of 64 rows (block-times.ts: a base per block, a
  // 16-bit offset per row); read them through goLogTimes(ix).
  goLogTimeBase: Float64Array;
  goLogTimeOff: Uint16Array;
  goLogTimeWholeAt: Int32Array;
  goLogTimeWhole: Float64Array;
  goLogCode: Uint8Array;
  /** Per slot: the first row touching it (the row count when none does). */
  goLogFirst: Int32Array;
  /** Per block of GO_LOG_BLOCK rows, per slot: the value before the block's first row; then the values after the last row. */
  goLogBlockStart: Int32Array;
  /**
   * Per block, per slot: min/max of the values after the block's rows that
   * end their time (the last row of a time: values between rows at one time
   * are not real), from the slot's first row on; 2^31-1 / -2^31 when none.
   */
  goLogBlockMin: Int32Array;
  goLogBlockMax: Int32Array;
  /** The same over GO_LOG_SUPER blocks. */
  goLogSuperMin: Int32Array;
  goLogSuperMax: Int32Array;
  /** Time buckets of the rows: bucket j = the rows with time in [j·q, (j+1)·q), from goLogBucketFirst[j]; q = goLogBucketQ[0]. */
  goLogBucketQ: Float64Array;
  goLogBucketFirst: Int32Array;

  // Time buckets of long lanes and dense counter series, built with the
  // index so that the first coarse query is as fast as the next ones
  // (main/query/spans.ts and counters.ts explain them).
  /** Lanes that have buckets, ascending; their t0, bucket width q, and first points (offsets into bucketLaneFirst: bucketLaneOffset). */
  bucketLane: Int32Array;
  bucketLaneT0: Float64Array;
  bucketLaneQ: Float64Array;
  bucketLaneOffset: Int32Array;
  bucketLaneFirst: Int32Array;
  /** Per counter series: bucket width (0: none); bucket offsets (C + 1) into min/max; series c's first changes are bucketCounterFirst[bucketCounterOffset[c] + c ...] (one more than its buckets). */
  bucketCounterQ: Float64Array;
  bucketCounterOffset: Int32Array;
  bucketCounterFirst: Int32Array;
  bucketCounterMin: Float64Array;
  bucketCounterMax: Float64Array;

  // Coarse levels of long lanes (main/query/lane-lod.ts): level k belongs to
  // lodLane[k] (ascending; a lane's levels by ascending θ, lodTheta[k]); its
  // m + 1 item boundaries are lodTime/lodPoint[lodOffset[k] ..
  // lodOffset[k + 1]), its cumulative durations by state (the lane's mix
  // states) lodMix[lodMixOffset[k] .. lodMixOffset[k + 1]).
  lodLane: Int32Array;
  lodTheta: Float64Array;
  lodOffset: Int32Array;
  lodMixOffset: Int32Array;
  lodTime: Float64Array;
  lodPoint: Int32Array;
  lodMix: Float64Array;

  // User regions.
  regionLane: Int32Array; // goroutine lane
  regionTask: Float64Array;
  regionName: Int32Array;
  regionStart: Float64Array; // NaN: began before the trace
  regionEnd: Float64Array; // NaN: still open at the end
  regionStartStack: Int32Array;
  regionEndStack: Int32Array;

  // User tasks.
  taskId: Float64Array;
  taskParent: Float64Array;
  taskName: Int32Array;
  taskStart: Float64Array; // NaN: began before the trace
  taskEnd: Float64Array; // NaN: not ended
  taskStartLane: Int32Array;
  taskEndLane: Int32Array;
  taskStartStack: Int32Array;
  taskEndStack: Int32Array;

  // Logs.
  logTime: Float64Array;
  logLane: Int32Array;
  logTask: Float64Array;
  logCategory: Int32Array;
  logMessage: Int32Array;
  logStack: Int32Array;
}

export function laneCount(ix: TimelineIndex): number {
  return ix.laneKind.length;
}

/** Every typed array of an index (for transfer lists and size accounting), by field name. */
export function indexColumns(ix: TimelineIndex): [string, ArrayBufferView][] {
  const out: [string, ArrayBufferView][] = [];
  for (const [k, v] of Object.entries(ix)) {
    if (ArrayBuffer.isView(v)) out.push([k, v]);
    else if (k === 'stacks') for (const [k2, v2] of Object.entries(v as object)) out.push([`stacks.${k2}`, v2 as ArrayBufferView]);
  }
  return out;
}

/** The point time columns. */
export type PointTimes = Pick<TimelineIndex, 'timeLo' | 'timeHiBase' | 'timeHiMixedAt' | 'timeHiEach'>;

/** The high parts of the point times. */
export function pointHi(ix: PointTimes): HiBlocks {
  return { base: ix.timeHiBase, mixedAt: ix.timeHiMixedAt, each: ix.timeHiEach };
}

/** Time of point i. */
export function pointTime(ix: PointTimes, i: number): number {
  if (ix.timeHiBase.length === 0) return ix.timeLo[i]!;
  // hiOf, without making a HiBlocks per call.
  const m = ix.timeHiMixedAt[i >>> HI_SHIFT]!;
  return ix.timeLo[i]! + (m < 0 ? ix.timeHiBase[i >>> HI_SHIFT]! : ix.timeHiEach[m + (i & (HI_BLOCK - 1))]!) * 4294967296;
}

/** The first point of [lo, hi) (time-sorted, as a lane's) with time > t. */
export function pointUpperBound(ix: PointTimes, t: number, lo: number, hi: number): number {
  return tb48UpperBound(ix.timeLo, pointHi(ix), t, lo, hi);
}

/** The first point of [lo, hi) (time-sorted, as a lane's) with time >= t. */
export function pointLowerBound(ix: PointTimes, t: number, lo: number, hi: number): number {
  return tb48LowerBound(ix.timeLo, pointHi(ix), t, lo, hi);
}

/** The goroutine counter log's row times. */
export function goLogTimes(ix: Pick<TimelineIndex, 'goLogTimeBase' | 'goLogTimeOff' | 'goLogTimeWholeAt' | 'goLogTimeWhole'>): BlockTimes {
  return { base: ix.goLogTimeBase, off: ix.goLogTimeOff, wholeAt: ix.goLogTimeWholeAt, whole: ix.goLogTimeWhole };
}

/** Arg of point i. */
export function pointArg(ix: Pick<TimelineIndex, 'arg' | 'argHi'>, i: number): number {
  return ix.argHi.length === 0 ? ix.arg[i]! : ix.arg[i]! + ix.argHi[i]! * 65536;
}

/** Number of points. */
export function pointCount(ix: TimelineIndex): number {
  return ix.timeLo.length;
}

/** Series whose values are float64 (heap sizes, GOMAXPROCS); the others are int32 counts. */
export function counterIsWide(c: number): boolean {
  return c === CounterId.HeapAlloc || c === CounterId.HeapGoal || c === CounterId.Gomaxprocs;
}

/** Time of counter change i (a global index, within counterStart[c]..counterStart[c+1]). */
export function counterTimeOf(ix: TimelineIndex, i: number): number {
  return ix.counterTimeHi.length === 0 ? ix.counterTimeLo[i]! : ix.counterTimeLo[i]! + ix.counterTimeHi[i]! * 4294967296;
}

/** Value of change i of series c. */
export function counterValueOf(ix: TimelineIndex, c: number, i: number): number {
  const w = ix.counterWideStart[c]!;
  return w >= 0 ? ix.counterWide[w + i - ix.counterStart[c]!]! : ix.counterValue[i]!;
}

/** Number of counter changes (all series). */
export function counterChangeCount(ix: TimelineIndex): number {
  return ix.counterTimeLo.length;
}
