// Conversion of v1 traces (Go 1.11–1.21) into the v2 event model, a port of
// Go 1.27's internal/trace/tracev1.go (traceV1Converter) plus the v1 branch
// of Reader.ReadEvent (the initial and final Sync events).
//
// The whole v1 trace is one generation sharing one EvTable. Events come from
// the parsed trace's cursor lazily; readEvent() fills one reused Event.
// Where Go ranges over a map (the goroutines that existed before tracing
// began, emitted at the first Gomaxprocs) we use ascending goroutine ID
// (int64 order, as the reference's slices.Sort).

import { Event } from './event';
import { EvTable, type Frame, type StackData } from './base';
import type { TraceReader } from './reader-api';
import { TraceError } from './errors';
import { NONE, u64FromBig, u64ToBig, U64_MAX_BIG } from './u64';
import * as v1 from './tracev1/events';
import { Ev } from './tracev1/events';
import { type TraceV1, type V1Cursor, cmpI64 } from './tracev1/parser';

/**
 * The tracev2 constants the converter uses (tracev2/events.ts), as a const
 * enum so that they compile to literals (test/trace-v1 checks they agree).
 */
export const enum V2 {
  EvCPUSample = 7,
  EvGCBegin = 29,
  EvGCEnd = 30,
  EvGCMarkAssistBegin = 35,
  EvGCMarkAssistEnd = 36,
  EvGCSweepBegin = 32,
  EvGCSweepEnd = 33,
  EvGoBlock = 20,
  EvGoCreate = 14,
  EvGoCreateBlocked = 47,
  EvGoDestroy = 17,
  EvGoLabel = 39,
  EvGoStart = 16,
  EvGoStatus = 25,
  EvGoStatusStack = 48,
  EvGoStop = 19,
  EvGoSyscallBegin = 22,
  EvGoSyscallEnd = 23,
  EvGoSyscallEndBlocked = 24,
  EvGoUnblock = 21,
  EvHeapAlloc = 37,
  EvHeapGoal = 38,
  EvProcStart = 10,
  EvProcStatus = 13,
  EvProcStop = 11,
  EvProcsChange = 9,
  EvSTWBegin = 26,
  EvSTWEnd = 27,
  EvUserLog = 44,
  EvUserRegionBegin = 42,
  EvUserRegionEnd = 43,
  EvUserTaskBegin = 40,
  EvUserTaskEnd = 41,
  GoRunnable = 1,
  GoRunning = 2,
  GoSyscall = 3,
  GoWaiting = 4,
  ProcIdle = 2,
  ProcRunning = 1,
  evSync = 255,
}

// Block reasons
const sForever = 0;
const sPreempted = 1;
const sGosched = 2;
const sSleep = 3;
const sChanSend = 4;
const sChanRecv = 5;
const sNetwork = 6;
const sSync = 7;
const sSyncCond = 8;
const sSelect = 9;
const sEmpty = 10;
const sMarkAssistWait = 11;
// STW kinds
const sSTWUnknown = 12;
const sLast = 29;

const BUILTIN_STRINGS = [
  'forever',
  'preempted',
  'runtime.Gosched',
  'sleep',
  'chan send',
  'chan receive',
  'network',
  'sync',
  'sync.(*Cond).Wait',
  'select',
  '',
  'GC mark assist wait for work',
  '',
  'GC mark termination',
  'GC sweep termination',
  'write heap dump',
  'goroutine profile',
  'goroutine profile cleanup',
  'all goroutine stack trace',
  'read mem stats',
  'AllThreadsSyscall',
  'GOMAXPROCS',
  'start trace',
  'stop trace',
  'CountPagesInUse (test)',
  'ReadMetricsSlow (test)',
  'ReadMemStatsSlow (test)',
  'PageCachePagesLeaked (test)',
  'ResetDebugLog (test)',
];

