// The goroutine counters (running, runnable, waiting, syscall, GC waiting,
// and threads in syscalls) are all functions of the goroutine state
// transitions. The build logs each transition that moves a goroutine between
// counters as one row (time, old state, new state): one append per
// transition instead of up to four coalescing counter updates, and ~5 bytes
// a row instead of ~12 for the changes it makes. finish.ts replays the log
// into the final counter columns.
//
// Rows arrive in event order, so in time order, except transitions credited
// back to a generation's Sync (goroutines first seen Undetermined): those go
// to a side log, sorted and merged at replay.

import { CounterId, SpanState } from '../../shared/index/layout';
import { TWO32 } from '../../shared/index/time48';
import { setWideTime } from './row-chunks';

// Big chunks are mmapped and go back to the OS when freed (see point-store.ts).
const BITS = 21;
const CHUNK = 1 << BITS;
const MASK = CHUNK - 1;

/** The counters the log feeds, in the order of a replay's outputs. */
export const GO_LOG_COUNTERS: readonly CounterId[] = [
  CounterId.GoRunning,
  CounterId.GoRunnable,
  CounterId.GoWaiting,
  CounterId.GoSyscall,
  CounterId.GoGCWaiting,
  CounterId.ThreadsSyscall,
];

/** The goroutine counter of each span state (-1: not counted). */
export const GO_COUNTER: readonly number[] = (() => {
  const m = new Array<number>(16).fill(-1);
  m[SpanState.Running] = CounterId.GoRunning;
  m[SpanState.Runnable] = CounterId.GoRunnable;
  m[SpanState.NotStarted] = CounterId.GoRunnable;
  m[SpanState.Waiting] = CounterId.GoWaiting;
  m[SpanState.GCWaiting] = CounterId.GoGCWaiting;
  m[SpanState.Syscall] = CounterId.GoSyscall;
  m[SpanState.SyscallBlocked] = CounterId.GoSyscall;
  return m;
})();

const inSyscall = (s: number) => s === SpanState.Syscall || s === SpanState.SyscallBlocked;

/**
 * Per code (old << 4 | new): the slot (in GO_LOG_COUNTERS) that loses one
 * (-1: none), the slot that gains one, and the change of threads in syscalls.
 */
const SLOT = (c: number) => GO_LOG_COUNTERS.indexOf(c as CounterId);
const SYS_SLOT = SLOT(CounterId.ThreadsSyscall);
const DEC = new Int8Array(256).fill(-1);
const INC = new Int8Array(256).fill(-1);
const SYS = new Int8Array(256);
for (let code = 0; code < 256; code++) {
  const a = code >> 4;
  const b = code & 15;
  const ca = GO_COUNTER[a]!;
  const cb = GO_COUNTER[b]!;
  if (ca === cb) continue;
  if (ca >= 0) DEC[code] = SLOT(ca);
  if (cb >= 0) INC[code] = SLOT(cb);
  SYS[code] = (inSyscall(b) ? 1 : 0) - (inSyscall(a) ? 1 : 0);
}

/** Whether a transition between these span states changes any goroutine counter. */
export function movesGoCounters(a: SpanState, b: SpanState): boolean {
  return GO_COUNTER[a] !== GO_COUNTER[b];
}

/** Rows (time, code) in row chunks: time low/high, code. */
class Rows {
  loC: (Uint32Array | null)[] = [];
  hiC: (Uint16Array | null)[] = [];
  codeC: (Uint8Array | null)[] = [];
  private cLo = new Uint32Array(0);
  private cCode = new Uint8Array(0);
  private pos = CHUNK;
  length = 0;
  anyHi = false;

  push(t: number, code: number): void {
    if (this.pos === CHUNK) {
      this.cLo = new Uint32Array(CHUNK);
      this.cCode = new Uint8Array(CHUNK);
      this.loC.push(this.cLo);
      this.hiC.push(null);
      this.codeC.push(this.cCode);
      this.pos = 0;
    }
    const o = this.pos++;
    if (t < TWO32 && t >= 0) this.cLo[o] = t;
    else this.anyHi = setWideTime(this.loC, this.hiC, BITS, this.length, t);
    this.cCode[o] = code;
    this.length++;
  }

  clear(): void {
    this.loC = [];
    this.hiC = [];
    this.codeC = [];
    this.cLo = new Uint32Array(0);
    this.cCode = new Uint8Array(0);
    this.pos = CHUNK;
    this.length = 0;
    this.anyHi = false;
  }

  time(i: number): number {
    const k = i >>> BITS;
    const h = this.hiC[k];
    const lo = this.loC[k]![i & MASK]!;
    return h === null || h === undefined ? lo : lo + h[i & MASK]! * TWO32;
  }

  code(i: number): number {
    return this.codeC[i >>> BITS]![i & MASK]!;
  }
}

export class GoCounterLog {
  private readonly main = new Rows();
  /** Rows earlier than a row already logged (credited back to a Sync). */
  private readonly late = new Rows();
  private lastT = -Infinity;

