// Goroutine analysis for the app (cmd/trace's /goroutines and /goroutine?name=
// pages): goroutine groups by start function with the full breakdown of
// internal/trace's summary.go, and one group's goroutines one by one.
//
// Whole trace: Go's Summary exactly (its numbers are analyze --json's).
// A range [t0, t1]: each goroutine's stats are snapshot(t1) − snapshot(t0),
// as Go computes a user region's stats, except that time still pending in a
// blocked syscall counts as syscall block time (Go's snapshot adds it to the
// scheduler wait, which would make differences negative).
//
// On a read error only the events up to the last Sync count, as in Go's
// cmd/trace: the trace is read again up to there when a partial generation
// had been read.

import type { JobContext } from './jobs';
import type {
  GoroutineAnalysisRequest,
  GoroutineAnalysisResponse,
  GoroutineBreakdown,
  GoroutineGroupDetail,
  GoroutineGroupStats,
  GoroutineStats,
} from '../../shared/ipc/analysis/goroutines';
import { EventKind, type Event } from '../../shared/trace/event';
import type { Time } from '../../shared/trace/base';
import { GoState, NoGoroutine, NoProc, ResourceKind, type GoID } from '../../shared/trace/resources';
import { readWholeGenerations } from './read-whole';
import { GoroutineMap, Summarizer, unknownTime, zeroTimeOf, type ExecStats, type GoroutineSummary, type Summary } from '../../shared/analysis/summary';

export const DEFAULT_LIMIT = 500;

/** A goroutine's stats at one moment (plain numbers and copied maps; null: empty, as most are, and there may be millions). */
interface Snap {
  exec: number;
  schedWait: number;
  block: Map<string, number> | null;
  syscall: number;
  syscallBlock: number;
  total: number;
  ranges: Map<string, number> | null;
}

// A range needs the summarizer's goroutines at its two ends, before finalize.
function liveGoroutines(s: Summarizer): GoroutineMap {
  return s.liveGoroutines();
}
function liveGoroutine(s: Summarizer, id: GoID): GoroutineSummary | undefined {
  return s.liveGoroutine(id);
}

function toMap(m: ReadonlyMap<string, number>): Map<string, number> | null {
  if (m.size === 0) return null;
  const out = new Map<string, number>();
  m.forEach((v, k) => out.set(k, v));
  return out;
}

