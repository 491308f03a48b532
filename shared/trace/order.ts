// The ordering: emulates the Go scheduler's state to validate events and put
// them in order (Go's internal/trace/order.go, every case ported as is).
//
// Advance takes the next event of one M; it either queues 1–3 complete
// events and returns true, returns false when the event cannot happen yet
// (the reader then tries other Ms), or throws a TraceError (fatal).

import { BaseEvent, EvTable } from './base';
import { MState, type BatchCursor } from './batchcursor';
import { TraceError } from './errors';
import { Event, NoTask, lowByte, type TaskID } from './event';
import { u64Inc } from './generation';
import { GoTable } from './gotable';
import { IdMap } from './idmap';
import { GoState, NoGoroutine, NoProc, NoThread, ProcState, goStateString, type GoID, type ProcID, type ThreadID } from './resources';
import { Ev, checkEv } from './tracev2/ev';
import { SPECS, goStatusString, procStatusString } from './tracev2/spec';
import { i64String, u64String } from './u64';
import { eventName, type Version } from './version';

checkEv();

// ---- Per-resource state ----

/** Go's userRegion. */
interface UserRegion {
  taskID: TaskID;
  name: string;
}

/** Go's rangeType: a "begin" event type and an optional string ID. */
interface RangeType {
  typ: number;
  desc: number;
}

/** Shared rangeTypes with desc 0 (every range but STW): they are compared by value, never mutated. */
const RANGE_TYPES_0: readonly RangeType[] = SPECS.map((_, typ) => Object.freeze({ typ, desc: 0 }));

function makeRangeType(typ: number, desc: number): RangeType {
  const styp = SPECS[typ]!.startEv;
  if (styp !== Ev.EvNone) typ = styp;
  return desc === 0 ? RANGE_TYPES_0[typ]! : { typ, desc };
}

function rangeTypeString(r: RangeType): string {
  // Go's %v of rangeType{typ EventType, desc stringID}: "{typ desc}".
  return `{${r.typ} ${u64String(r.desc)}}`;
}

const NO_RANGES: RangeType[] = [];

/** Go's rangeState (the list is allocated on first use: most goroutines never have one). */
class RangeState {
  inFlight: RangeType[] = NO_RANGES;

  hasRange(typ: RangeType): boolean {
    const inFlight = this.inFlight;
    for (let i = 0; i < inFlight.length; i++) {
      const r = inFlight[i]!;
      if (r.typ === typ.typ && r.desc === typ.desc) return true;
    }
    return false;
  }

  private add(typ: RangeType): void {
    if (this.inFlight === NO_RANGES) this.inFlight = [];
    this.inFlight.push(typ);
  }

  beginRange(typ: RangeType, at: number): void {
    if (this.hasRange(typ)) {
      throw new TraceError(
        `discovered event already in-flight for when starting event ${SPECS[typ.typ]!.name}`,
        at,
      );
    }
    this.add(typ);
  }

  activeRange(typ: RangeType, isInitialGen: boolean, at: number): void {
    if (isInitialGen) {
      if (this.hasRange(typ)) {
        throw new TraceError(`found named active range already in first gen: ${rangeTypeString(typ)}`, at);
      }
      this.add(typ);
    } else if (!this.hasRange(typ)) {
      throw new TraceError(
        `resource is missing active range: ${SPECS[typ.typ]!.name} [${this.inFlight.map(rangeTypeString).join(' ')}]`,
        at,
      );
    }
  }

  endRange(typ: number, at: number): number {
    const st = SPECS[typ]!.startEv;
    const inFlight = this.inFlight;
    let idx = -1;
    for (let i = 0; i < inFlight.length; i++) {
      if (inFlight[i]!.typ === st) {
        idx = i;
        break;
      }
    }
    if (idx < 0) throw new TraceError(`tried to end event ${SPECS[st]!.name}, but not in-flight`, at);
    // Swap remove.
    const desc = inFlight[idx]!.desc;
    const last = inFlight.length - 1;
    inFlight[idx] = inFlight[last]!;
    inFlight.pop();
    return desc;
  }
}

const NO_REGIONS: UserRegion[] = [];

/** The rarely used parts of Go's gState: user regions and special ranges. */
class GExtra extends RangeState {
  regions: UserRegion[] = NO_REGIONS;
  constructor(readonly id: GoID) {
    super();
  }

  beginRegion(r: UserRegion): void {
    if (this.regions === NO_REGIONS) this.regions = [];
    this.regions.push(r);
  }

  endRegion(taskID: TaskID, name: string, at: number): void {
    if (this.regions.length === 0) {
      // We do not know about regions that began before tracing started.
      return;
    }
    const next = this.regions[this.regions.length - 1]!;
    if (next.taskID !== taskID || next.name !== name) {
      throw new TraceError(
        `misuse of region in goroutine ${i64String(this.id)}: region end ${regionString({ taskID, name })} when the inner-most active region start event is ${regionString(next)}`,
        at,
      );
    }
    this.regions.pop();
  }
}

function regionString(r: UserRegion): string {
  return `{${u64String(r.taskID)} ${r.name}}`;
}

/** Go's pState. */
class PState extends RangeState {
  // Numeric fields initialized with numbers so V8 keeps them unboxed (see MState).
  readonly id: ProcID = 0;
  status = 0;
  seqGen = 0;
  seq = 0;
  constructor(id: ProcID, status: number, seqGen: number, seq: number) {
    super();
    this.id = id;
    this.status = status;
    this.seqGen = seqGen;
    this.seq = seq;
  }
}

/** Go's taskState. */
interface TaskState {
  name: string;
  parentID: TaskID;
}

const GC_UNDETERMINED = 0;
const GC_NOT_RUNNING = 1;
const GC_RUNNING = 2;

function gcStateString(s: number): string {
  switch (s) {
    case GC_UNDETERMINED:
      return 'Undetermined';
    case GC_NOT_RUNNING:
      return 'NotRunning';
    case GC_RUNNING:
      return 'Running';
  }
  return 'Bad';
}

// Go's tracev2ProcStatus2ProcState / tracev2GoStatus2GoState lengths (for the status range checks).
const NUM_PROC_STATUS = 5;
const NUM_GO_STATUS = 5;
const PROC_STATUS_TO_STATE = [ProcState.Undetermined, ProcState.Running, ProcState.Idle, ProcState.Running, ProcState.Idle];

// Constraints (Go's constraint).
const MUST_NOT_HAVE = 0;
const MAY_HAVE = 1;
const MUST_HAVE = 2;

