// The v1 ordering state machine (Go's internal/trace/internal/tracev1/order.go):
// per-goroutine {seq, status} readiness rules and the frontier min-heap,
// ported exactly (the heap's tie-breaking decides the order of events with
// equal timestamps, so heapUp/heapDown follow Go line by line).

import { TraceError } from '../errors';
import { NONE, u64FromBig, u64ToBig, U64_MAX_BIG } from '../u64';
import { NumMap } from './nummap';
import { Ev } from './events';

// gStatus
export const gDead = 0;
export const gRunnable = 1;
export const gRunning = 2;
export const gWaiting = 3;

/** ^uint64(0): no ordering requirement (stateTransition's g) and "don't check" (seq). */
export const unordered = NONE;
export const noseq = NONE;
/** ^uint64(0) - 1: the GC pseudo-goroutine (g) and "current seq + 1" (next seq). */
export const garbage = u64FromBig(U64_MAX_BIG - 1n);
export const seqinc = garbage;

const TWO53M1 = 9007199254740991;

/** uint64(v) + 1 with wrap-around, on u64-encoded numbers. */
export function u64Inc(v: number): number {
  if (v >= 0 && v < TWO53M1) return v + 1;
  return u64FromBig((u64ToBig(v) + 1n) & U64_MAX_BIG);
}

/**
 * Go's stateTransition(ev): the goroutine an event orders on, the state it
 * requires (init) and the state after it (next). Results in the fields.
 */
export class Transition {
  g = unordered;
  initSeq = 0;
  initStatus = 0;
  nextSeq = 0;
  nextStatus = 0;

  compute(typ: number, evG: number, a0: number, a1: number): void {
    switch (typ) {
      case Ev.GoCreate:
        this.g = a0;
        this.initSeq = 0;
        this.initStatus = gDead;
        this.nextSeq = 1;
        this.nextStatus = gRunnable;
        return;
      case Ev.GoWaiting:
      case Ev.GoInSyscall:
        this.g = evG;
        this.initSeq = 1;
        this.initStatus = gRunnable;
        this.nextSeq = 2;
        this.nextStatus = gWaiting;
        return;
      case Ev.GoStart:
      case Ev.GoStartLabel:
        this.g = evG;
        this.initSeq = a1;
        this.initStatus = gRunnable;
        this.nextSeq = u64Inc(a1);
        this.nextStatus = gRunning;
        return;
      case Ev.GoStartLocal:
        this.g = evG;
        this.initSeq = noseq;
        this.initStatus = gRunnable;
        this.nextSeq = seqinc;
        this.nextStatus = gRunning;
        return;
      case Ev.GoBlock:
      case Ev.GoBlockSend:
      case Ev.GoBlockRecv:
      case Ev.GoBlockSelect:
      case Ev.GoBlockSync:
      case Ev.GoBlockCond:
      case Ev.GoBlockNet:
      case Ev.GoSleep:
      case Ev.GoSysBlock:
      case Ev.GoBlockGC:
        this.g = evG;
        this.initSeq = noseq;
        this.initStatus = gRunning;
        this.nextSeq = noseq;
        this.nextStatus = gWaiting;
        return;
      case Ev.GoSched:
      case Ev.GoPreempt:
        this.g = evG;
        this.initSeq = noseq;
        this.initStatus = gRunning;
        this.nextSeq = noseq;
        this.nextStatus = gRunnable;
        return;
      case Ev.GoUnblock:
      case Ev.GoSysExit:
        this.g = a0;
        this.initSeq = a1;
        this.initStatus = gWaiting;
        this.nextSeq = u64Inc(a1);
        this.nextStatus = gRunnable;
        return;
      case Ev.GoUnblockLocal:
      case Ev.GoSysExitLocal:
        this.g = a0;
        this.initSeq = noseq;
        this.initStatus = gWaiting;
        this.nextSeq = seqinc;
        this.nextStatus = gRunnable;
        return;
      case Ev.GCStart:
        this.g = garbage;
        this.initSeq = a0;
        this.initStatus = gDead;
        this.nextSeq = u64Inc(a0);
        this.nextStatus = gDead;
        return;
      default:
        this.g = unordered;
        this.initSeq = 0;
        this.initStatus = 0;
        this.nextSeq = 0;
        this.nextStatus = 0;
        return;
    }
  }
}

/**
 * Goroutine IDs below this are kept in dense arrays (3 bytes each at most:
 * GStates, postprocess's GFlags, grown as far as the largest ID seen);
 * others in hash maps.
 */
export const DENSE_G_LIMIT = 1 << 24;
/** Dense cells below OVERFLOW: (seq << 2) | status, for seq < SMALL_SEQ_LIMIT. */
const SMALL_SEQ_LIMIT = 1 << 13;
/** Dense cells from OVERFLOW: OVERFLOW + an index into ovSeq/ovStatus. */
const OVERFLOW = 0x8000;
/** The dense cell of a goroutine kept in the hash map. */
const IN_MAP = 0xffff;
const MAX_OVERFLOW = IN_MAP - OVERFLOW;

/**
 * The per-goroutine {seq, status} map of the merge (Go's gs map[uint64]gState):
 * one u16 cell per small goroutine ID (its sequence number, when below 2^13,
 * with the 2-bit status packed in; otherwise an index into the overflow
 * columns, which hold the goroutines that lived long), a hash map for the
 * rest. Absent = {0, gDead}.
 */