function addTo(m: Map<string, number> | null, k: string, v: number): Map<string, number> {
  const out = m ?? new Map<string, number>();
  out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

/** The stats of g at time t (t at or after the last event fed): Go's snapshotStat, with pending blocked-syscall time as syscall block time. */
function snapshot(g: GoroutineSummary, t: Time, zero: Time): Snap {
  const s: Snap = {
    exec: g.execTime,
    schedWait: g.schedWaitTime,
    block: toMap(g.blockTimeByReason),
    syscall: g.syscallTime,
    syscallBlock: g.syscallBlockTime,
    total: g.totalTime,
    ranges: toMap(g.rangeTime),
  };
  if (!g.live) return s;
  if (g.totalTime === 0) s.total = t - g.creationTime;
  if (g.lastStartTime !== zero) s.exec += t - g.lastStartTime;
  if (g.lastRunnableTime !== zero) s.schedWait += t - g.lastRunnableTime;
  if (g.lastBlockTime !== zero) s.block = addTo(s.block, g.lastBlockReason, t - g.lastBlockTime);
  if (g.lastSyscallTime !== zero) s.syscall += t - g.lastSyscallTime;
  if (g.lastSyscallBlockTime !== zero) s.syscallBlock += t - g.lastSyscallBlockTime;
  g.lastRangeTime?.forEach((ts, name) => (s.ranges = addTo(s.ranges, name, t - ts)));
  return s;
}

function snapshotAll(s: Summarizer, t: Time, zero: Time): Map<GoID, Snap> {
  const out = new Map<GoID, Snap>();
  liveGoroutines(s).forEach((g, id) => out.set(id, snapshot(g, t, zero)));
  return out;
}

function subMaps(a: Map<string, number> | null, b: Map<string, number> | null | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of a ?? []) {
    const d = v - (b?.get(k) ?? 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}

function breakdownOfStats(s: ExecStats): GoroutineBreakdown {
  const blockByReason: Record<string, number> = {};
  s.blockTimeByReason.forEach((v, k) => {
    if (v !== 0) blockByReason[k] = v;
  });
  const ranges: Record<string, number> = {};
  s.rangeTime.forEach((v, k) => {
    if (v !== 0) ranges[k] = v;
  });
  return {
    total: s.totalTime,
    exec: s.execTime,
    schedWait: s.schedWaitTime,
    blockByReason,
    syscall: s.syscallTime,
    syscallBlock: s.syscallBlockTime,
    unknown: unknownTime(s),
    ranges,
  };
}

function breakdownOfDiff(b: Snap, a: Snap | undefined): GoroutineBreakdown {
  const r: GoroutineBreakdown = {
    total: b.total - (a?.total ?? 0),
    exec: b.exec - (a?.exec ?? 0),
    schedWait: b.schedWait - (a?.schedWait ?? 0),
    blockByReason: subMaps(b.block, a?.block),
    syscall: b.syscall - (a?.syscall ?? 0),
    syscallBlock: b.syscallBlock - (a?.syscallBlock ?? 0),
    unknown: 0,
    ranges: subMaps(b.ranges, a?.ranges),
  };
  let sum = r.exec + r.schedWait + r.syscall + r.syscallBlock;
  for (const v of Object.values(r.blockByReason)) sum += v;
  r.unknown = sum < r.total ? r.total - sum : 0;
  return r;
}

/** One pass of the events through Go's summarizer, with the range's snapshots. */
class Pass {
  readonly summarizer = new Summarizer({ keepStacks: false });
  zero: Time = 0;
  lastTs: Time = 0;
  /** The summarizer's syncTs (the last Sync, or the first event). */
  private syncTs: Time = 0;
  count = 0;
  snap0: Map<GoID, Snap> | null = null;
  snap1: Map<GoID, Snap> | null = null;

  /** r0/r1: the range in reader times, or null. */
  constructor(private readonly range: { r0: Time; r1: Time } | null) {}

  event(ev: Event): void {
    const t = ev.time();
    const kind = ev.kind();
    if (this.count === 0) this.zero = this.syncTs = zeroTimeOf(ev);
    if (this.syncTs === this.zero) this.syncTs = t;
    const r = this.range;
    if (r !== null) {
      if (this.snap0 === null && t > r.r0) this.snap0 = this.count === 0 ? new Map() : snapshotAll(this.summarizer, r.r0, this.zero);
      if (this.snap1 === null && t > r.r1) this.snap1 = this.count === 0 ? new Map() : snapshotAll(this.summarizer, r.r1, this.zero);
      if (this.snap0 !== null && this.syncTs < r.r0) this.backdate(ev, kind, this.snap0, r.r0);
      if (this.snap1 !== null && this.syncTs < r.r1) this.backdate(ev, kind, this.snap1, r.r1);
    }
    this.count++;
    this.lastTs = t;
    if (kind === EventKind.Sync) this.syncTs = t;
    this.summarizer.event(ev);
  }

  /**
   * The summarizer credits some time back to the last Sync when it first
   * hears of it (a goroutine's first status, a range found active): when
   * that Sync was before the time `at` of a snapshot taken already, the part
   * before `at` belongs in the snapshot.
   */
  private backdate(ev: Event, kind: EventKind, snap: Map<GoID, Snap>, at: Time): void {
    const d = at - this.syncTs;
    if (kind === EventKind.StateTransition) {
      const st = ev.stateTransition();
      if (st.resource.kind !== ResourceKind.Goroutine || st.oldState !== GoState.Undetermined || st.newState === GoState.Undetermined) return;
      const s: Snap = { exec: 0, schedWait: 0, block: null, syscall: 0, syscallBlock: 0, total: d, ranges: null };
      switch (st.newState as GoState) {
        case GoState.Running:
          s.exec = d;
          break;
        case GoState.Waiting:
          s.block = addTo(null, st.reason, d);
          break;
        case GoState.Runnable:
          s.schedWait = d;
          break;
        case GoState.Syscall:
          if (ev.proc() === NoProc) s.syscallBlock = d;
          else s.syscall = d;
          break;
      }
      snap.set(st.resource.id, s);
    } else if (kind === EventKind.RangeActive) {
      const rg = ev.range();
      const id = rg.scope.kind === ResourceKind.Goroutine ? rg.scope.id : rg.scope.kind === ResourceKind.Proc ? ev.goroutine() : NoGoroutine;
      const g = liveGoroutine(this.summarizer, id);
      if (g === undefined || (g.lastRangeTime?.get(rg.name) ?? this.zero) !== this.zero) return;
      const s = snap.get(id);
      if (s !== undefined) s.ranges = addTo(s.ranges, rg.name, d);
    }
  }

  /** After the last event: the snapshots not taken yet (the range reaches past the end). */
  finish(): Summary {
    const r = this.range;
    if (r !== null) {
      this.snap0 ??= snapshotAll(this.summarizer, Math.min(r.r0, this.lastTs), this.zero);
      this.snap1 ??= snapshotAll(this.summarizer, Math.min(r.r1, this.lastTs), this.zero);
    }
    return this.summarizer.finalize();
  }
}

/** Reads the trace through a Pass: up to the end, or on a read error up to the last Sync. */
function summarize(ctx: JobContext, range: { r0: Time; r1: Time } | null): { pass: Pass; summary: Summary | null; error: string | null } {
  const { consumer: pass, error } = readWholeGenerations(ctx, () => new Pass(range));
  return { pass, summary: pass.count > 0 ? pass.finish() : null, error: error === null ? null : error.message };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function addInto(to: GoroutineBreakdown, b: GoroutineBreakdown): void {
  to.total += b.total;
  to.exec += b.exec;
  to.schedWait += b.schedWait;
  to.syscall += b.syscall;
  to.syscallBlock += b.syscallBlock;
  to.unknown += b.unknown;
  for (const [k, v] of Object.entries(b.blockByReason)) to.blockByReason[k] = (to.blockByReason[k] ?? 0) + v;
  for (const [k, v] of Object.entries(b.ranges)) to.ranges[k] = (to.ranges[k] ?? 0) + v;
}

function emptyGroup(name: string): GoroutineGroupStats {
  return { name, count: 0, total: 0, exec: 0, schedWait: 0, blockByReason: {}, syscall: 0, syscallBlock: 0, unknown: 0, ranges: {} };
}

/** The sort value of a goroutine row for a GoroutineSortKey (null times sort as +∞). */
export function sortValue(g: GoroutineStats, key: string): number {
  switch (key) {
    case 'id':
      return g.id;
    case 'total':
    case 'exec':
    case 'schedWait':
    case 'syscall':
    case 'syscallBlock':
    case 'unknown':
      return g[key];
    case 'creation':
    case 'start':
    case 'end':
      return g[key] ?? Infinity;
  }
  if (key.startsWith('block:')) return g.blockByReason[key.slice(6)] ?? 0;
  if (key.startsWith('range:')) return g.ranges[key.slice(6)] ?? 0;
  throw new Error(`goroutine analysis: unknown sort key ${JSON.stringify(key)}`);
}

export function goroutineAnalysisJob(ctx: JobContext, req: GoroutineAnalysisRequest): GoroutineAnalysisResponse {
  if ((req.t0 === undefined) !== (req.t1 === undefined)) throw new Error('goroutine analysis: a range needs both t0 and t1');
  const range = req.t0 !== undefined && req.t1 !== undefined ? { t0: Math.min(req.t0, req.t1), t1: Math.max(req.t0, req.t1) } : null;
  const sortBy = req.sortBy ?? 'total';
  const ascending = req.ascending ?? false;
  const limit = req.limit ?? DEFAULT_LIMIT;
  sortValue({ id: 0, creation: null, start: null, end: null, ...emptyGroup('') }, sortBy); // rejects unknown keys before the pass

  const { pass, summary, error } = summarize(ctx, range === null ? null : { r0: ctx.toReaderTime(range.t0), r1: ctx.toReaderTime(range.t1) });
  const only = req.goroutines === undefined ? null : new Set(req.goroutines);
  const zero = summary?.zeroTime ?? 0;
  const indexTime = (t: Time): number | null => (t === zero ? null : ctx.toIndexTime(t));
  /** g's row (null: not counted, outside the range). Rows are rebuilt when needed rather than kept: a group may hold millions. */
  const rowOf = (g: GoroutineSummary, id: GoID): GoroutineStats | null => {
    let b: GoroutineBreakdown;
    if (range === null) {
      b = breakdownOfStats(g);
    } else {
      const s1 = pass.snap1!.get(id);
      if (s1 === undefined) return null;
      b = breakdownOfDiff(s1, pass.snap0!.get(id));
      if (b.total <= 0) return null;
    }
    return { id, creation: indexTime(g.creationTime), start: indexTime(g.startTime), end: indexTime(g.endTime), ...b };
  };

  const groups = new Map<string, GoroutineGroupStats>();
  const totals = emptyGroup('');
  const members: GoID[] = [];
  const keys: number[] = [];
  summary?.goroutines.forEach((g, id) => {
    if (only !== null && !only.has(id)) return;
    const row = rowOf(g, id);
    if (row === null) return;
    let gr = groups.get(g.name);
    if (gr === undefined) groups.set(g.name, (gr = emptyGroup(g.name)));
    gr.count++;
    addInto(gr, row);
    totals.count++;
    addInto(totals, row);
    if (req.group === g.name) {
      members.push(id);
      keys.push(sortValue(row, sortBy));
    }
  });

  let group: GoroutineGroupDetail | null = null;
  if (summary !== null && req.group !== undefined && groups.has(req.group)) {
    const dir = ascending ? 1 : -1;
    const order = members.map((_, i) => i);
    order.sort((a, b) => dir * (keys[a]! - keys[b]!) || members[a]! - members[b]!);
    const goroutines: GoroutineStats[] = [];
    for (const i of order.slice(0, limit)) goroutines.push(rowOf(summary.goroutines.get(members[i]!)!, members[i]!)!);
    group = { name: req.group, count: members.length, goroutines, sortBy, ascending };
    if (req.ids) group.ids = members.slice().sort((a, b) => a - b);
  }

  return {
    groups: [...groups.values()].sort((x, y) => y.exec - x.exec || compareStrings(x.name, y.name)),
    totals,
    blockReasons: Object.keys(totals.blockByReason).sort(compareStrings),
    rangeNames: Object.keys(totals.ranges).sort(compareStrings),
    range,
    traceEnd: pass.count > 0 ? ctx.toIndexTime(pass.lastTs) : 0,
    error,
    group,
  };
}
