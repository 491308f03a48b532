// Render batches of one lane for a viewport: spans narrower than the merge
// threshold are merged into aggregate blocks that keep the mix of states.
// Cost O(log n + items): a block jumps over every span starting within one
// threshold of its start with a binary search, and its state mix comes from
// the lane's mix pyramid, so the work follows pixels, not trace size.

import { lowerBound, upperBound } from '../../shared/index/columns';
import { LaneKind, MIX_BLOCK, MIX_STATES, SpanState, type TimelineIndex } from '../../shared/index/layout';
import { pyramidCover } from '../../shared/index/pyramid';
import type { RenderBatch } from '../../shared/index/query-types';

class BatchWriter {
  start: number[] = [];
  end: number[] = [];
  state: number[] = [];
  merged: number[] = [];
  label: number[] = [];
  ref: number[] = [];
  point: number[] = [];
  spans: number[] = [];
  mix: number[] = [];

  push(s: number, e: number, st: number, merged: number, label: number, ref: number, point: number, spans: number, mix: Float64Array | null): void {
    this.start.push(s);
    this.end.push(e);
    this.state.push(st);
    this.merged.push(merged);
    this.label.push(label);
    this.ref.push(ref);
    this.point.push(point);
    this.spans.push(spans);
    if (mix === null) {
      for (let k = 0; k < MIX_STATES; k++) this.mix.push(k === st ? 1 : 0);
    } else {
      let tot = 0;
      for (let k = 0; k < MIX_STATES; k++) tot += mix[k]!;
      for (let k = 0; k < MIX_STATES; k++) this.mix.push(tot > 0 ? mix[k]! / tot : k === st ? 1 : 0);
    }
  }
}

/** Label (string id) and ref (goroutine lane or -1) shown for a span. */
export function spanLabel(ix: TimelineIndex, lane: number, point: number): { label: number; ref: number } {
  const st = ix.state[point]!;
  const arg = ix.arg[point]!;
  const kind = ix.laneKind[lane]!;
  switch (st) {
    case SpanState.Region:
      return { label: ix.regionName[arg] ?? 0, ref: arg };
    case SpanState.Task:
      return { label: ix.taskName[arg] ?? 0, ref: arg };
    case SpanState.Running:
    case SpanState.Syscall:
    case SpanState.SyscallBlocked:
      if (kind !== LaneKind.Goroutine) return { label: ix.laneName[arg] ?? 0, ref: arg };
      return { label: 0, ref: -1 };
    default:
      return { label: arg, ref: -1 };
  }
}

/** Adds the durations by state of spans [a, b) of the lane (point indexes) into acc. */
export function addMix(ix: TimelineIndex, lane: number, a: number, b: number, acc: Float64Array): void {
  const s0 = ix.laneStart[lane]!;
  const base = ix.mixStart[lane]!;
  const t = ix.time;
  const st = ix.state;
  const leaf = (k: number) => {
    const i = s0 + k;
    acc[st[i]!] += t[i + 1]! - t[i]!;
  };
  if (base < 0 || b - a <= 2 * MIX_BLOCK) {
    for (let k = a - s0; k < b - s0; k++) leaf(k);
    return;
  }
  const nSpans = ix.laneStart[lane + 1]! - s0 - 1;
  const mix = ix.mix;
  pyramidCover(nSpans, MIX_BLOCK, a - s0, b - s0, leaf, (off) => {
    const o = (base + off) * MIX_STATES;
    for (let k = 0; k < MIX_STATES; k++) acc[k] += mix[o + k]!;
  });
}

function dominant(mix: Float64Array): number {
  let best = SpanState.None as number;
  let bestV = 0;
  for (let k = 1; k < MIX_STATES; k++) {
    if (mix[k]! > bestV) {
      bestV = mix[k]!;
      best = k;
    }
  }
  return best;
}

/**
 * The lane's items covering exactly [t0, t1]. Spans at least `threshold` ns
 * long are always their own item (clipped to the viewport); narrower ones are
 * merged with their neighbours into blocks at least `threshold` long.
 */
