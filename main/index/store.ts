// Build-time storage: lanes, links and instants as growable columns,
// appended in event order (points: point-store.ts; counters:
// counter-store.ts). finish.ts regroups them by lane.

import { f64, i32, u16, u8, type GrowableColumn } from '../../shared/index/columns';
import { LaneKind } from '../../shared/index/layout';

/**
 * Lane kinds whose lanes keep their own point rows (point-store.ts): kinds
 * with few lanes, each often with millions of points.
 */
const DEFAULT_OWN_ROW_KINDS: readonly LaneKind[] = [LaneKind.Proc, LaneKind.Thread, LaneKind.GC, LaneKind.STW, LaneKind.ProcRanges, LaneKind.Tasks, LaneKind.Network, LaneKind.Syscalls];
let ownRowKinds = new Set<LaneKind>(DEFAULT_OWN_ROW_KINDS);

/** For tests: which lane kinds keep their own rows (default: the few-lane kinds). */
export function setOwnRowKinds(kinds: readonly LaneKind[] = DEFAULT_OWN_ROW_KINDS): void {
  if (kinds.includes(LaneKind.Goroutine)) throw new Error('goroutine lanes keep their last point by build slot, not in rows of their own');
  ownRowKinds = new Set(kinds);
}

export class LaneTable {
  readonly kind = u8();
  readonly res = f64();
  readonly name = i32();
  // Few lanes have a parent, a depth or a label (child lanes; goroutines with
  // a GoLabel): kept sparse, as dense columns they took 10 bytes a lane on
  // traces with millions of goroutines. finishParents(n) & co. make the
  // index's columns for n lanes.
  private readonly parents = new Map<number, number>();
  private readonly depths = new Map<number, number>();
  private readonly labels = new Map<number, number>();
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
    for (const c of [this.kind, this.res, this.name]) c.reserve(n);
    this.tail.reserve(2 * n);
  }

  add(kind: LaneKind, res: number, parent = -1, depth = 0): number {
    const id = this.kind.push(kind);
    this.res.push(res);
    if (parent !== -1) this.parents.set(id, parent);
    if (depth !== 0) this.depths.set(id, depth);
    this.name.push(0);
    if (kind === LaneKind.Goroutine) {
      // Kept by build slot (PointStore.addGo): the entries stay unwritten, their pages untouched.
      this.tail.skip(2);
      return id;
    }
    this.tail.push(0);
    if (ownRowKinds.has(kind)) {
      this.tail.push(-(this.ownLanes.length + 1));
      this.ownLanes.push(id);
    } else this.tail.push(0);
    return id;
  }

  parentOf(lane: number): number {
    return this.parents.get(lane) ?? -1;
  }

  depthOf(lane: number): number {
    return this.depths.get(lane) ?? 0;
  }

  /** The goroutine lane's last GoLabel (string id). */
  setLabel(lane: number, id: number): void {
    this.labels.set(lane, id);
  }

  /** The index's laneParent column (-1: none). */
  finishParents(n: number): Int32Array {
    const out = new Int32Array(n).fill(-1);
    for (const [l, p] of this.parents) out[l] = p;
    return out;
  }

  /** The index's laneDepth column. */
  finishDepths(n: number): Uint16Array {
    const out = new Uint16Array(n);
    for (const [l, d] of this.depths) out[l] = d;
    return out;
  }

  /** The index's laneLabel column (0: none). */
  finishLabels(n: number): Int32Array {
    const out = new Int32Array(n);
    for (const [l, id] of this.labels) out[l] = id;
    return out;
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

/** A growable column of ids: 16 bits wide until an id does not fit, then 32. */
export class IdColumnBuilder {
  private narrow: GrowableColumn<Uint16Array> | null = u16();
  private wide: GrowableColumn<Int32Array> | null = null;

  get length(): number {
    return this.narrow?.length ?? this.wide!.length;
  }

  reserve(n: number): void {
    this.narrow?.reserve(n);
    this.wide?.reserve(n);
  }

  push(v: number): void {
    if (this.narrow !== null) {
      if (v >= 0 && v <= 0xffff) {
        this.narrow.push(v);
        return;
      }
      const w = i32(Math.max(16, this.narrow.data.length));
      for (let i = 0; i < this.narrow.length; i++) w.push(this.narrow.data[i]!);
      this.wide = w;
      this.narrow = null;
    }
    this.wide!.push(v);
  }

  release(): { data: Uint16Array | Int32Array; length: number } {
    return this.narrow !== null ? this.narrow.release() : this.wide!.release();
  }
}

export class LinkStore {
  readonly kind = u8();
  readonly point = i32();
  readonly from = i32();
  /** Stack ids, 16-bit while they fit (6M links: 12 MB less at the build's peak). */
  readonly stack = new IdColumnBuilder();

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
