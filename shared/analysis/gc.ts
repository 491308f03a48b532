// Port of Go 1.27's src/internal/trace/gc.go: mutator utilization functions
// and minimum mutator utilization (MMU) curves.
//
// Kept line by line with Go's structure and names (lowerCamelCase), with the
// same order of floating-point operations, so MMU values match Go's exactly
// (the contract allows 1e-9). Differences from Go:
//  - MutatorUtilizationV2 is streaming: `new MutatorUtilizationBuilder(flags)`,
//    then `.event(ev)` for every event in order and `.finish()`; the
//    function `mutatorUtilizationV2(events, flags)` wraps it for arrays.
//  - Times are this project's relative `Time`s (ns since the reader's
//    timeBase) instead of Go's absolute int64: every computation in gc.go
//    depends only on time differences, so the results are identical; the
//    `time` of a MutatorUtil or UtilWindow is relative too.
//  - Where Go panics (a P index out of range, a non-goroutine range scope
//    asked for its goroutine, a degenerate series), we throw a GoPanic
//    (panic.ts); the builder/curve is unusable afterwards, as in Go.

import { EventKind, type Event, type Range } from '../trace/event';
import { GoState, ResourceKind, NoGoroutine, goStateExecuting, type GoID, type StateTransition } from '../trace/resources';
import { heapInit, heapPop, heapPush, heapRemove } from './heap';
import { Mud } from './mud';
import { GoPanic, indexOutOfRange } from './panic';

/**
 * MutatorUtil is a change in mutator utilization at a particular time.
 * Mutator utilization functions are represented as a time-ordered
 * MutatorUtil[].
 */
export interface MutatorUtil {
  time: number;
  /** Util is the mean mutator utilization starting at Time. This is in the range [0, 1]. */
  util: number;
}

/** UtilFlags controls the behavior of MutatorUtilization. */
export type UtilFlags = number;

/**
 * UtilSTW means utilization should account for STW events.
 * This includes non-GC STW events, which are typically user-requested.
 */
export const UtilSTW: UtilFlags = 1 << 0;
/** UtilBackground means utilization should account for background mark workers. */
export const UtilBackground: UtilFlags = 1 << 1;
/** UtilAssist means utilization should account for mark assists. */
export const UtilAssist: UtilFlags = 1 << 2;
/** UtilSweep means utilization should account for sweeping. */
export const UtilSweep: UtilFlags = 1 << 3;
/**
 * UtilPerProc means each P should be given a separate utilization function.
 * Otherwise, there is a single function and each P is given a fraction of
 * the utilization.
 */
export const UtilPerProc: UtilFlags = 1 << 4;

/** The flag names used by cmd/trace's MMU page (traceviewer.utilFlagNames). */
export const utilFlagNames: Readonly<Record<string, UtilFlags>> = {
  perProc: UtilPerProc,
  stw: UtilSTW,
  background: UtilBackground,
  assist: UtilAssist,
  sweep: UtilSweep,
};

interface PerP {
  /** gc > 0 indicates that GC is active on this P. */
  gc: number;
  /**
   * series the logical series number for this P. This is necessary because
   * Ps may be removed and then re-added, and then the new P needs a new
   * series.
   */
  series: number;
}

interface ProcsCount {
  /** time at which procs changed. */
  time: number;
  /** n is the number of procs at that point. */
  n: number;
}

/**
 * The body of Go's MutatorUtilizationV2, fed one event at a time.
 *
 * MutatorUtilizationV2 returns a set of mutator utilization functions for
 * the given v2 trace. Each function will always end with 0 utilization. The
 * bounds of each function are implicit in the first and last event; outside
 * of these bounds each function is undefined.
 *
 * If the UtilPerProc flag is not given, this always returns a single
 * utilization function. Otherwise, it returns one function per P.
 */
export class MutatorUtilizationBuilder {
  // Set up a bunch of analysis state.
  private readonly out: MutatorUtil[][] = [];
  private stw = 0;
  private ps: PerP[] = [];
  private readonly inGC = new Set<GoID>();
  private readonly states = new GoStateTable();
  private readonly bgMark = new Set<GoID>();
  private readonly procs: ProcsCount[] = [];
  private nSync = 0;

  private haveLastEv = false;
  private lastEvTime = 0;

  /** Cache of the number of Ps with gc > 0 (system mode); -1 = recompute. */
  private gcPsCache = -1;

  /** Lenient mode: events Go's analysis panics on (GC work on no P) counted here and left out. */
  ignored = 0;

  /**
   * `lenient`: where Go panics on a GC range of an event without a P (an
   * index out of range), leave that event's contribution out instead (the
   * app's MMU view; `analyze` keeps Go's behaviour).
   */
  constructor(readonly flags: UtilFlags, private readonly lenient = false) {}

