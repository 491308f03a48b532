// Build-time lane points, as row chunks: one chunk of each column (time
// low/high, state, arg, stack) per 2^22 points, so an append is a few
// typed-array stores and one bound check. (Five separate growable columns
// cost a chunk lookup each and made the append the build's hottest function.)
//
// Lanes of the kinds that have few lanes but often millions of points each
// (procs, threads, their ranges, GC, STW: store.ts, ownRowKinds) keep their own
// rows, already in lane order. The others (goroutines and their children,
// millions of lanes) share rows in event order with a lane column, and
// finish.ts drains them one column at a time into lane order (a counting
// sort). Own rows need neither the 4-byte lane column nor the scatter.

import { LaneTable } from './store';
import { f64 } from '../../shared/index/columns';
import { SpanState } from '../../shared/index/layout';
import { HI_BLOCK, HI_SHIFT, TWO32, noHiBlocks, type HiBlocks } from '../../shared/index/time48';
import { setChunkTime } from './row-chunks';

// Big chunks (4-16 MiB each) are mmapped by the allocator and go back to the
// OS when freed; small ones stay in the heap and keep the RSS up.
const BITS = 22;
const CHUNK = 1 << BITS;
const MASK = CHUNK - 1;
/** Rows a drain scatters between two beats (drain). */
const SLICE = 1 << 19;

type Ids = Uint16Array | Int32Array;

/**
 * Rows of one lane (see ownRowKinds in store.ts): a small first chunk, then
 * chunks of OWN_CHUNK rows, never grown by copying (that left garbage the
 * size of the lane until the next GC). Small chunks keep the peak lower:
 * on the 101 MB manyg trace, 2^16-row chunks peaked at 1095-1101 MiB,
 * 2^18 at 1100-1117, 2^20 at 1120-1139 and 2^22 at 1240-1250.
 */
class OwnRows {
  loC: (Uint32Array | null)[] = [];
  /** Per chunk: its rows' high time parts, or null when they all share hiK[k]. */
  hiC: (Uint16Array | null)[] = [];
  hiK: number[] = [];
  stateC: (Uint8Array | null)[] = [];
  argC: (Ids | null)[] = [];
  stackC: (Ids | null)[] = [];
  /** Index of each chunk's first row. */
  starts: number[] = [];
  n = 0;
  /** The index after the current chunk's last row. */
  end = 0;
  anyHi = false;
  argWide = false;
  stackWide = false;
  lastTime = 0;
  lastState: SpanState = SpanState.None;
  lastArg = 0;
  /** The current chunk's columns and the index of its first row. */
  cLo: Uint32Array = new Uint32Array(0);
  /** The high part of the last time stored, in ns and as is; the current chunk's high parts per row, if it has them. */
  cHiNs = 0;
  cHiVal = 0;
  cHi: Uint16Array | null = null;
  cState: Uint8Array = new Uint8Array(0);
  cArg: Ids = new Uint16Array(0);
  cStack: Ids = new Uint16Array(0);
  base = 0;

  constructor(readonly lane: number) {}

  /** Appends a row (room made, ids already fitting their columns: see fit). */
  push(t: number, state: SpanState, arg: number, stack: number): void {
    const i = this.n++;
    const o = i - this.base;
    const lo = t - this.cHiNs;
    if (lo >= 0 && lo < TWO32) {
      this.cLo[o] = lo;
      if (this.cHi !== null) this.cHi[o] = this.cHiVal;
    } else this.setTime(i, t);
    this.cState[o] = state;
    this.cArg[o] = arg;
    this.cStack[o] = stack;
  }

  /** Widens the id columns where arg or stack does not fit 16 bits. */
  fit(arg: number, stack: number): void {
    if ((arg > 0xffff || arg < 0) && !this.argWide) {
      this.argWide = true;
      this.argC = this.argC.map((c) => (c === null ? null : Int32Array.from(c)));
    }
    if ((stack > 0xffff || stack < 0) && !this.stackWide) {
      this.stackWide = true;
      this.stackC = this.stackC.map((c) => (c === null ? null : Int32Array.from(c)));
    }
    this.current();
  }