/** Go's seqCounter.String() for a (gen, seq) pair. */
function seqString(gen: number, seq: number): string {
  return `${u64String(seq)} (gen=${u64String(gen)})`;
}

/** a.succeeds(b): same generation and a.seq == b.seq+1 (uint64). */
function succeeds(aGen: number, aSeq: number, bGen: number, bSeq: number): boolean {
  if (aGen !== bGen) return false;
  if (bSeq >= 0 && bSeq < 9007199254740991) return aSeq === bSeq + 1;
  return aSeq === u64Inc(bSeq);
}

/**
 * Go's ordering. Events come out of next() in order; the objects are a small
 * pool reused as the queue wraps (an event is valid until the reader's next call).
 */
export class Ordering {
  /** Goroutine states (status and seq); regions and ranges live in gExtra. */
  readonly gStates = new GoTable();
  private readonly gExtra = new Map<GoID, GExtra>();
  /** Whether gExtra may hold entries of goroutines that were not in gStates when created. */
  private orphanExtra = false;
  readonly pStates = new IdMap<PState>();
  readonly mStates = new Map<ThreadID, MState>();
  readonly activeTasks = new Map<TaskID, TaskState>();
  gcSeq = 0;
  gcState = GC_UNDETERMINED;
  initialGen = 0;

  // The queue: a ring buffer of reused events.
  private buf: Event[] = [];
  private qStart = 0;
  private qEnd = 0;
  private mask = -1;

  // Scratch scheduling contexts for the event being advanced (Go's curCtx / newCtx).
  private curG = -1;
  private curP = -1;
  private curM = -1;
  private newG = -1;
  private newP = -1;
  /** Offset of the event being advanced, for errors. */
  private at = -1;

  constructor(
    readonly traceVer: Version,
    private readonly emptyTable: EvTable,
  ) {
    this.grow();
  }

  /** The extra state (regions, ranges) of goroutine gid, created on demand. */
  private extraOf(gid: GoID): GExtra {
    let x = this.gExtra.get(gid);
    if (x === undefined) {
      x = new GExtra(gid);
      this.gExtra.set(gid, x);
      // Remember where it is, so that creating and destroying goroutines
      // need not look it up: a flag on the goroutine's slot, or else the
      // (sticky) note that some extras belong to no known goroutine.
      const slot = this.gStates.find(gid);
      if (slot >= 0) this.gStates.extra[slot] = 1;
      else this.orphanExtra = true;
    }
    return x;
  }

  /** Go's o.gStates[gid] = &gState{...} for a goroutine not in gStates. */
  private addG(gid: GoID, status: number, gen: number): void {
    this.gStates.add(gid, status, gen, 0);
    if (this.orphanExtra) this.gExtra.delete(gid);
  }

  /** Go's delete(o.gStates, gid). */
  private deleteG(slot: number, gid: GoID): void {
    const gs = this.gStates;
    if (gs.extra[slot] !== 0) this.gExtra.delete(gid);
    gs.removeSlot(slot);
  }

  private evName(typ: number): string {
    return eventName(this.traceVer, typ);
  }

  private err(msg: string): TraceError {
    return new TraceError(msg, this.at);
  }

  // ---- Queue ----

  private grow(): void {
    const n = this.buf.length === 0 ? 4 : this.buf.length * 2;
    const nb: Event[] = [];
    for (let i = this.qStart; i < this.qEnd; i++) nb.push(this.buf[i & this.mask]!);
    const used = nb.length;
    for (let i = this.buf.length; i < n; i++) nb.push(new Event(this.emptyTable));
    // Recycle the old free slots too.
    if (this.buf.length > 0) {
      const free: Event[] = [];
      for (let i = this.qEnd; i < this.qStart + this.buf.length; i++) free.push(this.buf[i & this.mask]!);
      for (let i = 0; i < free.length; i++) nb[used + i] = free[i]!;
    }
    this.buf = nb;
    this.mask = n - 1;
    this.qStart = 0;
    this.qEnd = used;
  }

  private slot(): Event {
    if (this.qEnd - this.qStart === this.buf.length) this.grow();
    const e = this.buf[this.qEnd & this.mask]!;
    this.qEnd++;
    return e;
  }

  /** Go's o.queue.push(Event{table: evt, ctx: curCtx, base: *ev}). */
  private push(evt: EvTable, ev: BaseEvent): void {
    const e = this.slot();
    e.table = evt;
    e.ctx.G = this.curG;
    e.ctx.P = this.curP;
    e.ctx.M = this.curM;
    const b = e.base;
    b.typ = ev.typ;
    b.time = ev.time;
    const s = ev.args;
    const d = b.args;
    d[0] = s[0]!;
    d[1] = s[1]!;
    d[2] = s[2]!;
    d[3] = s[3]!;
  }

  /** Go's o.queue.push(makeEvent(evt, ctx, typ, time, args...)). */
  private pushMake(evt: EvTable, g: number, p: number, m: number, typ: number, time: number, a0: number, a1: number, a2 = 0, a3 = 0): void {
    const e = this.slot();
    e.table = evt;
    e.ctx.G = g;
    e.ctx.P = p;
    e.ctx.M = m;
    const b = e.base;
    b.typ = typ;
    b.time = time;
    const d = b.args;
    d[0] = a0;
    d[1] = a1;
    d[2] = a2;
    d[3] = a3;
  }

  /** Go's Next: the next complete event, or null. */
  next(): Event | null {
    if (this.qEnd === this.qStart) return null;
    const e = this.buf[this.qStart & this.mask]!;
    this.qStart++;
    if (this.qStart === this.qEnd) {
      this.qStart = 0;
      this.qEnd = 0;
    }
    return e;
  }

  // ---- Advance ----

  /**
   * Go's Advance for the current event of cursor bc (thread bc.m) of
   * generation gen. Returns whether it advanced; throws TraceError if the
   * trace is broken.
   */
  advance(bc: BatchCursor, evt: EvTable, gen: number): boolean {
    return this.advanceEvent(bc.ev, evt, bc.m, gen, bc, bc.evOffset);
  }

