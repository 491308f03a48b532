// Port of Go 1.27's src/internal/trace/summary.go: per-goroutine execution
// statistics, user tasks and user regions.
//
// Kept line by line with Go's structure and names (Go's exported names in
// lowerCamelCase), so it can be diffed against Go. Differences:
//  - Go keeps *Event pointers into an in-memory slice of all events (region
//    and task start/end, task logs). Events are reused by our readers, so we
//    keep an `EventRef` (kind, time, G/P/M and the resolved stack) instead.
//  - Times are relative `Time`s (see shared/trace/base.ts). Go uses the
//    absolute time 0 as "unset" (StartTime, EndTime, lastStartTime...). To
//    keep Go's behaviour exactly, also for v1 traces whose first event is at
//    time 0, "0" here is the relative time of absolute 0: `summary.zeroTime`
//    (= -timeBase; 0 for v1 traces); see isZeroTime().
//  - Storage, not logic: a trace can hold millions of goroutines, so a
//    GoroutineSummary keeps its numbers in pages of doubles (accessors make
//    `g.execTime += ...` read as in Go), its private analysis state inline
//    (Go's *goroutineSummary; `live` is Go's pointer != nil), and its maps
//    as DurationMaps (durmap.ts) shared empty until written. Summary's
//    goroutines map is a GoroutineMap (a ReadonlyMap over an ID-indexed
//    array). GoroutineExecStats' methods are also functions over the
//    ExecStats interface, which both representations implement.
//  - finalize() computes Go's finalStat in place (the same numbers, without
//    a copy per goroutine) and makes the EventRef of its trigger only when
//    an active region keeps it.
//  - Where Go panics (a nil summary for events on goroutines it has never
//    seen, an assignment to the nil map of an ended goroutine), we throw a
//    GoPanic (see panic.ts); the Summarizer is unusable afterwards, as Go's.

import { EventKind, NoTask, type Event, type StackFrame, type Stack, type TaskID } from '../trace/event';
import type { EvTable, Time } from '../trace/base';
import {
  GoState,
  ProcState,
  ResourceKind,
  NoGoroutine,
  NoProc,
  type GoID,
  type ProcID,
  type ThreadID,
  type StateTransition,
} from '../trace/resources';
import { DurationMap, EMPTY_DURATIONS } from './durmap';
import { nilDereference, nilMapAssignment } from './panic';

/** What Go keeps of an event (*Event) in summaries: its kind, time, context and stack. */
export interface EventRef {
  kind: EventKind;
  time: Time;
  goroutine: GoID;
  proc: ProcID;
  thread: ThreadID;
  /** ev.Stack() resolved, leaf first ([] for none, or when stacks are not kept). */
  stack: StackFrame[];
}

/** A task's log event (an EventLog *Event in Go). */
export interface LogRef extends EventRef {
  task: TaskID;
  category: string;
  message: string;
}

/**
 * The fields of Go's GoroutineExecStats: statistics about a goroutine's
 * execution during a period of time. Durations are integer nanoseconds.
 * Implemented with plain fields by GoroutineExecStats (and
 * UserRegionSummary), and over column storage by GoroutineSummary.
 */
export interface ExecStats {
  // These stats are all non-overlapping.
  execTime: number;
  schedWaitTime: number;
  blockTimeByReason: DurationMap;
  syscallTime: number;
  syscallBlockTime: number;

  /**
   * TotalTime is the duration of the goroutine's presence in the trace.
   * Necessarily overlaps with other stats.
   */
  totalTime: number;

  /** Total time the goroutine spent in certain ranges; may overlap with other stats. */
  rangeTime: DurationMap;
}

/** Go's `s.BlockTimeByReason[reason] += d`. */
function addBlockTime(s: ExecStats, reason: string, d: number): void {
  if (s.blockTimeByReason === EMPTY_DURATIONS) s.blockTimeByReason = new DurationMap();
  s.blockTimeByReason.add(reason, d);
}

/** Go's `s.RangeTime[name] += d`. */
function addRangeTime(s: ExecStats, name: string, d: number): void {
  if (s.rangeTime === EMPTY_DURATIONS) s.rangeTime = new DurationMap();
  s.rangeTime.add(name, d);
}

/** GoroutineExecStats.NonOverlappingStats */
export function nonOverlappingStats(s: ExecStats): Map<string, number> {
  const stats = new Map<string, number>([
    ['Execution time', s.execTime],
    ['Sched wait time', s.schedWaitTime],
    ['Syscall execution time', s.syscallTime],
    ['Block time (syscall)', s.syscallBlockTime],
    ['Unknown time', unknownTime(s)],
  ]);
  s.blockTimeByReason.forEach((dt, reason) => {
    const k = 'Block time (' + reason + ')';
    stats.set(k, (stats.get(k) ?? 0) + dt);
  });
  // N.B. Don't include RangeTime or TotalTime; they overlap with these other
  // stats.
  return stats;
}

/** GoroutineExecStats.UnknownTime: whatever isn't accounted for in TotalTime. */
export function unknownTime(s: ExecStats): number {
  let sum = s.execTime + s.schedWaitTime + s.syscallTime + s.syscallBlockTime;
  s.blockTimeByReason.forEach((dt) => {
    sum += dt;
  });
  // N.B. Don't include range time. Ranges overlap with
  // other stats, whereas these stats are non-overlapping.
  if (sum < s.totalTime) {
    return s.totalTime - sum;
  }
  return 0;
}