  private current(): void {
    const k = this.loC.length - 1;
    if (k < 0) return;
    this.cLo = this.loC[k]!;
    this.cHi = this.hiC[k] ?? null;
    this.cState = this.stateC[k]!;
    this.cArg = this.argC[k]!;
    this.cStack = this.stackC[k]!;
    this.base = this.starts[k]!;
  }

  /** Starts a new chunk for row n. */
  room(): void {
    const cap = this.loC.length === 0 ? OWN_FIRST_CHUNK : OWN_CHUNK;
    this.loC.push(new Uint32Array(cap));
    this.hiC.push(null);
    // The rows the fast path stores share the last high part (push).
    this.hiK.push(this.cHiVal);
    this.stateC.push(new Uint8Array(cap));
    this.argC.push(this.argWide ? new Int32Array(cap) : new Uint16Array(cap));
    this.stackC.push(this.stackWide ? new Int32Array(cap) : new Uint16Array(cap));
    this.starts.push(this.n);
    this.end = this.n + cap;
    this.current();
  }

  /** The chunk holding row i (one of the last two: rows are only rewritten at the end). */
  private chunkOf(i: number): number {
    let k = this.starts.length - 1;
    while (k > 0 && this.starts[k]! > i) k--;
    return k;
  }

  /** Stores the time of row i, the last row appended. */
  setTime(i: number, t: number): void {
    const k = this.chunkOf(i);
    if (setChunkTime(this.loC, this.hiC, this.hiK, k, i - this.starts[k]!, t)) this.anyHi = true;
    this.cHiVal = Math.floor(t / TWO32);
    this.cHiNs = this.cHiVal * TWO32;
    this.current();
  }

  /** Rewrites row i (its ids fitting: see fit). */
  set(i: number, state: SpanState, arg: number, stack: number): void {
    const k = this.chunkOf(i);
    const o = i - this.starts[k]!;
    this.stateC[k]![o] = state;
    this.argC[k]![o] = arg;
    this.stackC[k]![o] = stack;
  }
}

/** PointStore.release's period, in bytes of chunks dropped. */
const RELEASE_BYTES = 64 << 20;

/** Rows of an own lane's first chunk, and of its next ones. */
const OWN_FIRST_CHUNK = 1 << 12;
const OWN_CHUNK = 1 << 16;

export class PointStore {
  private laneC: (Int32Array | null)[] = [];
  private loC: (Uint32Array | null)[] = [];
  /** High time parts; a chunk's entry stays null while its times are all below 2^32. */
  private hiC: (Uint16Array | null)[] = [];
  /** Per chunk: the high time part its rows share while hiC[k] is null. */
  private hiK: number[] = [];
  private stateC: (Uint8Array | null)[] = [];
  private argC: (Ids | null)[] = [];
  private stackC: (Ids | null)[] = [];
  private cLane = new Int32Array(0);
  private cLo = new Uint32Array(0);
  /** The high part of the last time stored, in ns and as is; the current chunk's high parts per row, if it has them. */
  private cHiNs = 0;
  private cHiVal = 0;
  private cHi: Uint16Array | null = null;
  private cState = new Uint8Array(0);
  private cArg: Ids = new Uint16Array(0);
  private cStack: Ids = new Uint16Array(0);
  /** Next free slot in the current chunk (CHUNK: none yet). */
  private pos = CHUNK;
  private n = 0;
  private anyHi = false;
  private argWide = false;
  private stackWide = false;
  /** Lanes with their own rows, by LaneTable own id. */
  private readonly own: OwnRows[] = [];
  /** Goroutine lanes' last points by build slot, as LaneTable.tail by lane. */
  private readonly goTail = f64();