  // Helpers.
  private handleSTW(r: Range): boolean {
    return (this.flags & UtilSTW) !== 0 && isGCSTW(r);
  }
  private handleMarkAssist(r: Range): boolean {
    return (this.flags & UtilAssist) !== 0 && isGCMarkAssist(r);
  }
  private handleSweep(r: Range): boolean {
    return (this.flags & UtilSweep) !== 0 && isGCSweep(r);
  }

  /** ps[p].gc += d */
  private addGC(p: number, d: number): void {
    const pp = this.ps[p];
    if (pp === undefined) {
      if (this.lenient) {
        this.ignored++;
        return;
      }
      throw indexOutOfRange(p, this.ps.length);
    }
    pp.gc += d;
    this.gcPsCache = -1;
  }

  /** Processes the next event of the trace (one iteration of Go's loop). */
  event(ev: Event): void {
    const kind = ev.kind();
    this.eventWith(ev, kind, kind === EventKind.StateTransition ? ev.stateTransition() : null);
  }

  /**
   * event() with the event's kind and (for StateTransition events) its
   * ev.stateTransition() already decoded.
   */
  eventWith(ev: Event, kind: EventKind, transition: StateTransition | null): void {
    const flags = this.flags;
    const out = this.out;
    this.haveLastEv = true;
    this.lastEvTime = ev.time();

    // Process the event.
    switch (kind) {
      case EventKind.Sync:
        this.nSync = ev.sync().n;
        break;
      case EventKind.Metric: {
        const m = ev.metric();
        if (m.name !== '/sched/gomaxprocs:threads') {
          break;
        }
        const gomaxprocs = m.value.scalar;
        if (this.ps.length > gomaxprocs) {
          if ((flags & UtilPerProc) !== 0) {
            // End each P's series.
            for (const p of this.ps.slice(gomaxprocs)) {
              addUtil(out[p.series]!, ev.time(), 0);
            }
          }
          this.ps = this.ps.slice(0, gomaxprocs);
          this.gcPsCache = -1;
        }
        while (this.ps.length < gomaxprocs) {
          // Start new P's series.
          let series = 0;
          if ((flags & UtilPerProc) !== 0 || out.length === 0) {
            series = out.length;
            out.push([{ time: ev.time(), util: 1 }]);
          }
          this.ps.push({ gc: 0, series });
          this.gcPsCache = -1;
        }
        const procs = this.procs;
        if (procs.length === 0 || gomaxprocs !== procs[procs.length - 1]!.n) {
          procs.push({ time: ev.time(), n: gomaxprocs });
        }
        break;
      }
    }
    const ps = this.ps;
    if (ps.length === 0) {
      // We can't start doing any analysis until we see what GOMAXPROCS is.
      // It will show up very early in the trace, but we need to be robust to
      // something else being emitted beforehand.
      return;
    }

    switch (kind) {
      case EventKind.RangeActive: {
        if (this.nSync > 1) {
          // If we've seen a full generation, then we can be sure we're not finding out
          // about something late; we have complete information after that point, and these
          // active events will just be redundant.
          break;
        }
        // This range is active back to the start of the trace. We're failing to account
        // for this since we just found out about it now. Fix up the mutator utilization.
        //
        // N.B. A trace can't start during a STW, so we don't handle it here.
        const r = ev.range();
        let sweepCase = false;
        if (this.handleMarkAssist(r)) {
          if (goStateExecuting(this.states.get(ev.goroutine()))) {
            // This G has been in a mark assist *and running on its P* since the start
            // of the trace.
            sweepCase = true; // fallthrough
          }
          // else: If the goroutine isn't executing, then the fact that it was in mark
          // assist doesn't actually count.
        } else if (this.handleSweep(r)) {
          sweepCase = true;
        }
        if (sweepCase) {
          // This P has been in sweep (or mark assist, from above) in the start of the trace.
          //
          // We don't need to do anything if UtilPerProc is set. If we get an event like
          // this for a running P, it must show up the first time a P is mentioned. Therefore,
          // this P won't actually have any MutatorUtils on its list yet.
          //
          // However, if UtilPerProc isn't set, then we probably have data from other procs
          // and from previous events. We need to fix that up.
          if ((flags & UtilPerProc) === 0) {
            // Subtract out 1/gomaxprocs mutator utilization for all time periods
            // from the beginning of the trace until now.
            const out0 = out[0]!;
            const procs = this.procs;
            let mi = 0;
            let pi = 0;
            while (mi < out0.length) {
              if (pi < procs.length - 1 && procs[pi + 1]!.time < out0[mi]!.time) {
                pi++;
                continue;
              }
              const u = out0[mi]!;
              u.util -= 1 / procs[pi]!.n;
              if (u.util < 0) {
                u.util = 0;
              }
              mi++;
            }
          }
        }
        // After accounting for the portion we missed, this just acts like the
        // beginning of a new range.
        this.rangeBegin(ev, r);
        break;
      }
      case EventKind.RangeBegin:
        this.rangeBegin(ev, ev.range());
        break;
      case EventKind.RangeEnd: {
        const r = ev.range();
        if (this.handleSTW(r)) {
          this.stw--;
        } else if (this.handleSweep(r)) {
          this.addGC(ev.proc(), -1);
        } else if (this.handleMarkAssist(r)) {
          this.addGC(ev.proc(), -1);
          const g = scopeGoroutine(r);
          if (g !== NoGoroutine) {
            this.inGC.delete(g);
          }
        }
        break;
      }
      case EventKind.StateTransition: {
        const st = transition!;
        if (st.resource.kind !== ResourceKind.Goroutine) {
          break;
        }
        const old = st.oldState as GoState;
        const nw = st.newState as GoState;
        const g = st.resource.id;
        if (this.inGC.has(g) || this.bgMark.has(g)) {
          if (!goStateExecuting(old) && goStateExecuting(nw)) {
            // Started running while doing GC things.
            this.addGC(ev.proc(), +1);
          } else if (goStateExecuting(old) && !goStateExecuting(nw)) {
            // Stopped running while doing GC things.
            this.addGC(ev.proc(), -1);
          }
        }
        // states[g] = new. states is only read for RangeActive events
        // while nSync <= 1, and only as states[g].Executing(), where a
        // missing entry reads as Undetermined: forgetting goroutines that no
        // longer exist, and everything after the first generation, gives the
        // same answers and keeps the map small.
        if (this.nSync <= 1) {
          this.states.set(g, nw === GoState.NotExist ? GoState.Undetermined : nw);
        } else {
          this.states.clear();
        }
        break;
      }
      case EventKind.Label: {
        const l = ev.label();
        if ((flags & UtilBackground) !== 0 && l.label.startsWith('GC ') && l.label !== 'GC (idle)') {
          // Background mark worker.
          //
          // If we're in per-proc mode, we don't
          // count dedicated workers because
          // they kick all of the goroutines off
          // that P, so don't directly
          // contribute to goroutine latency.
          if (!((flags & UtilPerProc) !== 0 && l.label === 'GC (dedicated)')) {
            this.bgMark.add(ev.goroutine());
            this.addGC(ev.proc(), +1);
          }
        }
        break;
      }
    }

    if ((flags & UtilPerProc) === 0) {
      // Compute the current average utilization.
      let gcPs = 0;
      if (this.stw > 0) {
        gcPs = ps.length;
      } else {
        if (this.gcPsCache < 0) {
          let n = 0;
          for (let i = 0; i < ps.length; i++) {
            if (ps[i]!.gc > 0) {
              n++;
            }
          }
          this.gcPsCache = n;
        }
        gcPs = this.gcPsCache;
      }
      // mu := MutatorUtil{int64(ev.Time()), 1 - float64(gcPs)/float64(len(ps))}

      // Record the utilization change. (Since
      // len(ps) == len(out), we know len(out) > 0.)
      addUtil(out[0]!, ev.time(), 1 - gcPs / ps.length);
    } else {
      // Check for per-P utilization changes.
      const t = ev.time();
      for (let i = 0; i < ps.length; i++) {
        const p = ps[i]!;
        let util = 1.0;
        if (this.stw > 0 || p.gc > 0) {
          util = 0.0;
        }
        addUtil(out[p.series]!, t, util);
      }
    }
  }