  /** Logs a goroutine moving from state a to state b at t (only when movesGoCounters(a, b)). */
  add(t: number, a: SpanState, b: SpanState): void {
    if (t >= this.lastT) {
      this.main.push(t, (a << 4) | b);
      this.lastT = t;
    } else this.late.push(t, (a << 4) | b);
  }

  /** Frees the rows (after the replay). */
  clear(): void {
    this.main.clear();
    this.late.clear();
    this.lastT = -Infinity;
  }

  get anyHi(): boolean {
    return this.main.anyHi || this.late.anyHi;
  }

  /**
   * Replays the rows in time order, counting each GO_LOG_COUNTERS series'
   * changes into `counts` and, when `out` is given, writing them at
   * out.at[slot]++ (advanced). A series changes at a time when its value
   * after every row at that time differs from its previous change (its first
   * change is kept even when it nets to 0). Deterministic, so a counting pass
   * sizes the columns that a filling pass writes. Returns the range of the
   * values (with 0).
   */
  replay(counts: Int32Array, out: ReplayOut | null): { min: number; max: number } {
    const L = this.late;
    const lateOrder = sortedRowOrder(L);
    const nl = lateOrder.length;
    const lateT = new Float64Array(nl);
    const lateCode = new Uint8Array(nl);
    for (let j = 0; j < nl; j++) {
      lateT[j] = L.time(lateOrder[j]!);
      lateCode[j] = L.code(lateOrder[j]!);
    }
    const S = GO_LOG_COUNTERS.length;
    const g: Group = { count: new Int32Array(S), last: new Float64Array(S).fill(NaN), counts, out, min: 0, max: 0 };
    let T = -1;
    let touched = 0;
    let j = 0;
    let lateNext = nl > 0 ? lateT[0]! : Infinity;
    const M = this.main;
    for (let k = 0; k <= M.loC.length; k++) {
      // One pass over the main rows' chunks, then (k = length) the late rows left.
      const lo = k < M.loC.length ? M.loC[k]! : null;
      const hi = k < M.loC.length ? M.hiC[k] : null;
      const codes = k < M.loC.length ? M.codeC[k]! : null;
      const m = lo === null ? 1 : Math.min(CHUNK, M.length - k * CHUNK);
      for (let o = 0; o < m; o++) {
        const t = lo === null ? Infinity : hi === null || hi === undefined ? lo[o]! : lo[o]! + hi[o]! * TWO32;
        // Late rows at or before t first (those at t join its group).
        while (j < nl && lateNext <= t) {
          if (lateNext !== T) {
            if (touched !== 0) emitGroup(g, T, touched);
            touched = 0;
            T = lateNext;
          }
          touched |= applyCode(g.count, lateCode[j]!);
          lateNext = ++j < nl ? lateT[j]! : Infinity;
        }
        if (lo === null) break;
        if (t !== T) {
          if (touched !== 0) emitGroup(g, T, touched);
          touched = 0;
          T = t;
        }
        touched |= applyCode(g.count, codes![o]!);
      }
    }
    if (touched !== 0) emitGroup(g, T, touched);
    return { min: g.min, max: g.max };
  }
}

interface Group {
  count: Int32Array;
  /** Each slot's last emitted value (NaN: none yet). */
  last: Float64Array;
  counts: Int32Array;
  out: ReplayOut | null;
  min: number;
  max: number;
}

/** Applies a row's deltas; returns the bit set of the slots it touches. */
function applyCode(count: Int32Array, code: number): number {
  let m = 0;
  const d = DEC[code]!;
  const i = INC[code]!;
  const y = SYS[code]!;
  if (d >= 0) {
    count[d]--;
    m = 1 << d;
  }
  if (i >= 0) {
    count[i]++;
    m |= 1 << i;
  }
  if (y !== 0) {
    count[SYS_SLOT] += y;
    m |= 1 << SYS_SLOT;
  }
  return m;
}

/** The changes at time T of the touched slots whose value differs from their last change. */
function emitGroup(g: Group, T: number, touched: number): void {
  for (let s = 0; touched !== 0; s++, touched >>>= 1) {
    if ((touched & 1) === 0) continue;
    const v = g.count[s]!;
    if (v === g.last[s]) continue;
    g.last[s] = v;
    g.counts[s]++;
    if (v < g.min) g.min = v;
    if (v > g.max) g.max = v;
    const out = g.out;
    if (out !== null) {
      const k = out.at[s]!++;
      out.lo[k] = T % TWO32;
      if (out.hi.length > 0) out.hi[k] = Math.floor(T / TWO32);
      out.value[k] = v;
    }
  }
}

/** Where a filling replay writes: final counter columns and each slot's next position. */
export interface ReplayOut {
  lo: Uint32Array;
  hi: Uint16Array;
  value: Uint16Array | Int32Array;
  at: Int32Array;
}

/** Row indexes of r in time order (stable). */
function sortedRowOrder(r: Rows): Int32Array {
  const n = r.length;
  const order = new Int32Array(n);
  if (n === 0) return order;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
    t[i] = r.time(i);
  }
  return order.sort((x, y) => t[x]! - t[y]! || x - y);
}