/** GoroutineExecStats.sub: returns the stats s-v. */
function subStats(s: ExecStats, v: ExecStats): GoroutineExecStats {
  const r = cloneStats(s);
  r.execTime -= v.execTime;
  r.schedWaitTime -= v.schedWaitTime;
  s.blockTimeByReason.forEach((_, reason) => {
    r.blockTimeByReason.set(reason, r.blockTimeByReason.get(reason)! - (v.blockTimeByReason.get(reason) ?? 0));
  });
  r.syscallTime -= v.syscallTime;
  r.syscallBlockTime -= v.syscallBlockTime;
  r.totalTime -= v.totalTime;
  s.rangeTime.forEach((_, name) => {
    r.rangeTime.set(name, r.rangeTime.get(name)! - (v.rangeTime.get(name) ?? 0));
  });
  return r;
}

/** GoroutineExecStats.clone */
function cloneStats(s: ExecStats): GoroutineExecStats {
  const r = new GoroutineExecStats();
  assignStats(r, s);
  r.blockTimeByReason = s.blockTimeByReason === EMPTY_DURATIONS ? EMPTY_DURATIONS : s.blockTimeByReason.clone();
  r.rangeTime = s.rangeTime === EMPTY_DURATIONS ? EMPTY_DURATIONS : s.rangeTime.clone();
  return r;
}

/** Go's `dst.GoroutineExecStats = src` (shares src's maps, as Go's struct assignment does). */
function assignStats(dst: ExecStats, src: ExecStats): void {
  dst.execTime = src.execTime;
  dst.schedWaitTime = src.schedWaitTime;
  dst.blockTimeByReason = src.blockTimeByReason;
  dst.syscallTime = src.syscallTime;
  dst.syscallBlockTime = src.syscallBlockTime;
  dst.totalTime = src.totalTime;
  dst.rangeTime = src.rangeTime;
}

/** GoroutineExecStats with plain fields. */
export class GoroutineExecStats implements ExecStats {
  execTime = 0;
  schedWaitTime = 0;
  blockTimeByReason: DurationMap = EMPTY_DURATIONS;
  syscallTime = 0;
  syscallBlockTime = 0;
  totalTime = 0;
  rangeTime: DurationMap = EMPTY_DURATIONS;

  nonOverlappingStats(): Map<string, number> {
    return nonOverlappingStats(this);
  }
  unknownTime(): number {
    return unknownTime(this);
  }
  /** sub returns the stats this-v. */
  sub(v: ExecStats): GoroutineExecStats {
    return subStats(this, v);
  }
  clone(): GoroutineExecStats {
    return cloneStats(this);
  }
}

/**
 * UserRegionSummary represents a region and goroutine execution stats while
 * the region was active.
 */
export class UserRegionSummary extends GoroutineExecStats {
  taskID: TaskID = 0;
  name = '';

  /**
   * Region start event. Normally EventRegionBegin event or null, but can be
   * a state transition event from NotExist or Undetermined if the region is
   * a synthetic region representing task inheritance from the parent
   * goroutine.
   */
  start: EventRef | null = null;

  /**
   * Region end event. Normally EventRegionEnd event or null, but can be a
   * state transition event to NotExist if the goroutine terminated without
   * explicitly ending the region.
   */
  end: EventRef | null = null;
}

const NO_REGIONS: UserRegionSummary[] = Object.freeze([]) as unknown as UserRegionSummary[];

// Field offsets of a goroutine's numbers in its page (see GoroutineStore).
const F_ID = 0;
const F_PC = 1;
const F_CREATION = 2;
const F_START = 3;
const F_END = 4;
const F_EXEC = 5;
const F_SCHED_WAIT = 6;
const F_SYSCALL = 7;
const F_SYSCALL_BLOCK = 8;
const F_TOTAL = 9;
const F_LAST_START = 10;
const F_LAST_RUNNABLE = 11;
const F_LAST_BLOCK = 12;
const F_LAST_SYSCALL = 13;
const F_LAST_SYSCALL_BLOCK = 14;
const FIELDS = 15;
const PAGE_SLOTS = 4096;

/**
 * Storage of the numbers of every GoroutineSummary of a Summarizer: pages
 * of PAGE_SLOTS goroutines × FIELDS doubles. A trace may hold millions of
 * goroutines, and boxed doubles in millions of objects would dominate the
 * memory and the GC time; fixed pages never need copying.
 */
class GoroutineStore {
  private page = new Float64Array(0);
  private used = PAGE_SLOTS;

  /** The relative Time of Go's absolute time 0 ("unset"). */
  constructor(readonly zero: Time) {}

  /** A zeroed slot (times at `zero`, durations at 0): its base offset in `page`. */
  alloc(id: GoID): number {
    if (this.used === PAGE_SLOTS) {
      this.page = new Float64Array(PAGE_SLOTS * FIELDS);
      this.used = 0;
    }
    const p = this.page;
    const b = this.used++ * FIELDS;
    const z = this.zero;
    p[b + F_ID] = id;
    p[b + F_CREATION] = z;
    p[b + F_START] = z;
    p[b + F_END] = z;
    p[b + F_LAST_START] = z;
    p[b + F_LAST_RUNNABLE] = z;
    p[b + F_LAST_BLOCK] = z;
    p[b + F_LAST_SYSCALL] = z;
    p[b + F_LAST_SYSCALL_BLOCK] = z;
    return b;
  }

  /** The page of the last slot allocated. */
  get currentPage(): Float64Array {
    return this.page;
  }
}

/**
 * GoroutineSummary contains statistics and execution details of a single
 * goroutine. Its numbers live in the Summarizer's column storage; the
 * accessors make `g.execTime += ...` read as in Go.
 */
