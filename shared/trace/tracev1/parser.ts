// Parser for Go execution traces from versions 1.11–1.21 (Go 1.27's
// internal/trace/internal/tracev1/parser.go), ported exactly: same checks,
// same error messages, same event order (with Ps merged in ascending P id
// where Go ranges over a map; see docs/trace-format.md §2.5).
//
// Go materializes every event (64 bytes each, ~17x the file size). We keep
// the trace bytes and about one byte per event:
//   pass 1  collectBatchesAndCPUSamples: the batches of each P, CPU samples.
//   pass 2  parseEventBatches: Go's merge (frontier min-heap + goroutine
//           readiness rules, order.ts). A batch is validated in full when Go
//           loads it (loadBatch: strings, stacks, frequency are read there);
//           its events are then decoded from the bytes a chunk at a time
//           (stream.ts). The merged order is recorded run-length encoded
//           (one uvarint count * nprocs + proc per run). Go's time-order and GoSysExit real-time
//           checks are done on the way, and postProcessTrace runs
//           speculatively on the merged order (postprocess.ts): exact
//           unless a moved GoSysExit interacts with the events it jumps
//           over, or an error occurs; then
//   pass 3  postProcessTrace runs again on the final order (the merged order
//           with the moved GoSysExits at their real times: Go's sort.Stable,
//           done as a 2-way merge by V1Cursor).
// The converter (../tracev1.ts) replays the final order lazily (V1Cursor).
// Tick values beyond 2^53 (never written by Go, but possible in damaged
// files) switch to an exact mode, see computeRanks.
//
// The live mode (startLiveV1) lets a consumer read events while pass 2 goes
// on: pass 1 also reads the strings, stacks, frequency, timer goroutines and
// log values (Go finds them while merging; the stacks and the frequency are
// at the file's end), pass 2 is a generator that stops every few thousand
// events to publish the merged order, and the cursor returns merged events
// before the horizon (LiveMerge), taking them from a queue of what the merge
// decoded (LiveQueue). The speculative postProcessTrace must hold, and
// what loadBatch finds must equal what pass 1 found; else V1LiveRestart.

import { TraceError } from '../errors';
import { NONE, u64FromBig, u64String, u64ToBig } from '../u64';
import { decodeTraceString } from '../utf8';
import { CLEARS_LAST_G, Ev, FakeProc, EVENT_DESCRIPTIONS, ARG_NUM, MIN_VERSION, stwReason } from './events';
import { Frontier, GStates, Transition, unordered, DENSE_G_LIMIT } from './order';
import { NumMap } from './nummap';
import { ProcStreams, u32, i32, type StreamTables } from './stream';
import { PostProcessor, toNs } from './postprocess';
import { goSortFunc } from './pdqsort';
import { LiveMerge, LiveQueue, liveHorizon, V1LiveRestart } from './live';

const MAX_SAFE = 9007199254740991;

const errMalformedVarint = 'malformatted base-128 varint';
/**
 * loadBatch's fast path, per type: 0 = not eligible (special handling in
 * parseEvent, or strings/batches), 1 = ordinary, 2 = sets the P's goroutine
 * (GoStart*), 3 = clears it (Go blocks/ends).
 */
const FAST_LOAD = new Uint8Array(64);
for (let t = 4; t < Ev.Count; t++) FAST_LOAD[t] = 1;
FAST_LOAD[Ev.String] = 0;
FAST_LOAD[Ev.TimerGoroutine] = 0;
FAST_LOAD[Ev.CPUSample] = 0;
FAST_LOAD[Ev.UserLog] = 0;
FAST_LOAD[Ev.GoStart] = 2;
FAST_LOAD[Ev.GoStartLocal] = 2;
FAST_LOAD[Ev.GoStartLabel] = 2;
for (const t of [
  Ev.GoEnd,
  Ev.GoStop,
  Ev.GoSched,
  Ev.GoPreempt,
  Ev.GoSleep,
  Ev.GoBlock,
  Ev.GoBlockSend,
  Ev.GoBlockRecv,
  Ev.GoBlockSelect,
  Ev.GoBlockSync,
  Ev.GoBlockCond,
  Ev.GoBlockNet,
  Ev.GoSysBlock,
  Ev.GoBlockGC,
]) {
  FAST_LOAD[t] = 3;
}

/** Thrown (internally) to parse again in the exact mode. */
const RESTART = new Error('restart in the exact mode');
const ErrTimeOrder = 'time stamps out of order';

/** A frame of the v1 PC table (Go's tracev1.Frame); values u64-encoded. */
export interface V1Frame {
  pc: number;
  fn: number;
  file: number;
  line: number;
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

/** The position after the uvarint at data[pos:end], or -1 where Go's Uvarint fails. */
function skipUvarint(data: Uint8Array, pos: number, end: number): number {
  for (let i = 0; pos + i < end; i++) {
    if (i === 10) return -1;
    const b = data[pos + i]!;
    if (b < 0x80) return i === 9 && b > 1 ? -1 : pos + i + 1;
  }
  return -1;
}

/** int64(v) of a u64-encoded value, as a double (exact below 2^53). */
function i64(v: number): number {
  if (v >= 0) return v;
  if (v === NONE) return -1;
  return Number(BigInt.asIntN(64, u64ToBig(v)));
}

/** Comparison of u64-encoded values as int64 (Go's GoID order). */
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
  /** @internal The merge, while it goes on in the live mode (else null). */
  live: LiveMerge | null = null;
  /** @internal The live mode's merged events not yet read. */
  queue: LiveQueue | null = null;
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
  /** @internal The merged order: runs of events from one proc, one uvarint each: count * nprocs + proc. */
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
   * @internal One bit per merged index, set by postProcessTrace: for a
   * GoUnblock, "moved to NetpollP"; for a GoSysCall, "the goroutine's next
   * event is GoSysBlock" (the converter's lookahead).
   */
  flags!: Uint8Array;
  /** @internal whether postProcessTrace ran during the merge (else as a separate pass). */
  postProcessedInMerge = false;
  /** @internal stack IDs present (dense bitmap when the IDs are small). */
  private stackBits: Uint8Array | null = null;

