// The pprof-like profiles of Go 1.27's `go tool trace` (src/cmd/trace/pprof.go
// and the interval helpers of regions.go), plus a CPU profile of the trace's
// StackSample events, which cmd/trace does not offer.
//
// Kept with Go's structure and names (lowerCamelCase):
//  - makeComputePprofFunc → BlockingProfileBuilder: walk every goroutine
//    state transition; when a goroutine enters the profile's state (and the
//    reason matches) remember that event; when it leaves the state, add the
//    interval [enter, leave] ∩ (the goroutine's filter intervals) to the
//    record of the ENTER event's own stack (ev.stack(): the goroutine's stack
//    for GoBlock/GoStop/GoSyscallBegin, the waker's for GoUnblock, the
//    creator's for GoCreate, none for GoSyscallEndBlocked/GoStatus) when the
//    overlap is > 0.
//  - pprofMatchingGoroutines / pprofMatchingRegions / pprofOverlappingDuration
//    / interval.overlap: identical. `go tool trace -pprof=TYPE` uses
//    pprofMatchingGoroutines with name "": every goroutine of the summary, on
//    [StartTime, EndTime or trace end] (StartTime is Go's 0 when it never
//    ran, so all of its time counts; time before a goroutine first ran does
//    not). Goroutines absent from the summary count nothing.
//  - stackMap: records merged by the first pprofMaxStack (128) PCs of the
//    stack; a record's frames are those of the newest stack with those PCs,
//    cut at 128.
//  - cmd/trace keeps the events up to the last Sync before a read error, but
//    its summary has seen every event read (parseTrace): computeProfile does
//    the same, in two streaming passes (summary, then profile).
//
// The filters the app adds (goroutine ids, time range) only build other
// interval maps: a goroutine id list is pprofMatchingGoroutines by id, and a
// time range clips every interval.
//
// CPU profile: one record per distinct stack (same stackMap) of the
// StackSample events; `count` = number of samples. With filters, a sample
// counts when its goroutine has an interval containing its time, and when
// its time is within the time range.

import { EventKind, type Event, type Stack, type StackFrame } from '../trace/event';
import type { EvTable, Time } from '../trace/base';
import type { TraceReader } from '../trace/reader-api';
import { TraceError } from '../trace/errors';
import { GoState, ResourceKind, NoGoroutine, type GoID, type StateTransition } from '../trace/resources';
import { Summarizer, isZeroTime, type Summary, type UserRegionSummary } from './summary';

export type BlockingProfileType = 'net' | 'sync' | 'syscall' | 'sched';
export type ProfileType = BlockingProfileType | 'cpu';

export const PROFILE_TYPES: readonly ProfileType[] = ['net', 'sync', 'syscall', 'sched', 'cpu'];

/** What each profile shows (cmd/trace's link titles; the CPU one is ours). */
export const PROFILE_TITLES: Readonly<Record<ProfileType, string>> = {
  net: 'Network blocking profile',
  sync: 'Synchronization blocking profile',
  syscall: 'Syscall profile',
  sched: 'Scheduler latency profile',
  cpu: 'CPU profile (trace samples)',
};

/** traceviewer.ProfileRecord: a stack (leaf first) with a count and a duration in ns. */
export interface ProfileRecord {
  stack: StackFrame[];
  count: number;
  /** Total time in ns (0 for CPU records: their time depends on the sampling period). */
  time: number;
}

/** A time interval of the trace (relative Times, see shared/trace/base.ts). */
export interface Interval {
  start: Time;
  end: Time;
}

/** Per goroutine, the intervals its time counts in (Go's map[trace.GoID][]interval). */
export type GoroutineIntervals = Map<GoID, Interval[]>;

/** interval.overlap: the overlapping duration of two intervals (0 when they do not meet). */
export function overlap(i1: Interval, i2: Interval): number {
  // Assume start1 <= end1 and start2 <= end2
  if (i1.end < i2.start || i2.end < i1.start) {
    return 0;
  }
  const start = i1.start < i2.start ? i2.start : i1.start; // choose the later one
  const end = i1.end > i2.end ? i2.end : i1.end; // choose the earlier one
  return end - start;
}

/**
 * pprofOverlappingDuration: the overlapping duration between the intervals
 * of goroutine id and sample. With no map (null), the sample's duration.
 */