  private rangeBegin(ev: Event, r: Range): void {
    if (this.handleSTW(r)) {
      this.stw++;
    } else if (this.handleSweep(r)) {
      this.addGC(ev.proc(), +1);
    } else if (this.handleMarkAssist(r)) {
      this.addGC(ev.proc(), +1);
      const g = scopeGoroutine(r);
      if (g !== NoGoroutine) {
        this.inGC.add(g);
      }
    }
  }

  /**
   * Ends the stream and returns the utilization functions (Go's return
   * value; [] where Go returns nil, i.e. when there were no events).
   */
  finish(): MutatorUtil[][] {
    // No events in the stream.
    if (!this.haveLastEv) {
      return [];
    }

    // Add final 0 utilization event to any remaining series. This
    // is important to mark the end of the trace. The exact value
    // shouldn't matter since no window should extend beyond this,
    // but using 0 is symmetric with the start of the trace.
    for (const p of this.ps) {
      addUtil(this.out[p.series]!, this.lastEvTime, 0);
    }
    return this.out;
  }
}

/**
 * map[GoID]GoState (missing = GoUndetermined): a byte per goroutine for
 * dense IDs, a Map for the others.
 */
class GoStateTable {
  private dense = new Uint8Array(1024);
  private readonly sparse = new Map<GoID, GoState>();
  private empty = true;

  get(g: GoID): GoState {
    if (g >= 0 && g < this.dense.length) return this.dense[g]! as GoState;
    return this.sparse.get(g) ?? GoState.Undetermined;
  }

