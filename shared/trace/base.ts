// Data types every trace parser in this folder shares (Go's internal/trace/base.go).
//
// Times: a `Time` is an integer number of nanoseconds RELATIVE to the reader's
// `timeBase` (a bigint, absolute). Go's Time is an absolute int64; keeping the
// absolute part once per reader keeps every per-event time an exact double
// (a trace would have to span 104 days to lose a nanosecond) while absolute
// times above 2^53 (machines up for more than ~104 days) stay exact:
// absolute = timeBase + BigInt(time). v1 traces have timeBase 0n (their times
// start at 0, as in Go).
//
// Other uint64 values (event arguments, IDs, PCs) are numbers encoded as
// described in u64.ts (-1 = 2^64-1).

import type { ThreadID, GoID, ProcID } from './resources';

export type Time = number;

/** Maximum number of arguments of a timed event, the timestamp included (tracev2.MaxTimedEventArgs). */
export const MAX_TIMED_EVENT_ARGS = 5;

/**
 * The basic unprocessed event (Go's baseEvent). Instances are reused by the
 * parsers: copy with `copyFrom` if you must keep one.
 */
export class BaseEvent {
  /** tracev2 event type (EV_* in tracev2/spec.ts), or EV_SYNC for synthesized Syncs. */
  typ = 0;
  time: Time = 0;
  /** args[0..3]: the event's arguments after the timestamp, u64-encoded. */
  readonly args = new Float64Array(MAX_TIMED_EVENT_ARGS - 1);

  copyFrom(o: BaseEvent): this {
    this.typ = o.typ;
    this.time = o.time;
    this.args.set(o.args);
    return this;
  }
}

/** Go's schedCtx: the M, P and G an event happened on (-1 = none). */
export interface SchedCtx {
  G: GoID;
  P: ProcID;
  M: ThreadID;
}

/** A frame in a generation's PC table (Go's frame). */
export interface Frame {
  pc: number;
  funcID: number;
  fileID: number;
  line: number;
}

/** A stack in a generation's stack table: its PCs, leaf first (Go's stack). */
export interface StackData {
  pcs: number[];
}

const EMPTY_STACK: StackData = { pcs: [] };

/**
 * A mapping from IDs to data (Go's dataTable). ID 0 always maps to the zero
 * value ("" for strings, the empty stack for stacks).
 */
export class DataTable<T> {
  private readonly map = new Map<number, T>();
  /** Dense copy of the table (index = ID) once compactify() found the IDs dense enough. */
  private dense: (T | undefined)[] | null = null;

  constructor(private readonly zero: T) {}

  /** Adds id → data; returns false (Go: "multiple ...s with the same ID") if id is already present. */
  insert(id: number, data: T): boolean {
    if (id === 0 || this.map.has(id)) return false;
    this.map.set(id, data);
    if (this.dense !== null && id > 0 && id < this.dense.length) this.dense[id] = data;
    return true;
  }

  /** Adds data under a fresh ID (len+1, as Go's append) and returns it. */
  append(data: T): number {
    const id = this.map.size + 1;
    this.map.set(id, data);
    if (this.dense !== null && id < this.dense.length) this.dense[id] = data;
    return id;
  }

  /**
   * Go's compactify: once all IDs are in, index them densely for faster
   * lookups when they are dense enough (Go's heuristic). Lookups behave the
   * same either way.
   */
  compactify(): void {
    if (this.dense !== null || this.map.size === 0) return;
    let maxID = 0;
    let minID = Infinity;
    for (const id of this.map.keys()) {
      if (id < 0) return; // IDs >= 2^53: keep the map.
      if (id > maxID) maxID = id;
      if (id < minID) minID = id;
    }
    const n = this.map.size;
    if (maxID - minID > Math.max(n, 2 * n)) return;
    if (minID > n) return;
    const dense = new Array<T | undefined>(maxID + 1).fill(undefined);
    this.map.forEach((v, k) => {
      dense[k] = v;
    });
    this.dense = dense;
  }

  get(id: number): T | undefined {
    if (id === 0) return this.zero;
    const d = this.dense;
    if (d !== null && id > 0 && id < d.length) return d[id];
    return this.map.get(id);
  }

  has(id: number): boolean {
    if (id === 0) return true;
    const d = this.dense;
    if (d !== null && id > 0 && id < d.length) return d[id] !== undefined;
    return this.map.has(id);
  }

  /** Every (id, data) pair, in insertion order (ID 0 not included). */
  entries(): [number, T][] {
    return [...this.map];
  }

  /** IDs present, ascending (IDs >= 2^53 last). */
  ids(): number[] {
    return [...this.map.keys()].sort((a, b) => (a < 0 ? (b < 0 ? b - a : 1) : b < 0 ? -1 : a - b));
  }

  mustGet(id: number): T {
    const v = this.get(id);
    if (v === undefined) throw new Error(`expected id ${id} in table`);
    return v;
  }

  forEach(fn: (id: number, data: T) => void): void {
    this.map.forEach((v, k) => fn(k, v));
  }

  get size(): number {
    return this.map.size;
  }
}

/** Go's ExperimentalBatch: opaque data of an experiment, per generation. */
export interface ExperimentalBatch {
  thread: ThreadID;
  data: Uint8Array;
}

/**
 * Per-generation tables needed to interpret events (Go's evTable, with its
 * embedded `sync` data).
 */
export class EvTable {
  /** Nanoseconds per timestamp unit (Go's frequency). */
  freq = 0;
  hasClockSnapshot = false;
  /** ClockSnapshot: trace time (relative Time, already converted with freq), monotonic ns, wall clock. */
  snapTime: Time = 0;
  /** The same ClockSnapshot trace time as an exact absolute time (Go's Time), when known. */
  snapTimeAbs: bigint | null = null;
  snapMono = 0;
  snapWallSec = 0;
  snapWallNsec = 0;

  readonly strings = new DataTable<string>('');
  readonly stacks = new DataTable<StackData>(EMPTY_STACK);
  readonly pcs = new Map<number, Frame>();

  /** Strings generated during parsing (Go's extraStrings): IDs start at 1, 0 = "". */
  readonly extraStrings: string[] = [];
  private readonly extraStringIDs = new Map<string, number>();

  /** Experimental batches by experiment number. */
  readonly expBatches = new Map<number, ExperimentalBatch[]>();

  /**
   * @param timeBase absolute time (ns) that every relative Time of this reader is added to.
   * The v2 reader sets it once the first generation is read (before any event is handed out).
   */
  constructor(public timeBase: bigint) {}

  addExtraString(s: string): number {
    if (s === '') return 0;
    let id = this.extraStringIDs.get(s);
    if (id === undefined) {
      this.extraStrings.push(s);
      id = this.extraStrings.length;
      this.extraStringIDs.set(s, id);
    }
    return id;
  }

  getExtraString(id: number): string {
    return id === 0 ? '' : this.extraStrings[id - 1]!;
  }
}

/** A CPU profile sample (Go's cpuSample). */
export interface CPUSample extends SchedCtx {
  time: Time;
  stack: number;
}
