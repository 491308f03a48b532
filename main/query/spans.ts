// Render batches of one lane for a viewport: spans narrower than the merge
// threshold are merged into aggregate blocks that keep the mix of states.
// Cost O(log n + items): a block jumps over every span starting within one
// threshold of its start with a binary search, and its state mix comes from
// the lane's mix pyramid, so the work follows pixels, not trace size.

import { GrowableColumn, f64, i32, lowerBound, u8 } from '../../shared/index/columns';
import { t48LowerBound, t48UpperBound } from '../../shared/index/time48';
import { LaneKind, MIX_BLOCK, MIX_STATES, SpanState, pointTime, type TimelineIndex } from '../../shared/index/layout';
import type { RenderBatch } from '../../shared/index/query-types';

/** Scratch columns reused by every lane of every query (copied out exact-size). */
class BatchWriter {
  readonly start = f64(256);
  readonly end = f64(256);
  readonly state = u8(256);
  readonly merged = u8(256);
  readonly label = i32(256);
  readonly ref = i32(256);
  readonly point = i32(256);
  readonly spans = i32(256);
  readonly mixIndex = i32(256);
  readonly mix = new GrowableColumn(Float32Array, 256);

  reset(): void {
    this.start.length = this.end.length = this.state.length = this.merged.length = 0;
    this.label.length = this.ref.length = this.point.length = this.spans.length = this.mixIndex.length = this.mix.length = 0;
  }

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
      this.mixIndex.push(-1);
      return;
    }
    this.mixIndex.push(this.mix.length / MIX_STATES);
    let tot = 0;
    for (let k = 0; k < MIX_STATES; k++) tot += mix[k]!;
    for (let k = 0; k < MIX_STATES; k++) this.mix.push(tot > 0 ? mix[k]! / tot : k === st ? 1 : 0);
  }
}

/** Label (string id) and ref (goroutine lane or -1) shown for a span. */
export function spanLabel(ix: TimelineIndex, lane: number, point: number): { label: number; ref: number } {
  const out = { label: 0, ref: -1 };
  spanLabelInto(ix, lane, point, out);
  return out;
}

function spanLabelInto(ix: TimelineIndex, lane: number, point: number, out: { label: number; ref: number }): void {
  const st = ix.state[point]!;
  const arg = ix.arg[point]!;
  out.label = arg;
  out.ref = -1;
  switch (st) {
    case SpanState.Region:
      out.label = ix.regionName[arg] ?? 0;
      out.ref = arg;
      break;
    case SpanState.Task:
      out.label = ix.taskName[arg] ?? 0;
      out.ref = arg;
      break;
    case SpanState.Running:
    case SpanState.Syscall:
    case SpanState.SyscallBlocked:
      if (ix.laneKind[lane] !== LaneKind.Goroutine) {
        out.label = ix.laneName[arg] ?? 0;
        out.ref = arg;
      } else out.label = 0;
      break;
  }
}

/** Adds the durations by state of spans [a, b) of the lane (point indexes) into acc, in O(MIX_BLOCK). */
export function addMix(ix: TimelineIndex, lane: number, a: number, b: number, acc: Float64Array): void {
  const s0 = ix.laneStart[lane]!;
  const base = ix.mixStart[lane]!;
  const st = ix.state;
  const leaves = (x: number, y: number) => {
    for (let i = x; i < y; i++) acc[st[i]!] += pointTime(ix, i + 1) - pointTime(ix, i);
  };
  const ka = Math.ceil((a - s0) / MIX_BLOCK);
  const kb = Math.floor((b - s0) / MIX_BLOCK);
  if (base < 0 || ka >= kb) {
    leaves(a, b);
    return;
  }
  leaves(a, s0 + ka * MIX_BLOCK);
  const mix = ix.mix;
  const oa = (base + ka) * MIX_STATES;
  const ob = (base + kb) * MIX_STATES;
  for (let k = 0; k < MIX_STATES; k++) acc[k] += mix[ob + k]! - mix[oa + k]!;
  leaves(s0 + kb * MIX_BLOCK, b);
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
const scratch = new BatchWriter();
const acc = new Float64Array(MIX_STATES);
const lbl = { label: 0, ref: -1 };

export function laneBatch(ix: TimelineIndex, lane: number, t0: number, t1: number, nsPerPixel: number, threshold: number): RenderBatch {
  const w = scratch;
  w.reset();
  const s0 = ix.laneStart[lane]!;
  const s1 = ix.laneStart[lane + 1]!;
  let cur = t0;
  const pad = (e: number) => {
    if (e > cur) {
      w.push(cur, e, SpanState.None, 0, 0, -1, -1, 0, null);
      cur = e;
    }
  };
  if (s1 - s0 >= 2 && t1 > pointTime(ix, s0) && t0 < pointTime(ix, s1 - 1)) {
    pad(pointTime(ix, s0));
    let i = Math.max(s0, t48UpperBound(ix.timeLo, ix.timeHi, cur, s0, s1) - 1);
    const lastSpan = s1 - 2;
    while (i <= lastSpan && pointTime(ix, i) < t1 && cur < t1) {
      const st = pointTime(ix, i);
      const en = pointTime(ix, i + 1);
      if (en - st >= threshold || i === lastSpan) {
        const e = Math.min(en, t1);
        if (e > cur) {
          spanLabelInto(ix, lane, i, lbl);
          w.push(cur, e, ix.state[i]!, 0, lbl.label, lbl.ref, i, 1, null);
          cur = e;
        }
        i++;
        continue;
      }
      // Merge: every span starting before st + threshold joins the block.
      const j = t48LowerBound(ix.timeLo, ix.timeHi, st + threshold, i + 1, s1);
      let last = Math.min(j - 1, lastSpan);
      let next: number;
      let blockEnd: number;
      if (last > i && pointTime(ix, last + 1) - pointTime(ix, last) >= threshold) {
        blockEnd = pointTime(ix, last);
        next = last;
        last--;
      } else {
        blockEnd = pointTime(ix, last + 1);
        next = last + 1;
      }
      const e = Math.min(blockEnd, t1);
      if (next - i === 1) {
        if (e > cur) {
          spanLabelInto(ix, lane, i, lbl);
          w.push(cur, e, ix.state[i]!, 0, lbl.label, lbl.ref, i, 1, null);
        }
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
  const start = w.start.data.slice(0, n);
  const end = w.end.data.slice(0, n);
  const x0 = new Float32Array(n);
  const x1 = new Float32Array(n);
  for (let q = 0; q < n; q++) {
    x0[q] = (start[q]! - t0) / nsPerPixel;
    x1[q] = (end[q]! - t0) / nsPerPixel;
  }
  return {
    lane,
    count: n,
    start,
    end,
    x0,
    x1,
    state: w.state.data.slice(0, n),
    merged: w.merged.data.slice(0, n),
    label: w.label.data.slice(0, n),
    ref: w.ref.data.slice(0, n),
    point: w.point.data.slice(0, n),
    spans: new Uint32Array(w.spans.data.buffer.slice(0, n * 4)),
    mixIndex: w.mixIndex.data.slice(0, n),
    mix: w.mix.data.slice(0, w.mix.length),
    instTime: Float64Array.from(it),
    instKind: Uint8Array.from(ik),
    instIndex: Int32Array.from(ii),
  };
}
