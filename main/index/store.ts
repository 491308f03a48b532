// Build-time storage: lanes, points, links, instants and counters as growable
// columns, appended in event order. finish.ts regroups them by lane.

import { GrowableColumn, f64, i32, u16, u8 } from '../../shared/index/columns';
import { COUNTER_COUNT, LaneKind, SpanState } from '../../shared/index/layout';

export class LaneTable {
  readonly kind = u8();
  readonly res = f64();
  readonly parent = i32();
  readonly depth = u16();
  readonly name = i32();
  readonly label = i32();
  /** Index of the lane's last point (-1: none yet). */
  readonly last = i32();
  private readonly children = new Map<number, number>();

  get count(): number {
    return this.kind.length;
  }

  add(kind: LaneKind, res: number, parent = -1, depth = 0): number {
    const id = this.kind.push(kind);
    this.res.push(res);
    this.parent.push(parent);
    this.depth.push(depth);
    this.name.push(0);
    this.label.push(0);
    this.last.push(-1);
    return id;
  }

  /** The child lane (kind, depth) of a lane, created on first use. */
  child(parent: number, kind: LaneKind, depth: number): number {
    const key = (parent * 16 + kind) * 4096 + Math.min(depth, 4095);
    let id = this.children.get(key);
    if (id === undefined) {
      id = this.add(kind, this.res.get(parent), parent, depth);
      this.children.set(key, id);
    }
    return id;
  }
}

export class PointStore {
  readonly lane = i32(1 << 12);
  readonly time = f64(1 << 12);
  readonly state = u8(1 << 12);
  readonly arg = i32(1 << 12);
  readonly stack = i32(1 << 12);

  constructor(private readonly lanes: LaneTable) {}

  get count(): number {
    return this.time.length;
  }

  /**
   * Appends a point to a lane. A gap point (None) at the same time as the new
   * one is overwritten rather than leaving a zero-length gap. Times never go
   * back within a lane (clamped).
   */
  add(lane: number, t: number, state: SpanState, arg: number, stack: number): number {
    const last = this.lanes.last.data[lane]!;
    if (last >= 0) {
      const lt = this.time.data[last]!;
      if (t < lt) t = lt;
      if (t === lt && this.state.data[last] === SpanState.None) {
        this.state.data[last] = state;
        this.arg.data[last] = arg;
        this.stack.data[last] = stack;
        return last;
      }
    }
    const i = this.time.push(t);
    this.lane.push(lane);
    this.state.push(state);
    this.arg.push(arg);
    this.stack.push(stack);
    this.lanes.last.data[lane] = i;
    return i;
  }

  /** State of the lane's current (last) point; None when it has none. */
  current(lane: number): SpanState {
    const last = this.lanes.last.data[lane]!;
    return last < 0 ? SpanState.None : (this.state.data[last]! as SpanState);
  }

  /** Ends the lane's current span at t (a None point carrying the ending event's stack). */
  close(lane: number, t: number, stack = 0): void {
    if (this.current(lane) !== SpanState.None) this.add(lane, t, SpanState.None, 0, stack);
  }
}

export class LinkStore {
  readonly kind = u8();
  readonly point = i32();
  readonly from = i32();
  readonly stack = i32();

  add(kind: number, point: number, from: number, stack: number): void {
    this.kind.push(kind);
    this.point.push(point);
    this.from.push(from);
    this.stack.push(stack);
  }
}

export class InstantStore {
  readonly lane = i32();
  readonly time = f64();
  readonly kind = u8();
  readonly arg = i32();
  readonly stack = i32();

  add(lane: number, t: number, kind: number, arg: number, stack: number): void {
    this.lane.push(lane);
    this.time.push(t);
    this.kind.push(kind);
    this.arg.push(arg);
    this.stack.push(stack);
  }
}

/** Step series, one per CounterId; equal-time changes are coalesced, repeated values dropped. */
export class CounterStore {
  readonly time: GrowableColumn<Float64Array>[] = [];
  readonly value: GrowableColumn<Float64Array>[] = [];

  constructor() {
    for (let c = 0; c < COUNTER_COUNT; c++) {
      this.time.push(f64());
      this.value.push(f64());
    }
  }

  set(c: number, t: number, v: number): void {
    const tc = this.time[c]!;
    const vc = this.value[c]!;
    const n = tc.length;
    if (n > 0) {
      if (vc.data[n - 1] === v) return;
      const lt = tc.data[n - 1]!;
      if (t <= lt) {
        vc.data[n - 1] = v;
        // Coalescing may make it equal to the value before: drop the change.
        if (n > 1 && vc.data[n - 2] === v) {
          tc.length--;
          vc.length--;
        }
        return;
      }
    }
    tc.push(t);
    vc.push(v);
  }

  /**
   * Adds d to the series from time t on. t may lie before the latest change
   * (goroutines found at a generation's start are credited from its Sync):
   * the later changes, few in practice, are adjusted.
   */
  add(c: number, t: number, d: number): void {
    const tc = this.time[c]!;
    const vc = this.value[c]!;
    let k = tc.length;
    while (k > 0 && tc.data[k - 1]! > t) k--;
    if (k === tc.length) {
      const v = (k > 0 ? vc.data[k - 1]! : 0) + d;
      this.set(c, t, v);
      return;
    }
    if (k > 0 && tc.data[k - 1] === t) vc.data[k - 1]! += d;
    else {
      const v = (k > 0 ? vc.data[k - 1]! : 0) + d;
      tc.push(0);
      vc.push(0);
      tc.data.copyWithin(k + 1, k, tc.length - 1);
      vc.data.copyWithin(k + 1, k, vc.length - 1);
      tc.data[k] = t;
      vc.data[k] = v;
      k++;
    }
    for (let i = k; i < tc.length; i++) vc.data[i]! += d;
  }
}