export function pprofOverlappingDuration(gToIntervals: GoroutineIntervals | null, id: GoID, sample: Interval): number {
  if (gToIntervals === null) {
    // No filtering.
    return sample.end - sample.start;
  }
  const intervals = gToIntervals.get(id);
  if (intervals === undefined || intervals.length === 0) {
    return 0;
  }
  let overlapping = 0;
  for (const i of intervals) {
    const o = overlap(i, sample);
    if (o > 0) {
      overlapping += o;
    }
  }
  return overlapping;
}

/** Thrown where cmd/trace's profile handlers return an error. */
export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileError';
  }
}

/**
 * pprofMatchingGoroutines: the goroutines named `name` ("" = every
 * goroutine), each on [StartTime, EndTime or endTime]. `ids`, when given,
 * keeps only those goroutines (the app's goroutine filter). Throws a
 * ProfileError, as Go returns an error, when nothing matches.
 */
export function pprofMatchingGoroutines(summary: Summary, endTime: Time, name = '', ids?: ReadonlySet<GoID>): GoroutineIntervals {
  const res: GoroutineIntervals = new Map();
  summary.goroutines.forEach((g) => {
    if (name !== '' && g.name !== name) {
      return;
    }
    if (ids !== undefined && !ids.has(g.id)) {
      return;
    }
    let end = g.endTime;
    if (isZeroTime(summary, g.endTime)) {
      end = endTime; // Use the trace end time, since the goroutine is still live then.
    }
    res.set(g.id, [{ start: g.startTime, end }]);
  });
  if (res.size === 0) {
    throw new ProfileError(`failed to find matching goroutines for name: ${name}`);
  }
  return res;
}

/** cmd/trace's regionFilter (/userregion, /regionblock...): every given condition must hold. */
export interface RegionFilter {
  /** type=: the region's name. */
  name?: string;
  /** pc=: the PC (u64-encoded) of the last (outermost) frame of the region's begin stack. */
  pc?: number;
  /** latmin= / latmax=: bounds of the region's duration (regionInterval), ns. */
  latMin?: number;
  latMax?: number;
}

/** regionInterval: a region's interval, the trace bounds standing for a missing begin/end. */
export function regionInterval(r: UserRegionSummary, startTime: Time, endTime: Time): Interval {
  return { start: r.start !== null ? r.start.time : startTime, end: r.end !== null ? r.end.time : endTime };
}

/** regionTopStackFrame's PC: that of the last frame of the begin stack (0 without one). */
export function regionTopStackPC(r: UserRegionSummary): number {
  const st = r.start?.stack;
  return st !== undefined && st.length > 0 ? st[st.length - 1]!.pc : 0;
}

function regionMatches(f: RegionFilter, r: UserRegionSummary, startTime: Time, endTime: Time): boolean {
  if (f.name !== undefined && r.name !== f.name) return false;
  if (f.pc !== undefined && regionTopStackPC(r) !== f.pc) return false;
  if (f.latMin !== undefined || f.latMax !== undefined) {
    const i = regionInterval(r, startTime, endTime);
    const d = i.end - i.start;
    if (f.latMin !== undefined && !(d >= f.latMin)) return false;
    if (f.latMax !== undefined && !(d <= f.latMax)) return false;
  }
  return true;
}

/**
 * pprofMatchingRegions: the intervals of the matching regions per goroutine,
 * reduced to the outermost, non-overlapping ones. `ids` keeps only those
 * goroutines, `group` those of that start function (the app's filters).
 * An empty map (not an error) when nothing matches, as in Go. The summary
 * must keep stacks for the pc condition.
 */