  set(g: GoID, s: GoState): void {
    this.empty = false;
    if (g >= 0 && Number.isInteger(g) && g < 1 << 26) {
      if (g >= this.dense.length) {
        let n = this.dense.length;
        while (n <= g) n *= 2;
        const d = new Uint8Array(n);
        d.set(this.dense);
        this.dense = d;
      }
      this.dense[g] = s;
    } else if (s === GoState.Undetermined) {
      this.sparse.delete(g);
    } else {
      this.sparse.set(g, s);
    }
  }

  clear(): void {
    if (this.empty) return;
    this.empty = true;
    this.dense = new Uint8Array(1024);
    this.sparse.clear();
  }
}

/** Go's MutatorUtilizationV2 over an in-memory sequence of events. */
export function mutatorUtilizationV2(events: Iterable<Event>, flags: UtilFlags): MutatorUtil[][] {
  const b = new MutatorUtilizationBuilder(flags);
  for (const ev of events) {
    b.event(ev);
  }
  return b.finish();
}

/** r.Scope.Goroutine() */
function scopeGoroutine(r: Range): GoID {
  if (r.scope.kind !== ResourceKind.Goroutine) {
    throw new GoPanic(`attempted to get GoID from ${r.scope.toString()} resource ID`);
  }
  return r.scope.id;
}

/** util = addUtil(util, MutatorUtil{time, u}) (appends in place; allocates only what it keeps). */
function addUtil(util: MutatorUtil[], time: number, u: number): void {
  if (util.length > 0) {
    const last = util[util.length - 1]!;
    if (u === last.util) {
      // No change.
      return;
    }
    if (time === last.time) {
      // Take the lowest utilization at a time stamp.
      if (u < last.util) {
        util[util.length - 1] = { time, util: u };
      }
      return;
    }
  }
  util.push({ time, util: u });
}

// totalUtil is total utilization, measured in nanoseconds. (In Go a separate
// float64 type, to distinguish it from mean utilization; a number here.)

function totalUtilOf(meanUtil: number, dur: number): number {
  return meanUtil * dur;
}

/** mean returns the mean utilization over dur. */
function mean(u: number, dur: number): number {
  return u / dur;
}

/** Go's math.MaxInt64, as the "no next change" sentinel of integrator.next. */
const maxInt64 = 2 ** 63;

/** bandsPerSeries is the number of bands to divide each series into. This is only changed by tests. */
export const mmuTesting = { bandsPerSeries: 1000 };

interface MMUBand {
  /** minUtil is the minimum instantaneous mutator utilization in this band. */
  minUtil: number;
  /** cumUtil is the cumulative total mutator utilization between time 0 and the left edge of this band. */
  cumUtil: number;
  /** integrator is the integrator for the left edge of this band (its pos). */
  integratorPos: number;
}

interface BandUtil {
  /** Utilization series index */
  series: number;
  /** Band index */
  i: number;
  /** Lower bound of mutator utilization for all windows with a left edge in this band. */
  utilBound: number;
}

const bandUtilLess = (h: BandUtil[], i: number, j: number): boolean => h[i]!.utilBound < h[j]!.utilBound;

/** UtilWindow is a specific window at Time. */
export interface UtilWindow {
  time: number;
  /** MutatorUtil is the mean mutator utilization in this window. */
  mutatorUtil: number;
}

const utilHeapLess = (h: UtilWindow[], i: number, j: number): boolean => {
  if (h[i]!.mutatorUtil !== h[j]!.mutatorUtil) {
    return h[i]!.mutatorUtil > h[j]!.mutatorUtil;
  }
  return h[i]!.time > h[j]!.time;
};

/**
 * An accumulator takes a windowed mutator utilization function and tracks
 * various statistics for that function.
 */
class Accumulator {
  mmu = 1.0;

  /**
   * bound is the mutator utilization bound where adding any mutator
   * utilization above this bound cannot affect the accumulated statistics.
   */
  bound = 1.0;

  // Worst N window tracking
  nWorst = 0;
  wHeap: UtilWindow[] = [];

  // Mutator utilization distribution tracking
  mud: Mud | null = null;
  /** preciseMass is the distribution mass that must be precise before accumulation is stopped. */
  preciseMass = 0;
  /** lastTime and lastMU are the previous point added to the windowed mutator utilization function. */
  lastTime = 0;
  lastMU = 0;

  /**
   * resetTime declares a discontinuity in the windowed mutator utilization
   * function by resetting the current time.
   */
  resetTime(): void {
    // This only matters for distribution collection, since that's
    // the only thing that depends on the progression of the
    // windowed mutator utilization function.
    this.lastTime = maxInt64;
  }

