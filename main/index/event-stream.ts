// The reader's events as a stream of flat batches, so that a trace can be
// read on one thread and indexed on another (read-ahead.ts). An Event is
// its wire-level record (type, time, four arguments), its M/P/G and the
// generation table its ids refer to; a batch holds RECORD_FIELDS float64s
// per event, and each table crosses once, as a snapshot, before the first
// batch that uses it. Strings that ordering adds to a table while events
// are read (Go's extraStrings: task names at TaskEnd) follow as deltas
// with the batch that may need them.
//
// Numbers are uint64s encoded per thread (shared/trace/u64.ts): values of
// 2^53 and more are handles into the reading thread's table of big values.
// Each message carries the big values interned since the previous one, and
// the receiving side maps the reader's handles to its own (BigHandles).

import { EvTable, type Frame, type StackData } from '../../shared/trace/base';
import { Event } from '../../shared/trace/event';
import { u64FromBig } from '../../shared/trace/u64';

/** The reading thread's big-value handles (-2, -3, ...) mapped to this thread's. */
export class BigHandles {
  private readonly local: number[] = [];

  /** Interns the values the reader interned next (in its order). */
  add(bigs: bigint[]): void {
    for (const b of bigs) this.local.push(u64FromBig(b));
  }

  /** A number as encoded by the reader, encoded here. */
  map(v: number): number {
    return v < -1 ? this.local[-v - 2]! : v;
  }
}

/** typ, time, args[0..3], G, P, M, table id. */
export const RECORD_FIELDS = 10;

export interface TableSnapshot {
  timeBase: bigint;
  freq: number;
  hasClockSnapshot: boolean;
  snapTime: number;
  snapTimeAbs: bigint | null;
  snapMono: number;
  snapWallSec: number;
  snapWallNsec: number;
  strings: [number, string][];
  stacks: [number, StackData][];
  pcs: Map<number, Frame>;
  extraStrings: string[];
}

/** Everything an index build reads from a table (experimental batches are not carried). */
export function snapshotTable(t: EvTable): TableSnapshot {
  return {
    timeBase: t.timeBase,
    freq: t.freq,
    hasClockSnapshot: t.hasClockSnapshot,
    snapTime: t.snapTime,
    snapTimeAbs: t.snapTimeAbs,
    snapMono: t.snapMono,
    snapWallSec: t.snapWallSec,
    snapWallNsec: t.snapWallNsec,
    strings: t.strings.entries(),
    stacks: t.stacks.entries(),
    pcs: t.pcs,
    extraStrings: t.extraStrings.slice(),
  };
}

export function restoreTable(s: TableSnapshot, h: BigHandles): EvTable {
  const t = new EvTable(s.timeBase);
  t.freq = s.freq;
  t.hasClockSnapshot = s.hasClockSnapshot;
  t.snapTime = s.snapTime;
  t.snapTimeAbs = s.snapTimeAbs;
  t.snapMono = h.map(s.snapMono);
  t.snapWallSec = h.map(s.snapWallSec);
  t.snapWallNsec = h.map(s.snapWallNsec);
  for (const [id, v] of s.strings) t.strings.insert(h.map(id), v);
  for (const [id, v] of s.stacks) t.stacks.insert(h.map(id), { pcs: v.pcs.map((pc) => h.map(pc)) });
  for (const [pc, f] of s.pcs) {
    t.pcs.set(h.map(pc), { pc: h.map(f.pc), funcID: h.map(f.funcID), fileID: h.map(f.fileID), line: h.map(f.line) });
  }
  addExtraStrings(t, s.extraStrings);
  t.strings.compactify();
  t.stacks.compactify();
  return t;
}

/** Appends strings in the order the source table got them, so they keep their ids. */
export function addExtraStrings(t: EvTable, strings: string[]): void {
  for (const s of strings) t.addExtraString(s);
}

/** Writes one event into a batch at record r. */
export function encodeEvent(ev: Event, tableId: number, batch: Float64Array, r: number): void {
  const o = r * RECORD_FIELDS;
  const b = ev.base;
  const a = b.args;
  batch[o] = b.typ;
  batch[o + 1] = b.time;
  batch[o + 2] = a[0]!;
  batch[o + 3] = a[1]!;
  batch[o + 4] = a[2]!;
  batch[o + 5] = a[3]!;
  batch[o + 6] = ev.ctx.G;
  batch[o + 7] = ev.ctx.P;
  batch[o + 8] = ev.ctx.M;
  batch[o + 9] = tableId;
}

/** Fills `ev` from record r (its table is the caller's to set: see tableIdAt). */
export function decodeEvent(batch: Float64Array, r: number, ev: Event, h: BigHandles): void {
  const o = r * RECORD_FIELDS;
  const b = ev.base;
  const a = b.args;
  b.typ = batch[o]!;
  b.time = batch[o + 1]!;
  let x = batch[o + 2]!;
  a[0] = x < -1 ? h.map(x) : x;
  x = batch[o + 3]!;
  a[1] = x < -1 ? h.map(x) : x;
  x = batch[o + 4]!;
  a[2] = x < -1 ? h.map(x) : x;
  x = batch[o + 5]!;
  a[3] = x < -1 ? h.map(x) : x;
  x = batch[o + 6]!;
  ev.ctx.G = x < -1 ? h.map(x) : x;
  x = batch[o + 7]!;
  ev.ctx.P = x < -1 ? h.map(x) : x;
  x = batch[o + 8]!;
  ev.ctx.M = x < -1 ? h.map(x) : x;
}

export function tableIdAt(batch: Float64Array, r: number): number {
  return batch[r * RECORD_FIELDS + 9]!;
}

/** A reader's failure, as it crosses threads (TraceError's class does not). */
export interface StreamError {
  name: string;
  message: string;
  /** TraceError's byte offset; undefined for other errors. */
  offset?: number;
}

/** Messages from the reading thread, in order. */
export type StreamMessage =
  | { k: 'open'; version: number }
  | { k: 'table'; id: number; snap: TableSnapshot; bigs: bigint[] }
  | { k: 'batch'; buf: Float64Array; n: number; progress: number; extra: [number, string[]][]; bigs: bigint[] }
  | { k: 'end' }
  /** The reader starts again from the first event (a live v1 merge that could not be used): drop what was read. */
  | { k: 'restart' }
  | { k: 'fail'; error: StreamError };
