// The index builder: consumes the reader's events in order and appends lane
// points, links, instants and counter changes to growable columns. One
// instance per trace; call `event(ev)` for every event, then `finish()`.
//
// Goroutine states follow Go's internal/trace summary.go exactly, so that a
// goroutine lane's summed span durations equal Go's per-goroutine analysis:
// a goroutine first seen as Undetermined is credited with its state from the
// last Sync; a syscall becomes "blocked" when the P it was on goes idle
// (ProcStop/ProcSteal); "forever" blocks are ordinary Waiting spans here.

import { EventKind, newTransitionFields, type Event } from '../../shared/trace/event';
import type { EvTable } from '../../shared/trace/base';
import { GoState, ProcState, ResourceKind } from '../../shared/trace/resources';
import { f64, i32, u8, type GrowableColumn } from '../../shared/index/columns';
import { StringInterner } from '../../shared/index/strings';
import { StackInterner } from '../../shared/index/stacks';
import { bySpanState, CounterId, InstantKind, LaneKind, LinkKind, SpanState } from '../../shared/index/layout';
import { InstantStore, LaneTable, LinkStore } from './store';
import { CounterStore } from './counter-store';
import { GoCounterLog } from './go-counter-log';
import { movesGoCounters } from '../../shared/index/go-counters';
import { PointStore } from './point-store';
import { ProcMap } from './proc-map';

const NAME_MARK_ASSIST = 'GC mark assist';

/** Goroutine ids below this are looked up in a dense array (runtime goroutine ids are small and dense). */
const DENSE_GOID_LIMIT = 1 << 27;
/** No entry for a goroutine id (goEntry). */
const NONE = -(2 ** 31);
/** Stack ids below this (all, in practice: tables number their stacks from 1) are cached in an array, others in a map. */
const STACK_CACHE_LIMIT = 1 << 20;

/** The Go state a goroutine lane's span state stands for (-1: none, the lane is in a gap). */
const GO_STATE_OF_SPAN = bySpanState([
  [SpanState.Running, GoState.Running],
  [SpanState.Runnable, GoState.Runnable],
  [SpanState.NotStarted, GoState.Runnable],
  [SpanState.Waiting, GoState.Waiting],
  [SpanState.GCWaiting, GoState.Waiting],
  [SpanState.Syscall, GoState.Syscall],
  [SpanState.SyscallBlocked, GoState.Syscall],
]);

// Per-goroutine flags (IndexBuilder.gFlags).
/** It ran at least once (a later Runnable is not "not started"). */
const G_STARTED = 1;
/** Its syscall lost its P. */
const G_SYSCALL_BLOCKED = 2;
/** It waits on the network (its unblock is a network instant). */
const G_WAITING_NETWORK = 4;
/** It entered a syscall at least once (syscallingP / procSyscallSlot may still name its slot). */
const G_SYSCALLED = 8;
/** The slot is free (its goroutine ended): see endSlot. */
const G_FREE = 16;

interface OpenRange {
  start: number;
  /** Lanes the range is drawn on (global/goroutine/proc child lanes). */
  lane: number;
  /** Goroutine-scoped ranges: the proc child lane of the executing part, or -1. */
  procLane: number;
  goSlot: number;
  nameId: number;
  stack: number;
  /** Stop-the-world ranges: their item on the global STW lane, or -1. */
  stwLane: number;
}

export class IndexBuilder {
  readonly strings = new StringInterner();
  readonly stacks = new StackInterner(this.strings);
  readonly lanes = new LaneTable();
  readonly points = new PointStore(this.lanes);
  readonly links = new LinkStore();
  readonly instants = new InstantStore();
  readonly counters = new CounterStore();
  /** The goroutine counters' transitions (replayed by finish.ts). */
  readonly goCounters = new GoCounterLog();
  /**
   * Goroutine lanes that Go's summary starts over (see transition): lane ->
   * [the restart's shared point, the Sync time Go credits it from]. Only
   * the last restart of a lane counts.
   */
  readonly restarts = new Map<number, [number, number]>();

  // Regions, tasks, logs.
  readonly regionLane = i32();
  readonly regionTask = f64();
  readonly regionName = i32();
  readonly regionStart = f64();
  readonly regionEnd = f64();
  readonly regionStartStack = i32();
  readonly regionEndStack = i32();
  readonly taskId = f64();
  readonly taskParent = f64();
  readonly taskName = i32();
  readonly taskStart = f64();
  readonly taskEnd = f64();
  readonly taskStartLane = i32();
  readonly taskEndLane = i32();
  readonly taskStartStack = i32();
  readonly taskEndStack = i32();
  private readonly taskIndex = new Map<number, number>();
  readonly logTime = f64();
  readonly logLane = i32();
  readonly logTask = f64();
  readonly logCategory = i32();
  readonly logMessage = i32();
  readonly logStack = i32();

