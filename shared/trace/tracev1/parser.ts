// Parser for Go execution traces from versions 1.11–1.21 (Go 1.27's
// internal/trace/internal/tracev1/parser.go), ported exactly: same checks,
// same error messages, same event order (with Ps merged in ascending P id
// where Go ranges over a map; see docs/trace-format.md §2.5).
//
// Layout (memory: about one byte per event besides the trace bytes):
//   pass 1  collectBatchesAndCPUSamples: index of batches per P, CPU samples.
//   pass 2  parseEventBatches: Go's merge (frontier min-heap + goroutine
//           readiness state machine). Each batch is validated in full when Go
//           loads it (loadBatch: strings, stacks, frequency are read there);
//           events are then decoded lazily from the bytes (stream.ts). The
//           merged order is recorded as one proc index per event. Time order
//           and GoSysExit real-time checks are computed on the way.
//   pass 3  postProcessTrace on the final order (GoSysExits moved to their
//           real timestamps, i.e. Go's sort.Stable, done as a 2-way merge),
//           recording what the converter needs (NetpollP unblocks, blocking
//           syscalls).
// The converter (../tracev1.ts) then replays the final order lazily.

import { TraceError } from '../errors';
import { NONE, u64FromBig, u64String, u64ToBig } from '../u64';
import { decodeTraceString } from '../utf8';
import { goQuote } from '../quote';
import * as v1 from './events';
import { Ev, FakeProc } from './events';
import { EVENT_DESCRIPTIONS, ARG_NUM, MIN_VERSION } from './events';
import { Frontier, GStates, Transition, unordered } from './order';
import { NumMap } from './nummap';
import { ProcStreams, u32, i32, type StreamTables } from './stream';
import { goSortFunc } from './pdqsort';

const MAX_SAFE = 9007199254740991;
const TWO63 = 9223372036854775808;

const errMalformedVarint = 'malformatted base-128 varint';
const ErrTimeOrder = 'time stamps out of order';

/** A frame of the v1 PC table (Go's tracev1.Frame); values u64-encoded. */
export interface V1Frame {
  pc: number;
  fn: number;
  file: number;
  line: number;
}

/** Go's %d of an int64 held in a double. */
export function fmtInt(x: number): string {
  return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
}

/** Go's Timestamp(float64(ts - minTs) * freq) (amd64 float->int64 conversion). */
function toNs(ts: number, minTs: number, freq: number): number {
  const x = (ts - minTs) * freq;
  if (!(x < TWO63 && x > -TWO63)) return -TWO63;
  return Math.trunc(x) + 0; // + 0: no -0
}

let vlen = 0;

/**
 * Go's binary.Uvarint(data[pos:end]) as used by readVal: the value
 * (u64-encoded), or NaN when Go would fail (n <= 0). Sets vlen.
 */
function uvarint(data: Uint8Array, pos: number, end: number): number {
  let x = 0;
  let mul = 1;
  for (let i = 0; pos + i < end; i++) {
    if (i === 10) return NaN;
    const b = data[pos + i]!;
    if (b < 0x80) {
      if (i === 9 && b > 1) return NaN;
      x += b * mul;
      vlen = i + 1;
      if (x > MAX_SAFE) {
        let big = 0n;
        for (let j = i; j >= 0; j--) big = (big << 7n) | BigInt(data[pos + j]! & 0x7f);
        return u64FromBig(big);
      }
      return x;
    }
    x += (b & 0x7f) * mul;
    mul *= 128;
  }
  return NaN;
}

/** int64(v) of a u64-encoded value, as a double (exact below 2^53). */
function i64(v: number): number {
  if (v >= 0) return v;
  if (v === NONE) return -1;
  return Number(BigInt.asIntN(64, u64ToBig(v)));
}

