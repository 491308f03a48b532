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
//    (= -timeBase; 0 for v1 traces). Use `isZeroTime()` / `timeOrNull()`.
//  - Where Go panics (a nil summary for events on goroutines it has never
//    seen, an assignment to the nil map of an ended goroutine), we throw a
//    GoPanic (see panic.ts); the Summarizer is unusable afterwards, as Go's.

import { EventKind, NoTask, type Event, type StackFrame, type Stack, type TaskID } from '../trace/event';
import type { EvTable, Time } from '../trace/base';
import { GoState, ProcState, ResourceKind, NoGoroutine, NoProc, type GoID, type ProcID, type ThreadID } from '../trace/resources';
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
 * GoroutineExecStats contains statistics about a goroutine's execution
 * during a period of time. Durations are integer nanoseconds.
 */
export class GoroutineExecStats {
  // These stats are all non-overlapping.
  execTime = 0;
  schedWaitTime = 0;
  blockTimeByReason = new Map<string, number>();
  syscallTime = 0;
  syscallBlockTime = 0;

  /**
   * TotalTime is the duration of the goroutine's presence in the trace.
   * Necessarily overlaps with other stats.
   */
  totalTime = 0;

  /** Total time the goroutine spent in certain ranges; may overlap with other stats. */
  rangeTime = new Map<string, number>();

  nonOverlappingStats(): Map<string, number> {
    const stats = new Map<string, number>([
      ['Execution time', this.execTime],
      ['Sched wait time', this.schedWaitTime],
      ['Syscall execution time', this.syscallTime],
      ['Block time (syscall)', this.syscallBlockTime],
      ['Unknown time', this.unknownTime()],
    ]);
    for (const [reason, dt] of this.blockTimeByReason) {
      const k = 'Block time (' + reason + ')';
      stats.set(k, (stats.get(k) ?? 0) + dt);
    }
    // N.B. Don't include RangeTime or TotalTime; they overlap with these other
    // stats.
    return stats;
  }

  /** UnknownTime returns whatever isn't accounted for in TotalTime. */
  unknownTime(): number {
    let sum = this.execTime + this.schedWaitTime + this.syscallTime + this.syscallBlockTime;
    for (const dt of this.blockTimeByReason.values()) {
      sum += dt;
    }
    // N.B. Don't include range time. Ranges overlap with
    // other stats, whereas these stats are non-overlapping.
    if (sum < this.totalTime) {
      return this.totalTime - sum;
    }
    return 0;
  }

  /** sub returns the stats s-v (s = this). */
  sub(v: GoroutineExecStats): GoroutineExecStats {
    const r = this.clone();
    r.execTime -= v.execTime;
    r.schedWaitTime -= v.schedWaitTime;
    for (const reason of this.blockTimeByReason.keys()) {
      r.blockTimeByReason.set(reason, r.blockTimeByReason.get(reason)! - (v.blockTimeByReason.get(reason) ?? 0));
    }
    r.syscallTime -= v.syscallTime;
    r.syscallBlockTime -= v.syscallBlockTime;
    r.totalTime -= v.totalTime;
    for (const name of this.rangeTime.keys()) {
      r.rangeTime.set(name, r.rangeTime.get(name)! - (v.rangeTime.get(name) ?? 0));
    }
    return r;
  }

  /** A copy of the stats only (a plain GoroutineExecStats even when called on a subclass). */
  clone(): GoroutineExecStats {
    const r = new GoroutineExecStats();
    r.assignStats(this);
    r.blockTimeByReason = new Map(this.blockTimeByReason);
    r.rangeTime = new Map(this.rangeTime);
    return r;
  }

  /** Go's `x.GoroutineExecStats = s` (shares s's maps, as Go's struct assignment does). */
  assignStats(s: GoroutineExecStats): void {
    this.execTime = s.execTime;
    this.schedWaitTime = s.schedWaitTime;
    this.blockTimeByReason = s.blockTimeByReason;
    this.syscallTime = s.syscallTime;
    this.syscallBlockTime = s.syscallBlockTime;
    this.totalTime = s.totalTime;
    this.rangeTime = s.rangeTime;
  }
}