  // Per goroutine (by slot). A goroutine's slot is freed when it ends (to
  // NotExist) and reused by the next new one, so these columns hold the
  // goroutines alive at once, not all of them (3.5M on the 101 MB manyg
  // trace); the id map then keeps only its lane (see goSlotDense).
  private readonly goSlots = new Map<number, number>();
  private readonly freeSlots: number[] = [];
  private readonly gLane = i32();
  private readonly gProc = i32(); // P id it runs / syscalls on, -1
  private readonly gThreadLane = i32(); // thread lane it runs on, -1
  private readonly gLastStack = i32();
  private readonly gRanges = u8(); // open goroutine-scoped ranges
  /** G_STARTED | G_SYSCALL_BLOCKED | G_WAITING_NETWORK. */
  private readonly gFlags = u8();
  private readonly gRegionStack = new Map<number, number[]>();
  private readonly gRegionOrphans = new Map<number, number>();
  private readonly goOpenRanges = new Map<number, OpenRange[]>();

  // Per proc / thread.
  private readonly procLanes = new Map<number, number>();
  private readonly threadLanes = new Map<number, number>();
  /** procLanes for P ids below 1024 (all real Ps): lane + 1, 0 = none yet. */
  private readonly procLaneDense = new Int32Array(1024);
  /** threadLane's last answer (events come in runs on one M). */
  private lastThread = NaN;
  private lastThreadLane = -1;
  /** Go's syscallingP: P id → goroutine slot in a syscall on it. */
  private readonly syscallingP = new ProcMap();
  /** P id → the goroutine syscalling on it, and the lane of its syscall item (a proc child lane). */
  private readonly procSyscallSlot = new ProcMap();
  private readonly procSyscallLane = new ProcMap();
  /** P id → 1 while running. */
  private readonly procRunning = new ProcMap();
  /** Free-depth allocation of child lanes: key (parent, kind) → busy flags per depth. */
  private readonly busy = new Map<number, boolean[]>();
  private readonly openRanges = new Map<string, OpenRange>();

  // Global lanes.
  readonly gcLane: number;
  readonly stwLane: number;
  readonly networkLane: number;
  readonly syscallsLane: number;

  // Counters state.
  private runningProcs = 0;

  // Time.
  private traceStart = NaN;
  private startAbs = 0n;
  syncTs = 0;
  lastTs = 0;
  syncs = 0;
  events = 0;
  private table: EvTable | null = null;
  /** The current table's stacks: global id + 1 by the table's (dense, small) stack id; 0 = not interned yet. */
  private readonly stackCache = i32(256);
  private stackCacheBig = new Map<number, number>();
  /** The current table's frames by PC: global frame ids (a PC is one frame within a generation). */
  private frameCache = new Map<number, number>();
  private readonly frameBuf: number[] = [];
  private readonly reasonCache = new Map<string, number>();
  /** The current event's state transition (filled per event, never allocated). */
  private readonly tf = newTransitionFields();

  /** reuseSlots: free an ended goroutine's slot for the next new one (see goSlots). */
  constructor(private readonly opts: { reuseSlots: boolean } = { reuseSlots: true }) {
    this.gcLane = this.lanes.add(LaneKind.GC, -1);
    this.stwLane = this.lanes.add(LaneKind.STW, -1);
    this.networkLane = this.lanes.add(LaneKind.Network, -1);
    this.syscallsLane = this.lanes.add(LaneKind.Syscalls, -1);
  }

  /**
   * Reserves room for a trace of about this many events (an upper bound is
   * fine: see GrowableColumn.reserve): lanes, goroutine slots and links then
   * never grow by copying.
   */
  reserve(events: number): void {
    const n = Math.min(Math.max(events, 1 << 12), 1 << 27);
    this.lanes.reserve(n);
    this.links.reserve(n);
    for (const c of [this.gLane, this.gProc, this.gThreadLane, this.gLastStack, this.gRanges, this.gFlags]) c.reserve(n);
    this.goSlotDense.reserve(Math.min(n, DENSE_GOID_LIMIT));
  }

  get startAbsolute(): bigint {
    return this.startAbs;
  }

  /** Global stack id of a stack of the event's generation. */
  private stackOf(ev: Event, id: number): number {
    if (id === 0) return 0;
    if (ev.table !== this.table) {
      this.table = ev.table;
      this.stackCache.data.fill(0, 0, this.stackCache.length);
      this.stackCache.length = 0;
      this.stackCacheBig = new Map();
      this.frameCache = new Map();
    }
    const dense = id > 0 && id < STACK_CACHE_LIMIT;
    let g = dense ? (id < this.stackCache.length ? this.stackCache.data[id]! - 1 : -1) : (this.stackCacheBig.get(id) ?? -1);
    if (g < 0) {
      const t = ev.table;
      const stk = t.stacks.get(id);
      const buf = this.frameBuf;
      buf.length = 0;
      if (stk !== undefined) {
        for (const pc of stk.pcs) {
          let fr = this.frameCache.get(pc);
          if (fr === undefined) {
            const f = t.pcs.get(pc);
            fr = f === undefined ? this.stacks.internFrame(0, '', '', 0) : this.stacks.internFrame(f.pc, t.strings.get(f.funcID) ?? '', t.strings.get(f.fileID) ?? '', f.line);
            this.frameCache.set(pc, fr);
          }
          buf.push(fr);
        }
      }
      g = this.stacks.internStack(buf);
      if (dense) this.stackCache.set(id, g + 1);
      else this.stackCacheBig.set(id, g);
    }
    return g;
  }