  /**
   * addMU adds a point to the windowed mutator utilization function at
   * (time, mu). This must be called for monotonically increasing values of
   * time.
   *
   * It returns true if further calls to addMU would be pointless.
   */
  addMU(time: number, mu: number, window: number): boolean {
    if (mu < this.mmu) {
      this.mmu = mu;
    }
    this.bound = this.mmu;

    if (this.nWorst === 0) {
      // If the minimum has reached zero, it can't go any
      // lower, so we can stop early.
      return mu === 0;
    }

    // Consider adding this window to the n worst.
    if (this.wHeap.length < this.nWorst || mu < this.wHeap[0]!.mutatorUtil) {
      // This window is lower than the K'th worst window.
      //
      // Check if there's any overlapping window
      // already in the heap and keep whichever is
      // worse.
      let keep = false;
      const wHeap = this.wHeap;
      for (let i = 0; i < wHeap.length; i++) {
        const ui = wHeap[i]!;
        if (time + window > ui.time && ui.time + window > time) {
          if (ui.mutatorUtil <= mu) {
            // Keep the first window.
            keep = true;
          } else {
            // Replace it with this window.
            heapRemove(wHeap, utilHeapLess, i);
          }
          break;
        }
      }

      if (!keep) {
        heapPush(wHeap, utilHeapLess, { time, mutatorUtil: mu });
        if (wHeap.length > this.nWorst) {
          heapPop(wHeap, utilHeapLess);
        }
      }
    }

    if (this.wHeap.length < this.nWorst) {
      // We don't have N windows yet, so keep accumulating.
      this.bound = 1.0;
    } else {
      // Anything above the least worst window has no effect.
      this.bound = Math.max(this.bound, this.wHeap[0]!.mutatorUtil);
    }

    if (this.mud !== null) {
      if (this.lastTime !== maxInt64) {
        // Update distribution.
        this.mud.add(this.lastMU, mu, time - this.lastTime);
      }
      this.lastTime = time;
      this.lastMU = mu;
      const [, mudBound, ok] = this.mud.approxInvCumulativeSum();
      if (ok) {
        this.bound = Math.max(this.bound, mudBound);
      } else {
        // We haven't accumulated enough total precise
        // mass yet to even reach our goal, so keep
        // accumulating.
        this.bound = 1;
      }
      // It's not worth checking percentiles every time, so
      // just keep accumulating this band.
      return false;
    }

    // If we've found enough 0 utilizations, we can stop immediately.
    return this.wHeap.length === this.nWorst && this.wHeap[0]!.mutatorUtil === 0;
  }
}

/** An integrator tracks a position in a utilization function and integrates it. */
class Integrator {
  constructor(
    readonly u: MMUSeries,
    /** pos is the index in u.util of the current time's non-strict predecessor. */
    public pos: number,
  ) {}

  /**
   * advance returns the integral of the utilization function from 0 to
   * time. advance must be called on monotonically increasing values of
   * times.
   */
  advance(time: number): number {
    const util = this.u.util;
    let pos = this.pos;
    // Advance pos until pos+1 is time's strict successor (making
    // pos time's non-strict predecessor).
    //
    // Very often, this will be nearby, so we optimize that case,
    // but it may be arbitrarily far away, so we handled that
    // efficiently, too.
    const maxSeq = 8;
    if (pos + maxSeq < util.length && util[pos + maxSeq]!.time > time) {
      // Nearby. Use a linear scan.
      while (pos + 1 < util.length && util[pos + 1]!.time <= time) {
        pos++;
      }
    } else {
      // Far. Binary search for time's strict successor.
      let l = pos;
      let r = util.length;
      while (l < r) {
        const h = (l + r) >>> 1;
        if (util[h]!.time <= time) {
          l = h + 1;
        } else {
          r = h;
        }
      }
      pos = l - 1; // Non-strict predecessor.
    }
    this.pos = pos;
    let partial = 0;
    const up = util[pos]!;
    if (time !== up.time) {
      partial = totalUtilOf(up.util, time - up.time);
    }
    return this.u.sums[pos]! + partial;
  }

  /** next returns the smallest time t' > time of a change in the utilization function. */
  next(time: number): number {
    const util = this.u.util;
    for (let i = this.pos; i < util.length; i++) {
      const u = util[i]!;
      if (u.time > time) {
        return u.time;
      }
    }
    return maxInt64;
  }
}

class MMUSeries {
  util: MutatorUtil[];
  /** sums[j] is the cumulative sum of util[:j]. */
  sums: Float64Array;
  /** bands summarizes util in non-overlapping bands of duration bandDur. */
  bands: MMUBand[];
  /** bandDur is the duration of each band. */
  bandDur: number;