  advanceEvent(ev: BaseEvent, evt: EvTable, m: ThreadID, gen: number, bc: BatchCursor | null, offset: number): boolean {
    if (this.initialGen === 0) {
      // Set the initial gen if necessary.
      this.initialGen = gen;
    }
    this.at = offset;
    let ms: MState | null = null;
    this.curM = m;
    if (m === NoThread) {
      this.curP = NoProc;
      this.curG = NoGoroutine;
    } else {
      // Pull out or create the mState for this event.
      ms = bc !== null ? bc.mState : null;
      if (ms === null) {
        ms = this.mStates.get(m) ?? null;
        if (ms === null) {
          ms = new MState(NoGoroutine, NoProc);
          this.mStates.set(m, ms);
        }
        if (bc !== null) bc.mState = ms;
      }
      this.curP = ms.p;
      this.curG = ms.g;
    }
    this.newG = this.curG;
    this.newP = this.curP;

    let ok: boolean;
    switch (ev.typ) {
      // Procs.
      case Ev.EvProcsChange:
        ok = this.advanceAnnotation(ev, evt);
        break;
      case Ev.EvProcStart:
        ok = this.advanceProcStart(ev, evt, gen);
        break;
      case Ev.EvProcStop:
        ok = this.advanceProcStop(ev, evt);
        break;
      case Ev.EvProcSteal:
        ok = this.advanceProcSteal(ev, evt, gen);
        break;
      case Ev.EvProcStatus:
        ok = this.advanceProcStatus(ev, evt, gen);
        break;
      // Goroutines.
      case Ev.EvGoCreate:
      case Ev.EvGoCreateBlocked:
        ok = this.advanceGoCreate(ev, evt, gen);
        break;
      case Ev.EvGoCreateSyscall:
        ok = this.advanceGoCreateSyscall(ev, evt, gen);
        break;
      case Ev.EvGoStart:
        ok = this.advanceGoStart(ev, evt, gen);
        break;
      case Ev.EvGoDestroy:
      case Ev.EvGoStop:
      case Ev.EvGoBlock:
        ok = this.advanceGoStopExec(ev, evt);
        break;
      case Ev.EvGoDestroySyscall:
        ok = this.advanceGoDestroySyscall(ev, evt);
        break;
      case Ev.EvGoUnblock:
        ok = this.advanceGoUnblock(ev, evt, gen);
        break;
      case Ev.EvGoSyscallBegin:
        ok = this.advanceGoSyscallBegin(ev, evt, gen);
        break;
      case Ev.EvGoSyscallEnd:
        ok = this.advanceGoSyscallEnd(ev, evt);
        break;
      case Ev.EvGoSyscallEndBlocked:
        ok = this.advanceGoSyscallEndBlocked(ev, evt);
        break;
      case Ev.EvGoStatus:
      case Ev.EvGoStatusStack:
        ok = this.advanceGoStatus(ev, evt, gen);
        break;
      // STW.
      case Ev.EvSTWBegin:
      case Ev.EvGCMarkAssistBegin:
        ok = this.advanceGoRangeBegin(ev, evt);
        break;
      case Ev.EvSTWEnd:
      case Ev.EvGCMarkAssistEnd:
        ok = this.advanceGoRangeEnd(ev, evt);
        break;
      // GC events.
      case Ev.EvGCActive:
        ok = this.advanceGCActive(ev, evt, gen);
        break;
      case Ev.EvGCBegin:
        ok = this.advanceGCBegin(ev, evt);
        break;
      case Ev.EvGCEnd:
        ok = this.advanceGCEnd(ev, evt);
        break;
      case Ev.EvGCSweepActive:
        ok = this.advanceGCSweepActive(ev, evt, gen);
        break;
      case Ev.EvGCSweepBegin:
        ok = this.advanceGCSweepBegin(ev, evt);
        break;
      case Ev.EvGCSweepEnd:
        ok = this.advanceGCSweepEnd(ev, evt);
        break;
      case Ev.EvGCMarkAssistActive:
        ok = this.advanceGoRangeActive(ev, evt, gen);
        break;
      case Ev.EvHeapAlloc:
      case Ev.EvHeapGoal:
        ok = this.advanceHeapMetric(ev, evt);
        break;
      // Annotations.
      case Ev.EvGoLabel:
      case Ev.EvUserLog:
        ok = this.advanceAnnotation(ev, evt);
        break;
      case Ev.EvUserTaskBegin:
        ok = this.advanceUserTaskBegin(ev, evt);
        break;
      case Ev.EvUserTaskEnd:
        ok = this.advanceUserTaskEnd(ev, evt);
        break;
      case Ev.EvUserRegionBegin:
        ok = this.advanceUserRegionBegin(ev, evt);
        break;
      case Ev.EvUserRegionEnd:
        ok = this.advanceUserRegionEnd(ev, evt);
        break;
      // Coroutines. Added in Go 1.23.
      case Ev.EvGoSwitch:
      case Ev.EvGoSwitchDestroy:
        ok = this.advanceGoSwitch(ev, evt, gen);
        break;
      // Experimental events.
      case Ev.EvSpan:
      case Ev.EvSpanAlloc:
      case Ev.EvSpanFree:
      case Ev.EvHeapObject:
      case Ev.EvHeapObjectAlloc:
      case Ev.EvHeapObjectFree:
      case Ev.EvGoroutineStack:
      case Ev.EvGoroutineStackAlloc:
      case Ev.EvGoroutineStackFree:
        ok = this.advanceAllocFree(ev, evt);
        break;
      default:
        throw this.err(`bad event type found while ordering: ${ev.typ}`);
    }
    if (ok && ms !== null) {
      // Update the mState for this event.
      ms.p = this.newP;
      ms.g = this.newG;
    }
    return ok;
  }

  /** Go's validateCtx against the current context. */
  private validateCtx(m: number, p: number, g: number): void {
    // Check thread requirements.
    if (m === MUST_HAVE && this.curM === NoThread) throw this.err("expected a thread but didn't have one");
    else if (m === MUST_NOT_HAVE && this.curM !== NoThread) throw this.err('expected no thread but had one');
    // Check proc requirements.
    if (p === MUST_HAVE && this.curP === NoProc) throw this.err("expected a proc but didn't have one");
    else if (p === MUST_NOT_HAVE && this.curP !== NoProc) throw this.err('expected no proc but had one');
    // Check goroutine requirements.
    if (g === MUST_HAVE && this.curG === NoGoroutine) throw this.err("expected a goroutine but didn't have one");
    else if (g === MUST_NOT_HAVE && this.curG !== NoGoroutine) throw this.err('expected no goroutine but had one');
  }

  /** validateCtx(curCtx, userGoReqs). */
  private validateUserGo(): void {
    if (this.curM === NoThread) throw this.err("expected a thread but didn't have one");
    if (this.curP === NoProc) throw this.err("expected a proc but didn't have one");
    if (this.curG === NoGoroutine) throw this.err("expected a goroutine but didn't have one");
  }

