// Lazy decoding of v1 events straight from the trace bytes.
//
// Go's tracev1 parser materializes every event (64 bytes each). We don't:
// the batches are validated once (parser.ts, with Go's exact checks and error
// messages), and afterwards events are decoded again on demand from the
// bytes, one P ("proc") at a time, by `ProcStreams.decode`. The merge records
// which proc each event of the merged order came from, so the ordered stream
// can be replayed any number of times with O(1) memory per event.

import { u64FromBig, u64ToBig } from '../u64';
import { decodeTraceString } from '../utf8';
import { CLEARS_LAST_G, Ev, HAS_STACK } from './events';

const MAX_SAFE = 9007199254740991;

/** New position after the last `uv` call. */
let vpos = 0;

function bigUv(data: Uint8Array, start: number, end: number): number {
  let x = 0n;
  for (let i = end - 1; i >= start; i--) x = (x << 7n) | BigInt(data[i]! & 0x7f);
  return u64FromBig(x & ((1n << 64n) - 1n));
}

/**
 * Decodes a uvarint known to be valid (already checked by the strict parser)
 * at data[pos]; sets `vpos`. Values >= 2^53 come back u64-encoded.
 */
function uv(data: Uint8Array, pos: number): number {
  let b = data[pos]!;
  if (b < 0x80) {
    vpos = pos + 1;
    return b;
  }
  const start = pos;
  let v = b & 0x7f;
  let m = 128;
  for (let i = 1; i < 10; i++) {
    b = data[pos + i]!;
    if (b < 0x80) {
      v += b * m;
      vpos = pos + i + 1;
      return v > MAX_SAFE ? bigUv(data, start, pos + i + 1) : v;
    }
    v += (b & 0x7f) * m;
    m *= 128;
  }
  // Unreachable on validated data.
  vpos = pos + 10;
  return 0;
}

/** uint32(v) of a u64-encoded value (Go's uint32 conversion). */
export function u32(v: number): number {
  if (v >= -1) return v >>> 0;
  return Number(BigInt.asUintN(32, u64ToBig(v)));
}

/** int32(v) of a u64-encoded value (Go's int32 conversion). */
export function i32(v: number): number {
  if (v >= -1) return v | 0;
  return Number(BigInt.asIntN(32, u64ToBig(v)));
}

/** What the lazy decoder needs to know about the file (filled by the parser). */
export interface StreamTables {
  readonly data: Uint8Array;
  /** Per batch (file order): offset of its EvBatch byte, end (next batch or end of data), pid, lastG at its start. */
  readonly batchOff: Float64Array;
  readonly batchEnd: Float64Array;
  readonly batchPid: Int32Array;
  readonly batchStartG: Float64Array;
  /** Batches loaded by each proc, as linked lists: first per proc, next per batch (-1 = none). */
  readonly procFirst: Int32Array;
  readonly batchNext: Int32Array;
  /** The CPU samples (the ProfileP pseudo-proc's events), sorted as Go sorts them. */
  readonly nSamples: number;
  readonly sTs: Float64Array;
  readonly sP: Float64Array;
  readonly sG: Float64Array;
  readonly sPid: Float64Array;
  readonly sStk: Float64Array;
  readonly sOff: Float64Array;
  readonly profileProc: number;
  /** UserLog values: string -> inline string ID (Go's inlineStringsMapping). */
  readonly inlineMap: Map<string, number>;
  /**
   * Exact mode for tick values beyond 2^53 (see parser.ts, "ranks"): the
   * timestamp of every event, as its rank among all the trace's int64 tick
   * values, by batch (the batch's first event is at batchEventBase[batch]).
   * Null in the normal mode, where timestamps are the ticks themselves.
   */
  rankTs: Float64Array | null;
  batchEventBase: Float64Array | null;
}

const F64 = new Float64Array(1);

/** Types that are not events of the merged stream (skipped by the lazy decoder). */
const SKIP = new Uint8Array(64);
SKIP[Ev.String] = 1;
SKIP[Ev.Stack] = 1;
SKIP[Ev.Frequency] = 1;
SKIP[Ev.TimerGoroutine] = 1;
SKIP[Ev.CPUSample] = 1;
SKIP[Ev.Batch] = 1;

/** Position after the uvarint at data[pos]. */
function skipUv(data: Uint8Array, pos: number): number {
  for (let i = 0; i < 10; i++) if (data[pos + i]! < 0x80) return pos + i + 1;
  return pos + 10;
}