  /** newMMUSeries */
  constructor(util: MutatorUtil[]) {
    // Compute cumulative sum.
    const sums = new Float64Array(util.length);
    let prevTime = 0;
    let prevUtil = 0;
    let sum = 0;
    for (let j = 0; j < util.length; j++) {
      const u = util[j]!;
      sum += totalUtilOf(prevUtil, u.time - prevTime);
      sums[j] = sum;
      prevTime = u.time;
      prevUtil = u.util;
    }

    // Divide the utilization curve up into equal size
    // non-overlapping "bands" and compute a summary for each of
    // these bands.
    //
    // Compute the duration of each band.
    let numBands = mmuTesting.bandsPerSeries;
    if (numBands > util.length) {
      // There's no point in having lots of bands if there
      // aren't many events.
      numBands = util.length;
    }
    const dur = util[util.length - 1]!.time - util[0]!.time;
    let bandDur = Math.trunc((dur + numBands - 1) / numBands);
    if (bandDur < 1) {
      bandDur = 1;
    }
    // Compute the bands. There are numBands+1 bands in order to
    // record the final cumulative sum.
    this.util = util;
    this.sums = sums;
    this.bandDur = bandDur;
    const bands: MMUBand[] = new Array<MMUBand>(numBands + 1);
    this.bands = bands;
    const leftSum = new Integrator(this, 0);
    for (let i = 0; i < bands.length; i++) {
      const [startTime, endTime] = this.bandTime(i);
      const cumUtil = leftSum.advance(startTime);
      const predIdx = leftSum.pos;
      let minUtil = 1.0;
      for (let k = predIdx; k < util.length && util[k]!.time < endTime; k++) {
        minUtil = Math.min(minUtil, util[k]!.util);
      }
      bands[i] = { minUtil, cumUtil, integratorPos: leftSum.pos };
    }
  }

  bandTime(i: number): [number, number] {
    const start = i * this.bandDur + this.util[0]!.time;
    const end = start + this.bandDur;
    return [start, end];
  }

  mkBandUtil(series: number, window: number): BandUtil[] {
    // For each band, compute the worst-possible total mutator
    // utilization for all windows that start in that band.

    // minBands is the minimum number of bands a window can span
    // and maxBands is the maximum number of bands a window can
    // span in any alignment.
    const bandDur = this.bandDur;
    const minBands = Math.trunc((window + bandDur - 1) / bandDur);
    const maxBands = Math.trunc((window + 2 * (bandDur - 1)) / bandDur);
    if (window > 1 && maxBands < 2) {
      throw new GoPanic('maxBands < 2');
    }
    const tailDur = window % bandDur;
    let nUtil = this.bands.length - maxBands + 1;
    if (nUtil < 0) {
      nUtil = 0;
    }
    const bands = this.bands;
    const bandU: BandUtil[] = new Array<BandUtil>(nUtil);
    for (let i = 0; i < nUtil; i++) {
      // To compute the worst-case MU, we assume the minimum
      // for any bands that are only partially overlapped by
      // some window and the mean for any bands that are
      // completely covered by all windows.
      let util = 0;

      // Find the lowest and second lowest of the partial
      // bands.
      const l = bandAt(bands, i).minUtil;
      const r1 = bandAt(bands, i + minBands - 1).minUtil;
      const r2 = bandAt(bands, i + maxBands - 1).minUtil;
      const minBand = Math.min(l, Math.min(r1, r2));
      // Assume the worst window maximally overlaps the
      // worst minimum and then the rest overlaps the second
      // worst minimum.
      if (minBands === 1) {
        util += totalUtilOf(minBand, window);
      } else {
        util += totalUtilOf(minBand, bandDur);
        let midBand = 0.0;
        if (minBand === l) {
          midBand = Math.min(r1, r2);
        } else if (minBand === r1) {
          midBand = Math.min(l, r2);
        } else if (minBand === r2) {
          midBand = Math.min(l, r1);
        }
        util += totalUtilOf(midBand, tailDur);
      }

      // Add the total mean MU of bands that are completely
      // overlapped by all windows.
      if (minBands > 2) {
        util += bands[i + minBands - 1]!.cumUtil - bands[i + 1]!.cumUtil;
      }

      bandU[i] = { series, i, utilBound: mean(util, window) };
    }

    return bandU;
  }