export class GStates {
  private cell = new Uint16Array(1024);
  private ovSeq = new Float64Array(64);
  private ovStatus = new Uint8Array(64);
  private ovLen = 0;
  private readonly m = new NumMap(64, true);

  private grow(g: number): void {
    let n = this.cell.length;
    while (n <= g) n *= 2;
    if (n > DENSE_G_LIMIT) n = DENSE_G_LIMIT;
    const c = new Uint16Array(n);
    c.set(this.cell);
    this.cell = c;
  }

  /** A new overflow index, or -1 when they are all taken. */
  private newOverflow(): number {
    const j = this.ovLen;
    if (j >= MAX_OVERFLOW) return -1;
    if (j === this.ovSeq.length) {
      const s = new Float64Array(j * 2);
      s.set(this.ovSeq);
      this.ovSeq = s;
      const t = new Uint8Array(j * 2);
      t.set(this.ovStatus);
      this.ovStatus = t;
    }
    this.ovLen = j + 1;
    return j;
  }

  /** Go's transitionReady(g, gs[g], init), for g != unordered. */
  ready(g: number, initSeq: number, initStatus: number): boolean {
    let currSeq: number;
    let currStatus: number;
    const c = g >= 0 && g < this.cell.length ? this.cell[g]! : IN_MAP;
    if (c < OVERFLOW) {
      currSeq = c >>> 2;
      currStatus = c & 3;
    } else if (c !== IN_MAP) {
      currSeq = this.ovSeq[c - OVERFLOW]!;
      currStatus = this.ovStatus[c - OVERFLOW]!;
    } else {
      const m = this.m;
      const s = m.find(g);
      currSeq = s < 0 ? 0 : m.v0[s]!;
      currStatus = s < 0 ? gDead : m.v1[s]!;
    }
    return (initSeq === noseq || initSeq === currSeq) && initStatus === currStatus;
  }

  /** Go's transition(gs, g, init, next), for g != unordered. */
  transition(g: number, initSeq: number, initStatus: number, nextSeq: number, nextStatus: number, offset: number): void {
    if (g >= 0 && g < DENSE_G_LIMIT && g >= this.cell.length) this.grow(g);
    const dense = g >= 0 && g < this.cell.length;
    let currSeq: number;
    let currStatus: number;
    let s = -1;
    const c = dense ? this.cell[g]! : IN_MAP;
    if (c < OVERFLOW) {
      currSeq = c >>> 2;
      currStatus = c & 3;
    } else if (c !== IN_MAP) {
      currSeq = this.ovSeq[c - OVERFLOW]!;
      currStatus = this.ovStatus[c - OVERFLOW]!;
    } else {
      s = this.m.slot(g);
      currSeq = this.m.v0[s]!;
      currStatus = this.m.v1[s]!;
    }
    if (!((initSeq === noseq || initSeq === currSeq) && initStatus === currStatus)) {
      // See the comment near the call to transition in Go's parser: the
      // frontier may hold events whose readiness changed meanwhile.
      throw new TraceError('encountered impossible goroutine state transition', offset);
    }
    if (nextSeq === noseq) nextSeq = currSeq;
    else if (nextSeq === seqinc) nextSeq = u64Inc(currSeq);
    if (c < OVERFLOW) {
      if (nextSeq >= 0 && nextSeq < SMALL_SEQ_LIMIT) {
        this.cell[g] = (nextSeq << 2) | nextStatus;
        return;
      }
      const j = this.newOverflow();
      if (j >= 0) {
        this.cell[g] = OVERFLOW + j;
        this.ovSeq[j] = nextSeq;
        this.ovStatus[j] = nextStatus;
        return;
      }
      this.cell[g] = IN_MAP; // from now on in the map
    } else if (c !== IN_MAP) {
      this.ovSeq[c - OVERFLOW] = nextSeq;
      this.ovStatus[c - OVERFLOW] = nextStatus;
      return;
    }
    if (s < 0) s = this.m.slot(g);
    this.m.v0[s] = nextSeq;
    this.m.v1[s] = nextStatus;
  }
}

/**
 * The frontier (Go's orderEventList with heapUp/heapDown): a min-heap of
 * proc indices keyed by the timestamp of each proc's pending event.
 */
export class Frontier {
  readonly h: Int32Array;
  len = 0;

  constructor(capacity: number, private readonly ts: Float64Array) {
    this.h = new Int32Array(Math.max(1, capacity));
  }

  private less(i: number, j: number): boolean {
    return this.ts[this.h[i]!]! < this.ts[this.h[j]!]!;
  }

  private swap(i: number, j: number): void {
    const h = this.h;
    const t = h[i]!;
    h[i] = h[j]!;
    h[j] = t;
  }

  push(proc: number): void {
    this.h[this.len++] = proc;
    this.up(this.len - 1);
  }

  pop(): number {
    const n = this.len - 1;
    this.swap(0, n);
    this.down(0, n);
    const x = this.h[this.len - 1]!;
    this.len--;
    return x;
  }

  private up(j: number): void {
    for (;;) {
      const i = ((j - 1) / 2) | 0; // parent (Go's integer division truncates)
      if (i === j || !this.less(j, i)) break;
      this.swap(i, j);
      j = i;
    }
  }

  private down(i0: number, n: number): void {
    let i = i0;
    for (;;) {
      const j1 = 2 * i + 1;
      if (j1 >= n || j1 < 0) break;
      let j = j1;
      const j2 = j1 + 1;
      if (j2 < n && this.less(j2, j1)) j = j2;
      if (!this.less(j, i)) break;
      this.swap(i, j);
      i = j;
    }
  }
}