export class GoroutineSummary implements ExecStats {
  /** A non-unique human-friendly identifier for the goroutine. */
  name = '';

  blockTimeByReason: DurationMap = EMPTY_DURATIONS;
  rangeTime: DurationMap = EMPTY_DURATIONS;

  /** List of regions in the goroutine, sorted based on the start time. */
  regions: UserRegionSummary[] = NO_REGIONS;

  // goroutineSummary: the private state used just for computing this
  // structure (Go drops it in Finalize: `live` false).
  /** Go's `g.goroutineSummary != nil`. */
  live = true;
  lastBlockReason = '';
  /** null is Go's nil map of the zeroed state of an ended goroutine (reads give 0, writes panic). */
  lastRangeTime: DurationMap | null = EMPTY_DURATIONS;
  /** stack of active regions (null = Go's nil slice) */
  activeRegions: UserRegionSummary[] | null = null;

  constructor(
    private readonly store: GoroutineStore,
    /** The page holding this goroutine's numbers, and their offset in it. */
    private readonly p: Float64Array,
    private readonly b: number,
  ) {}

  get id(): GoID {
    return this.p[this.b + F_ID]!;
  }
  /** The first PC we saw for the entry function of the goroutine (u64-encoded). */
  get pc(): number {
    return this.p[this.b + F_PC]!;
  }
  set pc(v: number) {
    this.p[this.b + F_PC] = v;
  }
  /** Timestamp of the first appearance in the trace. */
  get creationTime(): Time {
    return this.p[this.b + F_CREATION]!;
  }
  set creationTime(v: Time) {
    this.p[this.b + F_CREATION] = v;
  }
  /** Timestamp of the first time it started running. zeroTime if the goroutine never ran. */
  get startTime(): Time {
    return this.p[this.b + F_START]!;
  }
  set startTime(v: Time) {
    this.p[this.b + F_START] = v;
  }
  /** Timestamp of when the goroutine exited. zeroTime if the goroutine never exited. */
  get endTime(): Time {
    return this.p[this.b + F_END]!;
  }
  set endTime(v: Time) {
    this.p[this.b + F_END] = v;
  }
  get execTime(): number {
    return this.p[this.b + F_EXEC]!;
  }
  set execTime(v: number) {
    this.p[this.b + F_EXEC] = v;
  }
  get schedWaitTime(): number {
    return this.p[this.b + F_SCHED_WAIT]!;
  }
  set schedWaitTime(v: number) {
    this.p[this.b + F_SCHED_WAIT] = v;
  }
  get syscallTime(): number {
    return this.p[this.b + F_SYSCALL]!;
  }
  set syscallTime(v: number) {
    this.p[this.b + F_SYSCALL] = v;
  }
  get syscallBlockTime(): number {
    return this.p[this.b + F_SYSCALL_BLOCK]!;
  }
  set syscallBlockTime(v: number) {
    this.p[this.b + F_SYSCALL_BLOCK] = v;
  }
  get totalTime(): number {
    return this.p[this.b + F_TOTAL]!;
  }
  set totalTime(v: number) {
    this.p[this.b + F_TOTAL] = v;
  }
  get lastStartTime(): Time {
    return this.p[this.b + F_LAST_START]!;
  }
  set lastStartTime(v: Time) {
    this.p[this.b + F_LAST_START] = v;
  }
  get lastRunnableTime(): Time {
    return this.p[this.b + F_LAST_RUNNABLE]!;
  }
  set lastRunnableTime(v: Time) {
    this.p[this.b + F_LAST_RUNNABLE] = v;
  }
  get lastBlockTime(): Time {
    return this.p[this.b + F_LAST_BLOCK]!;
  }
  set lastBlockTime(v: Time) {
    this.p[this.b + F_LAST_BLOCK] = v;
  }
  get lastSyscallTime(): Time {
    return this.p[this.b + F_LAST_SYSCALL]!;
  }
  set lastSyscallTime(v: Time) {
    this.p[this.b + F_LAST_SYSCALL] = v;
  }
  get lastSyscallBlockTime(): Time {
    return this.p[this.b + F_LAST_SYSCALL_BLOCK]!;
  }
  set lastSyscallBlockTime(v: Time) {
    this.p[this.b + F_LAST_SYSCALL_BLOCK] = v;
  }

  nonOverlappingStats(): Map<string, number> {
    return nonOverlappingStats(this);
  }
  unknownTime(): number {
    return unknownTime(this);
  }

  /**
   * snapshotStat returns the snapshot of the goroutine execution
   * statistics. This is called as we process the ordered trace event stream.
   * lastTs is used to process pending statistics if this is called before
   * any goroutine end event.
   */
  snapshotStat(lastTs: Time): GoroutineExecStats {
    const ret = cloneStats(this);

    if (!this.live) {
      return ret; // Already finalized; no pending state.
    }
    this.addPending(ret, lastTs);
    return ret;
  }

  /** The pending part of snapshotStat: adds the time since lastTs of the current state to ret. */
  private addPending(ret: ExecStats, lastTs: Time): void {
    const g = this;
    const zero = this.store.zero;

    // Set the total time if necessary.
    if (g.totalTime === 0) {
      ret.totalTime = lastTs - g.creationTime;
    }

    // Add in time since lastTs.
    if (g.lastStartTime !== zero) {
      ret.execTime += lastTs - g.lastStartTime;
    }
    if (g.lastRunnableTime !== zero) {
      ret.schedWaitTime += lastTs - g.lastRunnableTime;
    }
    if (g.lastBlockTime !== zero) {
      addBlockTime(ret, g.lastBlockReason, lastTs - g.lastBlockTime);
    }
    if (g.lastSyscallTime !== zero) {
      ret.syscallTime += lastTs - g.lastSyscallTime;
    }
    if (g.lastSyscallBlockTime !== zero) {
      ret.schedWaitTime += lastTs - g.lastSyscallBlockTime;
    }
    g.lastRangeTime?.forEach((ts, name) => {
      addRangeTime(ret, name, lastTs - ts);
    });
  }