  /**
   * Called while draining, after every RELEASE_BYTES of chunks dropped
   * (finish.ts: a full GC). A dropped chunk is freed only at the next GC, so
   * without it a drain holds its whole column twice, in chunks and drained.
   */
  release: (() => void) | null = null;
  /** Called with the bytes of each chunk a drain frees, and with 0 between parts of a chunk (finish.ts's progress). */
  onDrained: ((bytes: number) => void) | null = null;
  private readonly beat = (): void => this.onDrained?.(0);
  private droppedBytes = 0;
  private readonly drop = (bytes: number): void => {
    this.droppedBytes += bytes;
    this.onDrained?.(bytes);
    if (this.droppedBytes >= RELEASE_BYTES && this.release !== null) {
      this.droppedBytes = 0;
      this.release();
    }
  };

  constructor(private readonly lanes: LaneTable) {}

  /** All points. */
  get count(): number {
    let n = this.n;
    for (const r of this.own) n += r.n;
    return n;
  }

  /** Points in the shared rows (the length of drainLane's column). */
  get sharedCount(): number {
    return this.n;
  }

  /**
   * Appends a point to a lane and returns its index in the shared rows (-1
   * for a lane with its own rows). A gap point (None) at the same time as the
   * new one is overwritten rather than leaving a zero-length gap. Times never
   * go back within a lane (clamped).
   */
  add(lane: number, t: number, state: SpanState, arg: number, stack: number): number {
    return this.append(this.lanes.tail.data, 2 * lane, lane, t, state, arg, stack);
  }

  // Goroutine lanes keep their last point by the goroutine's build slot
  // (builder.ts), not by lane: the slots number the goroutines alive at
  // once, the lanes all goroutines ever seen (16 bytes each, 56 MB on the
  // 101 MB manyg trace's 3.5M). The lane table never writes their tail
  // entries, so those pages stay untouched.

  /** add() to a goroutine lane, its last point kept at the goroutine's slot. */
  addGo(slot: number, lane: number, t: number, state: SpanState, arg: number, stack: number): number {
    return this.append(this.goTail.data, 2 * slot, lane, t, state, arg, stack);
  }

  /** current() of the goroutine lane in the slot. */
  currentGo(slot: number): SpanState {
    return (this.goTail.data[2 * slot + 1]! & 15) as SpanState;
  }

  /** Whether the goroutine lane in the slot has a point. */
  goHasPoints(slot: number): boolean {
    return this.goTail.data[2 * slot + 1]! >= 16;
  }

  /** Time of the goroutine lane's last point (the time addGo stored: clamped, never before the one before). */
  lastGoTime(slot: number): number {
    return this.goTail.data[2 * slot]!;
  }

  /** Rewrites the state of the goroutine lane's last point (the lane must have one). */
  setLastGoState(slot: number, state: SpanState): void {
    const T = this.goTail.data;
    const x = T[2 * slot + 1]!;
    const i = Math.floor(x / 16) - 1;
    this.stateC[i >>> BITS]![i & MASK] = state;
    T[2 * slot + 1] = x - (x & 15) + state;
  }

  /** close() of the goroutine lane in the slot. */
  closeGo(slot: number, lane: number, t: number): void {
    if (this.currentGo(slot) !== SpanState.None) this.addGo(slot, lane, t, SpanState.None, 0, 0);
  }

  /** A new goroutine in the slot: its lane has no point yet. */
  resetGo(slot: number): void {
    this.goTail.set(2 * slot, 0);
    this.goTail.set(2 * slot + 1, 0);
  }

  /** Frees the goroutines' last points (dropBuildState). */
  dropGoTails(): void {
    this.goTail.release();
  }