  private advanceProcStatus(ev: BaseEvent, evt: EvTable, gen: number): boolean {
    const pid = ev.args[0]!;
    const status = lowByte(ev.args[1]!);
    if (status >= NUM_PROC_STATUS) throw this.err(`invalid status for proc ${i64String(pid)}: ${status}`);
    let oldState: number = PROC_STATUS_TO_STATE[status]!;
    const s = this.pStates.get(pid);
    if (s !== undefined) {
      if (status === Ev.ProcSyscallAbandoned && s.status === Ev.ProcSyscall) {
        // ProcSyscallAbandoned is a special case of ProcSyscall. Promote the status and advance.
        oldState = ProcState.Running;
        ev.args[1] = Ev.ProcSyscall;
      } else if (status === Ev.ProcSyscallAbandoned && s.status === Ev.ProcSyscallAbandoned) {
        // Passing through ProcSyscallAbandoned: it's going to appear as idle in the API.
        oldState = ProcState.Idle;
        ev.args[1] = Ev.ProcSyscallAbandoned;
      } else if (s.status !== status) {
        throw this.err(
          `inconsistent status for proc ${i64String(pid)}: old ${procStatusString(s.status)} vs. new ${procStatusString(status)}`,
        );
      }
      s.seqGen = gen; // Reset seq.
      s.seq = 0;
    } else {
      this.pStates.set(pid, new PState(pid, status, gen, 0));
      oldState = gen === this.initialGen ? ProcState.Undetermined : ProcState.NotExist;
    }
    ev.args[2] = oldState; // Smuggle in the old state for StateTransition (extra[0]).

    // Bind the proc to the new context, if it's running.
    if (status === Ev.ProcRunning || status === Ev.ProcSyscall) this.newP = pid;
    // If we're advancing through ProcSyscallAbandoned *but* oldState is running then we've
    // promoted it to ProcSyscall: emit it in the context the P is bound to.
    if (status === Ev.ProcSyscallAbandoned && oldState === ProcState.Running) {
      let found = false;
      for (const [mid, ms] of this.mStates) {
        if (ms.p === pid) {
          this.curM = mid;
          this.curP = pid;
          this.curG = ms.g;
          found = true;
        }
      }
      if (!found) throw this.err(`failed to find sched context for proc ${i64String(pid)} that's about to be stolen`);
    }
    this.push(evt, ev);
    return true;
  }

  private advanceProcStart(ev: BaseEvent, evt: EvTable, gen: number): boolean {
    const pid = ev.args[0]!;
    const seq = ev.args[1]!;
    // Try to advance. We might fail here due to sequencing, because the P hasn't
    // had a status emitted, or because we already have a P and we're in a syscall.
    const state = this.pStates.get(pid);
    if (
      state === undefined ||
      state.status !== Ev.ProcIdle ||
      !succeeds(gen, seq, state.seqGen, state.seq) ||
      this.curP !== NoProc
    ) {
      return false;
    }
    // We can advance this P. We might have a goroutine if a goroutine is exiting a syscall.
    this.validateCtx(MUST_HAVE, MUST_NOT_HAVE, MAY_HAVE);
    state.status = Ev.ProcRunning;
    state.seqGen = gen;
    state.seq = seq;
    this.newP = pid;
    this.push(evt, ev);
    return true;
  }

  private advanceProcStop(ev: BaseEvent, evt: EvTable): boolean {
    // We must be able to advance this P.
    const state = this.pStates.get(this.curP);
    if (state === undefined) {
      throw this.err(`event ${this.evName(ev.typ)} for proc (${i64String(this.curP)}) that doesn't exist`);
    }
    if (state.status !== Ev.ProcRunning && state.status !== Ev.ProcSyscall) {
      throw this.err(`${this.evName(ev.typ)} event for proc that's not Running or Syscall`);
    }
    this.validateCtx(MUST_HAVE, MUST_HAVE, MAY_HAVE);
    state.status = Ev.ProcIdle;
    this.newP = NoProc;
    this.push(evt, ev);
    return true;
  }

  private advanceProcSteal(ev: BaseEvent, evt: EvTable, gen: number): boolean {
    const pid = ev.args[0]!;
    const seq = ev.args[1]!;
    const state = this.pStates.get(pid);
    if (
      state === undefined ||
      (state.status !== Ev.ProcSyscall && state.status !== Ev.ProcSyscallAbandoned) ||
      !succeeds(gen, seq, state.seqGen, state.seq)
    ) {
      // We can't make an inference as to whether this is bad.
      return false;
    }
    // We can advance this P. Check some invariants.
    this.validateCtx(MUST_HAVE, MAY_HAVE, MAY_HAVE);
    // Smuggle in the P state that let us advance so we can surface information to the event.
    const oldStatus = state.status;
    const mid = ev.args[2]!; // The M we're stealing from.
    ev.args[3] = oldStatus; // extra[0]

    // Update the P's status and sequence number.
    state.status = Ev.ProcIdle;
    state.seqGen = gen;
    state.seq = seq;

    // If we've lost information then don't try to do anything with the M.
    if (oldStatus === Ev.ProcSyscallAbandoned) {
      this.push(evt, ev);
      return true;
    }

    // Validate that the M we're stealing from is what we expect.
    if (mid === this.curM) {
      // We're stealing from ourselves. This behaves like a ProcStop.
      if (this.curP !== pid) {
        throw this.err(
          `tried to self-steal proc ${i64String(pid)} (thread ${i64String(mid)}), but got proc ${i64String(this.curP)} instead`,
        );
      }
      this.newP = NoProc;
      this.push(evt, ev);
      return true;
    }

    // We're stealing from some other M.
    const mState = this.mStates.get(mid);
    if (mState === undefined) throw this.err(`stole proc from non-existent thread ${i64String(mid)}`);

    // Make sure we're actually stealing the right P.
    if (mState.p !== pid) {
      throw this.err(
        `tried to steal proc ${i64String(pid)} from thread ${i64String(mid)}, but got proc ${i64String(mState.p)} instead`,
      );
    }

    // Tell the M it has no P so it can proceed.
    mState.p = NoProc;
    this.push(evt, ev);
    return true;
  }

