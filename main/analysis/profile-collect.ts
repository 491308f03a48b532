// The profiles of cmd/trace pprof.go (shared/analysis/profiles.ts) computed
// for the app: several at once in one pass over the trace, each record
// keeping the spans that contribute to it (its longest blocking episodes, or
// its first CPU samples), and, for the off-CPU view, split by the reason the
// goroutine blocked.
//
// computeProfile gives the records alone; this follows its passes exactly
// (the summary over every event read, then the profile over the events up to
// the last Sync cmd/trace keeps; the same interval maps and overlaps), so
// the records equal its records — test/analysis-views checks both against
// Go's outputs.

import { EventKind, type Event, type Stack, type StackFrame } from '../../shared/trace/event';
import type { Time } from '../../shared/trace/base';
import type { TraceReader } from '../../shared/trace/reader-api';
import { TraceError } from '../../shared/trace/errors';
import { GoState, NoGoroutine, ResourceKind, type GoID, type StateTransition } from '../../shared/trace/resources';
import { Summarizer, type Summary } from '../../shared/analysis/summary';
import {
  clipIntervals, overlap, pprofMatchingGoroutines, pprofMatchingRegions, pprofOverlappingDuration, ProfileError, StackMap,
  type BlockingProfileType, type GoroutineIntervals, type Interval, type ProfileFilter, type ProfileRecord, type ProfileType,
} from '../../shared/analysis/profiles';

/** A span that adds to a record: goroutine g on [start, end] (reader times), adding `value` (ns, or 1 sample). */
export interface ContributingSpan {
  g: GoID;
  start: Time;
  end: Time;
  value: number;
}

export interface CollectedRecord {
  /** Leaf first, as ProfileRecord. */
  stack: StackFrame[];
  count: number;
  /** ns (0 for CPU records). */
  time: number;
  /** The reason the goroutine entered the state ('' unless split by reason; "" for syscall and sched). */
  reason: string;
  /** Longest first for blocking records; in time order for CPU records. */
  spans: ContributingSpan[];
}

export interface CollectOptions {
  filter?: ProfileFilter;
  /** Keep blocking records apart by the reason of their transitions (the off-CPU view). */
  splitByReason?: boolean;
  /** Spans kept per record. */
  spansPerRecord: number;
}

export interface Collected {
  records: Map<ProfileType, CollectedRecord[]>;
  /** As ProfileResult: where go tool trace -pprof stops with an error. */
  failure: string | null;
  summaryPanic: string | null;
  error: string | null;
  errorOffset: number;
  /** The summary of every event read (null when Go's summarizer panics or nothing was read). */
  summary: Summary | null;
  /** StackSample events read. */
  cpuSamples: number;
  firstTime: Time;
  lastTime: Time;
}

/** The N spans adding the most (blocking), or the first N (CPU). */
class SpanKeeper {
  readonly spans: ContributingSpan[] = [];
  private minAt = -1;

  constructor(private readonly n: number, private readonly longest: boolean) {}

  add(s: ContributingSpan): void {
    if (this.spans.length < this.n) {
      this.spans.push(s);
      this.minAt = -1;
      return;
    }
    if (!this.longest || this.n === 0) return;
    if (this.minAt < 0) {
      this.minAt = 0;
      for (let i = 1; i < this.spans.length; i++) if (this.spans[i]!.value < this.spans[this.minAt]!.value) this.minAt = i;
    }
    if (s.value > this.spans[this.minAt]!.value) {
      this.spans[this.minAt] = s;
      this.minAt = -1;
    }
  }
}

/** Records by stack (StackMap: merged by PCs), each with its spans, in first-seen order. */
class RecordSet {
  private readonly stacks = new StackMap();
  private readonly kept = new Map<ProfileRecord, SpanKeeper>();

  constructor(private readonly reason: string, private readonly n: number, private readonly longest: boolean) {}

  add(stack: Stack, count: number, time: number, span: ContributingSpan): void {
    const rec = this.stacks.getOrAdd(stack);
    rec.count += count;
    rec.time += time;
    let k = this.kept.get(rec);
    if (k === undefined) {
      k = new SpanKeeper(this.n, this.longest);
      this.kept.set(rec, k);
    }
    k.add(span);
  }

