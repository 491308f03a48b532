// Goroutine id → lane: a sorted id array built on first use (12 bytes per
// goroutine lane), searched by bisection.

import { LaneKind, type TimelineIndex } from '../../shared/index/layout';
import { lowerBound } from '../../shared/index/columns';

export class GoroutineLaneMap {
  private ids: Float64Array | null = null;
  private lanes: Int32Array | null = null;

  constructor(private readonly ix: TimelineIndex) {}

  /** The lane of each goroutine id (-1: the trace has no such goroutine). */
  lanesOf(ids: readonly number[]): number[] {
    this.build();
    const keys = this.ids!;
    const lanes = this.lanes!;
    return ids.map((id) => {
      const i = lowerBound(keys, id, 0, keys.length);
      return i < keys.length && keys[i] === id ? lanes[i]! : -1;
    });
  }

  private build(): void {
    if (this.ids !== null) return;
    const ix = this.ix;
    let n = 0;
    for (let l = 0; l < ix.laneKind.length; l++) if (ix.laneKind[l] === LaneKind.Goroutine) n++;
    const order = new Int32Array(n);
    n = 0;
    for (let l = 0; l < ix.laneKind.length; l++) if (ix.laneKind[l] === LaneKind.Goroutine) order[n++] = l;
    const res = ix.laneRes;
    order.sort((a, b) => res[a]! - res[b]! || a - b);
    const ids = new Float64Array(n);
    for (let i = 0; i < n; i++) ids[i] = res[order[i]!]!;
    this.ids = ids;
    this.lanes = order;
  }
}