  private reason(s: string): number {
    let id = this.reasonCache.get(s);
    if (id === undefined) {
      id = this.strings.intern(s);
      this.reasonCache.set(s, id);
    }
    return id;
  }

  /**
   * Goroutines with small ids (dense), by id: slot + 1 while alive, -(lane + 1)
   * once ended, 0 when unseen. goSlots holds the others: the slot while
   * alive, -(lane + 1) once ended.
   */
  private readonly goSlotDense = i32(1 << 12);

  /** The goroutine's entry in goSlotDense / goSlots, as a slot (>= 0), an ended goroutine's -(lane + 1), or NONE. */
  private goEntry(id: number): number {
    if (id >= 0 && id < DENSE_GOID_LIMIT) {
      const v = id < this.goSlotDense.length ? this.goSlotDense.data[id]! : 0;
      return v > 0 ? v - 1 : v === 0 ? NONE : v;
    }
    return this.goSlots.get(id) ?? NONE;
  }

  private setGoEntry(id: number, v: number): void {
    if (id >= 0 && id < DENSE_GOID_LIMIT) this.goSlotDense.set(id, v >= 0 ? v + 1 : v);
    else this.goSlots.set(id, v);
  }


  private flag(slot: number, bit: number): boolean {
    return (this.gFlags.data[slot]! & bit) !== 0;
  }

  private setFlag(slot: number, bit: number, on: boolean): void {
    const d = this.gFlags.data;
    d[slot] = on ? d[slot]! | bit : d[slot]! & ~bit;
  }

  /** The goroutine's slot, made (with its lane, or its old lane if it had ended) when it has none. */
  private goSlot(id: number): number {
    const v = this.goEntry(id);
    if (v >= 0) return v;
    const lane = v === NONE ? this.lanes.add(LaneKind.Goroutine, id) : -v - 1;
    let s = this.freeSlots.pop();
    if (s === undefined) {
      s = this.gLane.push(lane);
      this.gProc.push(-1);
      this.gThreadLane.push(-1);
      this.gLastStack.push(0);
      this.gRanges.push(0);
      this.gFlags.push(0);
    } else {
      this.gLane.data[s] = lane;
      this.gProc.data[s] = -1;
      this.gThreadLane.data[s] = -1;
      this.gLastStack.data[s] = 0;
      this.gRanges.data[s] = 0;
      this.gFlags.data[s] = 0;
    }
    this.points.resetGo(s);
    this.setGoEntry(id, s);
    return s;
  }

  /**
   * Frees the slot of a goroutine that ended (its id keeps its lane), unless
   * something open still names the slot: a range, or Go's syscallingP.
   */
  private endSlot(id: number, slot: number): void {
    if (!this.opts.reuseSlots || this.gRanges.data[slot]! > 0 || this.goOpenRanges.has(slot)) return;
    if (this.flag(slot, G_SYSCALLED)) {
      if (this.syscallingP.hasValue(slot) || this.procSyscallSlot.hasValue(slot)) return;
    }
    this.gRegionOrphans.delete(slot);
    this.setGoEntry(id, -this.gLane.data[slot]! - 1);
    this.freeSlots.push(slot);
    this.gFlags.data[slot] = G_FREE;
  }

  /** Goroutine lane of a goroutine id (alive or ended), or -1 (without creating it). */
  goLane(id: number): number {
    const v = this.goEntry(id);
    return v >= 0 ? this.gLane.data[v]! : v === NONE ? -1 : -v - 1;
  }

  /** Goroutine lane of a goroutine id, made when it has none (an ended goroutine keeps its lane, and gets no slot). */
  private goLaneOrNew(id: number): number {
    const l = this.goLane(id);
    return l >= 0 ? l : this.gLane.data[this.goSlot(id)]!;
  }

  procLane(p: number): number {
    let l = this.existingProcLane(p);
    if (l < 0) {
      l = this.lanes.add(LaneKind.Proc, p);
      this.procLanes.set(p, l);
      if (p >= 0 && p < this.procLaneDense.length) this.procLaneDense[p] = l + 1;
    }
    return l;
  }

  /** The P's lane, or -1 when it has none yet. */
  private existingProcLane(p: number): number {
    return p >= 0 && p < this.procLaneDense.length ? this.procLaneDense[p]! - 1 : (this.procLanes.get(p) ?? -1);
  }

  threadLane(m: number): number {
    if (m === this.lastThread) return this.lastThreadLane;
    let l = this.threadLanes.get(m);
    if (l === undefined) {
      l = this.lanes.add(LaneKind.Thread, m);
      this.threadLanes.set(m, l);
    }
    this.lastThread = m;
    this.lastThreadLane = l;
    return l;
  }

  /** Lane of the resource an event happened on: its goroutine, else its P, else -1. */
  private actorLane(ev: Event): number {
    const g = ev.goroutine();
    if (g !== -1) {
      const l = this.goLane(g);
      if (l >= 0) return l;
    }
    const p = ev.proc();
    return p !== -1 ? this.procLane(p) : -1;
  }