  /**
   * finalize is called when processing a goroutine end event or at the end
   * of trace processing. This finalizes the execution stat and any active
   * regions in the goroutine, in which case trigger is null.
   *
   * `trigger` is the live event (only read during the call); `ref` makes the
   * EventRef that active regions keep as their end.
   */
  finalize(lastTs: Time, trigger: Event | null, ref: (ev: Event) => EventRef): void {
    const g = this;
    if (trigger !== null) {
      g.endTime = trigger.time();
    }
    // finalStat := g.snapshotStat(lastTs); g.GoroutineExecStats = finalStat
    // (computed in place: g's stats are finalStat from here on).
    if (g.live) {
      g.addPending(g, lastTs);
    }

    // System goroutines are never part of regions, even though they
    // "inherit" a task due to creation (EvGoCreate) from within a region.
    // This may happen e.g. if the first GC is triggered within a region,
    // starting the GC worker goroutines.
    if (!isSystemGoroutine(g.name) && g.activeRegions !== null && g.activeRegions.length > 0) {
      const end = trigger === null ? null : ref(trigger);
      for (const s of g.activeRegions) {
        s.end = end;
        assignStats(s, subStats(g, s));
        g.appendRegion(s);
      }
    }
    // *(g.goroutineSummary) = goroutineSummary{}
    const zero = this.store.zero;
    g.lastStartTime = zero;
    g.lastRunnableTime = zero;
    g.lastBlockTime = zero;
    g.lastBlockReason = '';
    g.lastSyscallTime = zero;
    g.lastSyscallBlockTime = zero;
    g.lastRangeTime = null;
    g.activeRegions = null;
  }

  /** g.Regions = append(g.Regions, r) */
  appendRegion(r: UserRegionSummary): void {
    if (this.regions === NO_REGIONS) this.regions = [];
    this.regions.push(r);
  }

  /** g.lastRangeTime[name] = ts */
  setLastRangeTime(name: string, ts: Time): void {
    if (this.lastRangeTime === null) throw nilMapAssignment();
    if (this.lastRangeTime === EMPTY_DURATIONS) this.lastRangeTime = new DurationMap();
    this.lastRangeTime.set(name, ts);
  }
}

/** UserTaskSummary represents a task in the trace. */
export class UserTaskSummary {
  name = '';
  /** null if the parent is unknown. */
  parent: UserTaskSummary | null = null;
  children: UserTaskSummary[] = [];

  /** Task begin event. An EventTaskBegin event or null. */
  start: EventRef | null = null;

  /** End end event. Normally EventTaskEnd event or null. */
  end: EventRef | null = null;

  /** Logs is a list of EventLog events associated with the task. */
  logs: LogRef[] = [];

  /** List of regions in the task, sorted based on the start time. */
  regions: UserRegionSummary[] = [];

  /** Goroutines is the set of goroutines associated with this task (undefined where Go maps to nil). */
  goroutines = new Map<GoID, GoroutineSummary | undefined>();

  constructor(readonly id: TaskID) {}

  /** Complete returns true if we have complete information about the task from the trace: both a start and an end. */
  complete(): boolean {
    return this.start !== null && this.end !== null;
  }

  /**
   * Descendents returns a slice consisting of itself (always the first task
   * returned), and the transitive closure of all of its children.
   */
  descendents(): UserTaskSummary[] {
    const descendents: UserTaskSummary[] = [this];
    for (const child of this.children) {
      descendents.push(...child.descendents());
    }
    return descendents;
  }
}

/**
 * The goroutines of a Summary by ID (Go's map[GoID]*GoroutineSummary): an
 * array indexed by ID for dense IDs, a Map for the others. Iterates the
 * dense IDs in increasing order, then the others.
 */
export class GoroutineMap implements ReadonlyMap<GoID, GoroutineSummary> {
  readonly size: number;

  constructor(
    private readonly dense: readonly (GoroutineSummary | undefined)[],
    private readonly sparse: ReadonlyMap<GoID, GoroutineSummary>,
  ) {
    let n = sparse.size;
    for (const g of dense) if (g !== undefined) n++;
    this.size = n;
  }

  get(id: GoID): GoroutineSummary | undefined {
    if (id >= 0 && id < this.dense.length) {
      const g = this.dense[id];
      if (g !== undefined) return g;
    }
    return this.sparse.get(id);
  }

  has(id: GoID): boolean {
    return this.get(id) !== undefined;
  }

  forEach(fn: (value: GoroutineSummary, key: GoID, map: ReadonlyMap<GoID, GoroutineSummary>) => void): void {
    const dense = this.dense;
    for (let id = 0; id < dense.length; id++) {
      const g = dense[id];
      if (g !== undefined) fn(g, id, this);
    }
    this.sparse.forEach((g, id) => fn(g, id, this));
  }

  private *gen(): Generator<[GoID, GoroutineSummary]> {
    const dense = this.dense;
    for (let id = 0; id < dense.length; id++) {
      const g = dense[id];
      if (g !== undefined) yield [id, g];
    }
    yield* this.sparse;
  }

  entries(): MapIterator<[GoID, GoroutineSummary]> {
    return this.gen() as unknown as MapIterator<[GoID, GoroutineSummary]>;
  }