function addTo(m: Map<string, number>, k: string, d: number): void {
  m.set(k, (m.get(k) ?? 0) + d);
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

/** goroutineSummary is the private part of GoroutineSummary that is required only during analysis. */
class GoroutineSummaryState {
  constructor(zero: Time, lastRangeTime: Map<string, Time> | null) {
    this.lastRangeTime = lastRangeTime;
    this.lastStartTime = zero;
    this.lastRunnableTime = zero;
    this.lastBlockTime = zero;
    this.lastSyscallTime = zero;
    this.lastSyscallBlockTime = zero;
  }
  lastStartTime: Time;
  lastRunnableTime: Time;
  lastBlockTime: Time;
  lastBlockReason = '';
  lastSyscallTime: Time;
  lastSyscallBlockTime: Time;
  /** null in the zeroed state of an ended goroutine (Go's nil map: reads give 0, writes panic). */
  lastRangeTime: Map<string, Time> | null;
  /** stack of active regions */
  activeRegions: UserRegionSummary[] = [];
}

/** GoroutineSummary contains statistics and execution details of a single goroutine. */
export class GoroutineSummary extends GoroutineExecStats {
  /** A non-unique human-friendly identifier for the goroutine. */
  name = '';
  /** The first PC we saw for the entry function of the goroutine (u64-encoded). */
  pc = 0;
  /** Timestamp of the first appearance in the trace. */
  creationTime: Time;
  /** Timestamp of the first time it started running. zeroTime if the goroutine never ran. */
  startTime: Time;
  /** Timestamp of when the goroutine exited. zeroTime if the goroutine never exited. */
  endTime: Time;

  /** List of regions in the goroutine, sorted based on the start time. */
  regions: UserRegionSummary[] = [];

  /**
   * State used just for computing this structure. null once this summary
   * has been finalized by Summarizer.finalize.
   */
  st: GoroutineSummaryState | null;

  constructor(
    readonly id: GoID,
    /** The relative Time of Go's absolute time 0 ("unset"). */
    readonly zeroTime: Time,
  ) {
    super();
    this.creationTime = zeroTime;
    this.startTime = zeroTime;
    this.endTime = zeroTime;
    this.st = new GoroutineSummaryState(zeroTime, new Map());
  }

  /**
   * snapshotStat returns the snapshot of the goroutine execution
   * statistics. This is called as we process the ordered trace event stream.
   * lastTs is used to process pending statistics if this is called before
   * any goroutine end event.
   */
  snapshotStat(lastTs: Time): GoroutineExecStats {
    const ret = this.clone();

    const g = this.st;
    if (g === null) {
      return ret; // Already finalized; no pending state.
    }
    const zero = this.zeroTime;

    // Set the total time if necessary.
    if (this.totalTime === 0) {
      ret.totalTime = lastTs - this.creationTime;
    }

    // Add in time since lastTs.
    if (g.lastStartTime !== zero) {
      ret.execTime += lastTs - g.lastStartTime;
    }
    if (g.lastRunnableTime !== zero) {
      ret.schedWaitTime += lastTs - g.lastRunnableTime;
    }
    if (g.lastBlockTime !== zero) {
      addTo(ret.blockTimeByReason, g.lastBlockReason, lastTs - g.lastBlockTime);
    }
    if (g.lastSyscallTime !== zero) {
      ret.syscallTime += lastTs - g.lastSyscallTime;
    }
    if (g.lastSyscallBlockTime !== zero) {
      ret.schedWaitTime += lastTs - g.lastSyscallBlockTime;
    }
    if (g.lastRangeTime !== null) {
      for (const [name, ts] of g.lastRangeTime) {
        addTo(ret.rangeTime, name, lastTs - ts);
      }
    }
    return ret;
  }

  /**
   * finalize is called when processing a goroutine end event or at the end
   * of trace processing. This finalizes the execution stat and any active
   * regions in the goroutine, in which case trigger is null.
   */
  finalize(lastTs: Time, trigger: EventRef | null): void {
    if (trigger !== null) {
      this.endTime = trigger.time;
    }
    const finalStat = this.snapshotStat(lastTs);

    this.assignStats(finalStat);

    // System goroutines are never part of regions, even though they
    // "inherit" a task due to creation (EvGoCreate) from within a region.
    // This may happen e.g. if the first GC is triggered within a region,
    // starting the GC worker goroutines.
    if (!isSystemGoroutine(this.name)) {
      for (const s of this.st!.activeRegions) {
        s.end = trigger;
        s.assignStats(finalStat.sub(s));
        this.regions.push(s);
      }
    }
    // *(g.goroutineSummary) = goroutineSummary{}
    this.st = new GoroutineSummaryState(this.zeroTime, null);
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

/** Summary is the analysis result produced by the summarizer. */
export interface Summary {
  goroutines: Map<GoID, GoroutineSummary>;
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
  /** gs contains the map of goroutine summaries we're building up to return to the caller. */
  private readonly gs = new Map<GoID, GoroutineSummary>();

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

  /** The relative time of absolute 0 (set from the first event's timeBase). */
  private zero: Time | undefined = undefined;
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

  /** Event feeds a single event into the stats summarizer. */
  event(ev: Event): void {
    if (this.zero === undefined) {
      this.zero = zeroTimeOf(ev);
      this.syncTs = this.zero;
      this.lastTs = this.zero;
    }
    const zero = this.zero;
    const t = ev.time();
    if (this.syncTs === zero) {
      this.syncTs = t;
    }
    this.lastTs = t;

    const kind = ev.kind();
    switch (kind) {
      // Record sync time for the RangeActive events.
      case EventKind.Sync:
        this.syncTs = t;
        break;

      // Handle state transitions.
      case EventKind.StateTransition: {
        const st = ev.stateTransition();
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
            let g = this.gs.get(id);
            switch (old) {
              case GoState.Undetermined: {
                g = new GoroutineSummary(id, zero);

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
                    addTo(g.blockTimeByReason, st.reason, stateTime);
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
                this.gs.set(g.id, g);
                break;
              }
              case GoState.NotExist: {
                g = new GoroutineSummary(id, zero);

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
                const creatorG = this.gs.get(ev.goroutine());
                if (creatorG !== undefined && creatorG.st !== null && creatorG.st.activeRegions.length > 0) {
                  const regions = creatorG.st.activeRegions;
                  const s = regions[regions.length - 1]!;
                  const synth = new UserRegionSummary();
                  synth.taskID = s.taskID;
                  synth.start = this.ref(ev);
                  g.st!.activeRegions = [synth];
                }
                this.gs.set(g.id, g);
                break;
              }
              case GoState.Running:
                if (g === undefined) throw nilDereference();
                // Record execution time as we transition out of running
                g.execTime += t - g.st!.lastStartTime;
                g.st!.lastStartTime = zero;
                break;
              case GoState.Waiting:
                if (g === undefined) throw nilDereference();
                // Record block time as we transition out of waiting.
                if (g.st!.lastBlockTime !== zero) {
                  addTo(g.blockTimeByReason, g.st!.lastBlockReason, t - g.st!.lastBlockTime);
                  g.st!.lastBlockTime = zero;
                }
                break;
              case GoState.Runnable:
                if (g === undefined) throw nilDereference();
                // Record sched latency time as we transition out of runnable.
                if (g.st!.lastRunnableTime !== zero) {
                  g.schedWaitTime += t - g.st!.lastRunnableTime;
                  g.st!.lastRunnableTime = zero;
                }
                break;
              case GoState.Syscall: {
                if (g === undefined) throw nilDereference();
                const gst = g.st!;
                // Record syscall execution time and syscall block time as we transition out of syscall.
                if (gst.lastSyscallTime !== zero) {
                  if (gst.lastSyscallBlockTime !== zero) {
                    g.syscallBlockTime += t - gst.lastSyscallBlockTime;
                    g.syscallTime += gst.lastSyscallBlockTime - gst.lastSyscallTime;
                  } else {
                    g.syscallTime += t - gst.lastSyscallTime;
                  }
                  gst.lastSyscallTime = zero;
                  gst.lastSyscallBlockTime = zero;

                  // Clear the syscall map.
                  this.syscallingP.delete(this.syscallingG.get(id) ?? 0);
                  this.syscallingG.delete(id);
                }
                break;
              }
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
            const gst = g.st!;
            switch (nw) {
              case GoState.Running:
                // We started running. Record it.
                gst.lastStartTime = t;
                if (g.startTime === zero) {
                  g.startTime = t;
                }
                break;
              case GoState.Runnable:
                gst.lastRunnableTime = t;
                break;
              case GoState.Waiting:
                if (st.reason !== 'forever') {
                  gst.lastBlockTime = t;
                  gst.lastBlockReason = st.reason;
                  break;
                }
                // "Forever" is like goroutine death.
                g.finalize(t, this.ref(ev));
                break;
              case GoState.NotExist:
                g.finalize(t, this.ref(ev));
                break;
              case GoState.Syscall:
                this.syscallingP.set(ev.proc(), id);
                this.syscallingG.set(id, ev.proc());
                gst.lastSyscallTime = t;
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
                const g = this.gs.get(goid);
                if (g !== undefined && g.st !== null) {
                  g.st.lastSyscallBlockTime = t;
                }
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
            g = this.gs.get(r.scope.id);
            break;
          case ResourceKind.Proc:
            // N.B. These ranges are not actually bound to the goroutine, they're
            // bound to the P. But if we happen to be on the P the whole time, let's
            // try to attribute it to the goroutine. (e.g. GC sweeps are here.)
            g = this.gs.get(ev.goroutine());
            if (g !== undefined) {
              this.rangesP.set(rangePKey(r.scope.id, r.name), ev.goroutine());
            }
            break;
        }
        if (g === undefined || g.st === null) {
          break;
        }
        const lrt = g.st.lastRangeTime;
        if (kind === EventKind.RangeActive) {
          const ts = lrt?.get(r.name) ?? zero;
          if (ts !== zero) {
            addTo(g.rangeTime, r.name, this.syncTs - ts);
          }
          if (lrt === null) throw nilMapAssignment();
          lrt.set(r.name, this.syncTs);
        } else {
          if (lrt === null) throw nilMapAssignment();
          lrt.set(r.name, t);
        }
        break;
      }
      case EventKind.RangeEnd: {
        const r = ev.range();
        let g: GoroutineSummary | undefined;
        switch (r.scope.kind) {
          case ResourceKind.Goroutine:
            g = this.gs.get(r.scope.id);
            break;
          case ResourceKind.Proc: {
            const rp = rangePKey(r.scope.id, r.name);
            const goid = this.rangesP.get(rp);
            if (goid !== undefined) {
              if (goid === ev.goroutine()) {
                // As the comment in the RangeBegin case states, this is only OK
                // if we finish on the same goroutine we started on.
                g = this.gs.get(goid);
              }
              this.rangesP.delete(rp);
            }
            break;
          }
        }
        if (g === undefined || g.st === null) {
          break;
        }
        const ts = g.st.lastRangeTime?.get(r.name) ?? zero;
        if (ts === zero) {
          break;
        }
        addTo(g.rangeTime, r.name, t - ts);
        g.st.lastRangeTime?.delete(r.name);
        break;
      }

      // Handle user-defined regions.
      case EventKind.RegionBegin: {
        const g = this.gs.get(ev.goroutine());
        if (g === undefined || g.st === null) throw nilDereference();
        const r = ev.region();
        const region = new UserRegionSummary();
        region.name = r.type;
        region.taskID = r.task;
        region.start = this.ref(ev);
        region.assignStats(g.snapshotStat(t));
        g.st.activeRegions.push(region);
        // Associate the region and current goroutine to the task.
        const task = this.getOrAddTask(r.task);
        task.regions.push(region);
        task.goroutines.set(g.id, g);
        break;
      }
      case EventKind.RegionEnd: {
        const g = this.gs.get(ev.goroutine());
        if (g === undefined || g.st === null) throw nilDereference();
        const r = ev.region();
        let sd: UserRegionSummary;
        const regionStk = g.st.activeRegions;
        if (regionStk.length > 0) {
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
        sd.assignStats(g.snapshotStat(t).sub(sd));
        sd.end = this.ref(ev);
        g.regions.push(sd);
        break;
      }

      // Handle tasks and logs.
      case EventKind.TaskBegin:
      case EventKind.TaskEnd: {
        // Initialize the task.
        const tk = ev.task();
        const task = this.getOrAddTask(tk.id);
        task.name = tk.type;
        task.goroutines.set(ev.goroutine(), this.gs.get(ev.goroutine()));
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
        task.goroutines.set(ev.goroutine(), this.gs.get(ev.goroutine()));
        const ref = this.ref(ev) as LogRef;
        ref.task = log.task;
        ref.category = log.category;
        ref.message = log.message;
        task.logs.push(ref);
        break;
      }
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
    for (const g of this.gs.values()) {
      g.finalize(this.lastTs, null);

      // Sort based on region start time.
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
      g.st = null;
    }
    return {
      goroutines: this.gs,
      tasks: this.tasks,
      zeroTime: this.zero ?? 0,
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
    if (ev.goroutine() === NoGoroutine) {
      return;
    }
    if (ev.kind() !== EventKind.StateTransition) {
      return;
    }
    const st = ev.stateTransition();
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