  private advanceGoStatus(ev: BaseEvent, evt: EvTable, gen: number): boolean {
    const gid = ev.args[0]!;
    const mid = ev.args[1]!;
    const status = lowByte(ev.args[2]!);

    if (status >= NUM_GO_STATUS) throw this.err(`invalid status for goroutine ${i64String(gid)}: ${status}`);
    let oldState: number;
    const gs = this.gStates;
    const slot = gs.find(gid);
    if (slot >= 0) {
      if (gs.status[slot] !== status) {
        throw this.err(
          `inconsistent status for goroutine ${i64String(gid)}: old ${goStatusString(gs.status[slot]!)} vs. new ${goStatusString(status)}`,
        );
      }
      oldState = GO_STATUS_TO_STATE[status]!;
      gs.seqGen[slot] = gen; // Reset seq.
      gs.seq[slot] = 0;
    } else if (gen === this.initialGen) {
      // Set the state.
      this.addG(gid, status, gen);
      oldState = GoState.Undetermined;
    } else {
      throw this.err(
        `found goroutine status for new goroutine after the first generation: id=${i64String(gid)} status=${goStatusString(status)}`,
      );
    }
    ev.args[2] = oldState * 4294967296 + status; // Smuggle in the old state for StateTransition.

    switch (status) {
      case Ev.GoRunning:
        // Bind the goroutine to the new context, since it's running.
        this.newG = gid;
        break;
      case Ev.GoSyscall: {
        if (mid === NoThread) throw this.err(`found goroutine ${i64String(gid)} in syscall without a thread`);
        // Is the syscall on this thread? If so, bind it to the context.
        if (mid === this.curM) {
          if (gen !== this.initialGen && this.curG !== gid) {
            throw this.err(
              `inconsistent thread for syscalling goroutine ${i64String(gid)}: thread has goroutine ${i64String(this.curG)}`,
            );
          }
          this.newG = gid;
          break;
        }
        // Now we're talking about a thread and goroutine that have been
        // blocked on a syscall for the entire generation.
        const ms = this.mStates.get(mid);
        if (ms !== undefined) {
          // This M has been seen. That means we must have seen this
          // goroutine go into a syscall on this thread at some point.
          if (ms.g !== gid) {
            throw this.err(
              `inconsistent thread for syscalling goroutine ${i64String(gid)}: thread has goroutine ${i64String(ms.g)}`,
            );
          }
          // This case is just a Syscall->Syscall event, which needs to
          // appear as having the G currently bound to this M.
          this.curG = ms.g;
        } else {
          // The M hasn't been seen yet. Create a state for it.
          this.mStates.set(mid, new MState(gid, NoProc));
          // Don't set curCtx.G in this case because this event is the binding event.
        }
        // Update the current context to the M we're talking about.
        this.curM = mid;
        break;
      }
    }
    this.push(evt, ev);
    return true;
  }

  private advanceGoCreate(ev: BaseEvent, evt: EvTable, gen: number): boolean {
    // Goroutines must be created on a running P, but may or may not be created by a running goroutine.
    this.validateCtx(MUST_HAVE, MUST_HAVE, MAY_HAVE);
    // If we have a goroutine, it must be running.
    const gs = this.gStates;
    const cur = gs.find(this.curG);
    if (cur >= 0 && gs.status[cur] !== Ev.GoRunning) {
      throw this.err(`${this.evName(ev.typ)} event for goroutine that's not ${goStateString(GoState.Running)}`);
    }
    // This goroutine created another. Add a state for it.
    const newgid = ev.args[0]!;
    if (gs.find(newgid) >= 0) throw this.err(`tried to create goroutine (${i64String(newgid)}) that already exists`);
    const status = ev.typ === Ev.EvGoCreateBlocked ? Ev.GoWaiting : Ev.GoRunnable;
    this.addG(newgid, status, gen);
    this.push(evt, ev);
    return true;
  }

  private advanceGoStopExec(ev: BaseEvent, evt: EvTable): boolean {
    // These are goroutine events that all require an active running goroutine on some thread.
    this.validateUserGo();
    const gs = this.gStates;
    const slot = gs.find(this.curG);
    if (slot < 0) {
      throw this.err(`event ${this.evName(ev.typ)} for goroutine (${i64String(this.curG)}) that doesn't exist`);
    }
    if (gs.status[slot] !== Ev.GoRunning) {
      throw this.err(`${this.evName(ev.typ)} event for goroutine that's not ${goStateString(GoState.Running)}`);
    }
    switch (ev.typ) {
      case Ev.EvGoDestroy:
        // This goroutine is exiting itself.
        this.deleteG(slot, this.curG);
        this.newG = NoGoroutine;
        break;
      case Ev.EvGoStop:
        // Goroutine stopped (yielded). It's runnable but not running on this M.
        gs.status[slot] = Ev.GoRunnable;
        this.newG = NoGoroutine;
        break;
      case Ev.EvGoBlock:
        // Goroutine blocked. It's waiting now and not running on this M.
        gs.status[slot] = Ev.GoWaiting;
        this.newG = NoGoroutine;
        break;
    }
    this.push(evt, ev);
    return true;
  }

  private advanceGoStart(ev: BaseEvent, evt: EvTable, gen: number): boolean {
    const gid = ev.args[0]!;
    const seq = ev.args[1]!;
    const gs = this.gStates;
    const slot = gs.find(gid);
    if (slot < 0 || gs.status[slot] !== Ev.GoRunnable || !succeeds(gen, seq, gs.seqGen[slot]!, gs.seq[slot]!)) {
      // We can't make an inference as to whether this is bad.
      return false;
    }
    // We can advance this goroutine. Check some invariants.
    this.validateCtx(MUST_HAVE, MUST_HAVE, MUST_NOT_HAVE);
    gs.status[slot] = Ev.GoRunning;
    gs.seqGen[slot] = gen;
    gs.seq[slot] = seq;
    this.newG = gid;
    this.push(evt, ev);
    return true;
  }

  private advanceGoUnblock(ev: BaseEvent, evt: EvTable, gen: number): boolean {
    // N.B. These both reference the goroutine to unblock, not the current goroutine.
    const gid = ev.args[0]!;
    const seq = ev.args[1]!;
    const gs = this.gStates;
    const slot = gs.find(gid);
    if (slot < 0 || gs.status[slot] !== Ev.GoWaiting || !succeeds(gen, seq, gs.seqGen[slot]!, gs.seq[slot]!)) {
      return false;
    }
    gs.status[slot] = Ev.GoRunnable;
    gs.seqGen[slot] = gen;
    gs.seq[slot] = seq;
    // N.B. No context to validate. Basically anything can unblock a goroutine (e.g. sysmon).
    this.push(evt, ev);
    return true;
  }