  /** Appends a point to lane, its last point at T[o], T[o + 1] (see LaneTable.tail). */
  private append(T: Float64Array, o: number, lane: number, t: number, state: SpanState, arg: number, stack: number): number {
    const x = T[o + 1]!;
    if (x < 0) {
      this.addOwn(this.ownRows(-x - 1, lane), t, state, arg, stack);
      return -1;
    }
    if (x >= 16) {
      const lt = T[o]!;
      if (t < lt) t = lt;
      if (t === lt && (x & 15) === SpanState.None) {
        const last = Math.floor(x / 16) - 1;
        this.overwrite(last, state, arg, stack);
        T[o + 1] = x - (x & 15) + state;
        return last;
      }
    }
    if (this.pos === CHUNK) this.newChunk();
    if ((arg > 0xffff || arg < 0) && !this.argWide) this.widenArg();
    if ((stack > 0xffff || stack < 0) && !this.stackWide) this.widenStack();
    const p = this.pos++;
    this.cLane[p] = lane;
    const lo = t - this.cHiNs;
    if (lo >= 0 && lo < TWO32) {
      this.cLo[p] = lo;
      if (this.cHi !== null) this.cHi[p] = this.cHiVal;
    } else this.setTimeSlow(this.n, t);
    this.cState[p] = state;
    this.cArg[p] = arg;
    this.cStack[p] = stack;
    const i = this.n++;
    T[o] = t;
    T[o + 1] = (i + 1) * 16 + state;
    return i;
  }

  private ownRows(id: number, lane: number): OwnRows {
    let r = this.own[id];
    if (r === undefined) {
      while (this.own.length < id) this.own.push(new OwnRows(this.lanes.ownLanes[this.own.length]!));
      r = new OwnRows(lane);
      this.own.push(r);
    }
    return r;
  }

  private addOwn(r: OwnRows, t: number, state: SpanState, arg: number, stack: number): void {
    if ((arg > 0xffff || arg < 0) && !r.argWide) r.fit(arg, stack);
    if ((stack > 0xffff || stack < 0) && !r.stackWide) r.fit(arg, stack);
    if (r.n > 0) {
      if (t < r.lastTime) t = r.lastTime;
      if (t === r.lastTime && r.lastState === SpanState.None) {
        r.set(r.n - 1, state, arg, stack);
        r.lastState = state;
        r.lastArg = arg;
        return;
      }
    }
    if (r.n === r.end) r.room();
    r.push(t, state, arg, stack);
    r.lastTime = t;
    r.lastState = state;
    r.lastArg = arg;
  }

  /** State of the lane's current (last) point; None when it has none. */
  current(lane: number): SpanState {
    const x = this.lanes.tail.data[2 * lane + 1]!;
    if (x < 0) return this.own[-x - 1]?.lastState ?? SpanState.None;
    return (x & 15) as SpanState;
  }

  /** Arg of the lane's current (last) point (0 when it has none). */
  currentArg(lane: number): number {
    const x = this.lanes.tail.data[2 * lane + 1]!;
    if (x < 0) return this.own[-x - 1]?.lastArg ?? 0;
    return x >= 16 ? this.argAt(Math.floor(x / 16) - 1) : 0;
  }

  /** Ends the lane's current span at t (a None point carrying the ending event's stack). */
  close(lane: number, t: number, stack = 0): void {
    if (this.current(lane) !== SpanState.None) this.add(lane, t, SpanState.None, 0, stack);
  }

  timeAt(i: number): number {
    const k = i >>> BITS;
    const h = this.hiC[k];
    const lo = this.loC[k]![i & MASK]!;
    return (h === null || h === undefined ? this.hiK[k]! : h[i & MASK]!) * TWO32 + lo;
  }

  stateAt(i: number): SpanState {
    return this.stateC[i >>> BITS]![i & MASK]! as SpanState;
  }

  argAt(i: number): number {
    return this.argC[i >>> BITS]![i & MASK]!;
  }

  private overwrite(i: number, state: SpanState, arg: number, stack: number): void {
    if ((arg > 0xffff || arg < 0) && !this.argWide) this.widenArg();
    if ((stack > 0xffff || stack < 0) && !this.stackWide) this.widenStack();
    const k = i >>> BITS;
    const o = i & MASK;
    this.stateC[k]![o] = state;
    this.argC[k]![o] = arg;
    this.stackC[k]![o] = stack;
  }

