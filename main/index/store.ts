// Build-time storage: lanes, points, links, instants and counters as growable
// columns, appended in event order. finish.ts regroups them by lane.

import { ChunkedColumn, IdChunkedColumn, f64, i32, u16, u8 } from '../../shared/index/columns';
import { COUNTER_COUNT, LaneKind, SpanState, counterIsWide } from '../../shared/index/layout';
import { TimeColumn } from '../../shared/index/time48';

export class LaneTable {
  readonly kind = u8();
  readonly res = f64();
  readonly parent = i32();
  readonly depth = u16();
  readonly name = i32();
  readonly label = i32();
  /** Index of the lane's last point (-1: none yet), its time and state (kept here: no chunk lookups on the hot path). */
  readonly last = i32();
  readonly lastTime = f64();
  readonly lastState = u8();
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
    this.lastTime.push(0);
    this.lastState.push(SpanState.None);
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
  readonly lane = new ChunkedColumn(Int32Array);
  readonly time = new TimeColumn();
  readonly state = new ChunkedColumn(Uint8Array);
  readonly arg = new IdChunkedColumn();
  readonly stack = new IdChunkedColumn();

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
    const L = this.lanes;
    const last = L.last.data[lane]!;
    if (last >= 0) {
      const lt = L.lastTime.data[lane]!;
      if (t < lt) t = lt;
      if (t === lt && L.lastState.data[lane] === SpanState.None) {
        this.state.set(last, state);
        this.arg.set(last, arg);
        this.stack.set(last, stack);
        L.lastState.data[lane] = state;
        return last;
      }
    }
    const i = this.time.push(t);
    this.lane.push(lane);
    this.state.push(state);
    this.arg.push(arg);
    this.stack.push(stack);
    L.last.data[lane] = i;
    L.lastTime.data[lane] = t;
    L.lastState.data[lane] = state;
    return i;
  }

  /** State of the lane's current (last) point; None when it has none. */
  current(lane: number): SpanState {
    return this.lanes.lastState.data[lane]! as SpanState;
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
  readonly time: TimeColumn[] = [];
  /** Wide series: float64 chunks; the integer ones start at 16 bits (counts rarely reach 2^16). */
  readonly value: (ChunkedColumn<Float64Array> | IdChunkedColumn)[] = [];

  constructor() {
    for (let c = 0; c < COUNTER_COUNT; c++) {
      this.time.push(new TimeColumn());
      this.value.push(counterIsWide(c) ? new ChunkedColumn(Float64Array) : new IdChunkedColumn());
    }
  }
  /** Per series: time and value of the latest change (NaN: none). */
  private readonly lastT = new Float64Array(COUNTER_COUNT).fill(NaN);
  private readonly lastV = new Float64Array(COUNTER_COUNT).fill(NaN);

  set(c: number, t: number, v: number): void {
    const lt0 = this.lastT[c]!;
    if (t > lt0) {
      // Fast path: a change after the latest one.
      if (this.lastV[c] === v) return;
      this.time[c]!.push(t);
      this.value[c]!.push(v);
      this.lastT[c] = t;
      this.lastV[c] = v;
      return;
    }
    this.setSlow(c, t, v);
  }

  private sync(c: number): void {
    const n = this.time[c]!.length;
    this.lastT[c] = n > 0 ? this.time[c]!.get(n - 1) : NaN;
    this.lastV[c] = n > 0 ? this.value[c]!.get(n - 1) : NaN;
  }

  private setSlow(c: number, t: number, v: number): void {
    this.setAny(c, t, v);
    this.sync(c);
  }

  private setAny(c: number, t: number, v: number): void {
    const tc = this.time[c]!;
    const vc = this.value[c]!;
    const n = tc.length;
    if (n > 0) {
      if (vc.get(n - 1) === v) return;
      const lt = tc.get(n - 1);
      if (t <= lt) {
        vc.set(n - 1, v);
        // Coalescing may make it equal to the value before: drop the change.
        if (n > 1 && vc.get(n - 2) === v) {
          tc.pop();
          vc.pop();
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
    const lt = this.lastT[c]!;
    if (!(t < lt)) {
      // At or after the latest change (or the first one).
      this.set(c, t, (Number.isNaN(lt) ? 0 : this.lastV[c]!) + d);
      return;
    }
    this.addSlow(c, t, d);
    this.sync(c);
  }

  private addSlow(c: number, t: number, d: number): void {
    const tc = this.time[c]!;
    const vc = this.value[c]!;
    let k = tc.length;
    while (k > 0 && tc.get(k - 1) > t) k--;
    if (k === tc.length) {
      this.setAny(c, t, (k > 0 ? vc.get(k - 1) : 0) + d);
      return;
    }
    if (k > 0 && tc.get(k - 1) === t) vc.set(k - 1, vc.get(k - 1) + d);
    else {
      const v = (k > 0 ? vc.get(k - 1) : 0) + d;
      tc.push(0);
      vc.push(0);
      for (let i = tc.length - 1; i > k; i--) {
        tc.set(i, tc.get(i - 1));
        vc.set(i, vc.get(i - 1));
      }
      tc.set(k, t);
      vc.set(k, v);
      k++;
    }
    for (let i = k; i < tc.length; i++) vc.set(i, vc.get(i) + d);
  }
}
