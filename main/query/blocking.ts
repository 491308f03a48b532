// Blocking episodes: the N longest waits (Waiting / GC waiting spans, and
// syscalls blocked without a P), overall or grouped by reason, goroutine or
// start function, with a minimum duration. One pass over goroutine lanes,
// a bounded heap per group.

import { LaneKind, SPAN_STATE_NAMES, SpanState, type TimelineIndex, pointArg } from '../../shared/index/layout';
import { stackFrames } from '../../shared/index/stacks';
import type { BlockingEpisode, BlockingRequest, BlockingResponse } from '../../shared/index/query-types';
import { linksInto } from './arrows';
import { goroutineName } from './lanes';
import { lowerBound } from '../../shared/index/columns';
import { pointTime } from '../../shared/index/layout';
import { isSystemGoroutine } from '../../shared/analysis/summary';

/** Keeps the n largest (duration, point) pairs. */
class TopN {
  private readonly d: number[] = [];
  private readonly p: number[] = [];
  total = 0;
  count = 0;
  constructor(private readonly n: number) {}

  offer(dur: number, point: number): void {
    this.total += dur;
    this.count++;
    if (this.n <= 0) return;
    const d = this.d;
    const p = this.p;
    if (d.length < this.n) {
      d.push(dur);
      p.push(point);
      let i = d.length - 1;
      while (i > 0) {
        const up = (i - 1) >> 1;
        if (d[up]! <= d[i]!) break;
        [d[up], d[i]] = [d[i]!, d[up]!];
        [p[up], p[i]] = [p[i]!, p[up]!];
        i = up;
      }
      return;
    }
    if (dur <= d[0]!) return;
    d[0] = dur;
    p[0] = point;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < d.length && d[l]! < d[m]!) m = l;
      if (r < d.length && d[r]! < d[m]!) m = r;
      if (m === i) break;
      [d[m], d[i]] = [d[i]!, d[m]!];
      [p[m], p[i]] = [p[i]!, p[m]!];
      i = m;
    }
  }

  sorted(): number[] {
    return this.p.map((pt, i) => [this.d[i]!, pt] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).map((x) => x[1]);
  }
}

export function blockingEpisodes(ix: TimelineIndex, req: BlockingRequest): BlockingResponse {
  const by = req.groupBy ?? 'none';
  const minD = req.minDuration ?? 0;
  const fn = req.function?.toLowerCase();
  const withSyscalls = req.syscalls !== false;
  const withRuntime = req.runtime === true;
  const groups = new Map<string, TopN>();
  const laneOf = new Map<number, number>();
  const reasonId = req.reason !== undefined ? ix.strings.indexOf(req.reason) : -2;
  if (req.reason !== undefined && reasonId < 0 && req.reason !== 'syscall') return { groups: [] };
  for (let l = 0; l < ix.laneKind.length; l++) {
    if (ix.laneKind[l] !== LaneKind.Goroutine) continue;
    if (req.goroutine !== undefined && ix.laneRes[l] !== req.goroutine) continue;
    if (fn !== undefined && !ix.strings[ix.laneName[l]!]!.toLowerCase().includes(fn)) continue;
    if (!withRuntime && req.goroutine === undefined && isSystemGoroutine(ix.strings[ix.laneName[l]!]!)) continue;
    const s1 = ix.laneStart[l + 1]!;
    for (let i = ix.laneStart[l]!; i + 1 < s1; i++) {
      const st = ix.state[i]!;
      let reason: string;
      if (st === SpanState.Waiting || st === SpanState.GCWaiting) {
        if (req.reason !== undefined && pointArg(ix, i) !== reasonId) continue;
        reason = ix.strings[pointArg(ix, i)]!;
      } else if (st === SpanState.SyscallBlocked && withSyscalls) {
        if (req.reason !== undefined && req.reason !== 'syscall') continue;
        reason = 'syscall';
      } else continue;
      const dur = pointTime(ix, i + 1) - pointTime(ix, i);
      if (dur < minD) continue;
      const key = by === 'reason' ? reason : by === 'goroutine' ? `G${ix.laneRes[l]}` : by === 'function' ? ix.strings[ix.laneName[l]!]! : 'all';
      let g = groups.get(key);
      if (g === undefined) groups.set(key, (g = new TopN(req.n)));
      g.offer(dur, i);
      laneOf.set(i, l);
    }
  }
  const out: BlockingResponse = { groups: [] };
  for (const [key, g] of groups) {
    const episodes: BlockingEpisode[] = g.sorted().map((i) => {
      const l = laneOf.get(i)!;
      const st = ix.state[i]!;
      const [a, b] = linksInto(ix, l);
      const k = lowerBound(ix.linkPoint, i + 1, a, b);
      const by = k < b && ix.linkPoint[k] === i + 1 && ix.linkFrom[k]! >= 0 && ix.laneKind[ix.linkFrom[k]!] === LaneKind.Goroutine ? ix.laneRes[ix.linkFrom[k]!]! : null;
      return {
        lane: l,
        goroutine: ix.laneRes[l]!,
        name: goroutineName(ix, l),
        start: pointTime(ix, i),
        end: pointTime(ix, i + 1),
        duration: pointTime(ix, i + 1) - pointTime(ix, i),
        reason: st === SpanState.SyscallBlocked ? 'syscall' : ix.strings[pointArg(ix, i)]!,
        state: SPAN_STATE_NAMES[st]!,
        point: i,
        stack: stackFrames(ix.stacks, ix.strings, ix.stack[i]!),
        unblockedBy: by,
      };
    });
    out.groups.push({ key, total: g.total, count: g.count, episodes });
  }
  out.groups.sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : 1));
  return out;
}