  constructor(readonly version: number) {}

  /** Go's Trace.STWReason(kindID). */
  stwReason(kindID: number): number {
    return stwReason(this.version, kindID);
  }

  /** A cursor over the events in their final order, with Go's post-processing applied. */
  cursor(): V1Cursor {
    return new V1Cursor(this, true);
  }

  /** Whether the event at merged index k is a GoSysCall whose goroutine's next event is GoSysBlock. */
  syscallBlocked(k: number): boolean {
    return (this.flags[k >> 3]! & (1 << (k & 7))) !== 0;
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

  /** @internal In the exact mode (timestamps are ranks): nanoseconds per rank. */
  rankNs: Float64Array | null = null;

  /** @internal Go's converted Ts of a raw timestamp of this trace. */
  nsOf(ts: number): number {
    return this.rankNs !== null ? this.rankNs[ts]! : toNs(ts, this.minTs, this.freq);
  }

  /** @internal */
  setRankNs(values: bigint[]): void {
    const ns = new Float64Array(values.length);
    const min = values[this.minTs]!;
    for (let r = 0; r < values.length; r++) {
      // Timestamp(float64(ev.Ts-minTs) * freq), the int64 subtraction wrapping.
      const x = Number(BigInt.asIntN(64, values[r]! - min)) * this.freq;
      ns[r] = x < 9223372036854775808 && x > -9223372036854775808 ? Math.trunc(x) + 0 : -9223372036854775808;
    }
    this.rankNs = ns;
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
  // The current event.
  typ = 0;
  /** Raw ticks. */
  ts = 0;
  p = 0;
  g = 0;
  a0 = 0;
  a1 = 0;
  a2 = 0;
  a3 = 0;
  stk = 0;
  /** Byte offset of the event in the data. */
  off = 0;
  /** Nanoseconds since the first event. */
  ns = 0;
  /** Final index of the current event (0-based). */
  idx = -1;
  /** Merged index of the current event (before GoSysExits moved to their real time). */
  k = 0;

  // The merged order, run-length encoded: uvarints count * nprocs + proc.
  // (In the live mode, what the merge has published so far: see refresh.)
  private order: Uint8Array;
  private opos = 0;
  private oend: number;
  private runProc = 0;
  private runLeft = 0;
  private nextK = 0; // merged index of the next decoded event
  private skip = 0; // next moved event (in merged-index order) to skip
  private m = 0; // next moved event (in final order) to emit
  private nM: number;
  private readonly hasTimers: boolean;
  private mK: Float64Array;
  private mTs: Float64Array;
  private readonly mOrder: Int32Array;
  private minTs: number;
  private readonly freq: number;
  private readonly bufHead: Int32Array;
  private readonly bufCount: Int32Array;
  private readonly rankNs: Float64Array | null;
  private readonly np: number;

  // The live mode: the merge, the moved GoSysExits not yet returned (a
  // min-heap of their indices by (ts, merged index)), the last ts returned.
  private readonly live: LiveMerge | null;
  private heap = new Int32Array(0);
  private heapN = 0;
  /** The live mode, past the queue's end: events are decoded from the bytes. */
  private decoding = false;
  private lastOutTs = -Infinity;

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
    this.rankNs = tr.rankNs;
    this.bufHead = new Int32Array(tr.nprocs);
    this.bufCount = new Int32Array(tr.nprocs);
    this.np = tr.nprocs;
    this.live = final ? tr.live : null;
    if (this.live !== null) {
      this.nM = 0;
      this.heap = new Int32Array(64);
      this.refresh();
    }
  }

  /** The share (0..1) of the events returned so far. */
  progress(): number {
    const n = this.tr.numEvents;
    return n === 0 ? 1 : Math.min(1, (this.idx + 1) / n);
  }

  /** Whether events remain (Go's Events.Peek). */
  hasNext(): boolean {
    if (this.live === null) return this.idx + 1 < this.tr.numEvents;
    for (;;) {
      if (this.saved || this.heapN > 0) return true;
      if (this.fillU()) {
        this.save();
        return true;
      }
      if (this.live.done) return false;
      this.advance();
    }
  }

  /** The live mode: lets the merge go on, then takes what it published. */
  private advance(): void {
    this.live!.step();
    this.refresh();
  }

  private refresh(): void {
    const t = this.tr;
    this.order = t.order;
    this.oend = t.orderLen;
    this.mK = t.mK;
    this.mTs = t.mTs;
    this.minTs = t.minTs;
    const n = this.live!.nMoved;
    for (let j = this.nM; j < n; j++) {
      if (this.mTs[j]! < this.lastOutTs) throw new V1LiveRestart('a GoSysExit moved before events already returned');
      this.heapPush(j);
    }
    this.nM = n;
  }

  /** Whether moved event a goes before moved event b ((ts, merged index) order; merged indices grow with j). */
  private movedBefore(a: number, b: number): boolean {
    const ta = this.mTs[a]!;
    const tb = this.mTs[b]!;
    return ta < tb || (ta === tb && a < b);
  }

  private heapPush(j: number): void {
    if (this.heapN === this.heap.length) {
      const h = new Int32Array(this.heap.length * 2);
      h.set(this.heap);
      this.heap = h;
    }
    const h = this.heap;
    let i = this.heapN++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.movedBefore(j, h[up]!)) break;
      h[i] = h[up]!;
      i = up;
    }
    h[i] = j;
  }

  private heapPop(): void {
    const h = this.heap;
    const n = --this.heapN;
    const x = h[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.movedBefore(h[c + 1]!, h[c]!)) c++;
      if (!this.movedBefore(h[c]!, x)) break;
      h[i] = h[c]!;
      i = c;
    }
    if (n > 0) h[i] = x;
  }

  /**
   * The live mode's choice of the next event: the earlier of the next
   * unmoved event and the earliest moved one, once it is before the
   * horizon (or the merge has ended). False at the end.
   */
  private pickLive(): boolean {
    const live = this.live!;
    // Most events: none put aside, no moved one waiting, before the horizon.
    if (!this.saved && this.heapN === 0 && this.fillU()) {
      if (this.ts < live.horizon || live.done) {
        this.lastOutTs = this.ts;
        return true;
      }
      this.save();
    }
    for (;;) {
      if (!this.saved && this.fillU()) this.save();
      const j = this.heapN > 0 ? this.heap[0]! : -1;
      let moved: boolean;
      let ts: number;
      if (this.saved && (j < 0 || !(this.mTs[j]! < this.sTs || (this.mTs[j]! === this.sTs && this.mK[j]! < this.sK)))) {
        moved = false;
        ts = this.sTs;
      } else if (j >= 0) {
        moved = true;
        ts = this.mTs[j]!;
      } else {
        if (live.done) return false;
        this.advance();
        continue;
      }
      if (!live.done && !(ts < live.horizon)) {
        this.advance();
        continue;
      }
      if (moved) {
        this.heapPop();
        this.emitMovedAt(j);
      } else {
        this.restore();
      }
      this.lastOutTs = ts;
      return true;
    }
  }

  private save(): void {
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
    this.sK = this.k;
  }

  private restore(): void {
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
    this.k = this.sK;
  }

  /** The next event of the merged order that was not moved; false at the end (of what is merged, in the live mode). */
  private fillU(): boolean {
    const q = this.tr.queue;
    if (q === null) return this.decodeU();
    if (this.decoding) {
      // Past the queue's end: decode from the bytes the events it left out.
      const end = q.overflowAt;
      while (this.decodeU()) if (this.k >= end) return true;
      return false;
    }
    if (q.head < q.tail) {
      const i = q.head++;
      this.typ = q.typ[i]!;
      this.ts = q.ts[i]!;
      this.p = q.p[i]!;
      this.g = q.g[i]!;
      this.a0 = q.a0[i]!;
      this.a1 = q.a1[i]!;
      this.a2 = q.a2[i]!;
      this.a3 = q.a3[i]!;
      this.stk = q.stk[i]!;
      this.off = q.off[i]!;
      this.k = q.k[i]!;
      return true;
    }
    if (q.overflowAt < 0) return false;
    this.decoding = true;
    return this.fillU();
  }

  /** Decodes the next event of the merged order that was not moved; false at the end. */
  private decodeU(): boolean {
    const order = this.order;
    for (;;) {
      if (this.runLeft === 0) {
        let pos = this.opos;
        if (pos >= this.oend) return false;
        // A uvarint (written by the merge; small).
        let b = order[pos++]!;
        let v = b & 0x7f;
        for (let m = 128; b >= 0x80; m *= 128) {
          b = order[pos++]!;
          v += (b & 0x7f) * m;
        }
        const np = this.np;
        const proc = v % np;
        this.runProc = proc;
        this.runLeft = (v - proc) / np;
        this.opos = pos;
      }
      this.runLeft--;
      const k = this.nextK++;
      const proc = this.runProc;
      let h = this.bufHead[proc]!;
      if (h === this.bufCount[proc]) {
        this.bufCount[proc] = this.fill(proc, this.chunk);
        h = 0;
      }
      this.bufHead[proc] = h + 1;
      if (this.skip < this.nM && this.mK[this.skip] === k) {
        this.skip++;
        continue;
      }
      const i = proc * this.chunk + h;
      this.typ = this.bTyp[i]!;
      this.ts = this.bTs[i]!;
      this.p = this.bP[i]!;
      this.g = this.bG[i]!;
      this.a0 = this.bA0[i]!;
      this.a1 = this.bA1[i]!;
      this.a2 = this.bA2[i]!;
      this.a3 = this.bA3[i]!;
      this.stk = this.bStk[i]!;
      this.off = this.bOff[i]!;
      this.k = k;
      return true;
    }
  }

  private emitMoved(): void {
    this.emitMovedAt(this.mOrder[this.m++]!);
  }

  private emitMovedAt(j: number): void {
    const t = this.tr;
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
    this.k = t.mK[j]!;
  }

  next(): boolean {
    if (this.live !== null) {
      if (!this.pickLive()) return false;
    } else if (this.saved) {
      const j = this.m < this.nM ? this.mOrder[this.m]! : -1;
      if (j >= 0 && (this.mTs[j]! < this.sTs || (this.mTs[j]! === this.sTs && this.mK[j]! < this.sK))) {
        this.emitMoved();
      } else {
        this.restore();
      }
    } else {
      const ok = this.fillU();
      if (this.m < this.nM) {
        const j = this.mOrder[this.m]!;
        if (!ok || this.mTs[j]! < this.ts || (this.mTs[j]! === this.ts && this.mK[j]! < this.k)) {
          if (ok) this.save();
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
    ++this.idx;
    this.ns = this.rankNs !== null ? this.rankNs[this.ts]! : toNs(this.ts, this.minTs, this.freq);
    // Move timers and syscalls to separate fake Ps (Go's parse()).
    if (typ === Ev.GoUnblock) {
      if (this.hasTimers && this.tr.timerGoids.has(this.g)) this.p = FakeProc.TimerP;
      // What postProcessTrace changed.
      if (this.final && (this.tr.flags[this.k >> 3]! & (1 << (this.k & 7))) !== 0) this.p = FakeProc.NetpollP;
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
export function parseV1(data: Uint8Array, offset: number, version: number, options?: ParseV1Options): TraceV1 {
  const p = new Parser(data, offset, version);
  if (options?.noSpeculation === true) p.noSpeculation = true;
  p.onMerged = options?.onMerged ?? null;
  return p.parse();
}

/**
 * Starts a live parse: the events can be read (TraceV1.cursor, or the
 * converter) while the merge goes on, so that a consumer on another thread
 * need not wait for the whole merge. Reading may throw V1LiveRestart: then
 * the events returned so far must be dropped and the trace read again with
 * parseV1. Returns null when the trace needs parseV1 from the start.
 * `yieldEvery`: events merged between two looks of the cursor.
 */
export function startLiveV1(data: Uint8Array, offset: number, version: number, yieldEvery = 4096, giveUpAfter = Infinity): TraceV1 | null {
  const tr = new Parser(data, offset, version).startLive(yieldEvery);
  if (tr !== null) tr.live!.giveUpAfter = giveUpAfter;
  return tr;
}

export interface ParseV1Options {
  /** Testing: always run postProcessTrace as a separate pass (the speculative run is skipped). */
  noSpeculation?: boolean;
  /** Called every few thousand events merged with the fraction merged (the merge is most of the parse); may throw to abandon it. */
  onMerged?: (fraction: number) => void;
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
  /** Where the first pass stopped (the end, unless Go's early io.EOF on a UserLog). */
  private pass1End = Infinity;
  /** Whether postProcessTrace ran successfully during the merge (see parseEventBatches). */
  private speculationOK = false;
  noSpeculation = false;

  // Where loadBatch puts strings, stacks and PCs: the result's own maps,
  // except in the live mode, whose pass 1 already filled those (see startLive).
  private lStrings: Map<number, string>;
  private lStacks: Map<number, number[]>;
  private lPcs: Map<number, V1Frame>;

  // The live mode (startLive).
  private live = false;
  /** Whether pass 1's look at strings, stacks, frequency and log values allows the live mode. */
  private liveOK = true;
  /** The frequency pass 1 saw (u64-encoded), NaN before the first. */
  private preFreq = NaN;
  private yieldEvery = 4096;
  /** ParseV1Options.onMerged (not in the live mode, whose cursor reports). */
  onMerged: ((fraction: number) => void) | null = null;

  constructor(
    private readonly data: Uint8Array,
    private readonly start: number,
    private readonly ver: number,
    private readonly exact = false,
  ) {
    const offset = start;
    this.off = offset;
    this.end = data.length;
    this.res = new TraceV1(ver);
    this.lStrings = this.res.strings;
    this.lStacks = this.res.stacks;
    this.lPcs = this.res.pcs;
  }

  private fail(msg: string, off = this.evStart): never {
    throw new TraceError(msg, off);
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
    try {
      this.collectBatchesAndCPUSamples();
      if (this.exact) this.computeRanks();
      const merge = this.parseEventBatches();
      while (merge.next().done !== true);
      if (this.unsafe && !this.exact) throw RESTART;
    } catch (e) {
      // Tick values beyond 2^53 were seen: what happened may depend on them
      // (merge order, time checks). Start over with exact int64 ticks.
      if (this.unsafe && !this.exact && (e === RESTART || e instanceof TraceError)) {
        const p = new Parser(this.data, this.start, this.ver, true);
        p.noSpeculation = this.noSpeculation;
        p.onMerged = this.onMerged;
        return p.parse();
      }
      throw e;
    }
    const res = this.res;
    // Translate cpu ticks to real time: done by the cursors (toNs).
    res.freq = 1e9 / i64(this.ticksPerSec);
    if (this.exact) res.setRankNs(this.rankValues!);
    res.indexStacks();
    if (!this.speculationOK) this.postProcessTrace();
    return res;
  }

  /**
   * The live mode: pass 1 also reads what Go's trace has at its end (the
   * strings, stacks and PCs, the frequency, the timer goroutines) and the
   * log values, so that events can be converted while the merge goes on.
   * Returns the TraceV1 with its merge started (TraceV1.live), or null when
   * the trace needs the ordinary parse (anything odd: Go's order of checks
   * and errors is the ordinary parse's).
   */
  startLive(yieldEvery: number): TraceV1 | null {
    if (this.exact) return null;
    this.live = true;
    this.yieldEvery = Math.max(1, yieldEvery);
    const res = this.res;
    // loadBatch's own maps: compared with pass 1's when the merge ends.
    this.lStrings = new Map();
    this.lStacks = new Map();
    this.lPcs = new Map();
    try {
      this.collectBatchesAndCPUSamples();
    } catch {
      return null;
    }
    const f = this.preFreq;
    if (!this.liveOK || this.unsafe || this.pass1End !== Infinity || f !== f || f === 0 || (f < 0 && i64(f) <= 0)) return null;
    res.freq = 1e9 / i64(f);
    res.indexStacks();
    res.numEvents = this.totalRaw; // an estimate (for progress) until the merge ends
    const live = new LiveMerge(this.parseEventBatches());
    res.live = live;
    try {
      live.step();
    } catch {
      return null;
    }
    return res;
  }

  /** Pass 1 in the live mode: an EvString. */
  private preString(id: number, s: number, ln: number): void {
    const strings = this.res.strings;
    if (id === 0 || ln === 0 || ln > 1e6 || strings.has(id)) {
      this.liveOK = false;
      return;
    }
    strings.set(id, decodeTraceString(this.data, s, s + ln));
  }

  /** Pass 1 in the live mode: an EvStack's values in data[s:e] (parseEvent's EvStack). */
  private preStack(s: number, e: number): void {
    let n: number;
    try {
      n = this.decodeArgs(s, e);
    } catch {
      this.liveOK = false;
      return;
    }
    const a = this.rawArgs;
    const size = a[1]!;
    if (n < 2 || size < 0 || size > 1000 || n !== 2 + 4 * size) {
      this.liveOK = false;
      return;
    }
    const id = u32(a[0]!);
    if (id === 0 || size === 0) return;
    const stk = new Array<number>(size);
    const pcs = this.res.pcs;
    for (let i = 0; i < size; i++) {
      const pc = a[2 + i * 4]!;
      stk[i] = pc;
      const fr = pcs.get(pc);
      const fn = a[2 + i * 4 + 1]!;
      const file = a[2 + i * 4 + 2]!;
      const line = a[2 + i * 4 + 3]!;
      // Go keeps a PC's first frame in load order; pass 1 sees file order.
      if (fr === undefined) pcs.set(pc, { pc, fn, file, line });
      else if (fr.fn !== fn || fr.file !== file || fr.line !== line) this.liveOK = false;
    }
    if (this.res.stacks.has(id)) this.liveOK = false;
    this.res.stacks.set(id, stk);
  }

  /** Pass 1 in the live mode: a log value, interned in file order (Go: in load order; only the IDs differ). */
  private preLogValue(s: number, ln: number): void {
    if (ln > 1e6) {
      this.liveOK = false;
      return;
    }
    const v = ln === 0 ? '' : decodeTraceString(this.data, s, s + ln);
    if (!this.inlineMap.has(v)) {
      this.inlineMap.set(v, this.res.inlineStrings.length);
      this.res.inlineStrings.push(v);
    }
  }

  /** At the end of a live merge: whether loadBatch found what pass 1 did. */
  private liveAgrees(): boolean {
    const res = this.res;
    if (this.ticksPerSec !== this.preFreq) return false;
    if (this.lStrings.size !== res.strings.size || this.lStacks.size !== res.stacks.size || this.lPcs.size !== res.pcs.size) return false;
    for (const [id, v] of this.lStrings) if (res.strings.get(id) !== v) return false;
    for (const [id, pcs] of this.lStacks) {
      const q = res.stacks.get(id);
      if (q === undefined || q.length !== pcs.length) return false;
      for (let i = 0; i < pcs.length; i++) if (q[i] !== pcs[i]) return false;
    }
    for (const [pc, f] of this.lPcs) {
      const q = res.pcs.get(pc);
      if (q === undefined || q.fn !== f.fn || q.file !== f.file || q.line !== f.line) return false;
    }
    return true;
  }

  // ---------------------------------------------------------------------
  // The exact mode. Go's timestamps are int64 ticks (wrapping sums of
  // uint64 deltas); ours are doubles, exact below 2^53, which every Go
  // toolchain respects (ticks are cputicks()/64). When a trace has larger
  // values we parse it again with each timestamp replaced by its rank among
  // all of the trace's int64 tick values (events, CPU samples, GoSysExit
  // real times): comparisons are then exact, and nanoseconds are computed
  // from the exact values (setRankNs). Bounded to traces of a few million
  // events.

  private rankValues: bigint[] | null = null;
  private rankOf: Map<bigint, number> | null = null;
  private zeroTs = 0;

  private computeRanks(): void {
    const data = this.data;
    const nb = this.bOff.n;
    const base = new Float64Array(nb);
    const evTs: bigint[] = [];
    const extra: bigint[] = [];
    const MASK = (1n << 64n) - 1n;
    let pos = 0;
    const big = (end: number): bigint => {
      // Lenient uvarint (batches are fully validated when Go loads them).
      let x = 0n;
      let sh = 0n;
      for (let i = 0; i < 10 && pos < end; i++) {
        const b = data[pos++]!;
        x |= BigInt(b & 0x7f) << sh;
        sh += 7n;
        if (b < 0x80) return x & MASK;
      }
      return x & MASK;
    };
    for (let b = 0; b < nb; b++) {
      base[b] = evTs.length;
      const end = b + 1 < nb ? this.bOff.a[b + 1]! : this.end;
      pos = this.bOff.a[b]! + 1;
      big(end); // pid
      let lastTs = BigInt.asIntN(64, big(end));
      while (pos < end) {
        const b0 = data[pos++]!;
        const typ = b0 & 63;
        const nf = b0 >> 6;
        if (typ === Ev.String) {
          big(end);
          const l = big(end);
          pos = l > BigInt(end - pos) ? end : pos + Number(l);
          continue;
        }
        const vals: bigint[] = [];
        if (nf < 3) {
          for (let i = 0; i <= nf; i++) vals.push(big(end));
        } else {
          const l = big(end);
          const vend = l > BigInt(end - pos) ? end : pos + Number(l);
          while (pos < vend) vals.push(big(vend));
          pos = vend;
          if (typ === Ev.UserLog) {
            const sl = big(end);
            pos = sl > BigInt(end - pos) ? end : pos + Number(sl);
          }
        }
        if (typ === Ev.Stack || typ === Ev.Frequency || typ === Ev.TimerGoroutine || typ === Ev.CPUSample || typ === Ev.Batch) continue;
        lastTs = BigInt.asIntN(64, lastTs + (vals[0] ?? 0n));
        evTs.push(lastTs);
        if (evTs.length > 4_000_000) throw new TraceError('unsupported v1 trace: too many events with tick values beyond 2^53', -1);
        if (typ === Ev.GoSysExit && vals.length >= 4) extra.push(BigInt.asIntN(64, vals[3]!));
      }
    }
    for (let i = 0; i < this.cTs.n; i++) extra.push(BigInt.asIntN(64, u64ToBig(this.cTs.a[i]!)));
    const all = [...evTs, ...extra, 0n];
    all.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const values: bigint[] = [];
    const rankOf = new Map<bigint, number>();
    for (const v of all) {
      if (values.length === 0 || values[values.length - 1] !== v) {
        rankOf.set(v, values.length);
        values.push(v);
      }
    }
    const rankTs = new Float64Array(evTs.length);
    for (let i = 0; i < evTs.length; i++) rankTs[i] = rankOf.get(evTs[i]!)!;
    for (let i = 0; i < this.cTs.n; i++) this.cTs.a[i] = rankOf.get(BigInt.asIntN(64, u64ToBig(this.cTs.a[i]!)))!;
    this.rankValues = values;
    this.rankOf = rankOf;
    this.zeroTs = rankOf.get(0n)!;
    this.rankTs = rankTs;
    this.batchEventBase = base;
  }

  private rankTs: Float64Array | null = null;
  private batchEventBase: Float64Array | null = null;

  /** A GoSysExit's real time (u64-encoded ticks) as a timestamp of this parse. */
  private tsOfRaw(raw: number): number {
    if (!this.exact) return raw;
    const r = this.rankOf!.get(BigInt.asIntN(64, u64ToBig(raw)));
    if (r === undefined) throw new TraceError('internal error: unranked tick value', -1);
    return r;
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
        const id = this.readVal();
        if (Number.isNaN(id)) this.fail(errMalformedVarint);
        const ln = this.readVal();
        if (Number.isNaN(ln)) this.fail(errMalformedVarint);
        if (!this.discard(ln)) this.fail('failed to read trace: EOF');
        if (this.live && haveBatch) this.preString(id, this.off - ln, ln);
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
        let pos = this.off;
        for (let i = 0; i < narg; i++) {
          pos = skipUvarint(data, pos, end);
          if (pos < 0) this.fail(`failed to read event ${typ} argument: ${errMalformedVarint}`);
        }
        if (this.live && (typ === Ev.Frequency || typ === Ev.TimerGoroutine)) {
          const v = uvarint(data, this.off, end);
          if (typ === Ev.TimerGoroutine) this.res.timerGoids.add(v);
          else if (this.preFreq !== this.preFreq) this.preFreq = v;
          else if (this.preFreq !== v) this.liveOK = false;
        }
        this.off = pos;
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
        } else if (this.live && typ === Ev.Stack) {
          this.preStack(this.off - v, this.off);
        }
        if (typ === Ev.UserLog) {
          const sl = this.readVal();
          if (Number.isNaN(sl)) this.fail(errMalformedVarint);
          if (this.live && sl >= 0 && this.off + sl <= end) this.preLogValue(this.off, sl);
          if (!this.discard(sl)) {
            // Go returns io.EOF here: the first pass just stops.
            this.pass1End = start;
            break;
          }
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
        if (this.lStrings.has(id)) this.fail(`string has duplicate id ${u64String(id)}`);
        const ln = this.readVal();
        if (Number.isNaN(ln)) this.fail(errMalformedVarint);
        if (ln === 0) this.fail('string has invalid length 0');
        if (ln < 0 || ln > 1e6) this.fail(`string has too large length ${u64String(ln)}`);
        const s = this.readFull(ln);
        this.lStrings.set(id, decodeTraceString(data, s, s + ln));
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
    const data = this.data;
    const p1End = this.pass1End;
    for (;;) {
      // Fast path: an inline event of an ordinary type whose framing and
      // values the first pass already validated: only parseEvent's checks
      // (argument count, the P's current goroutine) remain.
      const start = this.off;
      if (start < p1End) {
        const b0 = data[start]!;
        const typ = b0 & 63;
        const nf = b0 >> 6;
        if (nf < 3 && FAST_LOAD[typ] !== 0) {
          this.evStart = start;
          const narg = nf + 1;
          if (narg !== ARG_NUM[typ]) this.fail(`${EVENT_DESCRIPTIONS[typ]!.name} has wrong number of arguments: want ${ARG_NUM[typ]}, got ${narg}`);
          let pos = start + 1;
          const kind = FAST_LOAD[typ]!;
          if (kind === 2) {
            // GoStart*: lastG = Args[0] (the value after the timestamp).
            while (data[pos++]! >= 0x80);
            const v = uvarint(data, pos, this.end);
            this.lastG = v;
            pos += vlen;
            for (let i = 2; i < narg; i++) while (data[pos++]! >= 0x80);
          } else {
            if (kind === 3) this.lastG = 0;
            for (let i = 0; i < narg; i++) while (data[pos++]! >= 0x80);
          }
          this.off = pos;
          count++;
          continue;
        }
      }
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
          const pcs = this.lPcs;
          for (let i = 0; i < size; i++) {
            const pc = a[2 + i * 4]!;
            stk[i] = pc;
            if (!pcs.has(pc)) pcs.set(pc, { pc, fn: a[2 + i * 4 + 1]!, file: a[2 + i * 4 + 2]!, line: a[2 + i * 4 + 3]! });
          }
          this.lStacks.set(id, stk);
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
          default:
            if (CLEARS_LAST_G[typ]) this.lastG = 0;
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

  /**
   * The merge. A generator: in the live mode it stops every yieldEvery
   * events, having published what the cursor may read (publishLive);
   * otherwise it runs to the end in one step.
   */
  private *parseEventBatches(): Generator<void, void, void> {
    const res = this.res;
    const live = this.live;
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
      rankTs: this.rankTs,
      batchEventBase: this.batchEventBase,
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

    const remaining = new Float64Array(nprocs); // events of the loaded batch not decoded yet
    remaining[profileProc] = ns;
    const done = new Uint8Array(nprocs);
    const headValid = new Uint8Array(nprocs);
    // Decoded events per proc: [bufHead, bufCount) in the stream's columns.
    const chunk = streams.chunk;
    const bufHead = new Int32Array(nprocs);
    const bufCount = new Int32Array(nprocs);
    const bTyp = streams.bTyp;
    const bTs = streams.bTs;
    const bP = streams.bP;
    const bG = streams.bG;
    const bA0 = streams.bA0;
    const bA1 = streams.bA1;
    const bA2 = streams.bA2;
    const bStk = streams.bStk;
    const bOff = streams.bOff;
    // The pending event of each proc (Go's proc.events[0]): its slot, ts and state transition.
    const hIdx = new Int32Array(nprocs);
    const hTs = new Float64Array(nprocs);
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

    let sysErr: TraceError | null = null;
    // G -> [v0] ts of its latest GoSysBlock/GoInSyscall, [v1] ts of the
    // latest processed event involving it since (speculation's lastTouch,
    // below); sysBits marks the dense goroutine IDs present.
    const lastSysBlock = new NumMap(256, true);
    let sysBits = new Uint8Array(128);
    const zeroTs = this.exact ? this.zeroTs : 0; // the timestamp of tick 0 (Go: "block == 0")
    const mK = new Growable();
    const mTs = new Growable();
    const mG = new Growable();
    const mP = new Growable();
    const mA0 = new Growable();
    const mA1 = new Growable();
    const mA2 = new Growable();
    const mOff = new Growable();
    // Doubles of the loop live in Float64Arrays: any use of `ts` as a tagged
    // value (a call argument, a plain variable carried across iterations)
    // makes V8 box it on every event.
    const dbl = new Float64Array(2); // [0] prevTs, [1] firstUTs
    dbl[0] = -Infinity;
    let haveU = false;

    // postProcessTrace, run speculatively on the merged order: the final
    // order differs only by the GoSysExits moved to their real timestamps,
    // which we process when the merge reaches them. That is exact unless an
    // event between a moved GoSysExit's two positions involves the same
    // goroutine (tracked with lastTouch/futureM), or something fails (the
    // first error must be Go's, in Go's order): then pass 3 runs in full.
    // lastTouch (G -> ts of the latest processed event involving it) is kept
    // only for goroutines in lastSysBlock, from their first GoSysBlock or
    // GoInSyscall on: a moved GoSysExit needs one (else "stray syscall
    // exit"), its real time is at least that block's ts, and the events
    // before the block have smaller timestamps (when they do not, the trace
    // is rejected as unsorted whatever the speculation found).
    const flags = new Uint8Array((this.totalRaw + 8) >> 3);
    res.flags = flags;
    const pp = new PostProcessor(flags, (id) => res.stacks.has(id), false);
    let spec = !this.noSpeculation;
    const futureM = new Map<number, number>(); // G -> real ts of a moved GoSysExit processed early
    // The live mode: G -> ts of its GoSysBlock / GoInSyscall while its GoSysExit is not merged.
    const openSys = new Map<number, number>();
    if (live) pp.pendingTs = new Map();
    const queue = live ? (res.queue = new LiveQueue()) : null;
    let nextYield = this.yieldEvery;

    let k = 0;
    for (;;) {
      pidLoop: for (let i = 0; i < availLen; i++) {
        const pr = avail[i]!;
        if (headValid[pr] === 0) {
          // Go: for len(proc.events) == 0 { loadBatch }
          while (bufHead[pr] === bufCount[pr] && remaining[pr] === 0) {
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
          if (bufHead[pr] === bufCount[pr]) {
            const n = streams.fill(pr, Math.min(chunk, remaining[pr]!));
            remaining[pr] = remaining[pr]! - n;
            bufHead[pr] = 0;
            bufCount[pr] = n;
          }
          headValid[pr] = 1;
          const hi = pr * chunk + bufHead[pr]!;
          hIdx[pr] = hi;
          hTs[pr] = bTs[hi]!;
          // stateTransition is a pure function: compute it once.
          tr.compute(bTyp[hi]!, bG[hi]!, bA0[hi]!, bA1[hi]!);
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
      const hi = hIdx[pr]!;
      let typ = bTyp[hi]!;
      // Get rid of "Local" events, they are intended merely for ordering.
      if (typ >= Ev.GoStartLocal && typ <= Ev.GoSysExitLocal) {
        typ = typ === Ev.GoStartLocal ? Ev.GoStart : typ === Ev.GoUnblockLocal ? Ev.GoUnblock : Ev.GoSysExit;
      }
      if (pr === runProc) {
        runLen++;
      } else {
        if (runLen > 0) {
          putUv(runLen * nprocs + runProc);
        }
        runProc = pr;
        runLen = 1;
      }
      const ts = hTs[pr]!;
      if (ts < dbl[0]! && sorted) {
        sorted = false;
        unsortedOff = bOff[hi]!;
      }
      dbl[0] = ts;
      let moved = false;
      let movedTs = 0;
      if (sysErr === null) {
        if (typ === Ev.GoSysBlock || typ === Ev.GoInSyscall) {
          const sg = bG[hi]!;
          const ss = lastSysBlock.slot(sg, 0, -Infinity);
          lastSysBlock.v0[ss] = ts;
          if (live) openSys.set(sg, hTs[pr]!);
          if (sg >= 0 && sg < DENSE_G_LIMIT) {
            if (sg >>> 3 >= sysBits.length) {
              let n = sysBits.length;
              while (n <= sg >>> 3) n *= 2;
              const b = new Uint8Array(n);
              b.set(sysBits);
              sysBits = b;
            }
            sysBits[sg >>> 3] |= 1 << (sg & 7);
          }
        } else if (typ === Ev.GoSysExit) {
          if (live) openSys.delete(bG[hi]!);
          const rtRaw = bA2[hi]!;
          if (rtRaw !== 0) {
            if (rtRaw < 0) this.unsafe = true;
            const rt = this.tsOfRaw(rtRaw);
            const block = lastSysBlock.get0(bG[hi]!, -1);
            if (block === -1 || block === zeroTs) {
              sysErr = new TraceError('stray syscall exit', bOff[hi]!);
            } else if (rt < block) {
              sysErr = new TraceError(ErrTimeOrder, bOff[hi]!);
            } else {
              moved = true;
              movedTs = rt;
              mK.push(k);
              mTs.push(rt);
              mG.push(bG[hi]!);
              mP.push(bP[hi]!);
              mA0.push(bA0[hi]!);
              mA1.push(bA1[hi]!);
              mA2.push(bA2[hi]!);
              mOff.push(bOff[hi]!);
            }
          }
        }
      }
      if (!moved && !haveU) {
        haveU = true;
        dbl[1] = ts;
      }
      if (queue !== null && !moved && queue.overflowAt < 0) {
        if (queue.tail === queue.ts.length) queue.makeRoom(k);
        if (queue.overflowAt < 0) {
          const t = queue.tail++;
          queue.typ[t] = bTyp[hi]!;
          queue.ts[t] = hTs[pr]!;
          queue.p[t] = bP[hi]!;
          queue.g[t] = bG[hi]!;
          queue.a0[t] = bA0[hi]!;
          queue.a1[t] = bA1[hi]!;
          queue.a2[t] = bA2[hi]!;
          queue.a3[t] = streams.bA3[hi]!;
          queue.stk[t] = bStk[hi]!;
          queue.off[t] = bOff[hi]!;
          queue.k[t] = k;
        }
      }
      if (spec) {
        const G = bG[hi]!;
        if (moved) {
          const T = movedTs;
          const ls = lastSysBlock.find(G); // (present: it was moved)
          if (lastSysBlock.v1[ls]! > T) {
            spec = false;
          } else if (((pp.ts = T), pp.step(Ev.GoSysExit, FakeProc.SyscallP, G, bA0[hi]!, bA1[hi]!, bA2[hi]!, 0, k, bOff[hi]!)) !== FakeProc.SyscallP) {
            spec = false;
          } else {
            lastSysBlock.v1[ls] = T;
            if (T > ts) {
              const f = futureM.get(G);
              if (f === undefined || T > f) futureM.set(G, T);
            }
          }
        } else {
          const a0 = bA0[hi]!;
          const two = typ === Ev.GoCreate || typ === Ev.GoUnblock;
          if (futureM.size > 0) {
            const f = futureM.get(G);
            if (f !== undefined) {
              if (f > ts) spec = false;
              else futureM.delete(G);
            }
            if (two) {
              const f1 = futureM.get(a0);
              if (f1 !== undefined) {
                if (f1 > ts) spec = false;
                else futureM.delete(a0);
              }
            }
          }
          if (spec) {
            pp.ts = ts;
            const r = pp.step(typ, typ === Ev.GoSysExit ? FakeProc.SyscallP : bP[hi]!, G, a0, bA1[hi]!, bA2[hi]!, bStk[hi]!, k, bOff[hi]!);
            if (r !== r) spec = false;
            if (G >= 0 && G < DENSE_G_LIMIT ? G >>> 3 < sysBits.length && (sysBits[G >>> 3]! & (1 << (G & 7))) !== 0 : lastSysBlock.size > 0) {
              const ls = lastSysBlock.find(G);
              if (ls >= 0) lastSysBlock.v1[ls] = hTs[pr]!;
            }
            if (two && (a0 >= 0 && a0 < DENSE_G_LIMIT ? a0 >>> 3 < sysBits.length && (sysBits[a0 >>> 3]! & (1 << (a0 & 7))) !== 0 : lastSysBlock.size > 0)) {
              const ls = lastSysBlock.find(a0);
              if (ls >= 0) lastSysBlock.v1[ls] = hTs[pr]!;
            }
          }
        }
      }
      k++;
      const g = hTrG[pr]!;
      if (g !== unordered) gs.transition(g, hInitSeq[pr]!, hInitSt[pr]!, hNextSeq[pr]!, hNextSt[pr]!, bOff[hi]!);
      avail[availLen++] = pr;
      headValid[pr] = 0;
      bufHead[pr] = bufHead[pr]! + 1;
      if (k >= nextYield && !live) {
        this.onMerged?.(k / this.totalRaw);
        nextYield = k + this.yieldEvery;
      } else if (k >= nextYield) {
        if (runLen > 0) {
          putUv(runLen * nprocs + runProc);
          runLen = 0;
          runProc = -1;
        }
        if (sysErr !== null || !sorted || !spec || streams.unsafe || this.unsafe) throw new V1LiveRestart('the live merge cannot go on');
        const lv = res.live!;
        res.order = order;
        res.orderLen = olen;
        this.publishMoved(mK, mTs, mG, mP, mA0, mA1, mA2, mOff);
        if (haveU && !lv.minSet) {
          res.minTs = dbl[1]!;
          lv.minSet = true;
        }
        lv.horizon = lv.minSet ? liveHorizon(openSys, pp.pendingTs!) : -Infinity;
        lv.merged = k;
        yield;
        nextYield = k + this.yieldEvery;
      }
    }
    if (runLen > 0) {
      putUv(runLen * nprocs + runProc);
    }
    if (streams.unsafe) this.unsafe = true;
    if (this.unsafe && !this.exact) throw RESTART;

    if (!sorted) throw new TraceError(ErrTimeOrder, unsortedOff);
    if (sysErr !== null) throw sysErr;

    if (this.ticksPerSec === 0) throw new TraceError('no EvFrequency event', -1);

    res.numEvents = k;
    // (a view, not a copy: a copy would be allocated while the merge's
    // tables are still alive, at the peak)
    res.order = order.subarray(0, olen);
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
    let minTs = dbl[1]!;
    if (nm > 0) {
      const m0 = mts[mo[0]!]!;
      if (!haveU || m0 < minTs) minTs = m0;
    }
    const lv = res.live;
    if (lv !== null) {
      if (!spec || (lv.minSet && minTs !== res.minTs) || !this.liveAgrees()) throw new V1LiveRestart('the live merge cannot be used');
      lv.nMoved = nm;
      lv.horizon = Infinity;
      lv.done = true;
    }
    res.minTs = minTs;
    this.speculationOK = spec;
    res.postProcessedInMerge = spec;
  }

  /** The live mode: the moved GoSysExits merged so far, for the cursor. */
  private publishMoved(mK: Growable, mTs: Growable, mG: Growable, mP: Growable, mA0: Growable, mA1: Growable, mA2: Growable, mOff: Growable): void {
    const res = this.res;
    res.mK = mK.a;
    res.mTs = mTs.a;
    res.mG = mG.a;
    res.mP = mP.a;
    res.mA0 = mA0.a;
    res.mA1 = mA1.a;
    res.mA2 = mA2.a;
    res.mOff = mOff.a;
    res.live!.nMoved = mK.n;
  }

  // ---------------------------------------------------------------------
  // Pass 3: postProcessTrace, when the speculative run during the merge
  // could not be used.

  private postProcessTrace(): void {
    const res = this.res;
    res.flags = new Uint8Array(res.flags.length);
    const pp = new PostProcessor(res.flags, (id) => res.stacks.has(id), true);
    pp.nsOf = (ts) => res.nsOf(ts);
    const c = new V1Cursor(res, false);
    while (c.next()) {
      pp.ts = c.ts;
      const r = pp.step(c.typ, c.p, c.g, c.a0, c.a1, c.a2, c.stk, c.k, c.off);
      if (r !== r) throw pp.err!;
    }
  }
}