  private newChunk(): void {
    this.cLane = new Int32Array(CHUNK);
    this.cLo = new Uint32Array(CHUNK);
    this.cState = new Uint8Array(CHUNK);
    this.cArg = this.argWide ? new Int32Array(CHUNK) : new Uint16Array(CHUNK);
    this.cStack = this.stackWide ? new Int32Array(CHUNK) : new Uint16Array(CHUNK);
    this.laneC.push(this.cLane);
    this.loC.push(this.cLo);
    this.hiC.push(null);
    // The rows the fast path stores share the last high part (add).
    this.hiK.push(this.cHiVal);
    this.cHi = null;
    this.stateC.push(this.cState);
    this.argC.push(this.cArg);
    this.stackC.push(this.cStack);
    this.pos = 0;
  }

  private setTimeSlow(i: number, t: number): void {
    const k = i >>> BITS;
    if (setChunkTime(this.loC, this.hiC, this.hiK, k, i & MASK, t)) this.anyHi = true;
    this.cHiVal = Math.floor(t / TWO32);
    this.cHiNs = this.cHiVal * TWO32;
    this.cHi = this.hiC[k] ?? null;
  }

  private widenArg(): void {
    this.argWide = true;
    this.argC = this.argC.map((c) => (c === null ? null : Int32Array.from(c)));
    if (this.argC.length > 0) this.cArg = this.argC[this.argC.length - 1]!;
  }

  private widenStack(): void {
    this.stackWide = true;
    this.stackC = this.stackC.map((c) => (c === null ? null : Int32Array.from(c)));
    if (this.stackC.length > 0) this.cStack = this.stackC[this.stackC.length - 1]!;
  }

  // ---- draining (finish.ts) ----------------------------------------------
  // Each drain moves one column into a single array and frees its chunks as
  // it goes: shared rows at positions dest[i] (in order when dest is null),
  // each own lane's rows in order from laneStart[lane] on. Without
  // laneStart, only the shared rows are drained (there must be no others).

  drainLane(): Int32Array {
    return drain(this.laneC, new Int32Array(this.n), this.n, null, this.drop, this.beat);
  }

  /** Adds each own lane's point count at counts[lane + 1] (finish.ts's lane offsets, before their prefix sum). */
  addOwnCounts(counts: Int32Array): void {
    for (const r of this.own) counts[r.lane + 1] += r.n;
  }

  private total(laneStart: Int32Array | undefined): number {
    if (laneStart === undefined && this.own.some((r) => r.n > 0)) throw new Error('internal error: draining lanes with their own rows needs laneStart');
    return laneStart === undefined ? this.n : this.count;
  }

  /** shared: the columns are SharedArrayBuffer views (for a helper thread, offload.ts). */
  drainTime(dest: Int32Array | null, laneStart?: Int32Array, shared = false): { lo: Uint32Array; hi: HiBlocks } {
    const n = this.total(laneStart);
    const hi = this.anyHi || this.own.some((r) => r.anyHi) ? this.drainHi(n, dest, laneStart) : noHiBlocks();
    const lo = drain(this.loC, shared ? new Uint32Array(new SharedArrayBuffer(4 * n)) : new Uint32Array(n), this.n, dest, this.drop, this.beat);
    for (const r of this.own) copyOwn(r.loC, r.starts, lo, r.n, laneStart![r.lane]!, this.drop);
    return { lo, hi };
  }