  records(): CollectedRecord[] {
    const out: CollectedRecord[] = [];
    for (const [rec, k] of this.kept) {
      const spans = this.longest ? k.spans.slice().sort((a, b) => b.value - a.value || a.start - b.start) : k.spans.slice();
      out.push({ stack: rec.stack, count: rec.count, time: rec.time, reason: this.reason, spans });
    }
    return out;
  }
}

/** computePprofIO/Block/Syscall/Sched's state and reasons. */
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

interface Tracked {
  time: Time;
  stack: Stack;
  reason: string;
}

/** BlockingProfileBuilder (makeComputePprofFunc), keeping each episode as a span of its record. */
class BlockingCollector {
  private readonly tracking = new Map<GoID, Tracked>();
  private readonly sets = new Map<string, RecordSet>();
  private readonly state: GoState;
  private readonly trackReason: (reason: string) => boolean;

  constructor(
    readonly type: BlockingProfileType,
    private readonly gToIntervals: GoroutineIntervals | null,
    private readonly range: Interval | null,
    private readonly split: boolean,
    private readonly n: number,
  ) {
    const s = profileState(type);
    this.state = s.state;
    this.trackReason = s.trackReason;
  }

  transition(ev: Event, st: StateTransition): void {
    if (st.resource.kind !== ResourceKind.Goroutine) return;
    const id = st.resource.id;
    const to = st.newState;
    const startEv = this.tracking.get(id);
    if (startEv === undefined) {
      if (to === this.state && this.trackReason(st.reason)) {
        this.tracking.set(id, { time: ev.time(), stack: ev.stack(), reason: this.split ? st.reason : '' });
      }
      return;
    }
    if (to === this.state) return;
    this.tracking.delete(id);
    const sample = { start: startEv.time, end: ev.time() };
    const overlapping = this.range !== null && this.gToIntervals === null ? overlap(this.range, sample) : pprofOverlappingDuration(this.gToIntervals, id, sample);
    if (overlapping > 0) {
      let set = this.sets.get(startEv.reason);
      if (set === undefined) {
        set = new RecordSet(startEv.reason, this.n, true);
        this.sets.set(startEv.reason, set);
      }
      set.add(startEv.stack, 1, overlapping, { g: id, start: sample.start, end: sample.end, value: overlapping });
    }
  }

  records(): CollectedRecord[] {
    const out: CollectedRecord[] = [];
    for (const s of this.sets.values()) out.push(...s.records());
    return out;
  }
}

/** CPUProfileBuilder, keeping each record's first samples. */
class CPUCollector {
  private readonly set: RecordSet;

  constructor(private readonly gToIntervals: GoroutineIntervals | null, private readonly range: Interval | null, n: number) {
    this.set = new RecordSet('', n, false);
  }

  sample(ev: Event): void {
    const t = ev.time();
    if (this.range !== null && (t < this.range.start || t > this.range.end)) return;
    const g = ev.goroutine();
    if (this.gToIntervals !== null) {
      const intervals = g === NoGoroutine ? undefined : this.gToIntervals.get(g);
      if (intervals === undefined || !intervals.some((i) => i.start <= t && t <= i.end)) return;
    }
    this.set.add(ev.stack(), 1, 0, { g, start: t, end: t, value: 1 });
  }

  records(): CollectedRecord[] {
    return this.set.records();
  }
}

interface ReadState {
  error: string | null;
  openFailed: boolean;
  errorOffset: number;
  count: number;
  /** cmd/trace's validEvents: all events at EOF, those up to the last Sync after an error. */
  valid: number;
  firstTime: Time;
  lastTime: Time;
}