  keys(): MapIterator<GoID> {
    const it = (function* (m: GoroutineMap): Generator<GoID> {
      for (const [id] of m.gen()) yield id;
    })(this);
    return it as unknown as MapIterator<GoID>;
  }

  values(): MapIterator<GoroutineSummary> {
    const it = (function* (m: GoroutineMap): Generator<GoroutineSummary> {
      for (const [, g] of m.gen()) yield g;
    })(this);
    return it as unknown as MapIterator<GoroutineSummary>;
  }

  [Symbol.iterator](): MapIterator<[GoID, GoroutineSummary]> {
    return this.entries();
  }
}

/** Summary is the analysis result produced by the summarizer. */
export interface Summary {
  goroutines: GoroutineMap;
  tasks: Map<TaskID, UserTaskSummary>;
  /** The relative Time that stands for Go's time 0 ("unset") in this summary. */
  zeroTime: Time;
}

export interface SummarizerOptions {
  /**
   * Resolve and keep the stacks of the events kept in summaries (region and
   * task begin/end, logs). Default true; goroutine names are computed either way.
   */
  keepStacks?: boolean;
}

const EMPTY_FRAMES: StackFrame[] = [];

/** Summarizer constructs per-goroutine time statistics for v2 traces. */
export class Summarizer {
  /**
   * gs contains the map of goroutine summaries we're building up to return
   * to the caller: an array indexed by goroutine ID while the IDs are dense
   * (they are sequential in practice: a 3.5M-entry Map costs seconds of
   * lookups), and a Map for the others.
   */
  private readonly gsDense: (GoroutineSummary | undefined)[] = [];
  private readonly gsSparse = new Map<GoID, GoroutineSummary>();

  /** tasks contains the map of task summaries we're building up to return to the caller. */
  private readonly tasks = new Map<TaskID, UserTaskSummary>();

  /**
   * syscallingP and syscallingG represent a binding between a P and G in a
   * syscall. Used to correctly identify and clean up after syscalls
   * (blocking or otherwise).
   */
  private readonly syscallingP = new Map<ProcID, GoID>();
  private readonly syscallingG = new Map<GoID, ProcID>();

  /**
   * rangesP is used for optimistic tracking of P-based ranges for goroutines.
   *
   * It's a best-effort mapping of an active range on a P to the goroutine we
   * think is associated with it. Keyed by rangeP{id, name} as `${id}\0${name}`.
   */
  private readonly rangesP = new Map<string, GoID>();

  /** The goroutines' numbers (created at the first event, which gives the time base). */
  private store: GoroutineStore | null = null;
  /** The relative time of absolute 0 (set from the first event's timeBase). */
  private zero: Time = 0;
  /** timestamp of the last event processed. */
  private lastTs: Time = 0;
  /** timestamp of the last sync event processed (or the first timestamp in the trace). */
  private syncTs: Time = 0;

  private readonly keepStacks: boolean;
  private stackTable: EvTable | null = null;
  private readonly stackCache = new Map<number, StackFrame[]>();

  constructor(opts: SummarizerOptions = {}) {
    this.keepStacks = opts.keepStacks ?? true;
  }

  private frames(stack: Stack): StackFrame[] {
    if (stack.id === 0) {
      return EMPTY_FRAMES;
    }
    if (stack.table !== this.stackTable) {
      // Stack IDs are per generation: a new table starts a new cache.
      this.stackTable = stack.table;
      this.stackCache.clear();
    }
    let f = this.stackCache.get(stack.id);
    if (f === undefined) {
      f = stack.frames();
      this.stackCache.set(stack.id, f);
    }
    return f;
  }

  private readonly refFn = (ev: Event): EventRef => this.ref(ev);

  private ref(ev: Event): EventRef {
    return {
      kind: ev.kind(),
      time: ev.time(),
      goroutine: ev.goroutine(),
      proc: ev.proc(),
      thread: ev.thread(),
      stack: this.keepStacks ? this.frames(ev.stack()) : EMPTY_FRAMES,
    };
  }

  /** &GoroutineSummary{ID: id, goroutineSummary: &goroutineSummary{}} */
  private newGoroutine(id: GoID): GoroutineSummary {
    const st = this.store!;
    const b = st.alloc(id);
    return new GoroutineSummary(st, st.currentPage, b);
  }

  /** Event feeds a single event into the stats summarizer. */
  event(ev: Event): void {
    const kind = ev.kind();
    this.eventWith(ev, kind, kind === EventKind.StateTransition ? ev.stateTransition() : null);
  }

