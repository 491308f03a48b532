// Search: "g42" finds goroutine 42; any other text is a case-insensitive
// substring of goroutine start functions, region and task names, log text,
// and functions on stacks (the spans that began with such a stack).

import { LaneKind, SpanState, type TimelineIndex } from '../../shared/index/layout';
import type { SearchHit, SearchRequest, SearchResponse } from '../../shared/index/query-types';
import { goroutineName } from './lanes';
import { pointTime } from '../../shared/index/layout';

export function search(ix: TimelineIndex, req: SearchRequest): SearchResponse {
  const limit = req.limit ?? 200;
  const hits: SearchHit[] = [];
  let truncated = false;
  const add = (h: SearchHit): boolean => {
    if (hits.length >= limit) {
      truncated = true;
      return false;
    }
    hits.push(h);
    return true;
  };
  const laneSpan = (l: number): [number, number] => [pointTime(ix, ix.laneStart[l]!) ?? 0, pointTime(ix, ix.laneStart[l + 1]! - 1) ?? 0];
  const q = req.query.trim();
  const gm = /^g(\d+)$/i.exec(q);
  if (gm) {
    const id = Number(gm[1]);
    for (let l = 0; l < ix.laneKind.length; l++) {
      if (ix.laneKind[l] === LaneKind.Goroutine && ix.laneRes[l] === id) {
        const [t0, t1] = laneSpan(l);
        add({ kind: 'goroutine', lane: l, time: t0, end: t1, label: goroutineName(ix, l), index: -1 });
      }
    }
    return { hits, truncated };
  }
  const needle = q.toLowerCase();
  if (needle === '') return { hits, truncated };
  const match = new Uint8Array(ix.strings.length);
  ix.strings.forEach((s, i) => (match[i] = s.toLowerCase().includes(needle) ? 1 : 0));
  // Goroutines by start function.
  for (let l = 0; l < ix.laneKind.length && !truncated; l++) {
    if (ix.laneKind[l] === LaneKind.Goroutine && match[ix.laneName[l]!]) {
      const [t0, t1] = laneSpan(l);
      add({ kind: 'goroutine', lane: l, time: t0, end: t1, label: goroutineName(ix, l), index: -1 });
    }
  }
  for (let r = 0; r < ix.regionName.length && !truncated; r++) {
    if (match[ix.regionName[r]!]) {
      add({ kind: 'region', lane: ix.regionLane[r]!, time: nz(ix.regionStart[r]!, 0), end: nz(ix.regionEnd[r]!, ix.end), label: ix.strings[ix.regionName[r]!]!, index: r });
    }
  }
  for (let t = 0; t < ix.taskName.length && !truncated; t++) {
    if (match[ix.taskName[t]!]) {
      add({ kind: 'task', lane: ix.taskStartLane[t]!, time: nz(ix.taskStart[t]!, 0), end: nz(ix.taskEnd[t]!, ix.end), label: ix.strings[ix.taskName[t]!]!, index: t });
    }
  }
  for (let k = 0; k < ix.logTime.length && !truncated; k++) {
    if (match[ix.logMessage[k]!] || match[ix.logCategory[k]!]) {
      add({ kind: 'log', lane: ix.logLane[k]!, time: ix.logTime[k]!, end: ix.logTime[k]!, label: `[${ix.strings[ix.logCategory[k]!]}] ${ix.strings[ix.logMessage[k]!]}`, index: k });
    }
  }
  // Spans whose begin stack has a matching function.
  const st = ix.stacks;
  const nStacks = st.stackStart.length - 1;
  const stackMatch = new Uint8Array(nStacks);
  let any = false;
  for (let s = 1; s < nStacks; s++) {
    for (let i = st.stackStart[s]!; i < st.stackStart[s + 1]!; i++) {
      if (match[st.frameFunc[st.stackFrames[i]!]!]) {
        stackMatch[s] = 1;
        any = true;
        break;
      }
    }
  }
  if (any) {
    for (let l = 0; l < ix.laneKind.length && !truncated; l++) {
      if (ix.laneKind[l] !== LaneKind.Goroutine) continue;
      const s1 = ix.laneStart[l + 1]!;
      for (let i = ix.laneStart[l]!; i + 1 < s1; i++) {
        if (ix.state[i] !== SpanState.None && stackMatch[ix.stack[i]!]) {
          if (!add({ kind: 'function', lane: l, time: pointTime(ix, i), end: pointTime(ix, i + 1), label: goroutineName(ix, l), index: i })) break;
        }
      }
    }
  }
  return { hits, truncated };
}

function nz(v: number, d: number): number {
  return Number.isNaN(v) ? d : v;
}