/** Unsigned comparison of u64-encoded values (for sorting goroutine IDs etc.). */
export function cmpI64(a: number, b: number): number {
  if (a >= -1 && b >= -1) return a < b ? -1 : a > b ? 1 : 0;
  const x = BigInt.asIntN(64, u64ToBig(a));
  const y = BigInt.asIntN(64, u64ToBig(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

class Growable {
  a: Float64Array;
  n = 0;
  constructor(cap = 64) {
    this.a = new Float64Array(cap);
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Float64Array {
    return this.a.subarray(0, this.n);
  }
}

/** The parsed, ordered and validated v1 trace (Go's tracev1.Trace). */
export class TraceV1 {
  /** Events in the final order. */
  numEvents = 0;
  /** Go's Trace.Strings: string ID (u64-encoded) -> string. */
  readonly strings = new Map<number, string>();
  /** Go's Trace.InlineStrings (UserLog values, by inline ID). */
  readonly inlineStrings: string[] = [];
  /** Go's Trace.Stacks: stack ID -> PCs (u64-encoded), only non-empty stacks. */
  readonly stacks = new Map<number, number[]>();
  /** Go's Trace.PCs. */
  readonly pcs = new Map<number, V1Frame>();

  /** @internal */ tables!: StreamTables;
  /** @internal */ nprocs = 0;
  /** @internal The merged order: runs of events from one proc, as uvarint pairs [proc, count]. */
  order!: Uint8Array;
  /** @internal */ orderLen = 0;
  /** @internal GoSysExits moved to their real time: merged index (ascending), new ts, fields. */
  mK!: Float64Array;
  /** @internal order of the moved events in the final order (indices into the m* arrays). */
  mOrder!: Int32Array;
  /** @internal */ mTs!: Float64Array;
  /** @internal */ mG!: Float64Array;
  /** @internal */ mP!: Float64Array;
  /** @internal */ mA0!: Float64Array;
  /** @internal */ mA1!: Float64Array;
  /** @internal */ mA2!: Float64Array;
  /** @internal */ mOff!: Float64Array;
  /** @internal */ minTs = 0;
  /** @internal nanoseconds per tick. */ freq = 0;
  /** @internal */ readonly timerGoids = new Set<number>();
  /**
   * @internal One bit per final index, set by postProcessTrace: for a
   * GoUnblock, "moved to NetpollP"; for a GoSysCall, "the goroutine's next
   * event is GoSysBlock" (the converter's lookahead).
   */
  flags!: Uint8Array;
  /** @internal stack IDs present (dense bitmap when the IDs are small). */
  private stackBits: Uint8Array | null = null;

  constructor(readonly version: number) {}

  /** Go's Trace.STWReason(kindID). */
  stwReason(kindID: number): number {
    return v1.stwReason(this.version, kindID);
  }

  /** A cursor over the events in their final order, with Go's post-processing applied. */
  cursor(): V1Cursor {
    return new V1Cursor(this, true);
  }

  /** Whether the event at final index i is a GoSysCall whose goroutine's next event is GoSysBlock. */
  syscallBlocked(i: number): boolean {
    return (this.flags[i >> 3]! & (1 << (i & 7))) !== 0;
  }

  /**
   * postProcessTrace's stack check: a stack ID that refers to no stack (or
   * to an empty one) becomes 0.
   */
  zeroStack(stk: number): number {
    if (stk === 0) return 0;
    const bits = this.stackBits;
    if (bits !== null) return stk < bits.length * 8 && (bits[stk >> 3]! & (1 << (stk & 7))) !== 0 ? stk : 0;
    return this.stacks.has(stk) ? stk : 0;
  }

  /** @internal */
  indexStacks(): void {
    let max = 0;
    this.stacks.forEach((_, id) => {
      if (id > max) max = id;
    });
    if (max >= 1 << 26) return;
    const bits = new Uint8Array((max >> 3) + 1);
    this.stacks.forEach((_, id) => {
      bits[id >> 3]! |= 1 << (id & 7);
    });
    this.stackBits = bits;
  }
}

/**
 * Iterates the events of a TraceV1 in their final order (Go's Events after
 * sort.Stable). Fields hold the current event: typ (renamed from *Local),
 * ts in nanoseconds (Go's converted Ts), p (fake Ps applied), g, a0..a3,
 * stk (as parsed; see TraceV1.zeroStack), off (byte offset) and idx (final
 * index). Inherited `ts` is the raw tick count while decoding.
 */
export class V1Cursor extends ProcStreams {
  /** Nanoseconds since the first event. */
  ns = 0;
  /** Final index of the current event (0-based). */
  idx = -1;

  // The merged order, run-length encoded: [proc, count] uvarints.
  private readonly order: Uint8Array;
  private opos = 0;
  private readonly oend: number;
  private runProc = 0;
  private runLeft = 0;
  private k = 0; // merged index of the next decoded event
  private curK = 0; // merged index of the event in the fields
  private skip = 0; // next moved event (in merged-index order) to skip
  private m = 0; // next moved event (in final order) to emit
  private readonly nM: number;
  private readonly hasTimers: boolean;
  private readonly mK: Float64Array;
  private readonly mTs: Float64Array;
  private readonly mOrder: Int32Array;
  private readonly minTs: number;
  private readonly freq: number;

  // A decoded event put aside while moved events go first.
  private saved = false;
  private sTyp = 0;
  private sTs = 0;
  private sP = 0;
  private sG = 0;
  private sA0 = 0;
  private sA1 = 0;
  private sA2 = 0;
  private sA3 = 0;
  private sStk = 0;
  private sOff = 0;
  private sK = 0;

  constructor(private readonly tr: TraceV1, private readonly final: boolean) {
    super(tr.tables, tr.nprocs);
    this.order = tr.order;
    this.oend = tr.orderLen;
    this.nM = tr.mK.length;
    this.mK = tr.mK;
    this.mTs = tr.mTs;
    this.mOrder = tr.mOrder;
    this.minTs = tr.minTs;
    this.freq = tr.freq;
    this.hasTimers = tr.timerGoids.size > 0;
  }

  /** Whether events remain (Go's Events.Peek). */
  hasNext(): boolean {
    return this.idx + 1 < this.tr.numEvents;
  }

  /** Decodes the next event of the merged order that was not moved; false at the end. */
  private fillU(): boolean {
    const order = this.order;
    for (;;) {
      if (this.runLeft === 0) {
        let pos = this.opos;
        if (pos >= this.oend) return false;
        // Two uvarints (written by the merge; small).
        let b = order[pos++]!;
        let v = b & 0x7f;
        for (let m = 128; b >= 0x80; m *= 128) {
          b = order[pos++]!;
          v += (b & 0x7f) * m;
        }
        this.runProc = v;
        b = order[pos++]!;
        v = b & 0x7f;
        for (let m = 128; b >= 0x80; m *= 128) {
          b = order[pos++]!;
          v += (b & 0x7f) * m;
        }
        this.runLeft = v;
        this.opos = pos;
      }
      this.runLeft--;
      const k = this.k++;
      this.decode(this.runProc);
      if (this.skip < this.nM && this.mK[this.skip] === k) {
        this.skip++;
        continue;
      }
      this.curK = k;
      return true;
    }
  }

  private emitMoved(): void {
    const t = this.tr;
    const j = this.mOrder[this.m++]!;
    this.typ = Ev.GoSysExit;
    this.ts = t.mTs[j]!;
    this.p = t.mP[j]!;
    this.g = t.mG[j]!;
    this.a0 = t.mA0[j]!;
    this.a1 = t.mA1[j]!;
    this.a2 = t.mA2[j]!;
    this.a3 = 0;
    this.stk = 0;
    this.off = t.mOff[j]!;
  }

  next(): boolean {
    if (this.saved) {
      const j = this.m < this.nM ? this.mOrder[this.m]! : -1;
      if (j >= 0 && (this.mTs[j]! < this.sTs || (this.mTs[j]! === this.sTs && this.mK[j]! < this.sK))) {
        this.emitMoved();
      } else {
        this.saved = false;
        this.typ = this.sTyp;
        this.ts = this.sTs;
        this.p = this.sP;
        this.g = this.sG;
        this.a0 = this.sA0;
        this.a1 = this.sA1;
        this.a2 = this.sA2;
        this.a3 = this.sA3;
        this.stk = this.sStk;
        this.off = this.sOff;
      }
    } else {
      const ok = this.fillU();
      if (this.m < this.nM) {
        const j = this.mOrder[this.m]!;
        if (!ok || this.mTs[j]! < this.ts || (this.mTs[j]! === this.ts && this.mK[j]! < this.curK)) {
          if (ok) {
            this.saved = true;
            this.sTyp = this.typ;
            this.sTs = this.ts;
            this.sP = this.p;
            this.sG = this.g;
            this.sA0 = this.a0;
            this.sA1 = this.a1;
            this.sA2 = this.a2;
            this.sA3 = this.a3;
            this.sStk = this.stk;
            this.sOff = this.off;
            this.sK = this.curK;
          }
          this.emitMoved();
        }
      } else if (!ok) {
        return false;
      }
    }
    // Get rid of "Local" events (Go does this while merging).
    let typ = this.typ;
    if (typ >= Ev.GoStartLocal && typ <= Ev.GoSysExitLocal) {
      typ = typ === Ev.GoStartLocal ? Ev.GoStart : typ === Ev.GoUnblockLocal ? Ev.GoUnblock : Ev.GoSysExit;
      this.typ = typ;
    }
    const idx = ++this.idx;
    this.ns = toNs(this.ts, this.minTs, this.freq);
    // Move timers and syscalls to separate fake Ps (Go's parse()).
    if (typ === Ev.GoUnblock) {
      if (this.hasTimers && this.tr.timerGoids.has(this.g)) this.p = FakeProc.TimerP;
      // What postProcessTrace changed.
      if (this.final && (this.tr.flags[idx >> 3]! & (1 << (idx & 7))) !== 0) this.p = FakeProc.NetpollP;
    } else if (typ === Ev.GoSysExit) {
      this.p = FakeProc.SyscallP;
    } else if (typ === Ev.GCStart && this.final) {
      this.p = FakeProc.GCP;
    }
    return true;
  }
}

/**
 * Parses a v1 trace. `offset` is the first byte after the 16-byte header,
 * `version` 11, 19 or 21. Throws TraceError with Go's message on any problem
 * (v1 has no partial results).
 */
export function parseV1(data: Uint8Array, offset: number, version: number): TraceV1 {
  const p = new Parser(data, offset, version);
  return p.parse();
}

class Parser {
  private off: number;
  private readonly end: number;
  private evStart = 0;

  // Raw event (Go's rawEvent).
  private rawArgs = new Float64Array(4096);
  private rawN = 0;
  private rawSarg = '';

  // Pass 1.
  private readonly bOff = new Growable(256);
  private readonly bPid = new Growable(256);
  private readonly pidLists = new Map<number, number[]>();
  private totalRaw = 0;
  private readonly cTs = new Growable();
  private readonly cP = new Growable();
  private readonly cG = new Growable();
  private readonly cPid = new Growable();
  private readonly cStk = new Growable();
  private readonly cOff = new Growable();

  // Pass 2 parser state (Go's parser fields).
  private readonly res: TraceV1;
  private readonly inlineMap = new Map<string, number>();
  private ticksPerSec = 0; // u64-encoded
  private lastTs = 0;
  private lastG = 0;
  private lastP = 0;
  private readonly lastGs = new Map<number, number>();
  private batchStartG!: Float64Array;
  private curBatch = 0;
  private unsafe = false;

  constructor(private readonly data: Uint8Array, offset: number, private readonly ver: number) {
    this.off = offset;
    this.end = data.length;
    this.res = new TraceV1(ver);
  }

  private fail(msg: string, off = this.evStart): never {
    throw new TraceError(msg, off);
  }

  private unsupported(): never {
    // Exact int64 tick arithmetic beyond 2^53 is not implemented (no Go
    // toolchain writes such timestamps: ticks are cputicks()/64).
    throw new TraceError('unsupported v1 trace: tick values beyond 2^53', -1);
  }

  /** Go's readVal: NaN on error (errMalformedVarint). */
  private readVal(): number {
    const data = this.data;
    const pos = this.off;
    if (pos < this.end) {
      const b = data[pos]!;
      if (b < 0x80) {
        this.off = pos + 1;
        return b;
      }
    }
    const v = uvarint(data, pos, this.end);
    if (v === v) this.off = pos + vlen;
    return v;
  }

  /** Go's discard(n). */
  private discard(n: number): boolean {
    if (n < 0) return false; // >= 2^53
    const noff = this.off + n;
    if (noff > this.end) return false;
    this.off = noff;
    return true;
  }

  /** Go's readFull(n) bounds check; returns the start offset. */
  private readFull(n: number): number {
    if (this.off >= this.end || this.off < 0 || this.off + n > this.end) {
      this.fail('failed to read trace: unexpected EOF');
    }
    const s = this.off;
    this.off += n;
    return s;
  }

  parse(): TraceV1 {
    this.collectBatchesAndCPUSamples();
    this.parseEventBatches();
    if (this.unsafe) this.unsupported();
    const res = this.res;
    // Translate cpu ticks to real time: done by the cursors (toNs).
    res.freq = 1e9 / i64(this.ticksPerSec);
    this.postProcessTrace();
    return res;
  }

  // ---------------------------------------------------------------------
  // Pass 1: collectBatchesAndCPUSamples (readRawEvent with skipArgs|skipStrings).

  private collectBatchesAndCPUSamples(): void {
    const data = this.data;
    const end = this.end;
    let curP = 0;
    let haveBatch = false;
    for (;;) {
      const start = this.off;
      this.evStart = start;
      if (start >= end) break; // io.EOF
      const b = data[start]!;
      this.off = start + 1;
      const typ = b & 63;
      const narg = (b >> 6) + 1;
      if (typ === Ev.None || typ >= Ev.Count || MIN_VERSION[typ]! > this.ver) this.fail(`unknown event type ${typ}`);
      if (typ === Ev.String) {
        if (Number.isNaN(this.readVal())) this.fail(errMalformedVarint);
        const ln = this.readVal();
        if (Number.isNaN(ln)) this.fail(errMalformedVarint);
        if (!this.discard(ln)) this.fail('failed to read trace: EOF');
        continue;
      }
      if (typ === Ev.Batch) {
        const pid32 = this.readBatchHeader(narg);
        const idx = this.bOff.n;
        this.bOff.push(start);
        this.bPid.push(pid32);
        let l = this.pidLists.get(pid32);
        if (l === undefined) {
          l = [];
          this.pidLists.set(pid32, l);
        }
        l.push(idx);
        curP = pid32;
        haveBatch = true;
        this.totalRaw++;
        continue;
      }
      let cpuArgs = 0;
      if (narg <= 3) {
        for (let i = 0; i < narg; i++) {
          if (Number.isNaN(this.readVal())) this.fail(`failed to read event ${typ} argument: ${errMalformedVarint}`);
        }
      } else {
        const v = this.readVal();
        if (Number.isNaN(v)) this.fail(`failed to read event ${typ} argument: ${errMalformedVarint}`);
        if (v < 0 || v > 2048) {
          this.fail(`failed to read event ${typ} argument: length-prefixed argument too big: ${u64String(v)} bytes, limit is 2048`);
        }
        if (typ === Ev.CPUSample) {
          const s = this.readFull(v);
          cpuArgs = this.decodeArgs(s, s + v);
        } else if (!this.discard(v)) {
          this.fail('failed to read trace: EOF');
        }
        if (typ === Ev.UserLog) {
          const sl = this.readVal();
          if (Number.isNaN(sl)) this.fail(errMalformedVarint);
          if (!this.discard(sl)) break; // Go returns io.EOF here: the first pass just stops.
        }
      }
      if (!haveBatch) this.fail(`read event ${typ} with current P of ${curP}, but P has no batches yet`);
      this.totalRaw++;
      if (typ === Ev.CPUSample) {
        const narg = ARG_NUM[typ]!;
        if (cpuArgs !== narg) this.fail(`CPU sample has wrong number of arguments: want ${narg}, got ${cpuArgs}`);
        const a = this.rawArgs;
        const ts = a[1]!; // Timestamp(e.Args[0]) = real ticks
        if (ts < 0) this.unsafe = true;
        this.cTs.push(ts);
        this.cP.push(i32(a[2]!));
        this.cPid.push(a[2]!);
        this.cG.push(a[3]!);
        this.cStk.push(u32(a[4]!));
        this.cOff.push(start);
      }
    }
  }

  /** Decodes the uvarints in data[s:e] into rawArgs (Go's readValFrom loop); returns the count. */
  private decodeArgs(s: number, e: number): number {
    const data = this.data;
    let n = 0;
    let pos = s;
    while (pos < e) {
      const v = uvarint(data, pos, e);
      if (Number.isNaN(v)) this.fail(errMalformedVarint);
      pos += vlen;
      if (n === this.rawArgs.length) {
        const b = new Float64Array(n * 2);
        b.set(this.rawArgs);
        this.rawArgs = b;
      }
      this.rawArgs[n++] = v;
    }
    return n;
  }

  /** EvBatch's [pid, ticks] (readRawEvent); returns int32 pid. rawArgs = [pid, ticks]. */
  private readBatchHeader(narg: number): number {
    if (narg !== 2) this.fail(`EvBatch has wrong number of arguments: got ${narg}, want 2`);
    const pid = this.readVal();
    if (Number.isNaN(pid)) this.fail(errMalformedVarint);
    if (pid !== NONE && (pid < 0 || pid > 2147483647)) {
      this.fail(`processor ID ${u64String(pid)} is larger than maximum of 18446744073709551615`);
    }
    const pid32 = pid === NONE ? -1 : pid;
    const v = this.readVal();
    if (Number.isNaN(v)) this.fail(errMalformedVarint);
    this.rawArgs[0] = pid;
    this.rawArgs[1] = v;
    this.rawN = 2;
    return pid32;
  }

  // ---------------------------------------------------------------------
  // Pass 2 helpers: loadBatch with readRawEvent(0) and parseEvent, for
  // validation and side effects only (events are decoded lazily later).

  /** readRawEvent(0): returns the type (EvNone for strings) or -1 at EOF. */
  private readRawFull(): number {
    const data = this.data;
    const start = this.off;
    this.evStart = start;
    if (start >= this.end) return -1;
    const b = data[start]!;
    this.off = start + 1;
    const typ = b & 63;
    const narg = (b >> 6) + 1;
    if (typ === Ev.None || typ >= Ev.Count || MIN_VERSION[typ]! > this.ver) this.fail(`unknown event type ${typ}`);
    switch (typ) {
      case Ev.String: {
        const id = this.readVal();
        if (Number.isNaN(id)) this.fail(errMalformedVarint);
        if (id === 0) this.fail('string has invalid id 0');
        if (this.res.strings.has(id)) this.fail(`string has duplicate id ${u64String(id)}`);
        const ln = this.readVal();
        if (Number.isNaN(ln)) this.fail(errMalformedVarint);
        if (ln === 0) this.fail('string has invalid length 0');
        if (ln < 0 || ln > 1e6) this.fail(`string has too large length ${u64String(ln)}`);
        const s = this.readFull(ln);
        this.res.strings.set(id, decodeTraceString(data, s, s + ln));
        return Ev.None;
      }
      case Ev.Batch:
        this.readBatchHeader(narg);
        return Ev.Batch;
      default: {
        let n = 0;
        this.rawSarg = '';
        if (narg <= 3) {
          const a = this.rawArgs;
          for (let i = 0; i < narg; i++) {
            const v = this.readVal();
            if (Number.isNaN(v)) this.fail(`failed to read event ${typ} argument: ${errMalformedVarint}`);
            a[n++] = v;
          }
        } else {
          const v = this.readVal();
          if (Number.isNaN(v)) this.fail(`failed to read event ${typ} argument: ${errMalformedVarint}`);
          if (v < 0 || v > 2048) {
            this.fail(`failed to read event ${typ} argument: length-prefixed argument too big: ${u64String(v)} bytes, limit is 2048`);
          }
          const s = this.readFull(v);
          n = this.decodeArgs(s, s + v);
          if (typ === Ev.UserLog) this.rawSarg = this.readStr();
        }
        this.rawN = n;
        return typ;
      }
    }
  }

  /** Go's readStr. */
  private readStr(): string {
    const sz = this.readVal();
    if (Number.isNaN(sz)) this.fail(errMalformedVarint);
    if (sz === 0) return '';
    if (sz < 0 || sz > 1e6) this.fail(`string is too large (len=${u64String(sz)})`);
    const s = this.readFull(sz);
    return decodeTraceString(this.data, s, s + sz);
  }

  /** Go's loadBatch for batch b, without keeping the events; returns how many events it holds. */
  private loadBatch(b: number): number {
    this.off = this.bOff.a[b]!;
    this.curBatch = b;
    let gotHeader = false;
    let count = 0;
    for (;;) {
      const typ = this.readRawFull();
      if (typ < 0) break;
      if (typ === Ev.None || typ === Ev.CPUSample) continue;
      if (typ === Ev.Batch) {
        if (gotHeader) break;
        gotHeader = true;
      }
      if (this.parseEvent(typ)) count++;
    }
    return count;
  }

  /** Go's parseEvent; returns whether an event results (ev.Type != EvNone). */
  private parseEvent(typ: number): boolean {
    const desc = EVENT_DESCRIPTIONS[typ]!;
    const a = this.rawArgs;
    const n = this.rawN;
    const narg = typ === Ev.Stack ? n : ARG_NUM[typ]!;
    if (n !== narg) this.fail(`${desc.name} has wrong number of arguments: want ${narg}, got ${n}`);
    switch (typ) {
      case Ev.Batch: {
        this.lastGs.set(this.lastP, this.lastG);
        const pid = a[0]!;
        if (pid !== NONE && (pid < 0 || pid > 2147483647)) {
          this.fail(`processor ID ${u64String(pid)} is larger than maximum of 2147483647`);
        }
        this.lastP = pid === NONE ? -1 : pid;
        this.lastG = this.lastGs.get(this.lastP) ?? 0;
        this.lastTs = a[1]!;
        if (this.lastTs < 0) this.unsafe = true;
        this.batchStartG[this.curBatch] = this.lastG;
        return false;
      }
      case Ev.Frequency: {
        const f = a[0]!;
        this.ticksPerSec = f;
        if (f === 0 || (f < 0 && i64(f) <= 0)) this.fail(ErrTimeOrder);
        return false;
      }
      case Ev.TimerGoroutine:
        this.res.timerGoids.add(a[0]!);
        return false;
      case Ev.Stack: {
        if (n < 2) this.fail(`EvStack has wrong number of arguments: want at least 2, got ${n}`);
        const size = a[1]!;
        if (size < 0 || size > 1000) this.fail(`EvStack has bad number of frames: ${u64String(size)}`);
        const want = 2 + 4 * size;
        if (n !== want) this.fail(`EvStack has wrong number of arguments: want ${want}, got ${n}`);
        const id = u32(a[0]!);
        if (id !== 0 && size > 0) {
          const stk = new Array<number>(size);
          const pcs = this.res.pcs;
          for (let i = 0; i < size; i++) {
            const pc = a[2 + i * 4]!;
            stk[i] = pc;
            if (!pcs.has(pc)) pcs.set(pc, { pc, fn: a[2 + i * 4 + 1]!, file: a[2 + i * 4 + 2]!, line: a[2 + i * 4 + 3]! });
          }
          this.res.stacks.set(id, stk);
        }
        return false;
      }
      case Ev.CPUSample:
        return false;
      default: {
        const d = a[0]!;
        const ts = this.lastTs + d;
        if (d < 0 || ts > MAX_SAFE) this.unsafe = true;
        this.lastTs = ts;
        switch (typ) {
          case Ev.GoStart:
          case Ev.GoStartLocal:
          case Ev.GoStartLabel:
            this.lastG = a[1]!;
            break;
          case Ev.GoEnd:
          case Ev.GoStop:
          case Ev.GoSched:
          case Ev.GoPreempt:
          case Ev.GoSleep:
          case Ev.GoBlock:
          case Ev.GoBlockSend:
          case Ev.GoBlockRecv:
          case Ev.GoBlockSelect:
          case Ev.GoBlockSync:
          case Ev.GoBlockCond:
          case Ev.GoBlockNet:
          case Ev.GoSysBlock:
          case Ev.GoBlockGC:
            this.lastG = 0;
            break;
          case Ev.UserLog: {
            const s = this.rawSarg;
            if (!this.inlineMap.has(s)) {
              this.inlineMap.set(s, this.res.inlineStrings.length);
              this.res.inlineStrings.push(s);
            }
            break;
          }
        }
        return true;
      }
    }
  }

  // ---------------------------------------------------------------------
  // Pass 2: parseEventBatches.

  private parseEventBatches(): void {
    const res = this.res;
    const nb = this.bOff.n;
    const batchOff = this.bOff.done();
    const batchPid = new Int32Array(nb);
    for (let i = 0; i < nb; i++) batchPid[i] = this.bPid.a[i]!;
    const batchEnd = new Float64Array(nb);
    for (let i = 0; i < nb; i++) batchEnd[i] = i + 1 < nb ? batchOff[i + 1]! : this.end;
    this.batchStartG = new Float64Array(nb);

    // CPU samples, re-sorted by the timestamp captured in the signal handler
    // (slices.SortFunc: not stable, ported exactly).
    const ns = this.cTs.n;
    const sorder: number[] = new Array<number>(ns);
    for (let i = 0; i < ns; i++) sorder[i] = i;
    const cts = this.cTs.a;
    goSortFunc(sorder, (x, y) => (cts[x]! < cts[y]! ? -1 : cts[x]! > cts[y]! ? 1 : 0));
    const perm = (g: Growable): Float64Array => {
      const out = new Float64Array(ns);
      for (let i = 0; i < ns; i++) out[i] = g.a[sorder[i]!]!;
      return out;
    };

    // Procs: Ps in ascending P id (deterministic where Go ranges over a map), then ProfileP.
    const pids = [...this.pidLists.keys()].sort((x, y) => x - y);
    const nprocs = pids.length + 1;
    const procPid = new Int32Array(nprocs);
    for (let i = 0; i < pids.length; i++) procPid[i] = pids[i]!;
    const profileProc = nprocs - 1;
    procPid[profileProc] = FakeProc.ProfileP;
    // Batch lists by pid, consumed in file order (shared by procs with the same pid).
    const procList: (number[] | undefined)[] = new Array(nprocs);
    const listPtr = new Map<number[], number>();
    for (let i = 0; i < nprocs; i++) {
      const l = this.pidLists.get(procPid[i]!);
      procList[i] = l;
      if (l !== undefined) listPtr.set(l, 0);
    }

    const procFirst = new Int32Array(nprocs).fill(-1);
    const procLast = new Int32Array(nprocs).fill(-1);
    const batchNext = new Int32Array(nb).fill(-1);
    const tables: StreamTables = {
      data: this.data,
      batchOff,
      batchEnd,
      batchPid,
      batchStartG: this.batchStartG,
      procFirst,
      batchNext,
      nSamples: ns,
      sTs: perm(this.cTs),
      sP: perm(this.cP),
      sG: perm(this.cG),
      sPid: perm(this.cPid),
      sStk: perm(this.cStk),
      sOff: perm(this.cOff),
      profileProc,
      inlineMap: this.inlineMap,
    };
    res.tables = tables;
    res.nprocs = nprocs;
    const streams = new ProcStreams(tables, nprocs);

    // The merged order, run-length encoded.
    let order = new Uint8Array(4096);
    let olen = 0;
    let runProc = -1;
    let runLen = 0;
    const putUv = (v: number): void => {
      if (olen + 10 > order.length) {
        const b = new Uint8Array(order.length * 2);
        b.set(order);
        order = b;
      }
      while (v >= 0x80) {
        order[olen++] = (v & 0x7f) | 0x80;
        v = Math.floor(v / 128);
      }
      order[olen++] = v;
    };

    const remaining = new Float64Array(nprocs);
    remaining[profileProc] = ns;
    const done = new Uint8Array(nprocs);
    const headValid = new Uint8Array(nprocs);
    // The pending event of each proc (Go's proc.events[0]) and its state transition.
    const hTyp = new Uint8Array(nprocs);
    const hTs = new Float64Array(nprocs);
    const hP = new Float64Array(nprocs);
    const hG = new Float64Array(nprocs);
    const hA0 = new Float64Array(nprocs);
    const hA1 = new Float64Array(nprocs);
    const hA2 = new Float64Array(nprocs);
    const hOff = new Float64Array(nprocs);
    const hTrG = new Float64Array(nprocs);
    const hInitSeq = new Float64Array(nprocs);
    const hInitSt = new Uint8Array(nprocs);
    const hNextSeq = new Float64Array(nprocs);
    const hNextSt = new Uint8Array(nprocs);
    const avail = new Int32Array(nprocs);
    for (let i = 0; i < nprocs; i++) avail[i] = i;
    let availLen = nprocs;
    const frontier = new Frontier(nprocs, hTs);
    const gs = new GStates();
    const tr = new Transition();

    // Time order and GoSysExit real timestamps (Go does this after merging).
    let sorted = true;
    let unsortedOff = -1;
    let prevTs = -Infinity;
    let sysErr: TraceError | null = null;
    const lastSysBlock = new NumMap(256);
    const mK = new Growable();
    const mTs = new Growable();
    const mG = new Growable();
    const mP = new Growable();
    const mA0 = new Growable();
    const mA1 = new Growable();
    const mA2 = new Growable();
    const mOff = new Growable();
    let firstUTs = 0;
    let haveU = false;

    let k = 0;
    for (;;) {
      pidLoop: for (let i = 0; i < availLen; i++) {
        const pr = avail[i]!;
        if (headValid[pr] === 0) {
          while (remaining[pr] === 0) {
            // loadBatch(proc.pid)
            const l = procList[pr];
            const ptr = l === undefined ? 0 : listPtr.get(l)!;
            if (l === undefined || ptr >= l.length) {
              // io.EOF: this P has no more events.
              done[pr] = 1;
              avail[i] = avail[availLen - 1]!;
              availLen--;
              i--;
              continue pidLoop;
            }
            listPtr.set(l, ptr + 1);
            const b = l[ptr]!;
            remaining[pr] = this.loadBatch(b);
            if (procLast[pr]! < 0) procFirst[pr] = b;
            else batchNext[procLast[pr]!] = b;
            procLast[pr] = b;
          }
          streams.decode(pr);
          remaining[pr]--;
          headValid[pr] = 1;
          const typ = streams.typ;
          hTyp[pr] = typ;
          hTs[pr] = streams.ts;
          hP[pr] = streams.p;
          hG[pr] = streams.g;
          hA0[pr] = streams.a0;
          hA1[pr] = streams.a1;
          hA2[pr] = streams.a2;
          hOff[pr] = streams.off;
          // stateTransition is a pure function: compute it once.
          tr.compute(typ, streams.g, streams.a0, streams.a1);
          hTrG[pr] = tr.g;
          hInitSeq[pr] = tr.initSeq;
          hInitSt[pr] = tr.initStatus;
          hNextSeq[pr] = tr.nextSeq;
          hNextSt[pr] = tr.nextStatus;
        }
        const g = hTrG[pr]!;
        if (g !== unordered && !gs.ready(g, hInitSeq[pr]!, hInitSt[pr]!)) continue;
        avail[i] = avail[availLen - 1]!;
        availLen--;
        frontier.push(pr);
        i--;
      }

      if (frontier.len === 0) {
        for (let i = 0; i < nprocs; i++) {
          if (done[i] === 0) throw new TraceError('no consistent ordering of events possible', -1);
        }
        break;
      }
      const pr = frontier.pop();
      let typ = hTyp[pr]!;
      // Get rid of "Local" events, they are intended merely for ordering.
      if (typ >= Ev.GoStartLocal && typ <= Ev.GoSysExitLocal) {
        typ = typ === Ev.GoStartLocal ? Ev.GoStart : typ === Ev.GoUnblockLocal ? Ev.GoUnblock : Ev.GoSysExit;
      }
      if (pr === runProc) {
        runLen++;
      } else {
        if (runLen > 0) {
          putUv(runProc);
          putUv(runLen);
        }
        runProc = pr;
        runLen = 1;
      }
      const ts = hTs[pr]!;
      if (ts < prevTs && sorted) {
        sorted = false;
        unsortedOff = hOff[pr]!;
      }
      prevTs = ts;
      let moved = false;
      if (sysErr === null) {
        if (typ === Ev.GoSysBlock || typ === Ev.GoInSyscall) {
          lastSysBlock.set0(hG[pr]!, ts);
        } else if (typ === Ev.GoSysExit) {
          const rt = hA2[pr]!;
          if (rt !== 0) {
            if (rt < 0) this.unsafe = true;
            const block = lastSysBlock.get0(hG[pr]!, 0);
            if (block === 0) {
              sysErr = new TraceError('stray syscall exit', hOff[pr]!);
            } else if (rt < block) {
              sysErr = new TraceError(ErrTimeOrder, hOff[pr]!);
            } else {
              moved = true;
              mK.push(k);
              mTs.push(rt);
              mG.push(hG[pr]!);
              mP.push(hP[pr]!);
              mA0.push(hA0[pr]!);
              mA1.push(hA1[pr]!);
              mA2.push(hA2[pr]!);
              mOff.push(hOff[pr]!);
            }
          }
        }
      }
      if (!moved && !haveU) {
        haveU = true;
        firstUTs = ts;
      }
      k++;
      const g = hTrG[pr]!;
      if (g !== unordered) gs.transition(g, hInitSeq[pr]!, hInitSt[pr]!, hNextSeq[pr]!, hNextSt[pr]!, hOff[pr]!);
      avail[availLen++] = pr;
      headValid[pr] = 0;
    }
    if (runLen > 0) {
      putUv(runProc);
      putUv(runLen);
    }
    if (streams.unsafe) this.unsafe = true;
    if (this.unsafe) this.unsupported();

    if (!sorted) throw new TraceError(ErrTimeOrder, unsortedOff);
    if (sysErr !== null) throw sysErr;

    if (this.ticksPerSec === 0) throw new TraceError('no EvFrequency event', -1);

    res.numEvents = k;
    res.order = order.slice(0, olen);
    res.orderLen = olen;
    res.mK = mK.done();
    res.mTs = mTs.done();
    res.mG = mG.done();
    res.mP = mP.done();
    res.mA0 = mA0.done();
    res.mA1 = mA1.done();
    res.mA2 = mA2.done();
    res.mOff = mOff.done();
    // sort.Stable by Ts: the moved events in (new ts, merged index) order.
    const nm = mK.n;
    const mo: number[] = new Array<number>(nm);
    for (let i = 0; i < nm; i++) mo[i] = i;
    const mts = res.mTs;
    mo.sort((x, y) => mts[x]! - mts[y]! || x - y);
    res.mOrder = Int32Array.from(mo);
    let minTs = firstUTs;
    if (nm > 0) {
      const m0 = mts[mo[0]!]!;
      if (!haveU || m0 < minTs) minTs = m0;
    }
    res.minTs = minTs;
  }

  // ---------------------------------------------------------------------
  // Pass 3: postProcessTrace.

  private postProcessTrace(): void {
    const res = this.res;
    const n = res.numEvents;
    res.indexStacks();
    res.flags = new Uint8Array((n + 7) >> 3);
    const flags = res.flags;

    const gs = new NumMap(1024);
    gs.set0(0, gRunning | PRESENT);
    const ps = new PTable();
    const pool = new RecPool();
    const tasks = new Map<number, number>(); // task id -> record of its creation event
    const activeRegions = new Map<number, number[]>(); // goroutine -> records of its open regions
    let evGC = false;
    let evSTW = false;
    // GoSysCall lookahead (the converter's): G -> final index of its pending GoSysCall.
    const pending = new Map<number, number>();

    const c = new V1Cursor(res, false);
    const fail = (msg: string): never => {
      throw new TraceError(msg, c.off);
    };
    const time = (): string => `(time ${fmtInt(c.ns)})`;
    const checkRunning = (g: number, pg: number, allowG0: boolean): void => {
      const name = EVENT_DESCRIPTIONS[c.typ]!.name;
      if ((g & ST) !== gRunning) fail(`g ${u64String(c.g)} is not running while ${name} ${time()}`);
      if (pg !== c.g) fail(`p ${c.p} is not running g ${u64String(c.g)} while ${name} ${time()}`);
      if (!allowG0 && c.g === 0) fail(`g 0 did ${name} ${time()}`);
    };
    const cur = (): number => pool.add(c.typ, c.ns, c.p, c.g, c.stk, c.a0, c.a1, c.a2);

    while (c.next()) {
      const typ = c.typ;
      const G = c.g;

      if (G !== 0 && pending.size > 0) {
        const pi = pending.get(G);
        if (pi !== undefined) {
          if (typ === Ev.GoSysBlock) flags[pi >> 3]! |= 1 << (pi & 7);
          pending.delete(G);
        }
      }

      switch (typ) {
        case Ev.ProcStart: {
          const s = ps.slot(c.p);
          if ((ps.flags[s]! & P_RUNNING) !== 0) fail(`p ${c.p} is running before start ${time()}`);
          ps.flags[s] = ps.flags[s]! | P_RUNNING;
          break;
        }
        case Ev.ProcStop: {
          const s = ps.slot(c.p);
          if ((ps.flags[s]! & P_RUNNING) === 0) fail(`p ${c.p} is not running before stop ${time()}`);
          if (ps.g[s] !== 0) fail(`p ${c.p} is running a goroutine ${u64String(ps.g[s]!)} during stop ${time()}`);
          ps.flags[s] = ps.flags[s]! & ~P_RUNNING;
          break;
        }
        case Ev.GCStart:
          if (evGC) fail(`previous GC is not ended before a new one ${time()}`);
          evGC = true;
          break;
        case Ev.GCDone:
          if (!evGC) fail(`bogus GC end ${time()}`);
          evGC = false;
          break;
        case Ev.STWStart:
          if (evSTW) fail(`previous STW is not ended before a new one ${time()}`);
          evSTW = true;
          break;
        case Ev.STWDone:
          if (!evSTW) fail(`bogus STW end ${time()}`);
          evSTW = false;
          break;
        case Ev.GCSweepStart: {
          const s = ps.slot(c.p);
          if ((ps.flags[s]! & P_SWEEP) !== 0) fail(`previous sweeping is not ended before a new one ${time()}`);
          ps.flags[s] = ps.flags[s]! | P_SWEEP;
          break;
        }
        case Ev.GCMarkAssistStart: {
          const s = gs.slot(G);
          const g = gs.v0[s]!;
          if ((g & ASSIST) !== 0) fail(`previous mark assist is not ended before a new one ${time()}`);
          gs.v0[s] = g | ASSIST | PRESENT;
          break;
        }
        case Ev.GCMarkAssistDone: {
          const s = gs.slot(G);
          gs.v0[s] = (gs.v0[s]! & ~ASSIST) | PRESENT;
          break;
        }
        case Ev.GCSweepDone: {
          const s = ps.slot(c.p);
          if ((ps.flags[s]! & P_SWEEP) === 0) fail(`bogus sweeping end ${time()}`);
          ps.flags[s] = ps.flags[s]! & ~P_SWEEP;
          break;
        }
        case Ev.GoWaiting:
        case Ev.GoInSyscall: {
          const s = gs.slot(G);
          const g = gs.v0[s]!;
          if ((g & ST) !== gRunnable) {
            fail(`g ${u64String(G)} is not runnable before ${typ === Ev.GoWaiting ? 'EvGoWaiting' : 'EvGoInSyscall'} ${time()}`);
          }
          gs.v0[s] = (g & ~(ST | BLOCKNET)) | gWaiting | PRESENT;
          break;
        }
        case Ev.GoCreate: {
          checkRunning(gs.get0(G, 0), ps.getG(c.p), true);
          const s = gs.slot(c.a0);
          if ((gs.v0[s]! & PRESENT) !== 0) fail(`g ${u64String(c.a0)} already exists ${time()}`);
          gs.v0[s] = gRunnable | PRESENT;
          break;
        }
        case Ev.GoStart:
        case Ev.GoStartLabel: {
          const gsl = gs.slot(G);
          const g = gs.v0[gsl]!;
          const s = ps.slot(c.p);
          if ((g & ST) !== gRunnable) fail(`g ${u64String(G)} is not runnable before start ${time()}`);
          if (ps.g[s] !== 0) {
            fail(`p ${c.p} is already running g ${u64String(ps.g[s]!)} while start g ${u64String(G)} ${time()}`);
          }
          ps.g[s] = G;
          gs.v0[gsl] = (g & ~(ST | BLOCKNET)) | gRunning | PRESENT;
          break;
        }
        case Ev.GoEnd:
        case Ev.GoStop: {
          const gsl = gs.slot(G);
          const g = gs.v0[gsl]!;
          const s = ps.slot(c.p);
          checkRunning(g, ps.g[s]!, false);
          ps.g[s] = 0;
          if (typ === Ev.GoEnd) activeRegions.delete(G);
          gs.v0[gsl] = (g & ~ST) | gDead | PRESENT;
          break;
        }
        case Ev.GoSched:
        case Ev.GoPreempt: {
          const gsl = gs.slot(G);
          const g = gs.v0[gsl]!;
          const s = ps.slot(c.p);
          checkRunning(g, ps.g[s]!, false);
          ps.g[s] = 0;
          gs.v0[gsl] = (g & ~(ST | BLOCKNET)) | gRunnable | PRESENT;
          break;
        }
        case Ev.GoUnblock: {
          const g = gs.get0(G, 0);
          if ((g & ST) !== gRunning) fail(`g ${u64String(G)} is not running while unpark ${time()}`);
          if (c.p !== FakeProc.TimerP && ps.getG(c.p) !== G) fail(`p ${c.p} is not running g ${u64String(G)} while unpark ${time()}`);
          const s1 = gs.slot(c.a0);
          const g1 = gs.v0[s1]!;
          if ((g1 & ST) !== gWaiting) fail(`g ${u64String(c.a0)} is not waiting before unpark ${time()}`);
          if ((g1 & BLOCKNET) !== 0) {
            const idx = c.idx;
            flags[idx >> 3]! |= 1 << (idx & 7);
            c.p = FakeProc.NetpollP;
          }
          gs.v0[s1] = (g1 & ~(ST | BLOCKNET)) | gRunnable | PRESENT;
          break;
        }
        case Ev.GoSysCall: {
          const gsl = gs.slot(G);
          const g = gs.v0[gsl]!;
          checkRunning(g, ps.getG(c.p), false);
          gs.v0[gsl] = (g & ~BLOCKNET) | PRESENT;
          break;
        }
        case Ev.GoSysBlock: {
          const gsl = gs.slot(G);
          const g = gs.v0[gsl]!;
          const s = ps.slot(c.p);
          checkRunning(g, ps.g[s]!, false);
          ps.g[s] = 0;
          gs.v0[gsl] = (g & ~ST) | gWaiting | PRESENT;
          break;
        }
        case Ev.GoSysExit: {
          const gsl = gs.slot(G);
          const g = gs.v0[gsl]!;
          if ((g & ST) !== gWaiting) fail(`g ${u64String(G)} is not waiting during syscall exit ${time()}`);
          gs.v0[gsl] = (g & ~(ST | BLOCKNET)) | gRunnable | PRESENT;
          break;
        }
        case Ev.GoSleep:
        case Ev.GoBlock:
        case Ev.GoBlockSend:
        case Ev.GoBlockRecv:
        case Ev.GoBlockSelect:
        case Ev.GoBlockSync:
        case Ev.GoBlockCond:
        case Ev.GoBlockNet:
        case Ev.GoBlockGC: {
          const gsl = gs.slot(G);
          const g = gs.v0[gsl]!;
          const s = ps.slot(c.p);
          checkRunning(g, ps.g[s]!, false);
          ps.g[s] = 0;
          gs.v0[gsl] = (g & ~(ST | BLOCKNET)) | gWaiting | (typ === Ev.GoBlockNet ? BLOCKNET : 0) | PRESENT;
          break;
        }
        case Ev.UserTaskCreate: {
          const taskid = c.a0;
          const prev = tasks.get(taskid);
          if (prev !== undefined) {
            fail(`task id conflicts (id:${u64String(taskid)}), ${goQuote(pool.str(cur()))} vs ${goQuote(pool.str(prev))}`);
          }
          const r = cur();
          pool.stk[r] = res.zeroStack(c.stk);
          tasks.set(taskid, r);
          break;
        }
        case Ev.UserTaskEnd: {
          const r = tasks.get(c.a0);
          if (r !== undefined) {
            pool.free(r);
            tasks.delete(c.a0);
          }
          break;
        }
        case Ev.UserRegion: {
          const mode = c.a1;
          const regions = activeRegions.get(G);
          if (mode === 0) {
            // region start: push
            const r = cur();
            pool.stk[r] = res.zeroStack(c.stk);
            if (regions === undefined) activeRegions.set(G, [r]);
            else regions.push(r);
          } else if (mode === 1) {
            // region end
            const nr = regions === undefined ? 0 : regions.length;
            if (nr > 0) {
              // matching region start event is in the trace.
              const s = regions![nr - 1]!;
              if (pool.a0[s] !== c.a0 || pool.a2[s] !== c.a2) {
                // task id, region name mismatch
                fail(
                  `misuse of region in goroutine ${u64String(G)}: span end ${goQuote(pool.str(cur()))} when the inner-most active span start event is ${goQuote(pool.str(s))}`,
                );
              }
              pool.free(s);
              if (nr > 1) regions!.pop();
              else activeRegions.delete(G);
            }
          } else {
            fail(`invalid user region mode: ${goQuote(pool.str(cur()))}`);
          }
          break;
        }
      }

      if (typ === Ev.GoSysCall) pending.set(G, c.idx);
    }
  }
}

// postProcessTrace's goroutine flags: state | PRESENT (in Go's gs map) |
// BLOCKNET (g.ev is an EvGoBlockNet) | ASSIST (g.evMarkAssist != nil).
const ST = 3;
const PRESENT = 4;
const BLOCKNET = 8;
const ASSIST = 16;
const gDead = 0;
const gRunnable = 1;
const gRunning = 2;
const gWaiting = 3;
// P flags.
const P_RUNNING = 1;
const P_SWEEP = 2;

/** postProcessTrace's ps map: P -> {running, sweeping flags; g}. Direct slots for small P IDs. */
class PTable {
  flags = new Float64Array(1025);
  g = new Float64Array(1025);
  private readonly big = new Map<number, number>();

  /** The slot of P (created on first use). */
  slot(p: number): number {
    if (p >= -1 && p < 1024) return p + 1;
    let s = this.big.get(p);
    if (s === undefined) {
      s = this.flags.length;
      const f = new Float64Array(s + 1);
      f.set(this.flags);
      this.flags = f;
      const g = new Float64Array(s + 1);
      g.set(this.g);
      this.g = g;
      this.big.set(p, s);
    }
    return s;
  }

  getG(p: number): number {
    if (p >= -1 && p < 1024) return this.g[p + 1]!;
    const s = this.big.get(p);
    return s === undefined ? 0 : this.g[s]!;
  }
}

/** Event records kept by postProcessTrace for its messages (tasks, regions). */
class RecPool {
  typ: number[] = [];
  ts: number[] = [];
  p: number[] = [];
  g: number[] = [];
  stk: number[] = [];
  a0: number[] = [];
  a1: number[] = [];
  a2: number[] = [];
  private readonly freeList: number[] = [];

  add(typ: number, ts: number, p: number, g: number, stk: number, a0: number, a1: number, a2: number): number {
    const r = this.freeList.length > 0 ? this.freeList.pop()! : this.typ.length;
    this.typ[r] = typ;
    this.ts[r] = ts;
    this.p[r] = p;
    this.g[r] = g;
    this.stk[r] = stk;
    this.a0[r] = a0;
    this.a1[r] = a1;
    this.a2[r] = a2;
    return r;
  }

  free(r: number): void {
    this.freeList.push(r);
  }

  /** Go's (*Event).String() of a v1 event. */
  str(r: number): string {
    const desc = EVENT_DESCRIPTIONS[this.typ[r]!]!;
    let s = `${fmtInt(this.ts[r]!)} ${desc.name} p=${this.p[r]} g=${u64String(this.g[r]!)} stk=${this.stk[r]}`;
    const args = [this.a0[r]!, this.a1[r]!, this.a2[r]!];
    for (let i = 0; i < desc.args.length; i++) s += ` ${desc.args[i]}=${u64String(args[i] ?? 0)}`;
    return s;
  }
}
