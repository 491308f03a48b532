// Statistics of a time range: goroutine time per state, blocked time per
// reason, and per goroutine group (start function).

import { LaneKind, SPAN_STATE_NAMES, SpanState, type TimelineIndex, pointArg } from '../../shared/index/layout';
import type { RangeStatsRequest, RangeStatsResponse } from '../../shared/index/query-types';
import { pointTime, pointUpperBound } from '../../shared/index/layout';

export function rangeStats(ix: TimelineIndex, req: RangeStatsRequest): RangeStatsResponse {
  const { t0, t1 } = req;
  const byState = new Float64Array(16);
  const byReason = new Map<number, number>();
  const groups = new Map<number, { count: number; byState: Float64Array }>();
  let goroutines = 0;
  const lanes = req.lanes ?? null;
  const n = lanes ? lanes.length : ix.laneKind.length;
  for (let q = 0; q < n; q++) {
    const l = lanes ? lanes[q]! : q;
    if (ix.laneKind[l] !== LaneKind.Goroutine) continue;
    const s0 = ix.laneStart[l]!;
    const s1 = ix.laneStart[l + 1]!;
    if (s1 - s0 < 2 || pointTime(ix, s0) >= t1 || pointTime(ix, s1 - 1) <= t0) continue;
    goroutines++;
    let g = groups.get(ix.laneName[l]!);
    if (g === undefined) groups.set(ix.laneName[l]!, (g = { count: 0, byState: new Float64Array(16) }));
    g.count++;
    for (let i = Math.max(s0, pointUpperBound(ix, t0, s0, s1) - 1); i + 1 < s1 && pointTime(ix, i) < t1; i++) {
      const d = Math.min(pointTime(ix, i + 1), t1) - Math.max(pointTime(ix, i), t0);
      if (d <= 0) continue;
      const st = ix.state[i]!;
      byState[st] += d;
      g.byState[st] += d;
      if (st === SpanState.Waiting || st === SpanState.GCWaiting) byReason.set(pointArg(ix, i), (byReason.get(pointArg(ix, i)) ?? 0) + d);
      else if (st === SpanState.SyscallBlocked) byReason.set(-1, (byReason.get(-1) ?? 0) + d);
    }
  }
  const named = (a: Float64Array) => {
    const o: Record<string, number> = {};
    for (let s = 1; s < SPAN_STATE_NAMES.length; s++) if (a[s]! > 0) o[SPAN_STATE_NAMES[s]!] = a[s]!;
    return o;
  };
  const reasons: Record<string, number> = {};
  for (const [r, d] of [...byReason].sort((a, b) => b[1] - a[1])) reasons[r < 0 ? 'syscall' : ix.strings[r]!] = d;
  return {
    t0,
    t1,
    goroutines,
    byState: named(byState),
    byReason: reasons,
    byGroup: [...groups]
      .map(([name, g]) => ({ name: ix.strings[name]!, count: g.count, byState: named(g.byState) }))
      .sort((a, b) => (b.byState.running ?? 0) - (a.byState.running ?? 0) || (a.name < b.name ? -1 : 1)),
  };
}