  private advanceGoSwitch(ev: BaseEvent, evt: EvTable, gen: number): boolean {
    // GoSwitch and GoSwitchDestroy represent a trio of events:
    // unblock of the goroutine to switch to, block or destroy of the current
    // goroutine, start executing the next goroutine.
    this.validateUserGo();
    const gs = this.gStates;
    const cur = gs.find(this.curG);
    if (cur < 0) {
      throw this.err(`event ${this.evName(ev.typ)} for goroutine (${i64String(this.curG)}) that doesn't exist`);
    }
    if (gs.status[cur] !== Ev.GoRunning) {
      throw this.err(`${this.evName(ev.typ)} event for goroutine that's not ${goStateString(GoState.Running)}`);
    }
    const nextg = ev.args[0]!;
    const seq = ev.args[1]!; // seq is for nextg, not curCtx.G.
    const next = gs.find(nextg);
    if (next < 0 || gs.status[next] !== Ev.GoWaiting || !succeeds(gen, seq, gs.seqGen[next]!, gs.seq[next]!)) {
      return false;
    }
    this.push(evt, ev);

    // Update the state of the executing goroutine and emit an event for it.
    switch (ev.typ) {
      case Ev.EvGoSwitch:
        // Goroutine blocked. It's waiting now and not running on this M.
        gs.status[cur] = Ev.GoWaiting;
        // Emit a GoBlock event (no reason, no stack).
        this.pushMake(evt, this.curG, this.curP, this.curM, Ev.EvGoBlock, ev.time, 0, 0);
        break;
      case Ev.EvGoSwitchDestroy:
        // This goroutine is exiting itself.
        this.deleteG(cur, this.curG);
        // Emit a GoDestroy event.
        this.pushMake(evt, this.curG, this.curP, this.curM, Ev.EvGoDestroy, ev.time, 0, 0);
        break;
    }
    // Update the state of the next goroutine.
    gs.status[next] = Ev.GoRunning;
    gs.seqGen[next] = gen;
    gs.seq[next] = seq;
    this.newG = nextg;

    // Queue an event for the next goroutine starting to run.
    this.pushMake(evt, NoGoroutine, this.curP, this.curM, Ev.EvGoStart, ev.time, nextg, ev.args[1]!);
    return true;
  }

  private advanceGoSyscallBegin(ev: BaseEvent, evt: EvTable, gen: number): boolean {
    // Entering a syscall requires an active running goroutine with a proc on some thread.
    this.validateUserGo();
    const gs = this.gStates;
    const slot = gs.find(this.curG);
    if (slot < 0) {
      throw this.err(`event ${this.evName(ev.typ)} for goroutine (${i64String(this.curG)}) that doesn't exist`);
    }
    if (gs.status[slot] !== Ev.GoRunning) {
      throw this.err(`${this.evName(ev.typ)} event for goroutine that's not ${goStateString(GoState.Running)}`);
    }
    // Goroutine entered a syscall. It's still running on this P and M.
    gs.status[slot] = Ev.GoSyscall;
    const pState = this.pStates.get(this.curP);
    if (pState === undefined) {
      throw this.err(`uninitialized proc ${i64String(this.curP)} found during ${this.evName(ev.typ)}`);
    }
    pState.status = Ev.ProcSyscall;
    // Validate the P sequence number on the event and advance it.
    const pSeq = ev.args[0]!;
    if (!succeeds(gen, pSeq, pState.seqGen, pState.seq)) {
      throw this.err(
        `failed to advance ${this.evName(ev.typ)}: can't make sequence: ${seqString(pState.seqGen, pState.seq)} -> ${seqString(gen, pSeq)}`,
      );
    }
    pState.seqGen = gen;
    pState.seq = pSeq;
    this.push(evt, ev);
    return true;
  }

  private advanceGoSyscallEnd(ev: BaseEvent, evt: EvTable): boolean {
    // This event is always advance-able because it happens on the same thread
    // that EvGoSyscallStart happened, and the goroutine can't leave that thread until its done.
    this.validateUserGo();
    const gs = this.gStates;
    const slot = gs.find(this.curG);
    if (slot < 0) {
      throw this.err(`event ${this.evName(ev.typ)} for goroutine (${i64String(this.curG)}) that doesn't exist`);
    }
    if (gs.status[slot] !== Ev.GoSyscall) {
      throw this.err(`${this.evName(ev.typ)} event for goroutine that's not ${goStateString(GoState.Running)}`);
    }
    gs.status[slot] = Ev.GoRunning;

    // Transfer the P back to running from syscall.
    const pState = this.pStates.get(this.curP);
    if (pState === undefined) {
      throw this.err(`uninitialized proc ${i64String(this.curP)} found during ${this.evName(ev.typ)}`);
    }
    if (pState.status !== Ev.ProcSyscall) {
      throw this.err(
        `expected proc ${i64String(this.curP)} in state ${procStatusString(Ev.ProcSyscall)}, but got ${procStatusString(pState.status)} instead`,
      );
    }
    pState.status = Ev.ProcRunning;
    this.push(evt, ev);
    return true;
  }

  private advanceGoSyscallEndBlocked(ev: BaseEvent, evt: EvTable): boolean {
    // This event becomes advanceable when its P is not in a syscall state
    // (lack of a P altogether is also acceptable for advancing).
    if (this.curP !== NoProc) {
      const pState = this.pStates.get(this.curP);
      if (pState === undefined) {
        throw this.err(`uninitialized proc ${i64String(this.curP)} found during ${this.evName(ev.typ)}`);
      }
      if (pState.status === Ev.ProcSyscall) return false;
    }
    // As mentioned above, we may have a P here if we ProcStart before this event.
    this.validateCtx(MUST_HAVE, MAY_HAVE, MUST_HAVE);
    const gs = this.gStates;
    const slot = gs.find(this.curG);
    if (slot < 0) {
      throw this.err(`event ${this.evName(ev.typ)} for goroutine (${i64String(this.curG)}) that doesn't exist`);
    }
    if (gs.status[slot] !== Ev.GoSyscall) {
      throw this.err(`${this.evName(ev.typ)} event for goroutine that's not ${goStateString(GoState.Running)}`);
    }
    this.newG = NoGoroutine;
    gs.status[slot] = Ev.GoRunnable;
    this.push(evt, ev);
    return true;
  }