  /**
   * The high time parts as blocks (HiBlocks), straight from the chunks: one
   * pass finds each block's lowest and highest part, a second gives the
   * blocks holding two their parts per point (no per-point array of them all).
   */
  private drainHi(n: number, dest: Int32Array | null, laneStart?: Int32Array): HiBlocks {
    const nb = Math.ceil(n / HI_BLOCK);
    const lo = new Uint16Array(nb).fill(0xffff);
    const hi = new Uint16Array(nb);
    const mixedAt = new Int32Array(nb).fill(-1);
    let each = new Uint16Array(0);
    for (const pass of [0, 1]) {
      for (let k = 0; k < this.hiC.length; k++) {
        const m = Math.min(CHUNK, this.n - k * CHUNK);
        if (m > 0) hiRows(pass, dest, k * CHUNK, m, this.hiC[k] ?? null, this.hiK[k]!, lo, hi, mixedAt, each);
        this.beat();
      }
      for (const r of this.own) {
        const at = laneStart![r.lane]!;
        for (let k = 0; k < r.hiC.length; k++) {
          const start = r.starts[k]!;
          const end = k + 1 < r.starts.length ? r.starts[k + 1]! : r.n;
          hiRange(pass, at + start, at + end, r.hiC[k] ?? null, r.hiK[k]!, lo, hi, mixedAt, each);
        }
      }
      if (pass === 1) break;
      let mixed = 0;
      for (let b = 0; b < nb; b++) if (lo[b] !== hi[b]) mixedAt[b] = HI_BLOCK * mixed++;
      if (mixed === 0) break;
      each = new Uint16Array(HI_BLOCK * mixed);
    }
    for (let k = 0; k < this.hiC.length; k++) this.hiC[k] = null;
    for (const r of this.own) r.hiC.fill(null);
    return { base: lo, mixedAt, each };
  }

  drainState(dest: Int32Array | null, laneStart?: Int32Array, shared = false): Uint8Array {
    const n = this.total(laneStart);
    const out = drain(this.stateC, shared ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n), this.n, dest, this.drop, this.beat);
    for (const r of this.own) copyOwn(r.stateC, r.starts, out, r.n, laneStart![r.lane]!, this.drop);
    return out;
  }

  /**
   * The arg column: Uint16 while every arg fits; past that, when every one
   * is in [0, 2^24) (lane ids of up to 16M lanes), its low 16 bits plus a
   * Uint8 column of the high 8 (3 bytes a point, not 4); else Int32.
   */
  drainArg(dest: Int32Array | null, laneStart?: Int32Array): { arg: Ids; argHi: Uint8Array } {
    const wide = this.argWide || this.own.some((r) => r.argWide);
    if (!wide || !this.argsFit24()) return { arg: this.drainIds(this.argC, wide, (r) => r.argC, dest, laneStart), argHi: new Uint8Array(0) };
    const n = this.total(laneStart);
    const lo = new Uint16Array(n);
    const hi = new Uint8Array(n);
    for (let k = 0; k < this.argC.length; k++) {
      const c = this.argC[k];
      this.argC[k] = null;
      const start = k * CHUNK;
      if (c === null || c === undefined || start >= this.n) continue;
      this.drop(c.byteLength);
      const m = Math.min(CHUNK, this.n - start);
      for (let j0 = 0; j0 < m; j0 += SLICE) {
        const j1 = Math.min(m, j0 + SLICE);
        scatter24(c.subarray(j0, j1), lo, hi, j1 - j0, dest, start + j0, start + j0);
        this.beat();
      }
    }
    for (const r of this.own) {
      const at = laneStart![r.lane]!;
      for (let k = 0; k < r.argC.length; k++) {
        const c = r.argC[k];
        r.argC[k] = null;
        const start = r.starts[k]!;
        if (c === null || c === undefined || start >= r.n) continue;
        this.drop(c.byteLength);
        scatter24(c, lo, hi, Math.min(c.length, r.n - start), null, 0, at + start);
      }
    }
    return { arg: lo, argHi: hi };
  }

  /** Whether every arg stored is in [0, 2^24). */
  private argsFit24(): boolean {
    const fits = (cs: (Ids | null)[], count: (k: number) => number) => {
      for (let k = 0; k < cs.length; k++) {
        const c = cs[k];
        if (c === null || c === undefined || c instanceof Uint16Array) continue;
        const m = count(k);
        for (let j = 0; j < m; j++) if (c[j]! < 0 || c[j]! > 0xffffff) return false;
      }
      return true;
    };
    if (!fits(this.argC, (k) => Math.max(0, Math.min(CHUNK, this.n - k * CHUNK)))) return false;
    for (const r of this.own) if (!fits(r.argC, (k) => Math.max(0, Math.min(r.argC[k]!.length, r.n - r.starts[k]!)))) return false;
    return true;
  }

  drainStack(dest: Int32Array | null, laneStart?: Int32Array): Ids {
    return this.drainIds(this.stackC, this.stackWide || this.own.some((r) => r.stackWide), (r) => r.stackC, dest, laneStart);
  }

  /** An id column (Int32 when any value needed it, else Uint16): the shared rows' chunks, then each own lane's. */
  private drainIds(chunks: (Ids | null)[], wide: boolean, ownChunks: (r: OwnRows) => (Ids | null)[], dest: Int32Array | null, laneStart?: Int32Array): Ids {
    const n = this.total(laneStart);
    const out = drain(chunks as (Int32Array | null)[], wide ? new Int32Array(n) : (new Uint16Array(n) as never), this.n, dest, this.drop, this.beat);
    for (const r of this.own) copyOwn(ownChunks(r), r.starts, out, r.n, laneStart![r.lane]!, this.drop);
    return out;
  }

  get bytes(): number {
    let b = 0;
    for (const cs of [this.laneC, this.loC, this.hiC, this.stateC, this.argC, this.stackC]) for (const c of cs) b += c?.byteLength ?? 0;
    for (const r of this.own) for (const cs of [r.loC, r.hiC, r.stateC, r.argC, r.stackC]) for (const c of cs) b += c?.byteLength ?? 0;
    return b;
  }
}

