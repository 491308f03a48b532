// The profiles of cmd/trace pprof.go (shared/analysis/profiles.ts) computed
// for the app: several at once in one pass over the trace, each record
// keeping the spans that contribute to it (its longest blocking episodes, or
// its first CPU samples), and, for the off-CPU view, split by the reason the
// goroutine blocked.
//
// computeProfile gives the records alone; this follows its passes exactly
// (the summary over every event read, then the profile over the events up to
// the last Sync cmd/trace keeps; the same interval maps) and runs the same
// builders, told of each episode or sample they count, so the records equal
// its records — test/analysis-views checks both against Go's outputs.

import { EventKind, type Stack, type StackFrame } from '../../shared/trace/event';
import type { Time } from '../../shared/trace/base';
import type { TraceReader } from '../../shared/trace/reader-api';
import type { GoID } from '../../shared/trace/resources';
import { Summarizer, type Summary } from '../../shared/analysis/summary';
import {
  BlockingProfileBuilder, clipIntervals, CPUProfileBuilder, noUsefulPart, pprofMatchingGoroutines, pprofMatchingRegions, ProfileError, readPass, StackMap,
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

/** BlockingProfileBuilder (makeComputePprofFunc), keeping each episode as a span of its record, apart by reason when asked. */
class BlockingCollector {
  private readonly sets = new Map<string, RecordSet>();
  readonly builder: BlockingProfileBuilder;

  constructor(
    readonly type: BlockingProfileType,
    gToIntervals: GoroutineIntervals | null,
    range: Interval | null,
    split: boolean,
    n: number,
  ) {
    this.builder = new BlockingProfileBuilder(type, gToIntervals, range, (stack, reason, g, start, end, value) => {
      const key = split ? reason : '';
      let set = this.sets.get(key);
      if (set === undefined) {
        set = new RecordSet(key, n, true);
        this.sets.set(key, set);
      }
      set.add(stack, 1, value, { g, start, end, value });
    });
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
  readonly builder: CPUProfileBuilder;

  constructor(gToIntervals: GoroutineIntervals | null, range: Interval | null, n: number) {
    this.set = new RecordSet('', n, false);
    this.builder = new CPUProfileBuilder(gToIntervals, range, (stack, g, t) => this.set.add(stack, 1, 0, { g, start: t, end: t, value: 1 }));
  }

  records(): CollectedRecord[] {
    return this.set.records();
  }
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
        for (const b of blocking) b.builder.eventWith(ev, kind, st);
      } else if (kind === EventKind.StackSample && cpu !== null) {
        cpu.builder.eventWith(ev, kind);
      }
    },
    first.valid,
    checkCancelled,
  );
  for (const b of blocking) out.records.set(b.type, b.records());
  if (cpu !== null) out.records.set('cpu', cpu.records());
  return out;
}