  /** A child lane of `parent` at the lowest depth free now. */
  /** (A global lane of the same kind is its own depth 0.) */
  private openChild(parent: number, kind: LaneKind): number {
    const key = parent * 16 + kind;
    let b = this.busy.get(key);
    if (b === undefined) {
      b = [];
      this.busy.set(key, b);
    }
    let d = 0;
    while (b[d] === true) d++;
    b[d] = true;
    if (d === 0 && this.lanes.kind.data[parent] === kind) return parent;
    return this.lanes.child(parent, kind, d);
  }

  private closeChild(lane: number, t: number, stack = 0): void {
    this.points.close(lane, t, stack);
    const parent = this.lanes.parentOf(lane);
    const owner = parent === -1 ? lane : parent;
    const b = this.busy.get(owner * 16 + this.lanes.kind.data[lane]!);
    if (b !== undefined) b[this.lanes.depthOf(lane)] = false;
  }

  private setGoState(slot: number, t: number, st: SpanState, arg: number, stack: number): number {
    const lane = this.gLane.data[slot]!;
    const old = this.points.currentGo(slot);
    const i = this.points.addGo(slot, lane, t, st, arg, stack);
    if (old !== st) this.updateGoCounters(this.points.lastGoTime(slot), old, st);
    return i;
  }

  private updateGoCounters(t: number, a: SpanState, b: SpanState): void {
    if (movesGoCounters(a, b)) this.goCounters.add(t, a, b);
  }

  event(ev: Event): void {
    const k = ev.kind();
    const rawT = ev.time();
    if (this.events++ === 0) {
      this.traceStart = rawT;
      this.startAbs = ev.absTime();
    }
    const t = rawT - this.traceStart;
    this.lastTs = t;
    switch (k) {
      case EventKind.Sync:
        this.syncTs = t;
        this.syncs++;
        break;
      case EventKind.StateTransition:
        this.transition(ev, t);
        break;
      case EventKind.RangeBegin:
      case EventKind.RangeActive:
        this.rangeBegin(ev, t, k === EventKind.RangeActive);
        break;
      case EventKind.RangeEnd:
        this.rangeEnd(ev, t);
        break;
      case EventKind.Metric: {
        const m = ev.metric();
        let v = m.value.scalar;
        if (v < 0) v = v === -1 ? 18446744073709551615 : NaN; // u64-encoded values >= 2^53
        if (m.name === '/memory/classes/heap/objects:bytes') this.counters.set(CounterId.HeapAlloc, t, v);
        else if (m.name === '/gc/heap/goal:bytes') this.counters.set(CounterId.HeapGoal, t, v > 2 ** 50 ? 0 : v);
        else if (m.name === '/sched/gomaxprocs:threads') this.counters.set(CounterId.Gomaxprocs, t, v);
        break;
      }
      case EventKind.Label: {
        const l = ev.label();
        const lane = this.goLane(l.resource.id);
        if (lane >= 0) {
          const id = this.strings.intern(l.label);
          this.lanes.setLabel(lane, id);
          this.instants.add(lane, t, InstantKind.Label, id, 0);
        }
        break;
      }
      case EventKind.StackSample: {
        const stack = this.stackOf(ev, ev.stackID());
        const g = ev.goroutine();
        if (g !== -1) this.instants.add(this.goLaneOrNew(g), t, InstantKind.CPUSample, 0, stack);
        if (ev.proc() !== -1) this.instants.add(this.procLane(ev.proc()), t, InstantKind.CPUSample, 0, stack);
        if (ev.thread() !== -1) this.instants.add(this.threadLane(ev.thread()), t, InstantKind.CPUSample, 0, stack);
        break;
      }
      case EventKind.TaskBegin:
      case EventKind.TaskEnd:
        this.taskEvent(ev, t, k === EventKind.TaskBegin);
        break;
      case EventKind.RegionBegin:
        this.regionBegin(ev, t);
        break;
      case EventKind.RegionEnd:
        this.regionEndEvent(ev, t);
        break;
      case EventKind.Log: {
        const l = ev.log();
        const lane = ev.goroutine() !== -1 ? this.goLaneOrNew(ev.goroutine()) : this.actorLane(ev);
        const stack = this.stackOf(ev, ev.stackID());
        const idx = this.logTime.push(t);
        this.logLane.push(lane);
        this.logTask.push(l.task);
        this.logCategory.push(this.strings.intern(l.category));
        this.logMessage.push(this.strings.intern(l.message));
        this.logStack.push(stack);
        if (lane >= 0) this.instants.add(lane, t, InstantKind.Log, idx, stack);
        break;
      }
      default:
        break;
    }
  }

  // ---- state transitions -------------------------------------------------

