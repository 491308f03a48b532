// Build-time storage: lanes, links and instants as growable columns,
// appended in event order (points: point-store.ts; counters:
// counter-store.ts). finish.ts regroups them by lane.

import { f64, i32, u16, u8 } from '../../shared/index/columns';
import { LaneKind } from '../../shared/index/layout';

/**
 * Lane kinds whose lanes keep their own point rows (point-store.ts): kinds
 * with few lanes, each often with millions of points.
 */
const DEFAULT_OWN_ROW_KINDS: readonly LaneKind[] = [LaneKind.Proc, LaneKind.Thread, LaneKind.GC, LaneKind.STW, LaneKind.ProcRanges, LaneKind.Tasks, LaneKind.Network, LaneKind.Syscalls];
let ownRowKinds = new Set<LaneKind>(DEFAULT_OWN_ROW_KINDS);

/** For tests: which lane kinds keep their own rows (default: the few-lane kinds). */
export function setOwnRowKinds(kinds: readonly LaneKind[] = DEFAULT_OWN_ROW_KINDS): void {
  ownRowKinds = new Set(kinds);
}

export class LaneTable {
  readonly kind = u8();
  readonly res = f64();
  readonly parent = i32();
  readonly depth = u16();
  readonly name = i32();
  readonly label = i32();
  /**
   * The lane's last point, kept here so that an append needs no chunk lookup:
   * tail[2l] its time, tail[2l + 1] = (index + 1) * 16 + state (0: none yet).
   * One interleaved column, not three: with millions of goroutine lanes each
   * append touched three cache lines. A lane with its own rows has
   * tail[2l + 1] = -(own id + 1) (its last point is kept with its rows).
   */
  readonly tail = f64();
  /** Lanes with their own point rows, by own id. */
  readonly ownLanes: number[] = [];
  private readonly children = new Map<number, number>();

  get count(): number {
    return this.kind.length;
  }

  /** Frees the build-time columns (last point, its time and state): no point may be added afterwards. */
  dropBuildState(): void {
    this.tail.release();
  }

  /** Room for n lanes (see GrowableColumn.reserve). */
  reserve(n: number): void {
    for (const c of [this.kind, this.res, this.parent, this.depth, this.name, this.label]) c.reserve(n);
    this.tail.reserve(2 * n);
  }

  add(kind: LaneKind, res: number, parent = -1, depth = 0): number {
    const id = this.kind.push(kind);
    this.res.push(res);
    this.parent.push(parent);
    this.depth.push(depth);
    this.name.push(0);
    this.label.push(0);
    this.tail.push(0);
    if (ownRowKinds.has(kind)) {
      this.tail.push(-(this.ownLanes.length + 1));
      this.ownLanes.push(id);
    } else this.tail.push(0);
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

export class LinkStore {
  readonly kind = u8();
  readonly point = i32();
  readonly from = i32();
  readonly stack = i32();

  /** Room for n links (see GrowableColumn.reserve). */
  reserve(n: number): void {
    for (const c of [this.kind, this.point, this.from, this.stack]) c.reserve(n);
  }

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