export function pprofMatchingRegions(
  summary: Summary,
  filter: RegionFilter,
  startTime: Time,
  endTime: Time,
  ids?: ReadonlySet<GoID>,
  group?: string,
): GoroutineIntervals {
  const gToIntervals: GoroutineIntervals = new Map();
  summary.goroutines.forEach((g) => {
    if (ids !== undefined && !ids.has(g.id)) return;
    if (group !== undefined && g.name !== group) return;
    for (const r of g.regions) {
      if (!regionMatches(filter, r, startTime, endTime)) {
        continue;
      }
      let list = gToIntervals.get(g.id);
      if (list === undefined) {
        list = [];
        gToIntervals.set(g.id, list);
      }
      list.push(regionInterval(r, startTime, endTime));
    }
  });
  for (const [g, intervals] of gToIntervals) {
    // In order to remove nested regions and consider only the outermost
    // regions, first, we sort based on the start time and then scan through
    // to select only the outermost regions.
    intervals.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
    let lastTimestamp = summary.zeroTime;
    let n = 0;
    // Select only the outermost regions.
    for (const i of intervals) {
      if (lastTimestamp <= i.start) {
        intervals[n] = i; // new non-overlapping region starts.
        lastTimestamp = i.end;
        n++;
      }
      // Otherwise, skip because this region overlaps with a previous region.
    }
    intervals.length = n;
    gToIntervals.set(g, intervals);
  }
  return gToIntervals;
}

/** Clips every interval to [range.start, range.end], dropping those outside (the app's time range). */
export function clipIntervals(gToIntervals: GoroutineIntervals, range: Interval): GoroutineIntervals {
  const out: GoroutineIntervals = new Map();
  for (const [g, intervals] of gToIntervals) {
    const clipped: Interval[] = [];
    for (const i of intervals) {
      const start = i.start < range.start ? range.start : i.start;
      const end = i.end > range.end ? range.end : i.end;
      if (start <= end) clipped.push({ start, end });
    }
    out.set(g, clipped);
  }
  return out;
}

/** Which transitions each blocking profile tracks (computePprofIO/Block/Syscall/Sched). */
function profileState(type: BlockingProfileType): { state: GoState; trackReason: (reason: string) => boolean } {
  switch (type) {
    case 'net':
      return { state: GoState.Waiting, trackReason: (reason) => reason === 'network' };
    case 'sync':
      return {
        state: GoState.Waiting,
        trackReason: (reason) => reason.includes('chan') || reason.includes('sync') || reason.includes('select'),
      };
    case 'syscall':
      return { state: GoState.Syscall, trackReason: () => true };
    case 'sched':
      return { state: GoState.Runnable, trackReason: () => true };
  }
}

/** pprofMaxStack is the extent of the deduplication we're willing to do. */
export const pprofMaxStack = 128;

interface StackEntry {
  rec: ProfileRecord;
  /** The newest stack with these PCs (its table and id), whose frames rec.stack holds. */
  table: EvTable | null;
  id: number;
}

/**
 * stackMap: records by stack, deduplicated by the stack's first
 * pprofMaxStack PCs. A record's frames are those of the newest stack seen
 * with its PCs (Go keeps that trace.Stack and reads its frames at the end).
 */
export class StackMap {
  /** The source of truth: the PCs (zero-padded to 128 in Go, so trailing zero PCs are dropped) → entry. */
  private readonly pcs = new Map<string, StackEntry>();
  /** Fast path: per table, stack id → PC key. */
  private keyTable: EvTable | null = null;
  private readonly keys = new Map<number, string>();

  getOrAdd(stack: Stack): ProfileRecord {
    const table = stack.id === 0 ? null : stack.table;
    const id = table === null ? 0 : stack.id;
    if (table !== this.keyTable) {
      // Stack IDs are per generation: a new table starts a new cache.
      this.keyTable = table;
      this.keys.clear();
    }
    let key = this.keys.get(id);
    let frames: StackFrame[] | null = null;
    if (key === undefined) {
      frames = id === 0 ? [] : stack.frames();
      key = pcKey(frames);
      this.keys.set(id, key);
    }
    let e = this.pcs.get(key);
    if (e === undefined) {
      e = { rec: { stack: [], count: 0, time: 0 }, table: null, id: -1 };
      this.pcs.set(key, e);
    }
    if (e.table !== table || e.id !== id) {
      // Keep the newest version of that stack.
      frames ??= id === 0 ? [] : stack.frames();
      e.rec.stack = frames.length > pprofMaxStack ? frames.slice(0, pprofMaxStack) : frames;
      e.table = table;
      e.id = id;
    }
    return e.rec;
  }

  /** The records (frames cut at pprofMaxStack), in first-seen order. */
  profile(): ProfileRecord[] {
    const out: ProfileRecord[] = [];
    for (const e of this.pcs.values()) out.push({ stack: e.rec.stack, count: e.rec.count, time: e.rec.time });
    return out;
  }
}