  private transition(ev: Event, t: number): void {
    const st = ev.transitionFields(this.tf);
    const from = st.from;
    const to = st.to;
    if (from === to) return;
    if (st.resourceKind === ResourceKind.Proc) {
      this.procTransition(ev, t, st.id, from as ProcState, to as ProcState);
      return;
    }
    if (st.resourceKind !== ResourceKind.Goroutine) return;
    const gid = st.id;
    // Go's summary starts a goroutine over when it is named Undetermined
    // again after it has been seen (Go's conversion of Go 1.11-1.21 traces
    // does it for a cgo callback on a C thread: NotExist->Runnable, then
    // Undetermined->Syscall): it drops what it had and credits the new state
    // from the last Sync. The lane keeps what happened; the restart is noted
    // for the totals (goroutine-totals.ts).
    let restart = false;
    if (from === GoState.Undetermined) {
      const v = this.goEntry(gid);
      restart = v !== NONE && (v < 0 || this.points.goHasPoints(v));
    }
    const slot = this.goSlot(gid);
    const lane = this.gLane.data[slot]!;
    const stack = this.stackOf(ev, st.stack);
    if (stack !== 0 && this.lanes.name.data[lane] === 0) {
      const fn = this.stacks.outermostFunc(stack);
      if (fn > 0) this.lanes.name.data[lane] = fn;
    }
    const p = ev.proc();
    if (from >= GoState.Runnable) this.checkFromState(slot, from as GoState);

    // Leaving the old state.
    switch (from as GoState) {
      case GoState.Running:
        this.leaveProc(slot, t, to === GoState.Syscall, stack);
        break;
      case GoState.Syscall: {
        const sp = this.gProc.data[slot]!;
        const blocked = this.flag(slot, G_SYSCALL_BLOCKED);
        // Go: delete(s.syscallingP, s.syscallingG[id]), whoever holds that entry now.
        this.syscallingP.delete(sp);
        if (this.procSyscallSlot.get(sp) === slot) {
          this.closeChild(this.procSyscallLane.get(sp), t);
          this.procSyscallSlot.delete(sp);
        }
        this.setFlag(slot, G_SYSCALL_BLOCKED, false);
        if (to === GoState.Running) {
          if (blocked) this.enterProc(slot, p, ev.thread(), t);
          else this.threadPoint(slot, t, SpanState.Running, 0);
        } else {
          if (!blocked) this.endExec(slot, sp, t, stack);
          this.threadPoint(slot, t, SpanState.None, stack);
          this.gThreadLane.data[slot] = -1;
          this.gProc.data[slot] = -1;
        }
        break;
      }
      default:
        break;
    }

    // Entering the new state.
    const reason = st.reason === '' ? 0 : this.reason(st.reason);
    let point = -1;
    /** The transition's first point, when it makes two. */
    let first = -1;
    switch (to as GoState) {
      case GoState.Running: {
        const s0 = from === GoState.Undetermined ? this.syncTs : t;
        point = this.setGoState(slot, s0, SpanState.Running, 0, stack);
        this.setFlag(slot, G_STARTED, true);
        if (from !== GoState.Syscall) this.enterProc(slot, p, ev.thread(), s0);
        break;
      }
      case GoState.Runnable:
        point = this.setGoState(
          slot,
          from === GoState.Undetermined ? this.syncTs : t,
          !this.flag(slot, G_STARTED) && from !== GoState.Undetermined ? SpanState.NotStarted : SpanState.Runnable,
          reason,
          stack,
        );
        break;
      case GoState.Waiting:
        point = this.setGoState(
          slot,
          from === GoState.Undetermined ? this.syncTs : t,
          this.gRanges.data[slot]! > 0 && this.inAssist(slot) ? SpanState.GCWaiting : SpanState.Waiting,
          reason,
          stack,
        );
        this.setFlag(slot, G_WAITING_NETWORK, st.reason === 'network');
        if (st.reason === 'forever') this.goroutineEnded(slot, t, stack);
        break;
      case GoState.Syscall: {
        if (from === GoState.Undetermined) {
          // Go credits [sync, now) as syscall block time without a P, syscall time with one.
          first = this.setGoState(slot, this.syncTs, p === -1 ? SpanState.SyscallBlocked : SpanState.Syscall, 0, stack);
          if (p !== -1) this.enterProc(slot, p, ev.thread(), this.syncTs);
        }
        point = this.setGoState(slot, t, SpanState.Syscall, 0, stack);
        this.syscallingP.set(p, slot);
        this.setFlag(slot, G_SYSCALLED, true);
        this.gProc.data[slot] = p;
        this.setFlag(slot, G_SYSCALL_BLOCKED, false);
        if (p !== -1) {
          if (from === GoState.NotExist) this.enterProc(slot, p, ev.thread(), t);
          const sl = this.openChild(this.procLane(p), LaneKind.ProcRanges);
          this.points.add(sl, from === GoState.Undetermined ? this.syncTs : t, SpanState.Syscall, lane, stack);
          this.procSyscallSlot.set(p, slot);
          this.procSyscallLane.set(p, sl);
        }
        const m = ev.thread();
        if (m !== -1) {
          this.gThreadLane.data[slot] = this.threadLane(m);
          this.threadPoint(slot, t, SpanState.Syscall, stack);
        }
        break;
      }
      case GoState.NotExist:
        point = this.setGoState(slot, t, SpanState.None, 0, stack);
        this.goroutineEnded(slot, t, stack);
        break;
      default:
        break;
    }

    if (restart && point >= 0) this.restarts.set(lane, [first >= 0 ? first : point, this.syncTs]);

    // Links and instants.
    if (point >= 0) {
      if (from === GoState.NotExist) {
        this.links.add(LinkKind.Create, point, this.actorLane(ev), this.stackOf(ev, ev.stackID()));
      } else if (from === GoState.Waiting && to === GoState.Runnable) {
        this.links.add(LinkKind.Unblock, point, this.actorLane(ev), this.stackOf(ev, ev.stackID()));
        if (this.flag(slot, G_WAITING_NETWORK)) {
          this.instants.add(this.networkLane, t, InstantKind.NetworkUnblock, lane, 0);
        }
      } else if (from === GoState.Syscall && to === GoState.Runnable) {
        this.links.add(LinkKind.SyscallExit, point, this.syscallsLane, 0);
        this.instants.add(this.syscallsLane, t, InstantKind.SyscallExit, lane, 0);
      }
    }
    if (stack !== 0) this.gLastStack.data[slot] = stack;
    if (to === GoState.NotExist) this.endSlot(gid, slot);
  }