type Arr = Int32Array | Uint32Array | Uint16Array | Uint8Array;

/**
 * Moves chunks into out (at dest[i] when given), freeing them. The scatter
 * loop is duplicated per element type on purpose: one loop over four array
 * kinds is polymorphic and runs at a third of the speed.
 */
function drain<T extends Arr>(chunks: (Arr | null)[], out: T, n: number, dest: Int32Array | null, dropped?: (bytes: number) => void, beat?: () => void): T {
  for (let k = 0; k < chunks.length; k++) {
    const start = k * CHUNK;
    const c = chunks[k];
    chunks[k] = null;
    if (c === null || c === undefined || start >= n) continue;
    dropped?.(c.byteLength);
    const m = Math.min(CHUNK, n - start);
    if (dest === null) {
      out.set(c.subarray(0, m), start);
      continue;
    }
    // In slices, with a beat between them: a scatter of a whole chunk into a
    // 500 MB trace's columns misses the cache on every row (~0.3 s a chunk).
    for (let j0 = 0; j0 < m; j0 += SLICE) {
      const j1 = Math.min(m, j0 + SLICE);
      const s = c.subarray(j0, j1);
      const at = start + j0;
      if (out instanceof Uint8Array) scatter8(s as Uint8Array, out, j1 - j0, dest, at);
      else if (out instanceof Uint16Array) scatter16(s as Uint16Array, out, j1 - j0, dest, at);
      else if (out instanceof Int32Array && s instanceof Uint16Array) scatter16to32(s, out, j1 - j0, dest, at);
      else if (out instanceof Uint32Array) scatterU32(s as Uint32Array, out, j1 - j0, dest, at);
      else scatterI32(s as Int32Array, out as Int32Array, j1 - j0, dest, at);
      beat?.();
    }
  }
  return out;
}

