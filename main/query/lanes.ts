// Lane names, kinds and the lane list.

import { LANE_KIND_NAMES, LaneKind, SpanState, type TimelineIndex } from '../../shared/index/layout';
import type { LaneInfo, LaneListRequest, LaneListResponse } from '../../shared/index/query-types';
import { i64String } from '../../shared/trace/u64';
import { goroutineOrder } from './goroutine-order';

/** "G42 main.worker", "G42 runtime.gcBgMarkWorker (GC (dedicated))", "G42" when it has no known start function. */
export function goroutineName(ix: TimelineIndex, lane: number): string {
  const fn = ix.strings[ix.laneName[lane]!]!;
  const label = ix.laneLabel[lane]! !== 0 ? ` (${ix.strings[ix.laneLabel[lane]!]})` : '';
  const id = i64String(ix.laneRes[lane]!);
  return fn === '' ? `G${id}${label}` : `G${id} ${fn}${label}`;
}

export function laneName(ix: TimelineIndex, lane: number): string {
  if (lane < 0 || lane >= ix.laneKind.length) return '';
  const res = ix.laneRes[lane]!;
  const depth = ix.laneDepth[lane]!;
  const parent = ix.laneParent[lane]!;
  const d = depth > 0 ? ` (depth ${depth})` : '';
  switch (ix.laneKind[lane] as LaneKind) {
    case LaneKind.Goroutine:
      return goroutineName(ix, lane);
    case LaneKind.Proc:
      return `Proc ${i64String(res)}`;
    case LaneKind.Thread:
      return `Thread ${i64String(res)}`;
    case LaneKind.GC:
      return `GC${d}`;
    case LaneKind.STW:
      return `STW${d}`;
    case LaneKind.GoRegions:
      return `${laneName(ix, parent)} regions${depth >= 256 ? ` (begun before the trace, ${depth - 255})` : d}`;
    case LaneKind.GoRanges:
      return `${laneName(ix, parent)} ranges${d}`;
    case LaneKind.ProcRanges:
      return `${laneName(ix, parent)} syscalls and ranges${d}`;
    case LaneKind.Tasks:
      return `Tasks${d}`;
    case LaneKind.Network:
      return 'Network';
    case LaneKind.Syscalls:
      return 'Syscalls';
  }
  return `lane ${lane}`;
}

export function laneKindName(ix: TimelineIndex, lane: number): string {
  return LANE_KIND_NAMES[ix.laneKind[lane]!] ?? 'unknown';
}

/** Number of non-gap spans of a lane. */
export function spanCount(ix: TimelineIndex, lane: number): number {
  let n = 0;
  const s1 = ix.laneStart[lane + 1]!;
  for (let i = ix.laneStart[lane]!; i + 1 < s1; i++) if (ix.state[i] !== SpanState.None) n++;
  return n;
}

export function laneInfo(ix: TimelineIndex, lane: number): LaneInfo {
  const kind = ix.laneKind[lane] as LaneKind;
  const global = kind === LaneKind.GC || kind === LaneKind.STW || kind === LaneKind.Tasks || kind === LaneKind.Network || kind === LaneKind.Syscalls;
  const res = ix.laneRes[lane]!;
  return {
    id: lane,
    kind: laneKindName(ix, lane),
    name: laneName(ix, lane),
    sortKey: kind === LaneKind.GoRegions || kind === LaneKind.GoRanges || kind === LaneKind.ProcRanges || global ? ix.laneDepth[lane]! : res,
    parent: ix.laneParent[lane]!,
    depth: ix.laneDepth[lane]!,
    spanCount: spanCount(ix, lane),
    instantCount: ix.instStart[lane + 1]! - ix.instStart[lane]!,
    resource: global ? -1 : res,
  };
}

const KIND_ORDER = [LaneKind.GC, LaneKind.STW, LaneKind.Network, LaneKind.Syscalls, LaneKind.Tasks, LaneKind.Proc, LaneKind.ProcRanges, LaneKind.Thread, LaneKind.Goroutine, LaneKind.GoRanges, LaneKind.GoRegions];

const orders = new WeakMap<TimelineIndex, Int32Array>();

/** All lanes in display order: global lanes, procs, threads, goroutines (each by id), children after their parent. Computed once. */
export function displayOrder(ix: TimelineIndex): Int32Array {
  let order = orders.get(ix);
  if (order !== undefined) return order;
  const n = ix.laneKind.length;
  const rank = new Int32Array(16);
  KIND_ORDER.forEach((k, i) => (rank[k] = i));
  let nTop = 0;
  for (let l = 0; l < n; l++) if (ix.laneParent[l]! < 0) nTop++;
  const top = new Int32Array(nTop);
  const children: number[][] = [];
  const childIndex = new Int32Array(n).fill(-1);
  for (let l = 0, k = 0; l < n; l++) {
    const p = ix.laneParent[l]!;
    if (p < 0) top[k++] = l;
    else {
      if (childIndex[p] === -1) childIndex[p] = children.push([]) - 1;
      children[childIndex[p]!]!.push(l);
    }
  }
  top.sort((a, b) => rank[ix.laneKind[a]!]! - rank[ix.laneKind[b]!]! || ix.laneRes[a]! - ix.laneRes[b]! || a - b);
  order = new Int32Array(n);
  let k = 0;
  for (const l of top) {
    order[k++] = l;
    const c = childIndex[l]!;
    if (c < 0) continue;
    const list = children[c]!.sort((a, b) => ix.laneKind[a]! - ix.laneKind[b]! || ix.laneDepth[a]! - ix.laneDepth[b]!);
    for (const x of list) order[k++] = x;
  }
  orders.set(ix, order);
  return order;
}

/** The lane list, filtered (kinds, parent) and paged (offset, limit; default 1000); or the goroutines sorted and filtered (goroutine-order.ts). */
export function laneList(ix: TimelineIndex, req: LaneListRequest = {}): LaneListResponse {
  if (req.goroutines !== undefined) {
    const g = goroutineOrder(ix, req.goroutines);
    const offset = req.offset ?? 0;
    const end = Math.min(g.lanes.length, offset + (req.limit ?? 1000));
    const lanes: LaneInfo[] = [];
    for (let k = offset; k < end; k++) lanes.push(laneInfo(ix, g.lanes[k]!));
    return { total: g.lanes.length, lanes, goroutines: g.goroutines };
  }
  const kinds = req.kinds ? new Set(req.kinds) : null;
  const order = displayOrder(ix);
  const offset = req.offset ?? 0;
  const limit = req.limit ?? 1000;
  const lanes: LaneInfo[] = [];
  let total = 0;
  for (const l of order) {
    if (kinds && !kinds.has(LANE_KIND_NAMES[ix.laneKind[l]!]!)) continue;
    if (req.parent !== undefined && ix.laneParent[l] !== req.parent) continue;
    if (total >= offset && lanes.length < limit) lanes.push(laneInfo(ix, l));
    total++;
  }
  return { total, lanes };
}
