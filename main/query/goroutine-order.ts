// Goroutine lanes listed in the order the timeline asks for (by id, by time
// blocked, by start function), filtered by text (`g42`, or a substring of
// "G42 start.function (label)") and/or to a set of lanes, each goroutine
// followed by its child lanes (ranges, regions). Computed once per
// (index, options) and kept (a few per index), so that a trace with millions
// of goroutines pages through a sorted, filtered list without the renderer
// holding it.

import { LaneKind, SpanState, pointTime, type TimelineIndex } from '../../shared/index/layout';
import type { GoroutineListOptions } from '../../shared/index/query-types';
import { displayOrder, goroutineName } from './lanes';

export interface GoroutineOrder {
  /** Goroutine lanes, each followed by its children. */
  lanes: Int32Array;
  /** How many of them are goroutine lanes (the rest are children). */
  goroutines: number;
}

const KEEP = 6;
const cache = new WeakMap<TimelineIndex, Map<string, GoroutineOrder>>();
const blockedCache = new WeakMap<TimelineIndex, Float64Array>();

export function goroutineOrder(ix: TimelineIndex, opts: GoroutineListOptions): GoroutineOrder {
  const key = JSON.stringify([opts.sort ?? 'id', (opts.filter ?? '').trim().toLowerCase(), opts.only ?? null]);
  let per = cache.get(ix);
  if (per === undefined) cache.set(ix, (per = new Map()));
  const hit = per.get(key);
  if (hit !== undefined) return hit;
  const order = compute(ix, opts);
  per.set(key, order);
  if (per.size > KEEP) per.delete(per.keys().next().value as string);
  return order;
}

function compute(ix: TimelineIndex, opts: GoroutineListOptions): GoroutineOrder {
  const display = displayOrder(ix);
  // Goroutine lanes in id order, and where each one's run of children ends in `display`.
  const gs: number[] = [];
  const runStart: number[] = [];
  for (let k = 0; k < display.length; k++) {
    if (ix.laneKind[display[k]!] === LaneKind.Goroutine && ix.laneParent[display[k]!]! < 0) {
      gs.push(display[k]!);
      runStart.push(k);
    }
  }
  const runOf = new Map<number, number>();
  gs.forEach((l, i) => runOf.set(l, i));

  let keep = gs.map((_, i) => i);
  if (opts.only !== undefined) {
    const only = new Set(opts.only);
    keep = keep.filter((i) => only.has(gs[i]!));
  }
  const f = (opts.filter ?? '').trim().toLowerCase();
  if (f !== '') {
    const gm = /^g(\d+)$/.exec(f);
    if (gm) {
      const id = Number(gm[1]);
      keep = keep.filter((i) => ix.laneRes[gs[i]!] === id);
    } else {
      const nameMatch = new Uint8Array(ix.strings.length);
      ix.strings.forEach((s, i) => (nameMatch[i] = s.toLowerCase().includes(f) ? 1 : 0));
      keep = keep.filter((i) => {
        const l = gs[i]!;
        if (nameMatch[ix.laneName[l]!] === 1 || (ix.laneLabel[l] !== 0 && nameMatch[ix.laneLabel[l]!] === 1)) return true;
        return goroutineName(ix, l).toLowerCase().includes(f);
      });
    }
  }
  const sort = opts.sort ?? 'id';
  if (sort === 'blocked') {
    const blocked = blockedTimes(ix);
    keep.sort((a, b) => blocked[gs[b]!]! - blocked[gs[a]!]! || a - b);
  } else if (sort === 'function') {
    const rank = functionRanks(ix);
    keep.sort((a, b) => rank[ix.laneName[gs[a]!]!]! - rank[ix.laneName[gs[b]!]!]! || a - b);
  }
  let n = 0;
  for (const i of keep) n += runEnd(i) - runStart[i]!;
  const lanes = new Int32Array(n);
  let k = 0;
  for (const i of keep) for (let d = runStart[i]!; d < runEnd(i); d++) lanes[k++] = display[d]!;
  return { lanes, goroutines: keep.length };

  function runEnd(i: number): number {
    let e = runStart[i]! + 1;
    while (e < display.length && ix.laneParent[display[e]!] === gs[i]) e++;
    return e;
  }
}

/** Per lane: total time in Waiting spans (blocked), computed once per index. */
function blockedTimes(ix: TimelineIndex): Float64Array {
  let b = blockedCache.get(ix);
  if (b !== undefined) return b;
  const n = ix.laneKind.length;
  b = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    if (ix.laneKind[l] !== LaneKind.Goroutine) continue;
    const s1 = ix.laneStart[l + 1]!;
    let sum = 0;
    for (let i = ix.laneStart[l]!; i + 1 < s1; i++) {
      const st = ix.state[i];
      if (st === SpanState.Waiting || st === SpanState.GCWaiting) sum += pointTime(ix, i + 1) - pointTime(ix, i);
    }
    b[l] = sum;
  }
  blockedCache.set(ix, b);
  return b;
}

/** Rank of every string id in alphabetical order (start functions sort by it; "" first). */
function functionRanks(ix: TimelineIndex): Int32Array {
  const ids = ix.strings.map((_, i) => i);
  ids.sort((a, b) => (ix.strings[a]! < ix.strings[b]! ? -1 : ix.strings[a]! > ix.strings[b]! ? 1 : a - b));
  const rank = new Int32Array(ix.strings.length);
  ids.forEach((id, r) => (rank[id] = r));
  return rank;
}
