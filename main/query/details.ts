// Hit testing (lane, time) → item, and the details of an item: times, state,
// reason, stacks as frames, and links to related items.

import { lowerBound } from '../../shared/index/columns';
import { INSTANT_KIND_NAMES, InstantKind, LINK_KIND_NAMES, LaneKind, SPAN_STATE_NAMES, SpanState, type TimelineIndex, pointArg } from '../../shared/index/layout';
import { stackFrames } from '../../shared/index/stacks';
import type { HitTestRequest, ItemDetails, ItemRef, LinkDetails } from '../../shared/index/query-types';
import { laneOfPoint, linkTarget, linksFrom, linksInto } from './arrows';
import { laneName, laneKindName } from './lanes';
import { spanLabel } from './spans';
import { pointTime, pointUpperBound } from '../../shared/index/layout';

export function hitTest(ix: TimelineIndex, req: HitTestRequest): ItemRef | null {
  const { lane, time } = req;
  if (lane < 0 || lane >= ix.laneKind.length) return null;
  if (req.tolerancePx !== undefined && req.nsPerPixel !== undefined) {
    const tol = req.tolerancePx * req.nsPerPixel;
    const a0 = ix.instStart[lane]!;
    const a1 = ix.instStart[lane + 1]!;
    const k = lowerBound(ix.instTime, time - tol, a0, a1);
    let best = -1;
    for (let q = k; q < a1 && ix.instTime[q]! <= time + tol; q++) {
      if (best < 0 || Math.abs(ix.instTime[q]! - time) < Math.abs(ix.instTime[best]! - time)) best = q;
    }
    if (best >= 0) return { type: 'instant', lane, instant: best };
  }
  const s0 = ix.laneStart[lane]!;
  const s1 = ix.laneStart[lane + 1]!;
  const i = pointUpperBound(ix, time, s0, s1) - 1;
  if (i < s0 || i >= s1 - 1) return null;
  if (ix.state[i] === SpanState.None && !isUnknownGap(ix, lane, i)) return null;
  return { type: 'span', lane, point: i };
}

/**
 * A gap inside a goroutine's life (a point before it and after it): a span
 * whose state the trace's events contradict, which Go counts as unknown
 * time (builder.ts checkFromState). Clicking it says so.
 */
function isUnknownGap(ix: TimelineIndex, lane: number, i: number): boolean {
  return ix.laneKind[lane] === LaneKind.Goroutine && i > ix.laneStart[lane]! && ix.state[i] === SpanState.None;
}

function frames(ix: TimelineIndex, stack: number) {
  return stackFrames(ix.stacks, ix.strings, stack);
}

function linkDetails(ix: TimelineIndex, k: number, target: number): LinkDetails {
  const { fromTime, toTime } = linkTarget(ix, k, target);
  const from = ix.linkFrom[k]!;
  // The reason of an unblock is the reason of the target's wait that it ended.
  const p = ix.linkPoint[k]!;
  const prev = p - 1 >= ix.laneStart[target]! ? p - 1 : -1;
  const reason = ix.linkKind[k] === 2 && prev >= 0 && (ix.state[prev] === SpanState.Waiting || ix.state[prev] === SpanState.GCWaiting) ? ix.strings[pointArg(ix, prev)]! : '';
  return {
    kind: LINK_KIND_NAMES[ix.linkKind[k]!]!,
    fromLane: from,
    fromName: from >= 0 ? laneName(ix, from) : '',
    fromTime,
    toLane: target,
    toName: laneName(ix, target),
    toTime,
    reason,
    stack: frames(ix, ix.linkStack[k]!),
  };
}

/** Goroutine id shown for a lane's span (the lane's goroutine, or the goroutine a proc/thread ran). */
function goroutineOf(ix: TimelineIndex, lane: number, point: number): number | null {
  const k = ix.laneKind[lane]!;
  if (k === LaneKind.Goroutine || k === LaneKind.GoRanges || k === LaneKind.GoRegions) return ix.laneRes[lane]!;
  const st = ix.state[point]!;
  if ((k === LaneKind.Proc || k === LaneKind.Thread || k === LaneKind.ProcRanges) && (st === SpanState.Running || st === SpanState.Syscall || st === SpanState.SyscallBlocked)) {
    return ix.laneRes[pointArg(ix, point)]!;
  }
  return null;
}

/** The P / thread lane on which goroutine lane g was executing at time t (searching the proc/thread lanes). */
function executorAt(ix: TimelineIndex, kind: LaneKind, g: number, t: number): number | null {
  for (let l = 0; l < ix.laneKind.length; l++) {
    if (ix.laneKind[l] !== kind) continue;
    const s0 = ix.laneStart[l]!;
    const s1 = ix.laneStart[l + 1]!;
    const i = pointUpperBound(ix, t, s0, s1) - 1;
    if (i >= s0 && i < s1 - 1 && pointArg(ix, i) === g && ix.state[i] !== SpanState.None) return ix.laneRes[l]!;
  }
  return null;
}

const UNKNOWN_GAP_LABEL = "the trace's events disagree here";
const UNKNOWN_GAP_WHY = "an event names an old state the goroutine was not in (Go's conversion of Go 1.11-1.21 traces makes some); Go's analysis counts this time as unknown";