  /**
   * Go's conversion of Go 1.11-1.21 traces can name an old state the
   * goroutine is not in: a CPU sample of the goroutine between its GoSysCall
   * and GoSysBlock makes the syscall look instantaneous (tracev1.go looks
   * only at the goroutine's next event), so it is Running when its GoSysExit
   * says Syscall. Go's summary then credits the span to nothing (the named
   * state's start time is unset), and so does the lane: the span becomes a
   * gap, and the goroutine counters drop it from its start.
   */
  private checkFromState(slot: number, from: GoState): void {
    const cur = this.points.currentGo(slot);
    const was = GO_STATE_OF_SPAN[cur]!;
    if (was === -1 || was === from) return;
    this.points.setLastGoState(slot, SpanState.None);
    this.updateGoCounters(this.points.lastGoTime(slot), cur, SpanState.None);
  }

  private inAssist(slot: number): boolean {
    const rs = this.goOpenRanges.get(slot);
    if (rs === undefined) return false;
    for (const r of rs) if (this.strings.list[r.nameId] === NAME_MARK_ASSIST) return true;
    return false;
  }

  private threadPoint(slot: number, t: number, st: SpanState, stack: number): void {
    const tl = this.gThreadLane.data[slot]!;
    if (tl < 0) return;
    if (st === SpanState.None) this.points.close(tl, t, stack);
    else this.points.add(tl, t, st, this.gLane.data[slot]!, stack);
  }

  /** The goroutine starts executing on P p (thread m) at t. */
  private enterProc(slot: number, p: number, m: number, t: number): void {
    const lane = this.gLane.data[slot]!;
    this.gProc.data[slot] = p;
    if (p !== -1) this.points.add(this.procLane(p), t, SpanState.Running, lane, this.gLastStack.data[slot]!);
    if (m !== -1) {
      const tl = this.threadLane(m);
      this.gThreadLane.data[slot] = tl;
      this.points.add(tl, t, SpanState.Running, lane, this.gLastStack.data[slot]!);
    }
    if (this.gRanges.data[slot]! > 0 && p !== -1) {
      for (const r of this.goOpenRanges.get(slot) ?? []) {
        if (r.procLane < 0) {
          r.procLane = this.openChild(this.procLane(p), LaneKind.ProcRanges);
          this.points.add(r.procLane, t, SpanState.Range, r.nameId, r.stack);
        }
      }
    }
  }

  /** Ends the goroutine's execution span on its P at t. */
  private endExec(slot: number, p: number, t: number, stack: number): void {
    if (p === -1) return;
    const pl = this.existingProcLane(p);
    if (pl < 0) return;
    if (this.points.current(pl) === SpanState.Running && this.points.currentArg(pl) === this.gLane.data[slot]) {
      this.points.close(pl, t, stack);
    }
    if (this.gRanges.data[slot]! > 0) {
      for (const r of this.goOpenRanges.get(slot) ?? []) {
        if (r.procLane >= 0) {
          this.closeChild(r.procLane, t);
          r.procLane = -1;
        }
      }
    }
  }

  /** The goroutine stops running (to Runnable/Waiting/NotExist, or into a syscall when keepP). */
  private leaveProc(slot: number, t: number, keepP: boolean, stack: number): void {
    if (keepP) return;
    this.endExec(slot, this.gProc.data[slot]!, t, stack);
    this.threadPoint(slot, t, SpanState.None, stack);
    this.gProc.data[slot] = -1;
    this.gThreadLane.data[slot] = -1;
  }

  /** GoDestroy, or blocked forever: close its regions (Go ends them there). */
  private goroutineEnded(slot: number, t: number, stack: number): void {
    const regs = this.gRegionStack.get(slot);
    if (regs !== undefined) {
      for (let d = regs.length - 1; d >= 0; d--) {
        const r = regs[d]!;
        this.regionEnd.data[r] = t;
        this.regionEndStack.data[r] = stack;
        this.points.close(this.lanes.child(this.gLane.data[slot]!, LaneKind.GoRegions, d), t, stack);
      }
      this.gRegionStack.delete(slot);
    }
  }