/** computeProfile's readPass: one pass over a fresh reader, at most `limit` events. */
function readPass(open: () => TraceReader, each: (ev: Event, kind: EventKind) => void, limit: number, checkCancelled: () => void): ReadState {
  const s: ReadState = { error: null, openFailed: false, errorOffset: -1, count: 0, valid: 0, firstTime: 0, lastTime: 0 };
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
    if (s.count === 0) s.firstTime = ev.time();
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

function noUsefulPart(rs: ReadState): string {
  if (rs.openFailed) return `failed to create trace reader: ${rs.error}`;
  return `failed to parse any useful part of the trace: ${rs.error ?? '<nil>'}`;
}

/**
 * The profiles of `kinds` over the trace (two passes: the summary, then all
 * the profiles at once), with the filters of computeProfile.
 */
export function collectProfiles(open: () => TraceReader, kinds: readonly ProfileType[], opts: CollectOptions, checkCancelled: () => void = () => {}): Collected {
  const filter = opts.filter ?? {};
  let summarizer: Summarizer | null = new Summarizer({ keepStacks: filter.region?.pc !== undefined });
  let summaryPanic: string | null = null;
  let cpuSamples = 0;
  const first = readPass(
    open,
    (ev, kind) => {
      if (kind === EventKind.StackSample) cpuSamples++;
      if (summarizer === null) return;
      try {
        summarizer.eventWith(ev, kind, kind === EventKind.StateTransition ? ev.stateTransition() : null);
      } catch (e) {
        summaryPanic = (e as Error).message;
        summarizer = null;
      }
    },
    Infinity,
    checkCancelled,
  );
  let summary: Summary | null = null;
  if (first.valid > 0 && summarizer !== null) {
    try {
      summary = (summarizer as Summarizer).finalize();
    } catch (e) {
      summaryPanic = (e as Error).message;
    }
  }
  const out: Collected = {
    records: new Map(),
    failure: null,
    summaryPanic,
    error: first.error,
    errorOffset: first.error === null ? -1 : first.errorOffset,
    summary,
    cpuSamples,
    firstTime: first.firstTime,
    lastTime: first.lastTime,
  };
  if (first.valid === 0) {
    out.failure = noUsefulPart(first);
    return out;
  }

  // The goroutine intervals: blocking profiles always count within them;
  // the CPU profile only with goroutine, group or region filters.
  const ids = filter.goroutines === undefined ? undefined : new Set(filter.goroutines);
  const cpuNeedsIntervals = ids !== undefined || filter.group !== undefined || filter.region !== undefined;
  let gToIntervals: GoroutineIntervals | null = null;
  const needIntervals = kinds.some((k) => k !== 'cpu') || cpuNeedsIntervals;
  if (summary !== null && needIntervals) {
    try {
      gToIntervals =
        filter.region !== undefined
          ? pprofMatchingRegions(summary, filter.region, first.firstTime, first.lastTime, ids, filter.group)
          : pprofMatchingGoroutines(summary, first.lastTime, filter.group ?? '', ids);
    } catch (e) {
      if (!(e instanceof ProfileError)) throw e;
      out.failure = `failed to generate pprof: ${e.message}`;
      return out;
    }
    if (filter.timeRange !== undefined) gToIntervals = clipIntervals(gToIntervals, filter.timeRange);
  }
  const range = filter.timeRange ?? null;

  const blocking: BlockingCollector[] = [];
  let cpu: CPUCollector | null = null;
  for (const k of kinds) {
    if (k === 'cpu') cpu = new CPUCollector(cpuNeedsIntervals ? gToIntervals : null, range, opts.spansPerRecord);
    else blocking.push(new BlockingCollector(k, gToIntervals, gToIntervals === null ? range : null, opts.splitByReason ?? false, opts.spansPerRecord));
  }
  readPass(
    open,
    (ev, kind) => {
      if (kind === EventKind.StateTransition) {
        if (blocking.length === 0) return;
        const st = ev.stateTransition();
        for (const b of blocking) b.transition(ev, st);
      } else if (kind === EventKind.StackSample && cpu !== null) {
        cpu.sample(ev);
      }
    },
    first.valid,
    checkCancelled,
  );
  for (const b of blocking) out.records.set(b.type, b.records());
  if (cpu !== null) out.records.set('cpu', cpu.records());
  return out;
}