/** tracev2.Specs()[typ].StackIDs[0] - 1 (index into the args after dt), or -1. */
const STACK_ARG = new Int8Array(256).fill(-1);
STACK_ARG[V2.EvCPUSample] = 3;
STACK_ARG[V2.EvProcsChange] = 1;
STACK_ARG[V2.EvGoCreate] = 2;
STACK_ARG[V2.EvGoStop] = 1;
STACK_ARG[V2.EvGoBlock] = 1;
STACK_ARG[V2.EvGoUnblock] = 2;
STACK_ARG[V2.EvGoSyscallBegin] = 1;
STACK_ARG[V2.EvSTWBegin] = 1;
STACK_ARG[V2.EvGCBegin] = 1;
STACK_ARG[V2.EvGCSweepBegin] = 0;
STACK_ARG[V2.EvGCMarkAssistBegin] = 0;
STACK_ARG[V2.EvUserTaskBegin] = 3;
STACK_ARG[V2.EvUserTaskEnd] = 1;
STACK_ARG[V2.EvUserRegionBegin] = 2;
STACK_ARG[V2.EvUserRegionEnd] = 2;
STACK_ARG[V2.EvUserLog] = 3;
STACK_ARG[V2.EvGoCreateBlocked] = 2;
STACK_ARG[V2.EvGoStatusStack] = 3;

/** uint64(int32 p), u64-encoded. */
function u64OfInt(p: number): number {
  if (p >= -1) return p;
  return u64FromBig(BigInt.asUintN(64, BigInt(p)));
}

/** a + b for u64-encoded a and a small b; returns [sum, overflowed]. */
function u64Add(a: number, b: number): { v: number; overflow: boolean } {
  const s = u64ToBig(a) + BigInt(b);
  return { v: u64FromBig(s & U64_MAX_BIG), overflow: s > U64_MAX_BIG };
}

function u64Less(a: number, b: number): boolean {
  if (a >= 0 && b >= 0) return a < b;
  return u64ToBig(a) < u64ToBig(b);
}

const SKIP = 0;
const EMIT = 1;

/** A map from P IDs (small ones direct) to numbers (Go's map[ProcID]...). */
class ProcMap {
  private readonly small = new Float64Array(1025).fill(NaN);
  private readonly big = new Map<number, number>();

  has(p: number): boolean {
    if (p >= -1 && p < 1024) return this.small[p + 1] === this.small[p + 1];
    return this.big.has(p);
  }

  getOr(p: number, dflt: number): number {
    if (p >= -1 && p < 1024) {
      const v = this.small[p + 1]!;
      return v === v ? v : dflt;
    }
    return this.big.get(p) ?? dflt;
  }

  set(p: number, v: number): void {
    if (p >= -1 && p < 1024) this.small[p + 1] = v;
    else this.big.set(p, v);
  }

  delete(p: number): void {
    if (p >= -1 && p < 1024) this.small[p + 1] = NaN;
    else this.big.delete(p);
  }
}

/** A v1 trace presented as Go 1.23+ presents it: one generation of v2 events. */
export class TraceV1Converter implements TraceReader {
  readonly version: number;
  private readonly evt: EvTable;
  private readonly cur: V1Cursor;
  private readonly ev: Event;
  private preInit = true;
  private createdPreInit: Set<number> | null = new Set<number>();
  private readonly tasks = new Map<number, { name: string; parentID: number }>();
  private readonly seenProcs = new ProcMap();
  private readonly procMs = new ProcMap();
  private lastTs = -1;
  private lastStwReason = 0;
  private inlineToStringID: number[] = [];
  private builtinToStringID: number[] = [];

  // Reader state (Go's Reader.syncs / done for v1).
  private syncs = 0;
  private done = false;

  // Events waiting to be returned (Go's it.extra), as columns: [xHead, xLen).
  private xTyp = new Float64Array(16);
  private xTime = new Float64Array(16);
  private xG = new Float64Array(16);
  private xP = new Float64Array(16);
  private xM = new Float64Array(16);
  private xA = new Float64Array(64);
  private xHead = 0;
  private xLen = 0;

  // The mapped args of the event being converted (Go's timedEventArgs): the Event's own.
  private readonly args: Float64Array;

  constructor(private readonly trace: TraceV1) {
    this.version = trace.version;
    this.evt = new EvTable(0n);
    this.cur = trace.cursor();
    this.ev = new Event(this.evt);
    this.args = this.ev.base.args;
    this.init();
  }