  private procTransition(ev: Event, t: number, p: number, from: ProcState, to: ProcState): void {
    const pl = this.procLane(p);
    const wasRunning = this.procRunning.get(p) === 1;
    const running = to === ProcState.Running;
    if (running !== wasRunning) {
      this.procRunning.set(p, running ? 1 : 0);
      this.runningProcs += running ? 1 : -1;
      this.counters.set(CounterId.ThreadsRunning, t, this.runningProcs);
    }
    if (to === ProcState.Running && from === ProcState.Idle) {
      this.instants.add(pl, t, InstantKind.ProcStart, ev.thread(), 0);
    }
    if (to === ProcState.Idle) {
      if (from === ProcState.Running) this.instants.add(pl, t, InstantKind.ProcStop, ev.thread(), 0);
      const slot = this.syscallingP.get(p);
      if (slot !== -1) {
        // Go: a P going idle under a goroutine in a syscall starts its syscall block time.
        this.syscallingP.delete(p);
        this.setFlag(slot, G_SYSCALL_BLOCKED, true);
        this.setGoState(slot, t, SpanState.SyscallBlocked, 0, 0);
        if (this.procSyscallSlot.get(p) === slot) {
          // The syscall's part on the P ends here; its last instant is marked blocked.
          const lane = this.procSyscallLane.get(p);
          this.points.add(lane, t, SpanState.SyscallBlocked, this.gLane.data[slot]!, 0);
          this.closeChild(lane, t);
          this.procSyscallSlot.delete(p);
        }
        this.endExec(slot, p, t, 0);
        this.threadPoint(slot, t, SpanState.SyscallBlocked, 0);
      }
    }
  }

  // ---- ranges ------------------------------------------------------------

  private rangeBegin(ev: Event, t: number, active: boolean): void {
    const r = ev.range();
    const key = `${r.name}\u0000${r.scope.kind}\u0000${r.scope.id}`;
    if (this.openRanges.has(key)) return; // RangeActive restating an open range
    // RangeActive: in progress since the generation began (the trace start in the first one).
    const start = active ? (this.syncs <= 1 ? 0 : this.syncTs) : t;
    const nameId = this.strings.intern(r.name);
    const stack = this.stackOf(ev, ev.stackID());
    const o: OpenRange = { start, lane: -1, procLane: -1, goSlot: -1, nameId, stack, stwLane: -1 };
    switch (r.scope.kind) {
      case ResourceKind.None:
        o.lane = this.openChild(this.gcLane, LaneKind.GC);
        break;
      case ResourceKind.Proc:
        o.lane = this.openChild(this.procLane(r.scope.id), LaneKind.ProcRanges);
        break;
      case ResourceKind.Goroutine: {
        const slot = this.goSlot(r.scope.id);
        o.goSlot = slot;
        o.lane = this.openChild(this.gLane.data[slot]!, LaneKind.GoRanges);
        if (r.name.startsWith('stop-the-world')) {
          // Also on the global STW lane (one lane, STWs do not overlap; depth-packed if they did).
          o.stwLane = this.openChild(this.stwLane, LaneKind.STW);
          this.points.add(o.stwLane, start, SpanState.Range, nameId, stack);
        }
        let list = this.goOpenRanges.get(slot);
        if (list === undefined) this.goOpenRanges.set(slot, (list = []));
        list.push(o);
        this.gRanges.data[slot]++;
        const p = this.gProc.data[slot]!;
        if (p !== -1 && !this.flag(slot, G_SYSCALL_BLOCKED)) {
          o.procLane = this.openChild(this.procLane(p), LaneKind.ProcRanges);
          this.points.add(o.procLane, start, SpanState.Range, nameId, stack);
        }
        break;
      }
      default:
        return;
    }
    this.points.add(o.lane, start, SpanState.Range, nameId, stack);
    this.openRanges.set(key, o);
  }

  private rangeEnd(ev: Event, t: number): void {
    const r = ev.range();
    const key = `${r.name}\u0000${r.scope.kind}\u0000${r.scope.id}`;
    let o = this.openRanges.get(key);
    if (o === undefined) {
      // An end without a begin: in progress since the trace start.
      this.rangeBegin(ev, 0, false);
      o = this.openRanges.get(key);
      if (o === undefined) return;
    }
    this.openRanges.delete(key);
    this.closeRange(o, t, this.stackOf(ev, ev.stackID()));
  }