export function itemDetails(ix: TimelineIndex, ref: ItemRef): ItemDetails | null {
  const lane = ref.lane;
  if (lane < 0 || lane >= ix.laneKind.length) return null;
  const kind = ix.laneKind[lane] as LaneKind;
  if (ref.type === 'instant') {
    const k = ref.instant;
    if (k < ix.instStart[lane]! || k >= ix.instStart[lane + 1]!) return null;
    const ik = ix.instKind[k] as InstantKind;
    const arg = ix.instArg[k]!;
    const extra: Record<string, string | number | null> = {};
    let label = INSTANT_KIND_NAMES[ik] ?? '';
    if (ik === InstantKind.Log) {
      label = `[${ix.strings[ix.logCategory[arg]!]}] ${ix.strings[ix.logMessage[arg]!]}`;
      extra.task = ix.logTask[arg]!;
    } else if (ik === InstantKind.Label) label = ix.strings[arg]!;
    else if (ik === InstantKind.NetworkUnblock || ik === InstantKind.SyscallExit) extra.goroutine = laneName(ix, arg);
    else if (ik === InstantKind.ProcStart || ik === InstantKind.ProcStop) extra.thread = arg;
    const t = ix.instTime[k]!;
    return {
      ref, lane, laneName: laneName(ix, lane), kind: INSTANT_KIND_NAMES[ik] ?? 'instant', start: t, end: t, duration: 0,
      state: '', label,
      goroutine: kind === LaneKind.Goroutine ? ix.laneRes[lane]! : null,
      proc: kind === LaneKind.Proc ? ix.laneRes[lane]! : null,
      thread: kind === LaneKind.Thread ? ix.laneRes[lane]! : null,
      beginStack: frames(ix, ix.instStack[k]!), endStack: [], linksIn: [], linksOut: [], extra,
    };
  }
  const i = ref.point;
  const s0 = ix.laneStart[lane]!;
  const s1 = ix.laneStart[lane + 1]!;
  if (i < s0 || i >= s1 - 1) return null;
  const st = ix.state[i] as SpanState;
  const start = pointTime(ix, i);
  const end = pointTime(ix, i + 1);
  const { label } = spanLabel(ix, lane, i);
  const extra: Record<string, string | number | null> = {};
  if (st === SpanState.Region) {
    const r = pointArg(ix, i);
    extra.task = ix.regionTask[r]!;
    extra.regionStart = Number.isNaN(ix.regionStart[r]!) ? null : ix.regionStart[r]!;
    extra.regionEnd = Number.isNaN(ix.regionEnd[r]!) ? null : ix.regionEnd[r]!;
  } else if (st === SpanState.Task) {
    const t = pointArg(ix, i);
    extra.id = ix.taskId[t]!;
    extra.parent = ix.taskParent[t]!;
    extra.beganOn = ix.taskStartLane[t]! >= 0 ? laneName(ix, ix.taskStartLane[t]!) : null;
    extra.endedOn = ix.taskEndLane[t]! >= 0 ? laneName(ix, ix.taskEndLane[t]!) : null;
  }
  const g = goroutineOf(ix, lane, i);
  const gLane = kind === LaneKind.Goroutine ? lane : kind === LaneKind.GoRanges || kind === LaneKind.GoRegions ? ix.laneParent[lane]! : g !== null ? pointArg(ix, i) : -1;
  const running = st === SpanState.Running || st === SpanState.Syscall;
  const linksIn: LinkDetails[] = [];
  const linksOut: LinkDetails[] = [];
  if (kind === LaneKind.Goroutine) {
    // Links into this span; for a run, the unblock/creation that led to it;
    // for a wait, the unblock that ended it (attached to the next point).
    const [a, b] = linksInto(ix, lane);
    const waiting = st === SpanState.Waiting || st === SpanState.GCWaiting || st === SpanState.SyscallBlocked;
    const points = st === SpanState.Running && i - 1 >= s0 ? [i - 1, i] : waiting && i + 1 < ix.laneStart[lane + 1]! ? [i, i + 1] : [i];
    for (const p of points) {
      const k = lowerBound(ix.linkPoint, p, a, b);
      if (k < b && ix.linkPoint[k] === p) linksIn.push(linkDetails(ix, k, lane));
    }
    const [fa, fb] = linksFrom(ix, lane);
    for (let q = fa; q < fb && linksOut.length < 100; q++) {
      const k = ix.linkByFrom[q]!;
      const t = pointTime(ix, ix.linkPoint[k]!);
      if (t >= start && t <= end) linksOut.push(linkDetails(ix, k, laneOfPoint(ix, ix.linkPoint[k]!)));
    }
  }
  const unknown = isUnknownGap(ix, lane, i);
  if (unknown) extra.why = UNKNOWN_GAP_WHY;
  return {
    ref, lane, laneName: laneName(ix, lane), kind: laneKindName(ix, lane), start, end, duration: end - start,
    state: unknown ? 'unknown' : (SPAN_STATE_NAMES[st] ?? ''),
    label: unknown ? UNKNOWN_GAP_LABEL : (ix.strings[label] ?? ''),
    goroutine: g,
    proc: kind === LaneKind.Proc || kind === LaneKind.ProcRanges ? ix.laneRes[lane]! : running && gLane >= 0 ? executorAt(ix, LaneKind.Proc, gLane, start) : null,
    thread: kind === LaneKind.Thread ? ix.laneRes[lane]! : running && gLane >= 0 ? executorAt(ix, LaneKind.Thread, gLane, start) : null,
    beginStack: frames(ix, ix.stack[i]!),
    endStack: frames(ix, ix.stack[i + 1]!),
    linksIn, linksOut, extra,
  };
}