  private advanceGoCreateSyscall(ev: BaseEvent, evt: EvTable, gen: number): boolean {
    // This event indicates that a goroutine is effectively being created out of a cgo callback.
    this.validateCtx(MUST_HAVE, MAY_HAVE, MUST_NOT_HAVE);
    // This goroutine is effectively being created. Add a state for it.
    const newgid = ev.args[0]!;
    if (this.gStates.find(newgid) >= 0) {
      throw this.err(`tried to create goroutine (${i64String(newgid)}) in syscall that already exists`);
    }
    this.addG(newgid, Ev.GoSyscall, gen);
    // Goroutine is executing. Bind it to the context.
    this.newG = newgid;
    this.push(evt, ev);
    return true;
  }

  private advanceGoDestroySyscall(ev: BaseEvent, evt: EvTable): boolean {
    // This event indicates that a goroutine created for a cgo callback is disappearing.
    // Also, treat this as if we lost our P too.
    this.validateCtx(MUST_HAVE, MAY_HAVE, MUST_HAVE);
    // Check to make sure the goroutine exists in the right state.
    const gs = this.gStates;
    const slot = gs.find(this.curG);
    if (slot < 0) {
      throw this.err(`event ${this.evName(ev.typ)} for goroutine (${i64String(this.curG)}) that doesn't exist`);
    }
    if (gs.status[slot] !== Ev.GoSyscall) {
      throw this.err(`${this.evName(ev.typ)} event for goroutine that's not ${goStateString(GoState.Syscall)}`);
    }
    // This goroutine is exiting itself.
    this.deleteG(slot, this.curG);
    this.newG = NoGoroutine;

    // If we have a proc, then we're dissociating from it now.
    if (this.curP !== NoProc) {
      const pState = this.pStates.get(this.curP);
      if (pState === undefined) {
        throw this.err(`found invalid proc ${i64String(this.curP)} during ${this.evName(ev.typ)}`);
      }
      if (pState.status !== Ev.ProcSyscall) {
        throw this.err(
          `proc ${i64String(this.curP)} in unexpected state ${procStatusString(pState.status)} during ${this.evName(ev.typ)}`,
        );
      }
      // See the go122-create-syscall-reuse-thread-id test case for more details.
      pState.status = Ev.ProcSyscallAbandoned;
      this.newP = NoProc;

      // Queue an extra self-ProcSteal event (extra[0] = ProcSyscall).
      this.pushMake(evt, this.curG, this.curP, this.curM, Ev.EvProcSteal, ev.time, this.curP, 0, 0, Ev.ProcSyscall);
    }
    this.push(evt, ev);
    return true;
  }

  private advanceUserTaskBegin(ev: BaseEvent, evt: EvTable): boolean {
    // Handle tasks: the only thing we have to be sure of is that a task didn't
    // begin after it had already begun.
    const id = ev.args[0]!;
    if (this.activeTasks.has(id)) throw this.err(`task ID conflict: ${u64String(id)}`);
    // Get the parent ID, but don't validate it.
    let parentID = ev.args[1]!;
    if (parentID === 0) {
      // Note: a value of 0 here actually means no parent, *not* the background task.
      parentID = NoTask;
      ev.args[1] = NoTask;
    }
    // Validate the name and record it. We'll need to pass it through to EvUserTaskEnd.
    const nameID = ev.args[2]!;
    const name = evt.strings.get(nameID);
    if (name === undefined) throw this.err(`invalid string ID ${u64String(nameID)} for ${ev.typ} event`);
    this.activeTasks.set(id, { name, parentID });
    this.validateUserGo();
    this.push(evt, ev);
    return true;
  }

  private advanceUserTaskEnd(ev: BaseEvent, evt: EvTable): boolean {
    const id = ev.args[0]!;
    const ts = this.activeTasks.get(id);
    if (ts !== undefined) {
      // Smuggle the task info (extra[0], extra[1] = args[2], args[3]). The name goes
      // to the extra strings table: this may be a different generation.
      ev.args[2] = ts.parentID;
      ev.args[3] = evt.addExtraString(ts.name);
      this.activeTasks.delete(id);
    } else {
      // Explicitly clear the task info.
      ev.args[2] = NoTask;
      ev.args[3] = evt.addExtraString('');
    }
    this.validateUserGo();
    this.push(evt, ev);
    return true;
  }

  private advanceUserRegionBegin(ev: BaseEvent, evt: EvTable): boolean {
    this.validateUserGo();
    const tid = ev.args[0]!;
    const nameID = ev.args[1]!;
    const name = evt.strings.get(nameID);
    if (name === undefined) throw this.err(`invalid string ID ${u64String(nameID)} for ${ev.typ} event`);
    if (this.gStates.find(this.curG) < 0) {
      throw this.err(`encountered EvUserRegionBegin without known state for current goroutine ${i64String(this.curG)}`);
    }
    this.extraOf(this.curG).beginRegion({ taskID: tid, name });
    this.push(evt, ev);
    return true;
  }

  private advanceUserRegionEnd(ev: BaseEvent, evt: EvTable): boolean {
    this.validateUserGo();
    const tid = ev.args[0]!;
    const nameID = ev.args[1]!;
    const name = evt.strings.get(nameID);
    if (name === undefined) throw this.err(`invalid string ID ${u64String(nameID)} for ${ev.typ} event`);
    if (this.gStates.find(this.curG) < 0) {
      throw this.err(`encountered EvUserRegionEnd without known state for current goroutine ${i64String(this.curG)}`);
    }
    this.extraOf(this.curG).endRegion(tid, name, this.at);
    this.push(evt, ev);
    return true;
  }

  // Handle the GC mark phase.
  private advanceGCActive(ev: BaseEvent, evt: EvTable, gen: number): boolean {
    const seq = ev.args[0]!;
    if (gen === this.initialGen) {
      if (this.gcState !== GC_UNDETERMINED) {
        throw this.err("GCActive in the first generation isn't first GC event");
      }
      this.gcSeq = seq;
      this.gcState = GC_RUNNING;
      this.push(evt, ev);
      return true;
    }
    if (seq !== u64Inc(this.gcSeq)) {
      // This is not the right GC cycle.
      return false;
    }
    if (this.gcState !== GC_RUNNING) throw this.err('encountered GCActive while GC was not in progress');
    this.gcSeq = seq;
    this.validateUserGo();
    this.push(evt, ev);
    return true;
  }