  /** bandMMU computes the precise minimum mutator utilization for windows with a left edge in band bandIdx. */
  bandMMU(bandIdx: number, window: number, acc: Accumulator): void {
    const util = this.util;

    // We think of the mutator utilization over time as the
    // box-filtered utilization function, which we call the
    // "windowed mutator utilization function". The resulting
    // function is continuous and piecewise linear (unless
    // window==0, which we handle elsewhere), where the boundaries
    // between segments occur when either edge of the window
    // encounters a change in the instantaneous mutator
    // utilization function. Hence, the minimum of this function
    // will always occur when one of the edges of the window
    // aligns with a utilization change, so these are the only
    // points we need to consider.
    //
    // We compute the mutator utilization function incrementally
    // by tracking the integral from t=0 to the left edge of the
    // window and to the right edge of the window.
    const left = new Integrator(this, this.bands[bandIdx]!.integratorPos);
    const right = new Integrator(this, left.pos);
    let [time, endTime] = this.bandTime(bandIdx);
    const utilEnd = util[util.length - 1]!.time - window;
    if (utilEnd < endTime) {
      endTime = utilEnd;
    }
    acc.resetTime();
    for (;;) {
      // Advance edges to time and time+window.
      const mu = mean(right.advance(time + window) - left.advance(time), window);
      if (acc.addMU(time, mu, window)) {
        break;
      }
      if (time === endTime) {
        break;
      }

      // The maximum slope of the windowed mutator
      // utilization function is 1/window, so we can always
      // advance the time by at least (mu - mmu) * window
      // without dropping below mmu.
      const minTime = time + Math.trunc((mu - acc.bound) * window);

      // Advance the window to the next time where either
      // the left or right edge of the window encounters a
      // change in the utilization curve.
      const t1 = left.next(time);
      const t2 = right.next(time + window) - window;
      if (t1 < t2) {
        time = t1;
      } else {
        time = t2;
      }
      if (time < minTime) {
        time = minTime;
      }
      if (time >= endTime) {
        // For MMUs we could stop here, but for MUDs
        // it's important that we span the entire
        // band.
        time = endTime;
      }
    }
  }
}

/** bands[i], failing like Go's bounds check instead of reading undefined. */
function bandAt(bands: MMUBand[], i: number): MMUBand {
  const b = bands[i];
  if (b === undefined) {
    throw indexOutOfRange(i, bands.length);
  }
  return b;
}

/** An MMUCurve is the minimum mutator utilization curve across multiple window sizes. */
export class MMUCurve {
  private readonly series: MMUSeries[];

  /** NewMMUCurve returns an MMU curve for the given mutator utilization function. */
  constructor(utils: MutatorUtil[][]) {
    this.series = utils.map((util) => new MMUSeries(util));
  }

  /**
   * MMU returns the minimum mutator utilization for the given time window.
   * This is the minimum utilization for all windows of this duration across
   * the execution. The returned value is in the range [0, 1].
   */
  mmu(window: number): number {
    const acc = new Accumulator();
    this.mmuAcc(window, acc);
    return acc.mmu;
  }

  /**
   * Examples returns n specific examples of the lowest mutator utilization
   * for the given window size. The returned windows will be disjoint
   * (otherwise there would be a huge number of mostly-overlapping windows at
   * the single lowest point). There are no guarantees on which set of
   * disjoint windows this returns.
   */
  examples(window: number, n: number): UtilWindow[] {
    const acc = new Accumulator();
    acc.nWorst = n;
    this.mmuAcc(window, acc);
    // sort.Sort(sort.Reverse(acc.wHeap)): a total order (disjoint windows
    // have distinct times), so any correct sort gives Go's result.
    const worst = acc.wHeap.slice();
    worst.sort((a, b) => {
      if (a.mutatorUtil !== b.mutatorUtil) {
        return a.mutatorUtil < b.mutatorUtil ? -1 : 1;
      }
      return a.time < b.time ? -1 : a.time > b.time ? 1 : 0;
    });
    return worst;
  }

  /**
   * MUD returns mutator utilization distribution quantiles for the given
   * window size.
   *
   * The mutator utilization distribution is the distribution of mean
   * mutator utilization across all windows of the given window size in the
   * trace.
   *
   * The minimum mutator utilization is the minimum (0th percentile) of this
   * distribution. (However, if only the minimum is desired, it's more
   * efficient to use the MMU method.)
   */
  mud(window: number, quantiles: number[]): number[] {
    if (quantiles.length === 0) {
      return [];
    }

    // Each unrefined band contributes a known total mass to the
    // distribution (bandDur except at the end), but in an unknown
    // way. However, we know that all the mass it contributes must
    // be at or above its worst-case mean mutator utilization.
    //
    // Hence, we refine bands until the highest desired
    // distribution quantile is less than the next worst-case mean
    // mutator utilization. At this point, all further
    // contributions to the distribution must be beyond the
    // desired quantile and hence cannot affect it.
    //
    // First, find the highest desired distribution quantile.
    let maxQ = quantiles[0]!;
    for (const q of quantiles) {
      if (q > maxQ) {
        maxQ = q;
      }
    }
    // The distribution's mass is in units of time (it's not
    // normalized because this would make it more annoying to
    // account for future contributions of unrefined bands). The
    // total final mass will be the duration of the trace itself
    // minus the window size. Using this, we can compute the mass
    // corresponding to quantile maxQ.
    let duration = 0;
    for (const s of this.series) {
      const duration1 = s.util[s.util.length - 1]!.time - s.util[0]!.time;
      if (duration1 >= window) {
        duration += duration1 - window;
      }
    }
    const qMass = duration * maxQ;

    // Accumulate the MUD until we have precise information for
    // everything to the left of qMass.
    const acc = new Accumulator();
    acc.preciseMass = qMass;
    acc.mud = new Mud();
    acc.mud.setTrackMass(qMass);
    this.mmuAcc(window, acc);

    // Evaluate the quantiles on the accumulated MUD.
    const out: number[] = new Array<number>(quantiles.length);
    for (let i = 0; i < out.length; i++) {
      let [mu] = acc.mud.invCumulativeSum(duration * quantiles[i]!);
      if (Number.isNaN(mu)) {
        // There are a few legitimate ways this can
        // happen:
        //
        // 1. If the window is the full trace
        // duration, then the windowed MU function is
        // only defined at a single point, so the MU
        // distribution is not well-defined.
        //
        // 2. If there are no events, then the MU
        // distribution has no mass.
        //
        // Either way, all of the quantiles will have
        // converged toward the MMU at this point.
        mu = acc.mmu;
      }
      out[i] = mu;
    }
    return out;
  }

