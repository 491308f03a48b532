// Whole-trace counters for `gotrace analyze` (docs/analyze-json.md): events
// by kind, state transitions, GC-related ranges, metrics, CPU samples and
// the trace's time bounds. Streaming: fed one event at a time.

import { EventKind, EVENT_KIND_NAMES, type Event } from '../trace/event';
import type { Time } from '../trace/base';
import { ResourceKind, goStateString, procStateString, type StateTransition } from '../trace/resources';
import { u64ToBig } from '../trace/u64';

/** One range of the trace (Go's Range begin/active → end), with its time span. */
export interface RangeRecord {
  name: string;
  /** The range's scope: None (global), Goroutine or Proc. */
  scopeKind: ResourceKind;
  /** The goroutine or proc ID of the scope (0 for global ranges). */
  scopeID: number;
  /** Start time; the trace start for ranges already active when the trace began. */
  start: Time;
  /** End time; the trace end for ranges still open at the end. */
  end: Time;
  /** false when the range was already active at the trace start (RangeActive in the first generation). */
  startKnown: boolean;
  /** false when the range was still open at the trace end. */
  endKnown: boolean;
}

/** Per-metric statistics; values are u64-encoded (see shared/trace/u64.ts). */
export interface MetricStats {
  count: number;
  min: number;
  max: number;
  first: number;
  last: number;
}

/** GC totals of analyze-json.md's `gc` object. */
export interface GCTotals {
  cycles: number;
  markTotalNs: number;
  stwCount: number;
  stwTotalNs: number;
  markAssistCount: number;
  markAssistTotalNs: number;
  sweepCount: number;
  sweepTotalNs: number;
}

export const GC_MARK_RANGE = 'GC concurrent mark phase';
export const GC_ASSIST_RANGE = 'GC mark assist';
export const GC_SWEEP_RANGE = 'GC incremental sweep';
export const STW_RANGE_PREFIX = 'stop-the-world';