  private advanceGCBegin(ev: BaseEvent, evt: EvTable): boolean {
    const seq = ev.args[0]!;
    if (this.gcState === GC_UNDETERMINED) {
      this.gcSeq = seq;
      this.gcState = GC_RUNNING;
      this.push(evt, ev);
      return true;
    }
    if (seq !== u64Inc(this.gcSeq)) {
      // This is not the right GC cycle.
      return false;
    }
    if (this.gcState === GC_RUNNING) throw this.err('encountered GCBegin while GC was already in progress');
    this.gcSeq = seq;
    this.gcState = GC_RUNNING;
    this.validateUserGo();
    this.push(evt, ev);
    return true;
  }

  private advanceGCEnd(ev: BaseEvent, evt: EvTable): boolean {
    const seq = ev.args[0]!;
    if (seq !== u64Inc(this.gcSeq)) {
      // This is not the right GC cycle.
      return false;
    }
    if (this.gcState === GC_NOT_RUNNING) throw this.err('encountered GCEnd when GC was not in progress');
    if (this.gcState === GC_UNDETERMINED) throw this.err('encountered GCEnd when GC was in an undetermined state');
    this.gcSeq = seq;
    this.gcState = GC_NOT_RUNNING;
    this.validateUserGo();
    this.push(evt, ev);
    return true;
  }

  private advanceAnnotation(ev: BaseEvent, evt: EvTable): boolean {
    // Handle simple instantaneous events that require a G.
    this.validateUserGo();
    this.push(evt, ev);
    return true;
  }

  private advanceHeapMetric(ev: BaseEvent, evt: EvTable): boolean {
    // Handle allocation metrics, which don't require a G.
    this.validateCtx(MUST_HAVE, MUST_HAVE, MAY_HAVE);
    this.push(evt, ev);
    return true;
  }

  private advanceGCSweepBegin(ev: BaseEvent, evt: EvTable): boolean {
    // Handle sweep, which is bound to a P and doesn't require a G.
    this.validateCtx(MUST_HAVE, MUST_HAVE, MAY_HAVE);
    this.pStateForRange(this.curP).beginRange(makeRangeType(ev.typ, 0), this.at);
    this.push(evt, ev);
    return true;
  }

  private advanceGCSweepActive(ev: BaseEvent, evt: EvTable, gen: number): boolean {
    const pid = ev.args[0]!;
    // N.B. In practice Ps can't block while they're sweeping, so this can only
    // ever reference curCtx.P. However, be lenient about this.
    const pState = this.pStates.get(pid);
    if (pState === undefined) throw this.err(`encountered GCSweepActive for unknown proc ${i64String(pid)}`);
    pState.activeRange(makeRangeType(ev.typ, 0), gen === this.initialGen, this.at);
    this.push(evt, ev);
    return true;
  }

  private advanceGCSweepEnd(ev: BaseEvent, evt: EvTable): boolean {
    this.validateCtx(MUST_HAVE, MUST_HAVE, MAY_HAVE);
    this.pStateForRange(this.curP).endRange(ev.typ, this.at);
    this.push(evt, ev);
    return true;
  }

  /** o.pStates[curCtx.P] used without a check: Go would dereference nil and crash. */
  private pStateForRange(pid: ProcID): PState {
    const s = this.pStates.get(pid);
    if (s === undefined) throw this.err('runtime error: invalid memory address or nil pointer dereference');
    return s;
  }

  private advanceGoRangeBegin(ev: BaseEvent, evt: EvTable): boolean {
    // Handle special goroutine-bound event ranges.
    this.validateUserGo();
    const desc = ev.typ === Ev.EvSTWBegin ? ev.args[0]! : 0;
    if (this.gStates.find(this.curG) < 0) {
      throw this.err(
        `encountered event of type ${ev.typ} without known state for current goroutine ${i64String(this.curG)}`,
      );
    }
    this.extraOf(this.curG).beginRange(makeRangeType(ev.typ, desc), this.at);
    this.push(evt, ev);
    return true;
  }

  private advanceGoRangeActive(ev: BaseEvent, evt: EvTable, gen: number): boolean {
    const gid = ev.args[0]!;
    // N.B. Like GoStatus, this can happen at any time, because it can
    // reference a non-running goroutine. Don't check anything about the current scheduler context.
    if (this.gStates.find(gid) < 0) {
      throw this.err(`uninitialized goroutine ${i64String(gid)} found during ${this.evName(ev.typ)}`);
    }
    this.extraOf(gid).activeRange(makeRangeType(ev.typ, 0), gen === this.initialGen, this.at);
    this.push(evt, ev);
    return true;
  }

  private advanceGoRangeEnd(ev: BaseEvent, evt: EvTable): boolean {
    this.validateUserGo();
    if (this.gStates.find(this.curG) < 0) {
      throw this.err(
        `encountered event of type ${ev.typ} without known state for current goroutine ${i64String(this.curG)}`,
      );
    }
    const desc = this.extraOf(this.curG).endRange(ev.typ, this.at);
    if (ev.typ === Ev.EvSTWEnd) {
      // Smuggle the kind into the event.
      ev.args[0] = desc;
    }
    this.push(evt, ev);
    return true;
  }

  private advanceAllocFree(ev: BaseEvent, evt: EvTable): boolean {
    // Handle simple instantaneous events that may or may not have a P.
    this.validateCtx(MUST_HAVE, MAY_HAVE, MAY_HAVE);
    this.push(evt, ev);
    return true;
  }

  /** Go's dumpOrdering (map iteration order made deterministic: ascending IDs). */
  dump(): string {
    let sb = '';
    const gs = this.gStates;
    for (const [id, slot] of gs.entries()) {
      sb += `G ${i64String(id)} [status=${goStatusString(gs.status[slot]!)} seq=${seqString(gs.seqGen[slot]!, gs.seq[slot]!)}]\n`;
    }
    sb += '\n';
    for (const [id, st] of this.pStates.entries()) {
      sb += `P ${i64String(id)} [status=${procStatusString(st.status)} seq=${seqString(st.seqGen, st.seq)}]\n`;
    }
    sb += '\n';
    const ms = [...this.mStates.entries()].sort((a, b) => a[0] - b[0]);
    for (const [id, st] of ms) sb += `M ${i64String(id)} [g=${i64String(st.g)} p=${i64String(st.p)}]\n`;
    sb += '\n';
    sb += `GC ${u64String(this.gcSeq)} ${gcStateString(this.gcState)}\n`;
    return sb;
  }
}

/** Go's tracev2GoStatus2GoState. */
const GO_STATUS_TO_STATE = [GoState.Undetermined, GoState.Runnable, GoState.Running, GoState.Syscall, GoState.Waiting];