export function laneBatch(ix: TimelineIndex, lane: number, t0: number, t1: number, nsPerPixel: number, threshold: number): RenderBatch {
  const w = new BatchWriter();
  const s0 = ix.laneStart[lane]!;
  const s1 = ix.laneStart[lane + 1]!;
  const time = ix.time;
  let cur = t0;
  const pad = (e: number) => {
    if (e > cur) {
      w.push(cur, e, SpanState.None, 0, 0, -1, -1, 0, null);
      cur = e;
    }
  };
  const acc = new Float64Array(MIX_STATES);
  if (s1 - s0 >= 2 && t1 > time[s0]! && t0 < time[s1 - 1]!) {
    pad(time[s0]!);
    let i = Math.max(s0, upperBound(time, cur, s0, s1) - 1);
    const lastSpan = s1 - 2;
    while (i <= lastSpan && time[i]! < t1 && cur < t1) {
      const st = time[i]!;
      const en = time[i + 1]!;
      if (en - st >= threshold || i === lastSpan) {
        const { label, ref } = spanLabel(ix, lane, i);
        const e = Math.min(en, t1);
        if (e > cur || (e === cur && en === st)) {
          if (e > cur) w.push(cur, e, ix.state[i]!, 0, label, ref, i, 1, null);
          cur = e;
        }
        i++;
        continue;
      }
      // Merge: every span starting before st + threshold joins the block.
      const j = lowerBound(time, st + threshold, i + 1, s1);
      let last = Math.min(j - 1, lastSpan);
      let next: number;
      let blockEnd: number;
      if (last > i && time[last + 1]! - time[last]! >= threshold) {
        blockEnd = time[last]!;
        next = last;
        last--;
      } else {
        blockEnd = time[last + 1]!;
        next = last + 1;
      }
      const e = Math.min(blockEnd, t1);
      if (next - i === 1) {
        const { label, ref } = spanLabel(ix, lane, i);
        if (e > cur) w.push(cur, e, ix.state[i]!, 0, label, ref, i, 1, null);
      } else if (e > cur) {
        acc.fill(0);
        addMix(ix, lane, i, next, acc);
        const d = dominant(acc);
        w.push(cur, e, d, 1, 0, -1, i, next - i, acc);
      }
      cur = Math.max(cur, e);
      i = next;
    }
  }
  pad(t1);
  // Instants, at most about one per pixel.
  const a0 = ix.instStart[lane]!;
  const a1 = ix.instStart[lane + 1]!;
  const it: number[] = [];
  const ik: number[] = [];
  const ii: number[] = [];
  let k = lowerBound(ix.instTime, t0, a0, a1);
  while (k < a1 && ix.instTime[k]! <= t1) {
    const tk = ix.instTime[k]!;
    it.push(tk);
    ik.push(ix.instKind[k]!);
    ii.push(k);
    k = Math.max(k + 1, lowerBound(ix.instTime, tk + nsPerPixel, k + 1, a1));
  }
  const n = w.start.length;
  const x0 = new Float32Array(n);
  const x1 = new Float32Array(n);
  for (let q = 0; q < n; q++) {
    x0[q] = (w.start[q]! - t0) / nsPerPixel;
    x1[q] = (w.end[q]! - t0) / nsPerPixel;
  }
  return {
    lane,
    count: n,
    start: Float64Array.from(w.start),
    end: Float64Array.from(w.end),
    x0,
    x1,
    state: Uint8Array.from(w.state),
    merged: Uint8Array.from(w.merged),
    label: Int32Array.from(w.label),
    ref: Int32Array.from(w.ref),
    point: Int32Array.from(w.point),
    spans: Uint32Array.from(w.spans),
    mix: Float32Array.from(w.mix),
    instTime: Float64Array.from(it),
    instKind: Uint8Array.from(ik),
    instIndex: Int32Array.from(ii),
  };
}