function pcKey(frames: StackFrame[]): string {
  let n = Math.min(frames.length, pprofMaxStack);
  while (n > 0 && frames[n - 1]!.pc === 0) n--;
  let key = '';
  for (let i = 0; i < n; i++) key += (i === 0 ? '' : ',') + frames[i]!.pc;
  return key;
}

/** The enter event of a tracked state: its time and its own stack. */
interface Tracked {
  time: Time;
  stack: Stack;
  reason: string;
}

/** An episode a blocking profile counts: goroutine g entered the state for `reason` with `stack` at start, left at end; `value` ns of it count. */
export type EpisodeHook = (stack: Stack, reason: string, g: GoID, start: Time, end: Time, value: number) => void;

/**
 * makeComputePprofFunc over a stream of events: feed every event (in order,
 * up to the last Sync cmd/trace keeps), then records().
 */
export class BlockingProfileBuilder {
  private readonly stacks = new StackMap();
  private readonly tracking = new Map<GoID, Tracked>();
  private readonly state: GoState;
  private readonly trackReason: (reason: string) => boolean;

  /**
   * gToIntervals: the goroutines' intervals (null: every goroutine, whole
   * duration); range: used only without intervals, clips every duration.
   */
  constructor(
    readonly type: BlockingProfileType,
    private readonly gToIntervals: GoroutineIntervals | null,
    private readonly range: Interval | null = null,
    /** Told of every episode counted (the app keeps the longest ones per stack). */
    private readonly onEpisode: EpisodeHook | null = null,
  ) {
    const s = profileState(type);
    this.state = s.state;
    this.trackReason = s.trackReason;
  }

  event(ev: Event): void {
    const kind = ev.kind();
    this.eventWith(ev, kind, kind === EventKind.StateTransition ? ev.stateTransition() : null);
  }

  eventWith(ev: Event, kind: EventKind, st: StateTransition | null): void {
    // Filter out any non-state-transitions.
    if (kind !== EventKind.StateTransition || st === null) {
      return;
    }
    // The state transition has to apply to a goroutine.
    if (st.resource.kind !== ResourceKind.Goroutine) {
      return;
    }
    const id = st.resource.id;
    const to = st.newState;

    // Check if we're tracking this goroutine.
    const startEv = this.tracking.get(id);
    if (startEv === undefined) {
      // We're not. Start tracking if the new state matches what we want and
      // the transition is for one of the reasons we care about.
      if (to === this.state && this.trackReason(st.reason)) {
        this.tracking.set(id, { time: ev.time(), stack: ev.stack(), reason: st.reason });
      }
      return;
    }
    // We're tracking this goroutine.
    if (to === this.state) {
      // It's just transitioning to the same state.
      return;
    }
    // The goroutine has transitioned out of the state we care about, so
    // remove it from tracking and record the stack.
    this.tracking.delete(id);

    const sample = { start: startEv.time, end: ev.time() };
    const overlapping = this.range !== null && this.gToIntervals === null ? overlap(this.range, sample) : pprofOverlappingDuration(this.gToIntervals, id, sample);
    if (overlapping > 0) {
      const rec = this.stacks.getOrAdd(startEv.stack);
      rec.count++;
      rec.time += overlapping;
      this.onEpisode?.(startEv.stack, startEv.reason, id, sample.start, sample.end, overlapping);
    }
  }

  records(): ProfileRecord[] {
    return this.stacks.profile();
  }
}

/** The CPU profile of the StackSample events: one record per distinct stack, count = samples. */
export class CPUProfileBuilder {
  private readonly stacks = new StackMap();
  /** Samples counted. */
  samples = 0;

  constructor(
    private readonly gToIntervals: GoroutineIntervals | null = null,
    private readonly range: Interval | null = null,
    /** Told of every sample counted. */
    private readonly onSample: ((stack: Stack, g: GoID, time: Time) => void) | null = null,
  ) {}

  event(ev: Event): void {
    this.eventWith(ev, ev.kind());
  }

  eventWith(ev: Event, kind: EventKind): void {
    if (kind !== EventKind.StackSample) return;
    const t = ev.time();
    if (this.range !== null && (t < this.range.start || t > this.range.end)) return;
    if (this.gToIntervals !== null) {
      const g = ev.goroutine();
      const intervals = g === NoGoroutine ? undefined : this.gToIntervals.get(g);
      if (intervals === undefined || !intervals.some((i) => i.start <= t && t <= i.end)) return;
    }
    this.samples++;
    this.stacks.getOrAdd(ev.stack()).count++;
    this.onSample?.(ev.stack(), ev.goroutine(), t);
  }

