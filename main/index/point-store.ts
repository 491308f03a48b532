// Build-time lane points in event order, as row chunks: one chunk of each
// column (lane, time low/high, state, arg, stack) per 2^22 points, so an
// append is five typed-array stores and one bound check. (Five separate
// growable columns cost a chunk lookup each and made the append the build's
// hottest function.) finish.ts drains the columns one at a time into lane
// order.

import { LaneTable } from './store';
import { SpanState } from '../../shared/index/layout';
import { TWO32 } from '../../shared/index/time48';
import { setWideTime } from './row-chunks';

// Big chunks (4-16 MiB each) are mmapped by the allocator and go back to the
// OS when freed; small ones stay in the heap and keep the RSS up.
const BITS = 22;
const CHUNK = 1 << BITS;
const MASK = CHUNK - 1;

type Ids = Uint16Array | Int32Array;

export class PointStore {
  private laneC: (Int32Array | null)[] = [];
  private loC: (Uint32Array | null)[] = [];
  /** High time parts; a chunk's entry stays null while its times are all below 2^32. */
  private hiC: (Uint16Array | null)[] = [];
  private stateC: (Uint8Array | null)[] = [];
  private argC: (Ids | null)[] = [];
  private stackC: (Ids | null)[] = [];
  private cLane = new Int32Array(0);
  private cLo = new Uint32Array(0);
  private cState = new Uint8Array(0);
  private cArg: Ids = new Uint16Array(0);
  private cStack: Ids = new Uint16Array(0);
  /** Next free slot in the current chunk (CHUNK: none yet). */
  private pos = CHUNK;
  private n = 0;
  private anyHi = false;
  private argWide = false;
  private stackWide = false;

  constructor(private readonly lanes: LaneTable) {}

  get count(): number {
    return this.n;
  }

  /**
   * Appends a point to a lane. A gap point (None) at the same time as the new
   * one is overwritten rather than leaving a zero-length gap. Times never go
   * back within a lane (clamped).
   */
  add(lane: number, t: number, state: SpanState, arg: number, stack: number): number {
    const T = this.lanes.tail.data;
    const o = 2 * lane;
    const x = T[o + 1]!;
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
    if (t < TWO32 && t >= 0) this.cLo[p] = t;
    else this.setTimeSlow(this.n, t);
    this.cState[p] = state;
    this.cArg[p] = arg;
    this.cStack[p] = stack;
    const i = this.n++;
    T[o] = t;
    T[o + 1] = (i + 1) * 16 + state;
    return i;
  }

  /** State of the lane's current (last) point; None when it has none. */
  current(lane: number): SpanState {
    return (this.lanes.tail.data[2 * lane + 1]! & 15) as SpanState;
  }

  /** Ends the lane's current span at t (a None point carrying the ending event's stack). */
  close(lane: number, t: number, stack = 0): void {
    if (this.current(lane) !== SpanState.None) this.add(lane, t, SpanState.None, 0, stack);
  }

  timeAt(i: number): number {
    const k = i >>> BITS;
    const h = this.hiC[k];
    const lo = this.loC[k]![i & MASK]!;
    return h === null || h === undefined ? lo : lo + h[i & MASK]! * TWO32;
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
    this.stateC.push(this.cState);
    this.argC.push(this.cArg);
    this.stackC.push(this.cStack);
    this.pos = 0;
  }

  private setTimeSlow(i: number, t: number): void {
    this.anyHi = setWideTime(this.loC, this.hiC, BITS, i, t);
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
  // Each drain moves one column into a single array (at positions dest[i]
  // when dest is given, else in order) and frees its chunks as it goes.

  drainLane(): Int32Array {
    return drain(this.laneC, new Int32Array(this.n), this.n, null);
  }

  drainTime(dest: Int32Array | null): { lo: Uint32Array; hi: Uint16Array } {
    const n = this.n;
    let hi = new Uint16Array(0);
    if (this.anyHi) {
      hi = new Uint16Array(n);
      const zeros = new Uint16Array(CHUNK);
      for (let k = 0; k < this.hiC.length; k++) if (this.hiC[k] === null) this.hiC[k] = zeros;
      drain(this.hiC, hi, n, dest);
    }
    return { lo: drain(this.loC, new Uint32Array(n), n, dest), hi };
  }

  drainState(dest: Int32Array | null): Uint8Array {
    return drain(this.stateC, new Uint8Array(this.n), this.n, dest);
  }

  drainArg(dest: Int32Array | null): Ids {
    return drain(this.argC as (Int32Array | null)[], this.argWide ? new Int32Array(this.n) : (new Uint16Array(this.n) as never), this.n, dest);
  }

  drainStack(dest: Int32Array | null): Ids {
    return drain(this.stackC as (Int32Array | null)[], this.stackWide ? new Int32Array(this.n) : (new Uint16Array(this.n) as never), this.n, dest);
  }

  get bytes(): number {
    let b = 0;
    for (const cs of [this.laneC, this.loC, this.hiC, this.stateC, this.argC, this.stackC]) for (const c of cs) b += c?.byteLength ?? 0;
    return b;
  }
}

type Arr = Int32Array | Uint32Array | Uint16Array | Uint8Array;

/**
 * Moves chunks into out (at dest[i] when given), freeing them. The scatter
 * loop is duplicated per element type on purpose: one loop over four array
 * kinds is polymorphic and runs at a third of the speed.
 */
function drain<T extends Arr>(chunks: (Arr | null)[], out: T, n: number, dest: Int32Array | null): T {
  for (let k = 0; k < chunks.length; k++) {
    const start = k * CHUNK;
    const c = chunks[k];
    chunks[k] = null;
    if (c === null || c === undefined || start >= n) continue;
    const m = Math.min(CHUNK, n - start);
    if (dest === null) out.set(c.subarray(0, m), start);
    else if (out instanceof Uint8Array) scatter8(c as Uint8Array, out, m, dest, start);
    else if (out instanceof Uint16Array) scatter16(c as Uint16Array, out, m, dest, start);
    else if (out instanceof Uint32Array) scatterU32(c as Uint32Array, out, m, dest, start);
    else scatterI32(c as Int32Array, out as Int32Array, m, dest, start);
  }
  return out;
}

function scatter8(c: Uint8Array, out: Uint8Array, m: number, dest: Int32Array, start: number): void {
  for (let j = 0; j < m; j++) out[dest[start + j]!] = c[j]!;
}
function scatter16(c: Uint16Array, out: Uint16Array, m: number, dest: Int32Array, start: number): void {
  for (let j = 0; j < m; j++) out[dest[start + j]!] = c[j]!;
}
function scatterU32(c: Uint32Array, out: Uint32Array, m: number, dest: Int32Array, start: number): void {
  for (let j = 0; j < m; j++) out[dest[start + j]!] = c[j]!;
}
function scatterI32(c: Int32Array, out: Int32Array, m: number, dest: Int32Array, start: number): void {
  for (let j = 0; j < m; j++) out[dest[start + j]!] = c[j]!;
}
