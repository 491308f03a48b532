// Minimum mutator utilization for the app's MMU view: Go's mutator
// utilization function (gc.go) read from the trace, its MMU curve sampled
// at log-spaced window sizes, optionally quantiles of the utilization
// distribution (mmu-mud.ts: Go's own MUD always answers the MMU), and the
// worst windows of one size converted to the timeline's time.

import type { JobContext } from './jobs';
import type { MMURequest, MMUResponse, MMUWindow } from '../../shared/ipc/analysis/mmu';
import { MMUCurve, MutatorUtilizationBuilder, UtilAssist, UtilBackground, UtilPerProc, UtilSTW, UtilSweep, type MutatorUtil, type UtilFlags } from '../../shared/analysis/gc';
import { GoPanic } from '../../shared/analysis/panic';
import { mudQuantiles } from './mmu-mud';
import { EventKind, type Event } from '../../shared/trace/event';
import { describeTraceError } from '../../shared/trace/errors';
import { readWholeGenerations } from './read-whole';

export const DEFAULT_POINTS = 100;
export const DEFAULT_MIN_WINDOW = 1000;
export const DEFAULT_WORST = 10;

/** The request's include flags and mode as Go's UtilFlags (defaults: cmd/trace's MMU page). */
export function utilFlagsOf(req: MMURequest): UtilFlags {
  let f = 0;
  if (req.stw ?? true) f |= UtilSTW;
  if (req.background ?? true) f |= UtilBackground;
  if (req.assist ?? true) f |= UtilAssist;
  if (req.sweep ?? false) f |= UtilSweep;
  if (req.perGoroutine ?? false) f |= UtilPerProc;
  return f;
}

/** Window sizes as Go's plot samples them (exp of evenly spaced logs), rounded to ns (Go truncates: 999ns for 1µs); duplicates dropped. */
export function logSpacedWindows(min: number, max: number, points: number): number[] {
  const out: number[] = [];
  const logMin = Math.log(min);
  const logMax = Math.log(max);
  for (let i = 0; i < points; i++) {
    const w = points === 1 ? min : Math.round(Math.exp((i / (points - 1)) * (logMax - logMin) + logMin));
    if (w > 0 && w !== out[out.length - 1]) out.push(w);
  }
  return out;
}

interface Utilization {
  util: MutatorUtil[][] | null;
  /** The read error, if any (the utilization then covers the events up to the last complete generation). */
  error: string | null;
  /** Go's analysis panicked. */
  panic: string | null;
  /** Reader time of the last event used. */
  lastTime: number;
  /** Lenient mode: events left out where Go panics. */
  ignored: number;
  /** Whether the trace has any GC work (GC, stop-the-world, mark assist or sweep ranges). */
  gcWork: boolean;
}

/**
 * Go's MutatorUtilizationV2 over the trace. As `analyze` does, a read error
 * in the middle of a generation makes it start again with the events up to
 * the last Sync.
 */
function readUtilization(ctx: JobContext, flags: UtilFlags, lenient = false): Utilization {
  const r = readWholeGenerations(ctx, () => new UtilizationFeed(flags, lenient));
  const f = r.consumer;
  const error = r.error === null ? null : describeTraceError(ctx.path, r.error);
  const base = { error, lastTime: r.lastTime, ignored: f.builder.ignored, gcWork: f.gcWork };
  if (f.panic !== null || r.events === 0) return { ...base, util: null, panic: f.panic };
  return { ...base, util: f.builder.finish(), panic: null };
}

/** Go's utilization builder, stopped (not thrown) by a Go panic, noting whether the trace has GC work. */
class UtilizationFeed {
  readonly builder: MutatorUtilizationBuilder;
  panic: string | null = null;
  gcWork = false;

  constructor(flags: UtilFlags, lenient: boolean) {
    this.builder = new MutatorUtilizationBuilder(flags, lenient);
  }

  event(ev: Event): void {
    if (!this.gcWork) {
      const k = ev.kind();
      if ((k === EventKind.RangeBegin || k === EventKind.RangeActive) && isGCWork(ev.range().name)) this.gcWork = true;
    }
    if (this.panic !== null) return;
    try {
      this.builder.event(ev);
    } catch (e) {
      if (!(e instanceof GoPanic)) throw e;
      this.panic = e.message;
    }
  }
}

/** GC ranges: the concurrent mark phase, mark assists, sweeps, GC stop-the-worlds. */
function isGCWork(name: string): boolean {
  return name.startsWith('GC ') || (name.startsWith('stop-the-world') && name.includes('GC'));
}

const NO_PROCS =
  'No mutator utilization: the trace says nothing about GOMAXPROCS after its start, so there are no processors to count. ' +
  'This happens with traces of Go 1.21 and older (cmd/trace panics on them).';