  records(): ProfileRecord[] {
    return this.stacks.profile();
  }
}

/** The app's filters; none = `go tool trace -pprof=TYPE` (every goroutine). */
export interface ProfileFilter {
  /** Only these goroutines (each on [start, end] as pprofMatchingGoroutines). */
  goroutines?: Iterable<GoID>;
  /** Only the goroutines of this group: start function name (cmd/trace's name=). */
  group?: string;
  /** Only time inside the matching regions (cmd/trace's /regionblock... profiles). */
  region?: RegionFilter;
  /** Only time within [start, end] (relative Times). */
  timeRange?: Interval;
}

export interface ProfileOptions {
  filter?: ProfileFilter;
}

export interface ProfileResult {
  type: ProfileType;
  /** The records (empty when `failure` is set). */
  records: ProfileRecord[];
  /** Where `go tool trace -pprof` stops with an error instead of a profile: its message. */
  failure: string | null;
  /**
   * The message of a panic of Go's summarizer (go tool trace would crash);
   * the profile is then computed without goroutine intervals.
   */
  summaryPanic: string | null;
  /** The read error (Go's message), or null. */
  error: string | null;
  errorOffset: number;
  /** 0 whole trace, 2 read error after at least one complete generation, 1 nothing usable. */
  exitCode: 0 | 1 | 2;
  /** Events the profile covers (up to the last Sync before an error). */
  eventCount: number;
  timeBase: bigint;
  /** Relative times of the first and last covered events (0 when none). */
  firstTime: Time;
  lastTime: Time;
}

export interface ReadState {
  error: string | null;
  /** The reader could not be created (Go's NewReader failed; it parses v1 traces whole). */
  openFailed: boolean;
  errorOffset: number;
  /** Events read before the error. */
  count: number;
  /** cmd/trace's validEvents: all events at EOF, those up to the last Sync after an error. */
  valid: number;
  firstTime: Time;
  /** Time of the last valid event (cmd/trace's endTime()). */
  lastTime: Time;
  timeBase: bigint;
}

/**
 * One pass over a fresh reader: every event is given to `each` (at most
 * `limit` of them); records what cmd/trace's parseTrace keeps.
 * `checkCancelled` is called every 2^16 events (it throws to stop).
 */
export function readPass(open: () => TraceReader, each: (ev: Event, kind: EventKind) => void, limit = Infinity, checkCancelled: () => void = () => {}): ReadState {
  const s: ReadState = { error: null, openFailed: false, errorOffset: -1, count: 0, valid: 0, firstTime: 0, lastTime: 0, timeBase: 0n };
  let reader: TraceReader;
  try {
    reader = open();
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    s.error = e.message;
    s.errorOffset = e.offset;
    s.openFailed = true;
    return s;
  }
  let lastTime = 0;
  for (;;) {
    if (s.count >= limit) {
      s.valid = s.count;
      s.lastTime = lastTime;
      break;
    }
    if ((s.count & 0xffff) === 0) checkCancelled();
    let ev: Event | null;
    try {
      ev = reader.readEvent();
    } catch (e) {
      if (!(e instanceof TraceError)) throw e;
      s.error = e.message;
      s.errorOffset = e.offset;
      break;
    }
    if (ev === null) {
      s.valid = s.count;
      s.lastTime = lastTime;
      break;
    }
    const kind = ev.kind();
    if (s.count === 0) {
      s.timeBase = ev.table.timeBase;
      s.firstTime = ev.time();
    }
    s.count++;
    lastTime = ev.time();
    if (kind === EventKind.Sync) {
      s.valid = s.count;
      s.lastTime = lastTime;
    }
    each(ev, kind);
  }
  return s;
}

/**
 * A profile of the trace, exactly as Go 1.27's `go tool trace -pprof=TYPE`
 * computes it (type cpu: see the header). `open` gives a fresh reader each
 * time: blocking profiles read the trace twice (the summary, which gives
 * the goroutine intervals, then the profile), the CPU profile once (twice
 * with goroutine or region filters). Never throws a TraceError.
 */