/** Moves an own lane's chunks (starting at rows `starts`, n rows in all) into out from position at, freeing them; a null chunk (no high time parts) is left as zeros. */
function copyOwn(chunks: (Arr | null)[], starts: number[], out: Arr, n: number, at: number, dropped?: (bytes: number) => void): void {
  for (let k = 0; k < chunks.length; k++) {
    const start = starts[k]!;
    const c = chunks[k];
    chunks[k] = null;
    if (c === null || c === undefined || start >= n) continue;
    dropped?.(c.byteLength);
    out.set(c.subarray(0, Math.min(c.length, n - start)), at + start);
  }
}

/** Rows [0, m) of c into (lo, hi) as 16 + 8 bits: at dest[start + j] when dest is given, else at at + j. */
function scatter24(c: Ids, lo: Uint16Array, hi: Uint8Array, m: number, dest: Int32Array | null, start: number, at: number): void {
  for (let j = 0; j < m; j++) {
    const v = c[j]!;
    const p = dest === null ? at + j : dest[start + j]!;
    lo[p] = v & 0xffff;
    hi[p] = v >>> 16;
  }
}

function scatter8(c: Uint8Array, out: Uint8Array, m: number, dest: Int32Array, start: number): void {
  for (let j = 0; j < m; j++) out[dest[start + j]!] = c[j]!;
}
function scatter16(c: Uint16Array, out: Uint16Array, m: number, dest: Int32Array, start: number): void {
  for (let j = 0; j < m; j++) out[dest[start + j]!] = c[j]!;
}
function scatter16to32(c: Uint16Array, out: Int32Array, m: number, dest: Int32Array, start: number): void {
  for (let j = 0; j < m; j++) out[dest[start + j]!] = c[j]!;
}
function scatterU32(c: Uint32Array, out: Uint32Array, m: number, dest: Int32Array, start: number): void {
  for (let j = 0; j < m; j++) out[dest[start + j]!] = c[j]!;
}
function scatterI32(c: Int32Array, out: Int32Array, m: number, dest: Int32Array, start: number): void {
  for (let j = 0; j < m; j++) out[dest[start + j]!] = c[j]!;
}

/**
 * PointStore.drainHi over the m shared rows from row `first`, their high
 * parts c (null: all h), at positions dest (null: in order): pass 0 takes
 * each block's lowest and highest part, pass 1 puts the parts of blocks
 * holding two into `each`.
 */
function hiRows(pass: number, dest: Int32Array | null, first: number, m: number, c: Uint16Array | null, h: number, lo: Uint16Array, hi: Uint16Array, mixedAt: Int32Array, each: Uint16Array): void {
  for (let j = 0; j < m; j++) {
    const p = dest === null ? first + j : dest[first + j]!;
    const x = c === null ? h : c[j]!;
    const b = p >>> HI_SHIFT;
    if (pass === 0) {
      if (x < lo[b]!) lo[b] = x;
      if (x > hi[b]!) hi[b] = x;
    } else {
      const w = mixedAt[b]!;
      if (w >= 0) each[w + (p & (HI_BLOCK - 1))] = x;
    }
  }
}

/** hiRows for the positions [a, z) of an own lane's chunk. */
function hiRange(pass: number, a: number, z: number, c: Uint16Array | null, h: number, lo: Uint16Array, hi: Uint16Array, mixedAt: Int32Array, each: Uint16Array): void {
  if (c !== null) {
    hiRows(pass, null, a, z - a, c, h, lo, hi, mixedAt, each);
    return;
  }
  // One part for the whole range: block by block.
  for (let b = a >>> HI_SHIFT; a < z; b++) {
    const e = Math.min(z, (b + 1) * HI_BLOCK);
    if (pass === 0) {
      if (h < lo[b]!) lo[b] = h;
      if (h > hi[b]!) hi[b] = h;
    } else if (mixedAt[b]! >= 0) {
      each.fill(h, mixedAt[b]! + (a & (HI_BLOCK - 1)), mixedAt[b]! + (a & (HI_BLOCK - 1)) + (e - a));
    }
    a = e;
  }
}