  private mmuAcc(window: number, acc: Accumulator): void {
    if (window <= 0) {
      acc.mmu = 0;
      return;
    }

    let bandU: BandUtil[] | null = null;
    const windows: number[] = new Array<number>(this.series.length);
    for (let i = 0; i < this.series.length; i++) {
      const s = this.series[i]!;
      windows[i] = window;
      const max = s.util[s.util.length - 1]!.time - s.util[0]!.time;
      if (window > max) {
        windows[i] = max;
      }

      const bandU1 = s.mkBandUtil(i, windows[i]!);
      if (bandU === null) {
        bandU = bandU1;
      } else {
        for (const b of bandU1) bandU.push(b);
      }
    }
    if (bandU === null) {
      return;
    }

    // Process bands from lowest utilization bound to highest.
    heapInit(bandU, bandUtilLess);

    // Refine each band into a precise window and MMU until
    // refining the next lowest band can no longer affect the MMU
    // or windows.
    while (bandU.length > 0 && bandU[0]!.utilBound < acc.bound) {
      const i = bandU[0]!.series;
      this.series[i]!.bandMMU(bandU[0]!.i, windows[i]!, acc);
      heapPop(bandU, bandUtilLess);
    }
  }
}

/** Go's time.Duration(math.Exp(...)): float64 → int64, truncating toward zero. */
function durationOf(f: number): number {
  return Math.trunc(f);
}

/** The data of cmd/trace's `/mmu?mode=plot` (traceviewer mmu.HandlePlot). */
export interface MMUPlot {
  xMin: number;
  xMax: number;
  quantiles: number[] | null;
  /** [window, mmu] or [window, q0, q1, ...] per sample. */
  curve: number[][];
}

/**
 * The MMU plot of cmd/trace's MMU page: windows from xMin (1s divided by
 * 1000 until MMU(x) < 0.0001) to min(1e6·xMin, trace length), 100
 * log-spaced samples; with `percentiles`, MUD quantiles 0, .001, .01, .05
 * instead of the MMU.
 */
export function mmuPlot(mu: MutatorUtil[][], mmuCurve: MMUCurve, percentiles = false): MMUPlot | null {
  if (mu.length === 0 || mu[0]!.length === 0) {
    // Go panics here (index out of range).
    return null;
  }
  const quantiles = percentiles ? [0, 1 - 0.999, 1 - 0.99, 1 - 0.95] : null;

  let xMin = 1e9;
  while (xMin > 1) {
    if (mmuCurve.mmu(xMin) < 0.0001) {
      break;
    }
    xMin = Math.trunc(xMin / 1000);
  }
  let xMax = xMin * 1e6;
  let minEvent = mu[0]![0]!.time;
  let maxEvent = mu[0]![mu[0]!.length - 1]!.time;
  for (const mu1 of mu.slice(1)) {
    if (mu1[0]!.time < minEvent) {
      minEvent = mu1[0]!.time;
    }
    if (mu1[mu1.length - 1]!.time > maxEvent) {
      maxEvent = mu1[mu1.length - 1]!.time;
    }
  }
  const maxMax = maxEvent - minEvent;
  if (xMax > maxMax) {
    xMax = maxMax;
  }
  const logMin = Math.log(xMin);
  const logMax = Math.log(xMax);
  const samples = 100;
  const plot: number[][] = new Array<number[]>(samples);
  for (let i = 0; i < samples; i++) {
    const window = durationOf(Math.exp((i / (samples - 1)) * (logMax - logMin) + logMin));
    if (quantiles === null) {
      plot[i] = [window, mmuCurve.mmu(window)];
    } else {
      plot[i] = [window, ...mmuCurve.mud(window, quantiles)];
    }
  }
  return { xMin, xMax, quantiles, curve: plot };
}

export function isGCSTW(r: Range): boolean {
  return r.name.startsWith('stop-the-world') && r.name.includes('GC');
}

export function isGCMarkAssist(r: Range): boolean {
  return r.name === 'GC mark assist';
}

export function isGCSweep(r: Range): boolean {
  return r.name === 'GC incremental sweep';
}