  /**
   * event() with the event's kind and (for StateTransition events) its
   * ev.stateTransition() already decoded, so that several analyses fed from
   * one pass decode them once.
   */
  eventWith(ev: Event, kind: EventKind, transition: StateTransition | null): void {
    if (this.store === null) {
      this.zero = zeroTimeOf(ev);
      this.store = new GoroutineStore(this.zero);
      this.syncTs = this.zero;
      this.lastTs = this.zero;
    }
    const zero = this.zero;
    const t = ev.time();
    if (this.syncTs === zero) {
      this.syncTs = t;
    }
    this.lastTs = t;

    switch (kind) {
      // Record sync time for the RangeActive events.
      case EventKind.Sync:
        this.syncTs = t;
        break;

      // Handle state transitions.
      case EventKind.StateTransition: {
        const st = transition!;
        switch (st.resource.kind) {
          // Handle goroutine transitions, which are the meat of this computation.
          case ResourceKind.Goroutine: {
            const id = st.resource.id;
            const old = st.oldState as GoState;
            const nw = st.newState as GoState;
            if (old === nw) {
              // Skip these events; they're not telling us anything new.
              break;
            }

            // Handle transition out.
            let g = this.getG(id);
            switch (old) {
              case GoState.Undetermined: {
                g = this.newGoroutine(id);

                // The goroutine is being named for the first time.
                // If we're coming out of GoUndetermined, then the creation time is the
                // time of the last sync.
                g.creationTime = this.syncTs;

                // Accumulate all the time we spent in new as if it was old.
                //
                // Note that we still handle "new" again below because the time until
                // the *next* event still needs to be accumulated (even though it's
                // probably going to come immediately after this event).
                const stateTime = t - this.syncTs;
                switch (nw) {
                  case GoState.Running:
                    g.execTime += stateTime;
                    break;
                  case GoState.Waiting:
                    addBlockTime(g, st.reason, stateTime);
                    break;
                  case GoState.Runnable:
                    g.schedWaitTime += stateTime;
                    break;
                  case GoState.Syscall:
                    // For a syscall, we're not going to be 'naming' this P from afar.
                    // It's "executing" somewhere. If we've got a P, then that means
                    // we've had that P since the start, so this is regular syscall time.
                    // Otherwise, this is syscall block time (no P).
                    if (ev.proc() === NoProc) {
                      g.syscallBlockTime += stateTime;
                    } else {
                      g.syscallTime += stateTime;
                    }
                    break;
                }
                this.setG(id, g);
                break;
              }
              case GoState.NotExist: {
                g = this.newGoroutine(id);

                // The goroutine is being created.
                g.creationTime = t;

                // When a goroutine is newly created, inherit the task
                // of the active region. For ease handling of this
                // case, we create a fake region description with the
                // task id. This isn't strictly necessary as this
                // goroutine may not be associated with the task, but
                // it can be convenient to see all children created
                // during a region.
                //
                // N.B. ev.Goroutine() will always be NoGoroutine for the
                // Undetermined case, so this is will simply not fire.
                const creatorG = this.getG(ev.goroutine());
                if (creatorG !== undefined && creatorG.activeRegions !== null && creatorG.activeRegions.length > 0) {
                  const regions = creatorG.activeRegions;
                  const s = regions[regions.length - 1]!;
                  const synth = new UserRegionSummary();
                  synth.taskID = s.taskID;
                  synth.start = this.ref(ev);
                  g.activeRegions = [synth];
                }
                this.setG(id, g);
                break;
              }
              case GoState.Running:
                if (g === undefined) throw nilDereference();
                // Record execution time as we transition out of running
                g.execTime += t - g.lastStartTime;
                g.lastStartTime = zero;
                break;
              case GoState.Waiting:
                if (g === undefined) throw nilDereference();
                // Record block time as we transition out of waiting.
                if (g.lastBlockTime !== zero) {
                  addBlockTime(g, g.lastBlockReason, t - g.lastBlockTime);
                  g.lastBlockTime = zero;
                }
                break;
              case GoState.Runnable:
                if (g === undefined) throw nilDereference();
                // Record sched latency time as we transition out of runnable.
                if (g.lastRunnableTime !== zero) {
                  g.schedWaitTime += t - g.lastRunnableTime;
                  g.lastRunnableTime = zero;
                }
                break;
              case GoState.Syscall:
                if (g === undefined) throw nilDereference();
                // Record syscall execution time and syscall block time as we transition out of syscall.
                if (g.lastSyscallTime !== zero) {
                  if (g.lastSyscallBlockTime !== zero) {
                    g.syscallBlockTime += t - g.lastSyscallBlockTime;
                    g.syscallTime += g.lastSyscallBlockTime - g.lastSyscallTime;
                  } else {
                    g.syscallTime += t - g.lastSyscallTime;
                  }
                  g.lastSyscallTime = zero;
                  g.lastSyscallBlockTime = zero;

                  // Clear the syscall map.
                  this.syscallingP.delete(this.syscallingG.get(id) ?? 0);
                  this.syscallingG.delete(id);
                }
                break;
            }
            if (g === undefined) throw nilDereference();

            // The goroutine hasn't been identified yet. Take the transition stack
            // and identify the goroutine by the root frame of that stack.
            // This root frame will be identical for all transitions on this
            // goroutine, because it represents its immutable start point.
            if (g.name === '' && st.stack.id !== 0) {
              const frames = this.frames(st.stack);
              if (frames.length > 0) {
                // NB: this PC won't actually be consistent for
                // goroutines which existed at the start of the
                // trace. The UI doesn't use it directly; this
                // mainly serves as an indication that we
                // actually saw a call stack for the goroutine
                const frame = frames[frames.length - 1]!;
                g.pc = frame.pc;
                g.name = frame.func;
              }
            }

            // Handle transition in.
            switch (nw) {
              case GoState.Running:
                // We started running. Record it.
                g.lastStartTime = t;
                if (g.startTime === zero) {
                  g.startTime = t;
                }
                break;
              case GoState.Runnable:
                g.lastRunnableTime = t;
                break;
              case GoState.Waiting:
                if (st.reason !== 'forever') {
                  g.lastBlockTime = t;
                  g.lastBlockReason = st.reason;
                  break;
                }
                // "Forever" is like goroutine death.
                g.finalize(t, ev, this.refFn);
                break;
              case GoState.NotExist:
                g.finalize(t, ev, this.refFn);
                break;
              case GoState.Syscall:
                this.syscallingP.set(ev.proc(), id);
                this.syscallingG.set(id, ev.proc());
                g.lastSyscallTime = t;
                break;
            }
            break;
          }

          // Handle procs to detect syscall blocking, which si identifiable as a
          // proc going idle while the goroutine it was attached to is in a syscall.
          case ResourceKind.Proc: {
            const id = st.resource.id;
            const old = st.oldState as ProcState;
            const nw = st.newState as ProcState;
            if (old !== nw && nw === ProcState.Idle) {
              const goid = this.syscallingP.get(id);
              if (goid !== undefined) {
                const g = this.getG(goid);
                if (g === undefined) throw nilDereference();
                g.lastSyscallBlockTime = t;
                this.syscallingP.delete(id);
              }
            }
            break;
          }
        }
        break;
      }

      // Handle ranges of all kinds.
      case EventKind.RangeBegin:
      case EventKind.RangeActive: {
        const r = ev.range();
        let g: GoroutineSummary | undefined;
        switch (r.scope.kind) {
          case ResourceKind.Goroutine:
            // Simple goroutine range. We attribute the entire range regardless of
            // goroutine stats. Lots of situations are still identifiable, e.g. a
            // goroutine blocked often in mark assist will have both high mark assist
            // and high block times. Those interested in a deeper view can look at the
            // trace viewer.
            g = this.getG(r.scope.id);
            break;
          case ResourceKind.Proc:
            // N.B. These ranges are not actually bound to the goroutine, they're
            // bound to the P. But if we happen to be on the P the whole time, let's
            // try to attribute it to the goroutine. (e.g. GC sweeps are here.)
            g = this.getG(ev.goroutine());
            if (g !== undefined) {
              this.rangesP.set(rangePKey(r.scope.id, r.name), ev.goroutine());
            }
            break;
        }
        if (g === undefined) {
          break;
        }
        if (kind === EventKind.RangeActive) {
          const ts = g.lastRangeTime?.get(r.name) ?? zero;
          if (ts !== zero) {
            addRangeTime(g, r.name, this.syncTs - ts);
          }
          g.setLastRangeTime(r.name, this.syncTs);
        } else {
          g.setLastRangeTime(r.name, t);
        }
        break;
      }
      case EventKind.RangeEnd: {
        const r = ev.range();
        let g: GoroutineSummary | undefined;
        switch (r.scope.kind) {
          case ResourceKind.Goroutine:
            g = this.getG(r.scope.id);
            break;
          case ResourceKind.Proc: {
            const rp = rangePKey(r.scope.id, r.name);
            const goid = this.rangesP.get(rp);
            if (goid !== undefined) {
              if (goid === ev.goroutine()) {
                // As the comment in the RangeBegin case states, this is only OK
                // if we finish on the same goroutine we started on.
                g = this.getG(goid);
              }
              this.rangesP.delete(rp);
            }
            break;
          }
        }
        if (g === undefined) {
          break;
        }
        const ts = g.lastRangeTime?.get(r.name) ?? zero;
        if (ts === zero) {
          break;
        }
        addRangeTime(g, r.name, t - ts);
        if (g.lastRangeTime !== null && g.lastRangeTime !== EMPTY_DURATIONS) g.lastRangeTime.delete(r.name);
        break;
      }

      // Handle user-defined regions.
      case EventKind.RegionBegin: {
        const g = this.getG(ev.goroutine());
        if (g === undefined) throw nilDereference();
        const r = ev.region();
        const region = new UserRegionSummary();
        region.name = r.type;
        region.taskID = r.task;
        region.start = this.ref(ev);
        assignStats(region, g.snapshotStat(t));
        (g.activeRegions ??= []).push(region);
        // Associate the region and current goroutine to the task.
        const task = this.getOrAddTask(r.task);
        task.regions.push(region);
        task.goroutines.set(g.id, g);
        break;
      }
      case EventKind.RegionEnd: {
        const g = this.getG(ev.goroutine());
        if (g === undefined) throw nilDereference();
        const r = ev.region();
        let sd: UserRegionSummary;
        const regionStk = g.activeRegions;
        if (regionStk !== null && regionStk.length > 0) {
          // Pop the top region from the stack since that's what must have ended.
          sd = regionStk.pop()!;
          // N.B. No need to add the region to a task; the EventRegionBegin already handled it.
        } else {
          // This is an "end" without a start. Just fabricate the region now.
          sd = new UserRegionSummary();
          sd.name = r.type;
          sd.taskID = r.task;
          // Associate the region and current goroutine to the task.
          const task = this.getOrAddTask(r.task);
          task.goroutines.set(g.id, g);
          task.regions.push(sd);
        }
        assignStats(sd, subStats(g.snapshotStat(t), sd));
        sd.end = this.ref(ev);
        g.appendRegion(sd);
        break;
      }

      // Handle tasks and logs.
      case EventKind.TaskBegin:
      case EventKind.TaskEnd: {
        // Initialize the task.
        const tk = ev.task();
        const task = this.getOrAddTask(tk.id);
        task.name = tk.type;
        task.goroutines.set(ev.goroutine(), this.getG(ev.goroutine()));
        if (kind === EventKind.TaskBegin) {
          task.start = this.ref(ev);
        } else {
          task.end = this.ref(ev);
        }
        // Initialize the parent, if one exists and it hasn't been done yet.
        // We need to avoid doing it twice, otherwise we could appear twice
        // in the parent's Children list.
        if (tk.parent !== NoTask && task.parent === null) {
          const parent = this.getOrAddTask(tk.parent);
          task.parent = parent;
          parent.children.push(task);
        }
        break;
      }
      case EventKind.Log: {
        const log = ev.log();
        // Just add the log to the task. We'll create the task if it
        // doesn't exist (it's just been mentioned now).
        const task = this.getOrAddTask(log.task);
        task.goroutines.set(ev.goroutine(), this.getG(ev.goroutine()));
        const ref = this.ref(ev) as LogRef;
        ref.task = log.task;
        ref.category = log.category;
        ref.message = log.message;
        task.logs.push(ref);
        break;
      }
    }
  }