function emptyResponse(unavailable: string, error: string | null): MMUResponse {
  return { unavailable, error, note: null, series: 0, t0: 0, t1: 0, windows: new Float64Array(0), mmu: new Float64Array(0), quantiles: [], mud: [], window: null, worst: [] };
}

/**
 * A trace without any GC work (Go's analysis cannot even start on such a v1
 * trace: nothing says how many Ps there are): the mutator could use the
 * whole CPU at every window size, and no window is worse than another.
 */
function noGCResponse(ctx: JobContext, req: MMURequest, lastTime: number, error: string | null): MMUResponse {
  const end = Math.max(1, ctx.toIndexTime(lastTime));
  const windows = req.windows?.map(Math.trunc) ?? defaultWindows(req, end);
  const quantiles = req.quantiles ?? [];
  return {
    unavailable: null,
    error,
    note: 'No garbage collection in this trace: the program could use all of the CPU in every window (MMU 100%).',
    series: 1,
    t0: 0,
    t1: end,
    windows: Float64Array.from(windows),
    mmu: new Float64Array(windows.length).fill(1),
    quantiles,
    mud: quantiles.map(() => new Float64Array(windows.length).fill(1)),
    window: req.window === undefined ? null : Math.trunc(req.window),
    worst: [],
  };
}

export function mmuJob(ctx: JobContext, req: MMURequest): MMUResponse {
  const flags = utilFlagsOf(req);
  let u = readUtilization(ctx, flags);
  let note: string | null = null;
  if (u.panic !== null) {
    // Go's analysis panics on this trace (cmd/trace shows nothing): leave out what it cannot place, and say so.
    const panic = u.panic;
    u = readUtilization(ctx, flags, true);
    if (u.panic !== null) return emptyResponse(`Go's mutator utilization analysis fails on this trace: ${panic}`, u.error);
    note = `Go's own analysis fails on this trace (${panic}; go tool trace shows no MMU). This curve leaves out the ${u.ignored.toLocaleString('en-US')} GC event${u.ignored === 1 ? '' : 's'} on no processor that Go cannot place.`;
  }
  const { util, error, lastTime } = u;
  if (util === null) return emptyResponse('No mutator utilization: the trace has no events.', error);
  if (util.length === 0 || util.some((s) => s.length === 0)) {
    if (!u.gcWork) return noGCResponse(ctx, req, lastTime, error);
    return emptyResponse(NO_PROCS, error);
  }

  let lo = Infinity;
  let hi = -Infinity;
  for (const s of util) {
    lo = Math.min(lo, s[0]!.time);
    hi = Math.max(hi, s[s.length - 1]!.time);
  }
  try {
    const curve = new MMUCurve(util);
    // Go's function ends at its last change (often before the trace ends);
    // the axis goes on to the trace's length, where the MMU stays flat.
    const windows = req.windows?.map(Math.trunc) ?? defaultWindows(req, Math.max(hi - lo, ctx.toIndexTime(lastTime)));
    const quantiles = req.quantiles ?? [];
    const mmu = new Float64Array(windows.length);
    const mud = quantiles.map(() => new Float64Array(windows.length));
    for (let i = 0; i < windows.length; i++) {
      ctx.checkCancelled();
      mmu[i] = curve.mmu(windows[i]!);
      if (quantiles.length > 0) {
        const q = mudQuantiles(util, windows[i]!, quantiles);
        for (let k = 0; k < quantiles.length; k++) {
          const v = q?.[k];
          // No distribution (the window spans the whole function): Go's answer, the MMU.
          mud[k]![i] = v === undefined || Number.isNaN(v) ? mmu[i]! : v;
        }
      }
    }
    let worst: MMUWindow[] = [];
    const window = req.window === undefined ? null : Math.trunc(req.window);
    if (window !== null) {
      worst = curve.examples(window, req.worst ?? DEFAULT_WORST).map((x) => ({
        t0: ctx.toIndexTime(x.time),
        // Go clips a window longer than the trace to the trace.
        t1: ctx.toIndexTime(Math.min(x.time + window, hi)),
        util: x.mutatorUtil,
      }));
    }
    return {
      unavailable: null,
      error,
      note,
      series: util.length,
      t0: ctx.toIndexTime(lo),
      t1: ctx.toIndexTime(hi),
      windows: Float64Array.from(windows),
      mmu,
      quantiles,
      mud,
      window,
      worst,
    };
  } catch (e) {
    if (!(e instanceof GoPanic)) throw e;
    return emptyResponse(`Go's MMU computation fails on this trace: ${e.message}`, error);
  }
}

function defaultWindows(req: MMURequest, traceLength: number): number[] {
  const max = Math.max(1, Math.trunc(req.maxWindow ?? traceLength));
  const min = Math.min(req.minWindow ?? DEFAULT_MIN_WINDOW, max);
  return logSpacedWindows(min, max, req.points ?? DEFAULT_POINTS);
}