  private closeRange(o: OpenRange, t: number, stack: number): void {
    this.closeChild(o.lane, t, stack);
    if (o.procLane >= 0) this.closeChild(o.procLane, t, stack);
    if (o.stwLane >= 0) this.closeChild(o.stwLane, t, stack);
    if (o.goSlot >= 0) {
      const list = this.goOpenRanges.get(o.goSlot);
      if (list !== undefined) {
        const i = list.indexOf(o);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) this.goOpenRanges.delete(o.goSlot);
      }
      this.gRanges.data[o.goSlot]--;
    }
  }

  // ---- tasks, regions ----------------------------------------------------

  private task(id: number): number {
    let i = this.taskIndex.get(id);
    if (i === undefined) {
      i = this.taskId.push(id);
      this.taskParent.push(-1);
      this.taskName.push(0);
      this.taskStart.push(NaN);
      this.taskEnd.push(NaN);
      this.taskStartLane.push(-1);
      this.taskEndLane.push(-1);
      this.taskStartStack.push(0);
      this.taskEndStack.push(0);
      this.taskIndex.set(id, i);
    }
    return i;
  }

  private taskEvent(ev: Event, t: number, begin: boolean): void {
    const tk = ev.task();
    const i = this.task(tk.id);
    if (tk.type !== '' || begin) this.taskName.data[i] = this.strings.intern(tk.type);
    if (tk.parent !== -1 && this.taskParent.data[i] === -1) this.taskParent.data[i] = tk.parent;
    const stack = this.stackOf(ev, ev.stackID());
    const lane = this.actorLane(ev);
    if (begin) {
      this.taskStart.data[i] = t;
      this.taskStartLane.data[i] = lane;
      this.taskStartStack.data[i] = stack;
    } else {
      this.taskEnd.data[i] = t;
      this.taskEndLane.data[i] = lane;
      this.taskEndStack.data[i] = stack;
    }
  }

  private regionBegin(ev: Event, t: number): void {
    const g = ev.goroutine();
    if (g === -1) return;
    const slot = this.goSlot(g);
    const r = ev.region();
    const stack = this.stackOf(ev, ev.stackID());
    const idx = this.regionLane.push(this.gLane.data[slot]!);
    this.regionTask.push(r.task);
    this.regionName.push(this.strings.intern(r.type));
    this.regionStart.push(t);
    this.regionEnd.push(NaN);
    this.regionStartStack.push(stack);
    this.regionEndStack.push(0);
    let regs = this.gRegionStack.get(slot);
    if (regs === undefined) this.gRegionStack.set(slot, (regs = []));
    const lane = this.lanes.child(this.gLane.data[slot]!, LaneKind.GoRegions, regs.length);
    regs.push(idx);
    this.points.add(lane, t, SpanState.Region, idx, stack);
  }

  private regionEndEvent(ev: Event, t: number): void {
    const g = ev.goroutine();
    if (g === -1) return;
    const slot = this.goSlot(g);
    const gl = this.gLane.data[slot]!;
    const stack = this.stackOf(ev, ev.stackID());
    const regs = this.gRegionStack.get(slot);
    if (regs !== undefined && regs.length > 0) {
      const idx = regs.pop()!;
      if (regs.length === 0) this.gRegionStack.delete(slot);
      this.regionEnd.data[idx] = t;
      this.regionEndStack.data[idx] = stack;
      this.points.close(this.lanes.child(gl, LaneKind.GoRegions, regs.length), t, stack);
      return;
    }
    // An end without a begin: the region was open when the trace started.
    const r = ev.region();
    const k = this.gRegionOrphans.get(slot) ?? 0;
    this.gRegionOrphans.set(slot, k + 1);
    const idx = this.regionLane.push(gl);
    this.regionTask.push(r.task);
    this.regionName.push(this.strings.intern(r.type));
    this.regionStart.push(NaN);
    this.regionEnd.push(t);
    this.regionStartStack.push(0);
    this.regionEndStack.push(stack);
    const lane = this.lanes.child(gl, LaneKind.GoRegions, 256 + k);
    this.points.add(lane, 0, SpanState.Region, idx, 0);
    this.points.close(lane, t, stack);
  }

  /** Closes everything still open at the end of what was read. */
  closeAll(): void {
    const end = this.lastTs;
    for (const o of this.openRanges.values()) this.closeRange(o, end, 0);
    this.openRanges.clear();
    for (const [slot, regs] of this.gRegionStack) {
      for (let d = regs.length - 1; d >= 0; d--) this.points.close(this.lanes.child(this.gLane.data[slot]!, LaneKind.GoRegions, d), end);
    }
    this.gRegionStack.clear();
    // Goroutine lanes by slot (their last points are kept there), the others by lane.
    for (let s = 0; s < this.gLane.length; s++) if (!this.flag(s, G_FREE)) this.points.closeGo(s, this.gLane.data[s]!, end);
    const n = this.lanes.count;
    for (let l = 0; l < n; l++) if (this.lanes.kind.data[l] !== LaneKind.Goroutine) this.points.close(l, end);
  }

  /**
   * Frees the per-goroutine and per-lane state only the build needs, before
   * finish.ts allocates the final columns (about 40 bytes per goroutine).
   * Nothing may be added afterwards.
   */
  dropBuildState(): void {
    for (const c of [this.gLane, this.gProc, this.gThreadLane, this.gLastStack, this.gRanges, this.gFlags, this.goSlotDense]) c.release();
    this.points.dropGoTails();
    this.goSlots.clear();
    this.goOpenRanges.clear();
    this.gRegionOrphans.clear();
    this.stackCache.release();
    this.stackCacheBig = new Map();
    this.frameCache = new Map();
    // The last event's table: it can hold on to the reader's whole parse (v1).
    this.table = null;
    this.lanes.dropBuildState();
  }

  /** Bytes of build-time per-goroutine state (for statistics). */
  get scratchBytes(): number {
    const cols: GrowableColumn<Float64Array | Int32Array | Uint8Array>[] = [
      this.gLane, this.gProc, this.gThreadLane, this.gLastStack, this.gRanges, this.gFlags,
    ];
    return cols.reduce((a, c) => a + c.bytes, 0) + this.goSlotDense.bytes + this.goSlots.size * 40;
  }
}