  /** The goroutines seen so far, live (a time-range analysis reads them at both ends of the range, before finalize). */
  liveGoroutines(): GoroutineMap {
    return new GoroutineMap(this.gsDense, this.gsSparse);
  }

  /** A goroutine seen so far, live (see liveGoroutines). */
  liveGoroutine(id: GoID): GoroutineSummary | undefined {
    return this.getG(id);
  }

  /** s.gs[id] */
  private getG(id: GoID): GoroutineSummary | undefined {
    if (id >= 0 && id < this.gsDense.length) {
      const g = this.gsDense[id];
      if (g !== undefined) return g;
    }
    return this.gsSparse.size === 0 ? undefined : this.gsSparse.get(id);
  }

  /** s.gs[id] = g */
  private setG(id: GoID, g: GoroutineSummary): void {
    const dense = this.gsDense;
    if (id >= 0 && id <= dense.length + 4096 && Number.isInteger(id)) {
      while (dense.length < id) dense.push(undefined);
      dense[id] = g;
      this.gsSparse.delete(id);
    } else {
      this.gsSparse.set(id, g);
    }
  }

  private getOrAddTask(id: TaskID): UserTaskSummary {
    let task = this.tasks.get(id);
    if (task === undefined) {
      task = new UserTaskSummary(id);
      this.tasks.set(id, task);
    }
    return task;
  }

