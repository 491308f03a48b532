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

import { EvTable } from '../../shared/trace/base';
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

// A table crosses as typed arrays (transferred, not cloned) and one array of
// strings: as nested arrays and maps, the 539 tables of a 13.6 MB net/http
// trace (54,609 stacks, 104,287 PCs in all) took ~140 ms to clone on the two
// threads, plus their garbage, and made read-ahead 28% slower than reading
// in place.
export interface TableSnapshot {
  timeBase: bigint;
  freq: number;
  hasClockSnapshot: boolean;
  snapTime: number;
  snapTimeAbs: bigint | null;
  snapMono: number;
  snapWallSec: number;
  snapWallNsec: number;
  /** The strings' ids (u64-encoded), in insertion order, and the strings. */
  stringIds: Float64Array;
  strings: string[];
  /** The stacks' ids, their PC counts, and their PCs one after another. */
  stackIds: Float64Array;
  stackLens: Int32Array;
  stackPcs: Float64Array;
  /** FRAME_FIELDS numbers per PC: the PC (the map's key), then its Frame's pc, funcID, fileID, line. */
  frames: Float64Array;
  extraStrings: string[];
}

const FRAME_FIELDS = 5;

/** Everything an index build reads from a table (experimental batches are not carried). */
export function snapshotTable(t: EvTable): TableSnapshot {
  const stringIds = new Float64Array(t.strings.size);
  const strings = new Array<string>(t.strings.size);
  let i = 0;
  t.strings.forEach((id, v) => {
    stringIds[i] = id;
    strings[i++] = v;
  });
  const stackIds = new Float64Array(t.stacks.size);
  const stackLens = new Int32Array(t.stacks.size);
  let npcs = 0;
  t.stacks.forEach((_id, v) => {
    npcs += v.pcs.length;
  });
  const stackPcs = new Float64Array(npcs);
  i = 0;
  let o = 0;
  t.stacks.forEach((id, v) => {
    stackIds[i] = id;
    stackLens[i++] = v.pcs.length;
    for (const pc of v.pcs) stackPcs[o++] = pc;
  });
  const frames = new Float64Array(t.pcs.size * FRAME_FIELDS);
  o = 0;
  for (const [pc, f] of t.pcs) {
    frames[o] = pc;
    frames[o + 1] = f.pc;
    frames[o + 2] = f.funcID;
    frames[o + 3] = f.fileID;
    frames[o + 4] = f.line;
    o += FRAME_FIELDS;
  }
  return {
    timeBase: t.timeBase,
    freq: t.freq,
    hasClockSnapshot: t.hasClockSnapshot,
    snapTime: t.snapTime,
    snapTimeAbs: t.snapTimeAbs,
    snapMono: t.snapMono,
    snapWallSec: t.snapWallSec,
    snapWallNsec: t.snapWallNsec,
    stringIds,
    strings,
    stackIds,
    stackLens,
    stackPcs,
    frames,
    extraStrings: t.extraStrings.slice(),
  };
}

/** The buffers of a snapshot, to transfer with it. */
export function snapshotBuffers(s: TableSnapshot): ArrayBuffer[] {
  return [s.stringIds, s.stackIds, s.stackLens, s.stackPcs, s.frames].map((a) => a.buffer as ArrayBuffer);
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
  for (let i = 0; i < s.stringIds.length; i++) t.strings.insert(h.map(s.stringIds[i]!), s.strings[i]!);
  let o = 0;
  for (let i = 0; i < s.stackIds.length; i++) {
    const n = s.stackLens[i]!;
    const pcs = new Array<number>(n);
    for (let j = 0; j < n; j++) pcs[j] = h.map(s.stackPcs[o + j]!);
    o += n;
    t.stacks.insert(h.map(s.stackIds[i]!), { pcs });
  }
  const f = s.frames;
  for (let k = 0; k < f.length; k += FRAME_FIELDS) {
    t.pcs.set(h.map(f[k]!), { pc: h.map(f[k + 1]!), funcID: h.map(f[k + 2]!), fileID: h.map(f[k + 3]!), line: h.map(f[k + 4]!) });
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