/**
 * Per-proc cursors decoding events in batch order, a chunk at a time: `fill`
 * decodes up to `max` upcoming events of a proc into that proc's slots of the
 * b* columns (index proc * chunk + i, for i < count[proc]), in a tight loop.
 */
export class ProcStreams {
  private readonly pos: Float64Array;
  private readonly end: Float64Array;
  private readonly lastTs: Float64Array;
  private readonly lastG: Float64Array;
  private readonly cur: Int32Array;
  private readonly inSamples: Uint8Array;
  private samplePtr = 0;

  /** Events per proc in the columns. */
  readonly chunk: number;
  /** Decoded events: raw v1 type (*Local types are not renamed here), raw ticks, P, G, args, stack ID, byte offset. */
  readonly bTyp: Uint8Array;
  readonly bTs: Float64Array;
  readonly bP: Float64Array;
  readonly bG: Float64Array;
  readonly bA0: Float64Array;
  readonly bA1: Float64Array;
  readonly bA2: Float64Array;
  readonly bA3: Float64Array;
  readonly bStk: Float64Array;
  readonly bOff: Float64Array;
  /** Set when a tick value is outside [0, 2^53) (see parser.ts). */
  unsafe = false;

  constructor(private readonly t: StreamTables, nprocs: number) {
    this.pos = new Float64Array(nprocs);
    this.end = new Float64Array(nprocs);
    this.lastTs = new Float64Array(nprocs);
    this.lastG = new Float64Array(nprocs);
    this.cur = new Int32Array(nprocs).fill(-1);
    this.inSamples = new Uint8Array(nprocs);
    if (t.profileProc >= 0 && t.profileProc < nprocs) this.inSamples[t.profileProc] = 1;
    const chunk = Math.max(1, Math.min(256, Math.floor(65536 / nprocs)));
    this.chunk = chunk;
    const n = chunk * nprocs;
    this.bTyp = new Uint8Array(n);
    this.bTs = new Float64Array(n);
    this.bP = new Float64Array(n);
    this.bG = new Float64Array(n);
    this.bA0 = new Float64Array(n);
    this.bA1 = new Float64Array(n);
    this.bA2 = new Float64Array(n);
    this.bA3 = new Float64Array(n);
    this.bStk = new Float64Array(n);
    this.bOff = new Float64Array(n);
  }