  /**
   * Finalize indicates to the summarizer that we're done processing the
   * trace. It cleans up any remaining state and returns the full summary.
   */
  finalize(): Summary {
    const gs = new GoroutineMap(this.gsDense, this.gsSparse);
    gs.forEach((g) => {
      g.finalize(this.lastTs, null, this.refFn);

      // Sort based on region start time.
      if (g.regions.length > 1) {
        g.regions.sort((a, b) => {
          const x = a.start;
          const y = b.start;
          if (x === null) {
            if (y === null) {
              return 0;
            }
            return -1;
          }
          if (y === null) {
            return +1;
          }
          return x.time < y.time ? -1 : x.time > y.time ? 1 : 0;
        });
      }
      g.live = false;
    });
    return {
      goroutines: gs,
      tasks: this.tasks,
      zeroTime: this.zero,
    };
  }
}

function rangePKey(id: ProcID, name: string): string {
  return `${id}\u0000${name}`;
}

/** The relative Time of Go's absolute time 0 for the reader `ev` came from. */
export function zeroTimeOf(ev: Event): Time {
  return Number(-ev.table.timeBase);
}

/** Whether t is Go's "unset" time 0 of this summary. */
export function isZeroTime(s: Summary, t: Time): boolean {
  return t === s.zeroTime;
}

/**
 * Collects what RelatedGoroutinesV2 needs in one streaming pass: the
 * distinct (operator, operand) pairs of goroutine unblocks (Go keeps every
 * edge; duplicates do not change the result).
 */
export class UnblockEdges {
  private readonly edges = new Map<GoID, Set<GoID>>(); // operand -> operators

  event(ev: Event): void {
    const kind = ev.kind();
    this.eventWith(ev, kind, kind === EventKind.StateTransition ? ev.stateTransition() : null);
  }

  /** event() with the event's kind and (for StateTransition events) its ev.stateTransition() already decoded. */
  eventWith(ev: Event, kind: EventKind, transition: StateTransition | null): void {
    if (ev.goroutine() === NoGoroutine) {
      return;
    }
    if (kind !== EventKind.StateTransition) {
      return;
    }
    const st = transition!;
    if (st.resource.kind !== ResourceKind.Goroutine) {
      return;
    }
    const id = st.resource.id;
    const old = st.oldState;
    const nw = st.newState;
    if (old === nw || old !== GoState.Waiting) {
      return;
    }
    let ops = this.edges.get(id);
    if (ops === undefined) {
      ops = new Set();
      this.edges.set(id, ops);
    }
    ops.add(ev.goroutine());
  }

  /**
   * RelatedGoroutinesV2 finds a set of goroutines related to goroutine goid.
   * The association is based on whether they have synchronized with each
   * other in the Go scheduler (one has unblocked another).
   */
  relatedGoroutines(goid: GoID): Set<GoID> {
    // Compute the transitive closure of depth 2 of goroutines that have unblocked each other
    // (starting from goid).
    let gmap = new Set<GoID>([goid]);
    for (let i = 0; i < 2; i++) {
      // Copy the map.
      const gmap1 = new Set(gmap);
      for (const operand of gmap) {
        const ops = this.edges.get(operand);
        if (ops !== undefined) {
          for (const op of ops) gmap1.add(op);
        }
      }
      gmap = gmap1;
    }
    return gmap;
  }
}

/** Go's RelatedGoroutinesV2 over an in-memory sequence of events. */
export function relatedGoroutinesV2(events: Iterable<Event>, goid: GoID): Set<GoID> {
  const e = new UnblockEdges();
  for (const ev of events) e.event(ev);
  return e.relatedGoroutines(goid);
}

export function isSystemGoroutine(entryFn: string): boolean {
  // This mimics runtime.isSystemGoroutine as closely as
  // possible.
  // Also, locked g in extra M (with empty entryFn) is system goroutine.
  return entryFn === '' || (entryFn !== 'runtime.main' && entryFn.startsWith('runtime.'));
}
