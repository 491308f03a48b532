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
import { TraceError } from '../errors';
import * as v1 from './events';
import { Ev } from './events';

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
}

const vals = new Float64Array(16);

/** Per-proc cursors decoding events in batch order. */
export class ProcStreams {
  private readonly pos: Float64Array;
  private readonly end: Float64Array;
  private readonly lastTs: Float64Array;
  private readonly lastG: Float64Array;
  private readonly cur: Int32Array;
  private readonly inSamples: Uint8Array;
  private samplePtr = 0;

  // The last decoded event (raw v1 type: *Local types are not renamed here).
  typ = 0;
  ts = 0;
  p = 0;
  g = 0;
  a0 = 0;
  a1 = 0;
  a2 = 0;
  a3 = 0;
  stk = 0;
  /** Byte offset of the event in the data. */
  off = 0;
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
  }

  /** Decodes the next event of `proc` into the fields. The caller knows one exists. */
  decode(proc: number): void {
    const t = this.t;
    if (this.inSamples[proc] === 1) {
      const sp = this.samplePtr;
      if (sp < t.nSamples) {
        this.samplePtr = sp + 1;
        this.typ = Ev.CPUSample;
        this.ts = t.sTs[sp]!;
        this.p = t.sP[sp]!;
        this.g = t.sG[sp]!;
        this.a0 = 0;
        this.a1 = t.sPid[sp]!;
        this.a2 = t.sG[sp]!;
        this.a3 = 0;
        this.stk = t.sStk[sp]!;
        this.off = t.sOff[sp]!;
        return;
      }
      this.inSamples[proc] = 0;
    }
    const data = t.data;
    let pos = this.pos[proc]!;
    let end = this.end[proc]!;
    let lastTs = this.lastTs[proc]!;
    let lastG = this.lastG[proc]!;
    for (;;) {
      if (pos >= end) {
        const cur = this.cur[proc]!;
        const nb = cur < 0 ? t.procFirst[proc]! : t.batchNext[cur]!;
        if (nb < 0) throw new TraceError('internal error: v1 event stream exhausted', pos);
        this.cur[proc] = nb;
        pos = t.batchOff[nb]!;
        end = t.batchEnd[nb]!;
        uv(data, pos + 1); // pid
        lastTs = uv(data, vpos); // ticks
        if (lastTs < 0) this.unsafe = true;
        pos = vpos;
        lastG = t.batchStartG[nb]!;
        continue;
      }
      const evOff = pos;
      const b0 = data[pos]!;
      const typ = b0 & 63;
      const nf = b0 >> 6;
      pos++;
      if (typ === Ev.String) {
        uv(data, pos);
        const ln = uv(data, vpos);
        pos = vpos + ln;
        continue;
      }
      let n = 0;
      let sOff = 0;
      let sLen = 0;
      const skip =
        typ === Ev.Stack || typ === Ev.Frequency || typ === Ev.TimerGoroutine || typ === Ev.CPUSample || typ === Ev.Batch;
      if (nf < 3) {
        for (let i = 0; i <= nf; i++) {
          vals[n++] = uv(data, pos);
          pos = vpos;
        }
        if (skip) continue;
      } else {
        const len = uv(data, pos);
        pos = vpos;
        const vend = pos + len;
        if (skip) {
          pos = vend;
          continue;
        }
        while (pos < vend && n < 16) {
          vals[n++] = uv(data, pos);
          pos = vpos;
        }
        pos = vend;
        if (typ === Ev.UserLog) {
          sLen = uv(data, pos);
          sOff = vpos;
          pos = vpos + sLen;
        }
      }
      const d0 = vals[0]!;
      const ts = lastTs + d0;
      if (d0 < 0 || ts > MAX_SAFE) this.unsafe = true;
      lastTs = ts;
      let nv = n;
      let stk = 0;
      if (v1.HAS_STACK[typ] === 1) {
        nv = n - 1;
        stk = u32(vals[nv]!);
      }
      const a0 = nv > 1 ? vals[1]! : 0;
      this.a0 = a0;
      this.a1 = nv > 2 ? vals[2]! : 0;
      this.a2 = nv > 3 ? vals[3]! : 0;
      this.a3 = nv > 4 ? vals[4]! : 0;
      let g = lastG;
      switch (typ) {
        case Ev.GoStart:
        case Ev.GoStartLocal:
        case Ev.GoStartLabel:
          lastG = a0;
          g = a0;
          break;
        case Ev.GoEnd:
        case Ev.GoStop:
        case Ev.GoSched:
        case Ev.GoPreempt:
        case Ev.GoSleep:
        case Ev.GoBlock:
        case Ev.GoBlockSend:
        case Ev.GoBlockRecv:
        case Ev.GoBlockSelect:
        case Ev.GoBlockSync:
        case Ev.GoBlockCond:
        case Ev.GoBlockNet:
        case Ev.GoSysBlock:
        case Ev.GoBlockGC:
          lastG = 0;
          break;
        case Ev.GoSysExit:
        case Ev.GoWaiting:
        case Ev.GoInSyscall:
          g = a0;
          break;
        case Ev.UserLog:
          this.a3 = t.inlineMap.get(decodeTraceString(data, sOff, sOff + sLen)) ?? 0;
          break;
      }
      this.typ = typ;
      this.ts = ts;
      this.p = t.batchPid[this.cur[proc]!]!;
      this.g = g;
      this.stk = stk;
      this.off = evOff;
      this.pos[proc] = pos;
      this.end[proc] = end;
      this.lastTs[proc] = lastTs;
      this.lastG[proc] = lastG;
      return;
    }
  }
}