  /**
   * Decodes up to `max` (<= chunk) next events of `proc` into its slots,
   * stopping early when the proc's batches run out. Returns how many.
   */
  fill(proc: number, max: number): number {
    const t = this.t;
    const base = proc * this.chunk;
    let n = 0;
    if (this.inSamples[proc] === 1) {
      let sp = this.samplePtr;
      while (n < max && sp < t.nSamples) {
        const i = base + n++;
        this.bTyp[i] = Ev.CPUSample;
        this.bTs[i] = t.sTs[sp]!;
        this.bP[i] = t.sP[sp]!;
        this.bG[i] = t.sG[sp]!;
        this.bA0[i] = 0;
        this.bA1[i] = t.sPid[sp]!;
        this.bA2[i] = t.sG[sp]!;
        this.bA3[i] = 0;
        this.bStk[i] = t.sStk[sp]!;
        this.bOff[i] = t.sOff[sp]!;
        sp++;
      }
      this.samplePtr = sp;
      if (n === max) return n;
      this.inSamples[proc] = 0;
    }
    const data = t.data;
    const bTyp = this.bTyp;
    const bTs = this.bTs;
    const bP = this.bP;
    const bG = this.bG;
    const bA0 = this.bA0;
    const bA1 = this.bA1;
    const bA2 = this.bA2;
    const bA3 = this.bA3;
    const bStk = this.bStk;
    const bOff = this.bOff;
    let pos = this.pos[proc]!;
    let end = this.end[proc]!;
    let lastTs = this.lastTs[proc]!;
    let lastG = this.lastG[proc]!;
    let cur = this.cur[proc]!;
    let pid = cur < 0 ? 0 : t.batchPid[cur]!;
    let unsafe = false;
    // In the exact ("ranks") mode lastTs is the index of the next event's rank.
    const rankTs = t.rankTs;
    while (n < max) {
      if (pos >= end) {
        const nb = cur < 0 ? t.procFirst[proc]! : t.batchNext[cur]!;
        if (nb < 0) break;
        cur = nb;
        pid = t.batchPid[nb]!;
        pos = t.batchOff[nb]!;
        end = t.batchEnd[nb]!;
        uv(data, pos + 1); // pid
        // (Through a Float64Array: keeps lastTs an unboxed double in the loop.)
        F64[0] = uv(data, vpos); // ticks
        lastTs = F64[0]!;
        if (lastTs < 0) unsafe = true;
        if (rankTs !== null) lastTs = t.batchEventBase![nb]!;
        pos = vpos;
        lastG = t.batchStartG[nb]!;
        continue;
      }
      const evOff = pos;
      const b0 = data[pos]!;
      const typ = b0 & 63;
      const nf = b0 >> 6;
      pos++;
      if (SKIP[typ] === 1) {
        // Not an event of the merged stream: strings, stacks, frequency, timer goroutines, CPU samples.
        if (typ === Ev.String) {
          uv(data, pos);
          const ln = uv(data, vpos);
          pos = vpos + ln;
        } else if (nf < 3) {
          for (let i = 0; i <= nf; i++) pos = skipUv(data, pos);
        } else {
          const ln = uv(data, pos);
          pos = vpos + ln;
        }
        continue;
      }
      // Values: v0 (timestamp delta), v1... (args, then the stack ID if any).
      let k: number;
      let v0: number;
      let v1 = 0;
      let v2 = 0;
      let v3 = 0;
      let v4 = 0;
      let sOff = 0;
      let sLen = 0;
      let b = data[pos]!;
      if (b < 0x80) {
        v0 = b;
        pos++;
      } else {
        v0 = uv(data, pos);
        pos = vpos;
      }
      if (nf < 3) {
        k = nf + 1;
        if (nf >= 1) {
          b = data[pos]!;
          if (b < 0x80) {
            v1 = b;
            pos++;
          } else {
            v1 = uv(data, pos);
            pos = vpos;
          }
          if (nf === 2) {
            b = data[pos]!;
            if (b < 0x80) {
              v2 = b;
              pos++;
            } else {
              v2 = uv(data, pos);
              pos = vpos;
            }
          }
        }
      } else {
        // Length-prefixed: v0 was the length.
        const vend = pos + v0;
        v0 = uv(data, pos);
        pos = vpos;
        k = 1;
        while (pos < vend) {
          const v = uv(data, pos);
          pos = vpos;
          if (k === 1) v1 = v;
          else if (k === 2) v2 = v;
          else if (k === 3) v3 = v;
          else if (k === 4) v4 = v;
          k++;
        }
        pos = vend;
        if (typ === Ev.UserLog) {
          sLen = uv(data, pos);
          sOff = vpos;
          pos = vpos + sLen;
        }
      }
      let ts: number;
      if (rankTs === null) {
        ts = lastTs + v0;
        if (v0 < 0 || ts > MAX_SAFE) unsafe = true;
        lastTs = ts;
      } else {
        ts = rankTs[lastTs]!;
        lastTs++;
      }
      // Args (Go: Args[i-1] = value i, except the last one when it is the stack ID).
      let stk = 0;
      if (HAS_STACK[typ] === 1) {
        k--;
        const sv = k === 1 ? v1 : k === 2 ? v2 : k === 3 ? v3 : k === 4 ? v4 : v0;
        stk = sv >= 0 && sv < 4294967296 ? sv : u32(sv);
        if (k === 1) v1 = 0;
        else if (k === 2) v2 = 0;
        else if (k === 3) v3 = 0;
        else if (k === 4) v4 = 0;
      }
      let g = lastG;
      switch (typ) {
        case Ev.GoStart:
        case Ev.GoStartLocal:
        case Ev.GoStartLabel:
          lastG = v1;
          g = v1;
          break;
        default:
          if (CLEARS_LAST_G[typ]) lastG = 0;
          break;
        case Ev.GoSysExit:
        case Ev.GoWaiting:
        case Ev.GoInSyscall:
          g = v1;
          break;
        case Ev.UserLog:
          v4 = t.inlineMap.get(decodeTraceString(data, sOff, sOff + sLen)) ?? 0;
          break;
      }
      const i = base + n++;
      bTyp[i] = typ;
      bTs[i] = ts;
      bP[i] = pid;
      bG[i] = g;
      bA0[i] = v1;
      bA1[i] = v2;
      bA2[i] = v3;
      bA3[i] = v4;
      bStk[i] = stk;
      bOff[i] = evOff;
    }
    this.pos[proc] = pos;
    this.end[proc] = end;
    this.lastTs[proc] = lastTs;
    this.lastG[proc] = lastG;
    this.cur[proc] = cur;
    if (unsafe) this.unsafe = true;
    return n;
  }
}