export function computeProfile(open: () => TraceReader, type: ProfileType, opts: ProfileOptions = {}): ProfileResult {
  const filter = opts.filter ?? {};
  const needsSummary = type !== 'cpu' || filter.goroutines !== undefined || filter.group !== undefined || filter.region !== undefined;

  let summary: Summary | null = null;
  let summaryPanic: string | null = null;
  let first: ReadState | null = null;
  if (needsSummary) {
    // parseTrace: the summarizer sees every event read, even those after the last Sync.
    let summarizer: Summarizer | null = new Summarizer({ keepStacks: filter.region?.pc !== undefined });
    first = readPass(open, (ev, kind) => {
      if (summarizer === null) return;
      try {
        summarizer.eventWith(ev, kind, kind === EventKind.StateTransition ? ev.stateTransition() : null);
      } catch (e) {
        summaryPanic = (e as Error).message;
        summarizer = null;
      }
    });
    if (first.valid > 0 && summarizer !== null) {
      try {
        summary = (summarizer as Summarizer).finalize();
      } catch (e) {
        summaryPanic = (e as Error).message;
      }
    }
  }

  const result = (rs: ReadState, records: ProfileRecord[], failure: string | null): ProfileResult => ({
    type,
    records: failure === null ? records : [],
    failure,
    summaryPanic,
    error: rs.error,
    errorOffset: rs.error === null ? -1 : rs.errorOffset,
    exitCode: rs.error === null ? 0 : rs.valid > 0 ? 2 : 1,
    eventCount: rs.valid,
    timeBase: rs.timeBase,
    firstTime: rs.firstTime,
    lastTime: rs.lastTime,
  });

  if (first !== null && first.valid === 0) {
    return result(first, [], noUsefulPart(first));
  }

  // The goroutine intervals.
  let gToIntervals: GoroutineIntervals | null = null;
  if (first !== null && summary !== null) {
    const s: Summary = summary;
    const ids = filter.goroutines === undefined ? undefined : new Set(filter.goroutines);
    try {
      if (filter.region !== undefined) {
        gToIntervals = pprofMatchingRegions(s, filter.region, first.firstTime, first.lastTime, ids, filter.group);
      } else if (type !== 'cpu' || ids !== undefined || filter.group !== undefined) {
        gToIntervals = pprofMatchingGoroutines(s, first.lastTime, filter.group ?? '', ids);
      }
    } catch (e) {
      if (!(e instanceof ProfileError)) throw e;
      return result(first, [], `failed to generate pprof: ${e.message}`);
    }
    if (gToIntervals !== null && filter.timeRange !== undefined) gToIntervals = clipIntervals(gToIntervals, filter.timeRange);
  }
  const range = filter.timeRange ?? null;

  if (type === 'cpu') {
    const run = (limit: number): { b: CPUProfileBuilder; rs: ReadState } => {
      const b = new CPUProfileBuilder(gToIntervals, range);
      return { b, rs: readPass(open, (ev, kind) => b.eventWith(ev, kind), limit) };
    };
    if (first !== null) return result(first, run(first.valid).b.records(), null);
    let { b, rs } = run(Infinity);
    if (rs.valid === 0) return result(rs, [], noUsefulPart(rs));
    if (rs.valid !== rs.count) {
      // Events after the last Sync were counted: again, up to it.
      b = run(rs.valid).b;
    }
    return result(rs, b.records(), null);
  }

  // Without a summary (Go's summarizer panicked), the time range alone.
  const builder = new BlockingProfileBuilder(type, gToIntervals, gToIntervals === null ? range : null);
  readPass(open, (ev, kind) => builder.eventWith(ev, kind, kind === EventKind.StateTransition ? ev.stateTransition() : null), first!.valid);
  return result(first!, builder.records(), null);
}

/** parseTrace's errors when it keeps no event. */
export function noUsefulPart(rs: ReadState): string {
  if (rs.openFailed) return `failed to create trace reader: ${rs.error}`;
  return `failed to parse any useful part of the trace: ${rs.error ?? '<nil>'}`;
}

/** Sums of a profile's records: [count, time]. */
export function profileTotals(records: readonly ProfileRecord[]): { count: number; time: number } {
  let count = 0;
  let time = 0;
  for (const r of records) {
    count += r.count;
    time += r.time;
  }
  return { count, time };
}