  /** The table all events share (strings, stacks, PCs). */
  get table(): EvTable {
    return this.evt;
  }

  /** Go's traceV1Converter.init. Go ignores its error (convertV1Trace); so do we. */
  private init(): void {
    const pr = this.trace;
    const evt = this.evt;
    // Convert from trace v1's Strings map to our dataTable.
    let max = 0;
    pr.strings.forEach((s, id) => {
      evt.strings.insert(id, s);
      if (u64Less(max, id)) max = id;
    });
    // Add all strings used for UserLog (IDs max+1...).
    const nInline = pr.inlineStrings.length;
    if (u64Add(max, nInline).overflow) return; // "trace contains too many strings"
    for (let i = 0; i < nInline; i++) {
      const nid = max >= 0 && max + 1 + i <= 9007199254740991 ? max + 1 + i : u64Add(max, 1 + i).v;
      this.inlineToStringID.push(nid);
      evt.strings.insert(nid, pr.inlineStrings[i]!);
    }
    max = nInline === 0 ? max : u64Add(max, nInline).v;
    // Add strings that the converter emits explicitly.
    if (u64Add(max, sLast).overflow) return; // "trace contains too many strings"
    this.builtinToStringID = new Array<number>(sLast);
    for (let c = 0; c < sLast; c++) {
      const nid = max >= 0 && max + 1 + c <= 9007199254740991 ? max + 1 + c : u64Add(max, 1 + c).v;
      this.builtinToStringID[c] = nid;
      evt.strings.insert(nid, BUILTIN_STRINGS[c]!);
    }
    evt.strings.compactify();

    // Convert stacks.
    pr.stacks.forEach((pcs, id) => {
      evt.stacks.insert(id, { pcs } as StackData);
    });
    pr.pcs.forEach((f, pc) => {
      evt.pcs.set(pc, { pc, funcID: f.fn, fileID: f.file, line: f.line } as Frame);
    });
    evt.stacks.compactify();
  }

  private builtin(c: number): number {
    const b = this.builtinToStringID;
    if (c >= b.length) throw new TraceError(`runtime error: index out of range [${c}] with length ${b.length}`, this.cur.off);
    return b[c]!;
  }

  progress(): number {
    return this.done ? 1 : this.cur.progress();
  }

  readEvent(): Event | null {
    if (this.done) return null;
    if (this.syncs === 0) {
      // Always emit a sync event first, if we have any events at all.
      if (this.cur.hasNext()) {
        this.syncs++;
        // The first event's time is 0 (v1 times are relative to it): Time(ev.Ts - 1).
        return this.sync(-1, this.syncs);
      }
    }
    if (!this.next()) {
      // Always emit a sync event at the end.
      this.done = true;
      this.syncs++;
      return this.sync(this.lastTs + 1, this.syncs);
    }
    return this.ev;
  }

  private sync(time: number, n: number): Event {
    const ev = this.ev;
    ev.ctx.G = -1;
    ev.ctx.P = -1;
    ev.ctx.M = -1;
    ev.base.typ = V2.evSync;
    ev.base.time = time;
    const a = ev.base.args;
    a[0] = n;
    a[1] = 0;
    a[2] = 0;
    a[3] = 0;
    return ev;
  }

  /** Go's traceV1Converter.next: fills this.ev; false at the end. */
  private next(): boolean {
    const ev = this.ev;
    for (;;) {
      if (this.xHead < this.xLen) {
        const i = this.xHead++;
        ev.base.typ = this.xTyp[i]!;
        ev.base.time = this.xTime[i]!;
        ev.ctx.G = this.xG[i]!;
        ev.ctx.P = this.xP[i]!;
        ev.ctx.M = this.xM[i]!;
        const a = ev.base.args;
        a[0] = this.xA[4 * i]!;
        a[1] = this.xA[4 * i + 1]!;
        a[2] = this.xA[4 * i + 2]!;
        a[3] = this.xA[4 * i + 3]!;
        if (this.xHead === this.xLen) {
          this.xHead = 0;
          this.xLen = 0;
        }
      } else {
        if (!this.cur.next()) return false;
        if (this.convertEvent() === SKIP) continue;
      }
      // Two events aren't allowed to fall on the same timestamp in the new API,
      // but this may happen when we produce EvGoStatus events.
      if (ev.base.time <= this.lastTs) ev.base.time = this.lastTs + 1;
      this.lastTs = ev.base.time;
      return true;
    }
  }