/** Compares two u64-encoded values numerically. */
export function compareU64(a: number, b: number): number {
  if (a >= 0 && b >= 0) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const x = u64ToBig(a);
  const y = u64ToBig(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

interface OpenRange {
  start: Time;
  startKnown: boolean;
}

export interface TraceStatsOptions {
  /** Keep every range as a RangeRecord (default true); totals are computed either way. */
  keepRanges?: boolean;
}

export class TraceStats {
  /** Number of events seen. */
  count = 0;
  firstTime: Time = 0;
  lastTime: Time = 0;
  /** Number of Sync events seen so far (1 during the first generation). */
  nSync = 0;

  readonly eventsByKind = new Map<string, number>();
  readonly goTransitionsByPair = new Map<string, number>();
  readonly goTransitionsByReason = new Map<string, number>();
  readonly procTransitionsByPair = new Map<string, number>();
  readonly metrics = new Map<string, MetricStats>();
  cpuSamples = 0;

  /** Closed ranges (only when keepRanges). */
  readonly ranges: RangeRecord[] = [];
  readonly gc: GCTotals = {
    cycles: 0,
    markTotalNs: 0,
    stwCount: 0,
    stwTotalNs: 0,
    markAssistCount: 0,
    markAssistTotalNs: 0,
    sweepCount: 0,
    sweepTotalNs: 0,
  };

  private readonly kindCounts = new Float64Array(EVENT_KIND_NAMES.length);
  /** Transition counts by old*PAIR_STATES+new (states outside 0..PAIR_STATES-1 in `otherPairs`). */
  private readonly goPairs: PairCounts = { counts: new Float64Array(PAIR_STATES * PAIR_STATES), other: new Map() };
  private readonly procPairs: PairCounts = { counts: new Float64Array(PAIR_STATES * PAIR_STATES), other: new Map() };
  private readonly open = new Map<string, OpenRange>();
  private readonly keepRanges: boolean;
  private finished = false;

  constructor(opts: TraceStatsOptions = {}) {
    this.keepRanges = opts.keepRanges ?? true;
  }

  event(ev: Event): void {
    const kind = ev.kind();
    this.eventWith(ev, kind, kind === EventKind.StateTransition ? ev.stateTransition() : null);
  }

  /** event() with the event's kind and (for StateTransition events) its ev.stateTransition() already decoded. */
  eventWith(ev: Event, kind: EventKind, transition: StateTransition | null): void {
    const t = ev.time();
    if (this.count === 0) {
      this.firstTime = t;
    }
    this.count++;
    this.lastTime = t;
    this.kindCounts[kind]++;

    switch (kind) {
      case EventKind.Sync:
        this.nSync++;
        break;
      case EventKind.Metric: {
        const m = ev.metric();
        const v = m.value.scalar;
        const s = this.metrics.get(m.name);
        if (s === undefined) {
          this.metrics.set(m.name, { count: 1, min: v, max: v, first: v, last: v });
        } else {
          s.count++;
          if (compareU64(v, s.min) < 0) s.min = v;
          if (compareU64(v, s.max) > 0) s.max = v;
          s.last = v;
        }
        break;
      }
      case EventKind.StackSample:
        this.cpuSamples++;
        break;
      case EventKind.StateTransition: {
        const st = transition!;
        if (st.resource.kind === ResourceKind.Goroutine) {
          countPair(this.goPairs, st.oldState, st.newState);
          if (st.reason !== '') {
            inc(this.goTransitionsByReason, st.reason);
          }
        } else if (st.resource.kind === ResourceKind.Proc) {
          countPair(this.procPairs, st.oldState, st.newState);
        }
        break;
      }
      case EventKind.RangeBegin: {
        const r = ev.range();
        this.open.set(rangeKey(r.scope.kind, r.scope.id, r.name), { start: t, startKnown: true });
        break;
      }
      case EventKind.RangeActive: {
        // RangeActive only matters in the first generation (before the 2nd
        // Sync): the range was in progress when the trace began. Later
        // generations restate ranges we already know about.
        if (this.nSync > 1) break;
        const r = ev.range();
        const key = rangeKey(r.scope.kind, r.scope.id, r.name);
        if (!this.open.has(key)) {
          this.open.set(key, { start: this.firstTime, startKnown: false });
        }
        break;
      }
      case EventKind.RangeEnd: {
        const r = ev.range();
        const key = rangeKey(r.scope.kind, r.scope.id, r.name);
        let o = this.open.get(key);
        if (o !== undefined) {
          this.open.delete(key);
        } else {
          // An end without a known start counts from the trace start.
          o = { start: this.firstTime, startKnown: false };
        }
        this.closeRange(r.name, r.scope.kind, r.scope.id, o, t, true);
        break;
      }
    }
  }

  private closeRange(name: string, scopeKind: ResourceKind, scopeID: number, o: OpenRange, end: Time, endKnown: boolean): void {
    const d = end - o.start;
    const gc = this.gc;
    if (name === GC_MARK_RANGE) {
      gc.cycles++;
      gc.markTotalNs += d;
    } else if (name.startsWith(STW_RANGE_PREFIX)) {
      gc.stwCount++;
      gc.stwTotalNs += d;
    } else if (name === GC_ASSIST_RANGE) {
      gc.markAssistCount++;
      gc.markAssistTotalNs += d;
    } else if (name === GC_SWEEP_RANGE) {
      gc.sweepCount++;
      gc.sweepTotalNs += d;
    }
    if (this.keepRanges) {
      this.ranges.push({ name, scopeKind, scopeID, start: o.start, end, startKnown: o.startKnown, endKnown });
    }
  }

  /** Closes the ranges still open at the end of the trace (at lastTime). Idempotent. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const [key, o] of this.open) {
      const [kind, id, name] = parseRangeKey(key);
      this.closeRange(name, kind, id, o, this.lastTime, false);
    }
    this.open.clear();
    pairsToMap(this.goPairs, goStateString, this.goTransitionsByPair);
    pairsToMap(this.procPairs, procStateString, this.procTransitionsByPair);
    for (let k = 0; k < this.kindCounts.length; k++) {
      // Every kind but Bad, zeros included (as the reference lists them).
      if (k !== EventKind.Bad) {
        this.eventsByKind.set(EVENT_KIND_NAMES[k]!, this.kindCounts[k]!);
      }
    }
    if (this.keepRanges) {
      this.ranges.sort((a, b) => a.start - b.start || a.end - b.end);
    }
  }
}

const PAIR_STATES = 8;

interface PairCounts {
  counts: Float64Array;
  other: Map<string, number>;
}

function countPair(p: PairCounts, from: number, to: number): void {
  if (from >= 0 && from < PAIR_STATES && to >= 0 && to < PAIR_STATES) {
    p.counts[from * PAIR_STATES + to]++;
  } else {
    inc(p.other, `${from}\u0000${to}`);
  }
}

function pairsToMap(p: PairCounts, name: (s: number) => string, out: Map<string, number>): void {
  const add = (from: number, to: number, n: number): void => {
    const k = name(from) + '->' + name(to);
    out.set(k, (out.get(k) ?? 0) + n);
  };
  for (let i = 0; i < p.counts.length; i++) {
    const n = p.counts[i]!;
    if (n > 0) add(Math.floor(i / PAIR_STATES), i % PAIR_STATES, n);
  }
  for (const [k, n] of p.other) {
    const [from, to] = k.split('\u0000').map(Number) as [number, number];
    add(from, to, n);
  }
}

function inc(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

function rangeKey(kind: ResourceKind, id: number, name: string): string {
  return `${kind}\u0000${id}\u0000${name}`;
}

function parseRangeKey(key: string): [ResourceKind, number, string] {
  const i = key.indexOf('\u0000');
  const j = key.indexOf('\u0000', i + 1);
  return [Number(key.slice(0, i)) as ResourceKind, Number(key.slice(i + 1, j)), key.slice(j + 1)];
}