  /** Queues an event at the current event's time plus `plus` ns (0 or 1). */
  private pushExtra(typ: number, plus: number, g: number, p: number, m: number, a0: number, a1: number, a2: number, a3: number): void {
    let i = this.xLen;
    if (i === this.xTyp.length) {
      const grow = (a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> => {
        const b = new Float64Array(n);
        b.set(a);
        return b;
      };
      this.xTyp = grow(this.xTyp, 2 * i);
      this.xTime = grow(this.xTime, 2 * i);
      this.xG = grow(this.xG, 2 * i);
      this.xP = grow(this.xP, 2 * i);
      this.xM = grow(this.xM, 2 * i);
      this.xA = grow(this.xA, 8 * i);
    }
    this.xLen = i + 1;
    this.xTyp[i] = typ;
    this.xTime[i] = this.cur.ns + plus;
    this.xG[i] = g;
    this.xP[i] = p;
    this.xM[i] = m;
    i *= 4;
    this.xA[i] = a0;
    this.xA[i + 1] = a1;
    this.xA[i + 2] = a2;
    this.xA[i + 3] = a3;
  }

  private setArgs(a0: number, a1: number, a2: number, a3: number): void {
    const a = this.args;
    a[0] = a0;
    a[1] = a1;
    a[2] = a2;
    a[3] = a3;
  }

  /** Go's convertEvent for the cursor's current event: fills this.ev or returns SKIP. */
  private convertEvent(): number {
    const c = this.cur;
    const typ = c.typ;
    const P = c.p;
    // postProcessTrace: stacks that don't exist (or are empty) become 0.
    const stk = this.trace.zeroStack(c.stk);
    let mappedType = 0;
    this.setArgs(c.a0, c.a1, c.a2, c.a3);
    const args = this.args;

    switch (typ) {
      case Ev.Gomaxprocs:
        mappedType = V2.EvProcsChange;
        if (this.preInit) {
          // The first EvGomaxprocs signals the end of trace initialization. At this point we've seen
          // all goroutines that already existed at trace begin.
          this.preInit = false;
          const gids = [...this.createdPreInit!].sort(cmpI64);
          for (const gid of gids) {
            // Goroutines that already existed when tracing started but for which we received
            // neither GoWaiting, GoInSyscall, or GoStart (states _Gidle or _Grunnable).
            this.pushExtra(V2.EvGoStatus, 0, -1, -1, -1, gid, NONE, V2.GoRunnable, 0);
          }
          this.createdPreInit = null;
          return SKIP;
        }
        break;
      case Ev.ProcStart:
        this.procMs.set(P, c.a0);
        if (this.seenProcs.has(P)) {
          mappedType = V2.EvProcStart;
          this.setArgs(u64OfInt(P), 0, 0, 0);
        } else {
          this.seenProcs.set(P, 1);
          mappedType = V2.EvProcStatus;
          this.setArgs(u64OfInt(P), V2.ProcRunning, 0, 0);
        }
        break;
      case Ev.ProcStop:
        if (this.seenProcs.has(P)) {
          mappedType = V2.EvProcStop;
          this.setArgs(u64OfInt(P), 0, 0, 0);
        } else {
          this.seenProcs.set(P, 1);
          mappedType = V2.EvProcStatus;
          this.setArgs(u64OfInt(P), V2.ProcIdle, 0, 0);
        }
        break;
      case Ev.GCStart:
        mappedType = V2.EvGCBegin;
        break;
      case Ev.GCDone:
        mappedType = V2.EvGCEnd;
        break;
      case Ev.STWStart: {
        const sid = this.builtin(sSTWUnknown + this.trace.stwReason(c.a0));
        this.lastStwReason = sid;
        mappedType = V2.EvSTWBegin;
        this.setArgs(sid, 0, 0, 0);
        break;
      }
      case Ev.STWDone:
        mappedType = V2.EvSTWEnd;
        this.setArgs(this.lastStwReason, 0, 0, 0);
        break;
      case Ev.GCSweepStart:
        mappedType = V2.EvGCSweepBegin;
        break;
      case Ev.GCSweepDone:
        mappedType = V2.EvGCSweepEnd;
        break;
      case Ev.GoCreate:
        if (this.preInit) {
          this.createdPreInit!.add(c.a0);
          return SKIP;
        }
        mappedType = V2.EvGoCreate;
        break;
      case Ev.GoStart:
        if (this.preInit) {
          mappedType = V2.EvGoStatus;
          this.setArgs(c.a0, NONE, V2.GoRunning, 0);
          this.createdPreInit?.delete(c.a0);
        } else {
          mappedType = V2.EvGoStart;
        }
        break;
      case Ev.GoStartLabel: {
        const m = this.procMs.getOr(P, 0);
        this.pushExtra(V2.EvGoLabel, 0, c.g, P, m, c.a2, 0, 0, 0);
        const ev = this.ev;
        ev.ctx.G = c.g;
        ev.ctx.P = P;
        ev.ctx.M = m;
        ev.base.typ = V2.EvGoStart;
        ev.base.time = c.ns;
        return EMIT;
      }
      case Ev.GoEnd:
        mappedType = V2.EvGoDestroy;
        break;
      case Ev.GoStop:
        mappedType = V2.EvGoBlock;
        this.setArgs(this.builtin(sForever), stk, 0, 0);
        break;
      case Ev.GoSched:
        mappedType = V2.EvGoStop;
        this.setArgs(this.builtin(sGosched), stk, 0, 0);
        break;
      case Ev.GoPreempt:
        mappedType = V2.EvGoStop;
        this.setArgs(this.builtin(sPreempted), stk, 0, 0);
        break;
      case Ev.GoSleep:
        mappedType = V2.EvGoBlock;
        this.setArgs(this.builtin(sSleep), stk, 0, 0);
        break;
      case Ev.GoBlock:
        mappedType = V2.EvGoBlock;
        this.setArgs(this.builtin(sEmpty), stk, 0, 0);
        break;
      case Ev.GoUnblock:
        mappedType = V2.EvGoUnblock;
        break;
      case Ev.GoBlockSend:
        mappedType = V2.EvGoBlock;
        this.setArgs(this.builtin(sChanSend), stk, 0, 0);
        break;
      case Ev.GoBlockRecv:
        mappedType = V2.EvGoBlock;
        this.setArgs(this.builtin(sChanRecv), stk, 0, 0);
        break;
      case Ev.GoBlockSelect:
        mappedType = V2.EvGoBlock;
        this.setArgs(this.builtin(sSelect), stk, 0, 0);
        break;
      case Ev.GoBlockSync:
        mappedType = V2.EvGoBlock;
        this.setArgs(this.builtin(sSync), stk, 0, 0);
        break;
      case Ev.GoBlockCond:
        mappedType = V2.EvGoBlock;
        this.setArgs(this.builtin(sSyncCond), stk, 0, 0);
        break;
      case Ev.GoBlockNet:
        mappedType = V2.EvGoBlock;
        this.setArgs(this.builtin(sNetwork), stk, 0, 0);
        break;
      case Ev.GoBlockGC:
        mappedType = V2.EvGoBlock;
        this.setArgs(this.builtin(sMarkAssistWait), stk, 0, 0);
        break;
      case Ev.GoSysCall:
        // Look for the next event for the same G to determine if the syscall
        // blocked (precomputed by the parser's post-processing pass).
        if (this.trace.syscallBlocked(c.k)) {
          mappedType = V2.EvGoSyscallBegin;
          this.setArgs(0, stk, 0, 0);
        } else {
          // Convert the old instantaneous syscall event to a pair of syscall
          // begin and syscall end and give it the shortest possible duration, 1ns.
          const m = this.procMs.getOr(P, 0);
          this.pushExtra(V2.EvGoSyscallEnd, 1, c.g, P, m, 0, 0, 0, 0);
          this.setArgs(0, stk, 0, 0);
          const ev = this.ev;
          ev.ctx.G = c.g;
          ev.ctx.P = P;
          ev.ctx.M = m;
          ev.base.typ = V2.EvGoSyscallBegin;
          ev.base.time = c.ns;
          return EMIT;
        }
        break;
      case Ev.GoSysExit:
        mappedType = V2.EvGoSyscallEndBlocked;
        break;
      case Ev.GoSysBlock:
        return SKIP;
      case Ev.GoWaiting:
        mappedType = V2.EvGoStatus;
        this.setArgs(c.a0, NONE, V2.GoWaiting, 0);
        this.createdPreInit?.delete(c.a0);
        break;
      case Ev.GoInSyscall:
        mappedType = V2.EvGoStatus;
        // In trace v1, EvGoInSyscall doesn't say what thread the syscall is on.
        this.setArgs(c.a0, NONE, V2.GoSyscall, 0);
        this.createdPreInit?.delete(c.a0);
        break;
      case Ev.HeapAlloc:
        mappedType = V2.EvHeapAlloc;
        break;
      case Ev.HeapGoal:
        mappedType = V2.EvHeapGoal;
        break;
      case Ev.GCMarkAssistStart:
        mappedType = V2.EvGCMarkAssistBegin;
        break;
      case Ev.GCMarkAssistDone:
        mappedType = V2.EvGCMarkAssistEnd;
        break;
      case Ev.UserTaskCreate: {
        mappedType = V2.EvUserTaskBegin;
        const parent = c.a1 === 0 ? NONE : c.a1;
        this.setArgs(c.a0, parent, c.a2, stk);
        const name = this.evt.strings.get(c.a2) ?? '';
        this.tasks.set(c.a0, { name, parentID: c.a1 });
        break;
      }
      case Ev.UserTaskEnd: {
        mappedType = V2.EvUserTaskEnd;
        // Event.Task expects the parent and name to be smuggled in extra args
        // and as extra strings.
        const ts = this.tasks.get(c.a0);
        if (ts !== undefined) {
          this.tasks.delete(c.a0);
          this.setArgs(c.a0, c.a1, ts.parentID, this.evt.addExtraString(ts.name));
        } else {
          this.setArgs(c.a0, c.a1, NONE, this.evt.addExtraString(''));
        }
        break;
      }
      case Ev.UserRegion:
        if (c.a1 === 0) mappedType = V2.EvUserRegionBegin;
        else if (c.a1 === 1) mappedType = V2.EvUserRegionEnd;
        this.setArgs(c.a0, c.a2, stk, 0);
        break;
      case Ev.UserLog: {
        mappedType = V2.EvUserLog;
        const ids = this.inlineToStringID;
        if (c.a3 >= ids.length) {
          throw new TraceError(`runtime error: index out of range [${c.a3}] with length ${ids.length}`, c.off);
        }
        this.setArgs(c.a0, c.a1, ids[c.a3]!, stk);
        break;
      }
      case Ev.CPUSample:
        mappedType = V2.EvCPUSample;
        // CPU samples become [stack, M, P, G]; in Go 1.21, CPU samples did not have Ms.
        this.setArgs(stk, NONE, u64OfInt(P), c.g);
        break;
      default:
        throw new TraceError(`unexpected event type ${typ}`, c.off);
    }

    if (v1.HAS_STACK[typ] === 1) {
      const si = STACK_ARG[mappedType]!;
      if (si >= 0) args[si] = stk;
    }

    let m = -1;
    if (P !== -1 && typ !== Ev.CPUSample) m = this.procMs.getOr(P, -1);
    if (typ === Ev.ProcStop) this.procMs.delete(P);
    // (Written here rather than in a helper: doubles passed to calls may get boxed.)
    const ev = this.ev;
    ev.ctx.G = c.g === 0 ? -1 : c.g;
    ev.ctx.P = P;
    ev.ctx.M = m;
    ev.base.typ = mappedType;
    ev.base.time = c.ns;
    return EMIT;
  }

}
