// The goroutine counters (running, runnable, waiting, syscall, GC waiting,
// and threads in syscalls) are all functions of the goroutine state
// transitions (shared/index/go-counters.ts). The build logs each transition
// that moves a goroutine between counters as one row (time, old state, new
// state): one append per transition, ~5 bytes a row. finish.ts turns the log
// into the index's goLog* columns: the rows in time order, plus per-block
// summaries that let a query skip whole blocks.
//
// Rows arrive in event order, so in time order, except transitions credited
// back to a generation's Sync (goroutines first seen Undetermined): those go
// to a side log, sorted and merged.

import { SpanState } from '../../shared/index/layout';
import { GO_LOG_BLOCK, GO_LOG_BUCKET_FILL, GO_LOG_DELTA, GO_LOG_SAME_TIME, GO_LOG_SLOTS, GO_LOG_SUPER, GO_LOG_TOUCH } from '../../shared/index/go-counters';
import { TWO32 } from '../../shared/index/time48';
import { encodeBlockTimes48, type BlockTimes } from '../../shared/index/block-times';
import { setChunkTime } from './row-chunks';

// Big chunks are mmapped and go back to the OS when freed (see point-store.ts).
const BITS = 21;
const CHUNK = 1 << BITS;
const MASK = CHUNK - 1;

/** Rows (time, code) in row chunks: time low/high (a chunk's rows share hiK[k] while hiC[k] is null: see setChunkTime), code. */
class Rows {
  loC: (Uint32Array | null)[] = [];
  hiC: (Uint16Array | null)[] = [];
  hiK: number[] = [];
  codeC: (Uint8Array | null)[] = [];
  private cLo = new Uint32Array(0);
  private cCode = new Uint8Array(0);
  /** The high part of the last time stored, in ns and as is; the current chunk's high parts per row, if it has them. */
  private cHiNs = 0;
  private cHiVal = 0;
  private cHi: Uint16Array | null = null;
  private pos = CHUNK;
  length = 0;
  anyHi = false;

  push(t: number, code: number): void {
    if (this.pos === CHUNK) {
      this.cLo = new Uint32Array(CHUNK);
      this.cCode = new Uint8Array(CHUNK);
      this.loC.push(this.cLo);
      this.hiC.push(null);
      this.hiK.push(this.cHiVal);
      this.cHi = null;
      this.codeC.push(this.cCode);
      this.pos = 0;
    }
    const o = this.pos++;
    const lo = t - this.cHiNs;
    if (lo >= 0 && lo < TWO32) {
      this.cLo[o] = lo;
      if (this.cHi !== null) this.cHi[o] = this.cHiVal;
    } else {
      const k = this.loC.length - 1;
      if (setChunkTime(this.loC, this.hiC, this.hiK, k, o, t)) this.anyHi = true;
      this.cHiVal = Math.floor(t / TWO32);
      this.cHiNs = this.cHiVal * TWO32;
      this.cHi = this.hiC[k] ?? null;
    }
    this.cCode[o] = code;
    this.length++;
  }

  clear(): void {
    this.loC = [];
    this.hiC = [];
    this.hiK = [];
    this.codeC = [];
    this.cLo = new Uint32Array(0);
    this.cCode = new Uint8Array(0);
    this.cHiNs = 0;
    this.cHiVal = 0;
    this.cHi = null;
    this.pos = CHUNK;
    this.length = 0;
    this.anyHi = false;
  }

  time(i: number): number {
    const k = i >>> BITS;
    const h = this.hiC[k];
    const lo = this.loC[k]![i & MASK]!;
    return (h === null || h === undefined ? this.hiK[k]! : h[i & MASK]!) * TWO32 + lo;
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
    if (a > 7 || b > 7) throw new Error(`internal error: a goroutine counter transition from state ${a} to ${b}`);
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

  /**
   * The index's goLog* columns: every row in time order (late rows before
   * the main rows at the same time), and the block summaries (see
   * TimelineIndex). Frees the rows as it goes.
   */
  columns(): GoLogColumns {
    return summarizeGoLog(this.rows());
  }

  /** Every row in time order (late rows before the main rows at the same time); frees the build's rows. tick(done, total) follows the chunks. */
  rows(tick?: (done: number, total: number) => void): GoLogRows {
    const L = this.late;
    const lateOrder = sortedRowOrder(L);
    const nl = lateOrder.length;
    const M = this.main;
    const n = M.length + nl;
    const anyHi = M.anyHi || L.anyHi;
    const timeLo = new Uint32Array(n);
    const timeHi = new Uint16Array(anyHi ? n : 0);
    const code = new Uint8Array(n);
    let w = 0;
    const put = (t: number, c: number) => {
      timeLo[w] = t % TWO32;
      if (anyHi) timeHi[w] = Math.floor(t / TWO32);
      code[w++] = c;
    };
    let j = 0;
    let lateNext = nl > 0 ? L.time(lateOrder[0]!) : Infinity;
    for (let k = 0; k < M.loC.length; k++) {
      const lo = M.loC[k]!;
      const hi = M.hiC[k];
      const hiK = M.hiK[k]!;
      const codes = M.codeC[k]!;
      const m = Math.min(CHUNK, M.length - k * CHUNK);
      const timeAt = (o: number) => (hi === null || hi === undefined ? hiK : hi[o]!) * TWO32 + lo[o]!;
      // Runs of main rows between late ones are copied whole (late rows are few: Sync credits).
      let o = 0;
      while (o < m) {
        let z = m;
        if (lateNext <= timeAt(m - 1)) {
          // The first main row at or after the next late row's time.
          let a = o;
          let b = m;
          while (a < b) {
            const mid = (a + b) >>> 1;
            if (timeAt(mid) < lateNext) a = mid + 1;
            else b = mid;
          }
          z = a;
        }
        timeLo.set(lo.subarray(o, z), w);
        if (anyHi && hi !== null && hi !== undefined) timeHi.set(hi.subarray(o, z), w);
        else if (anyHi && hiK !== 0) timeHi.fill(hiK, w, w + z - o);
        code.set(codes.subarray(o, z), w);
        w += z - o;
        o = z;
        // Late rows at or before the next main row's time go before it.
        const t = o < m ? timeAt(o) : -Infinity;
        while (o < m && lateNext <= t) {
          put(lateNext, L.code(lateOrder[j]!));
          lateNext = ++j < nl ? L.time(lateOrder[j]!) : Infinity;
        }
      }
      M.loC[k] = null;
      M.hiC[k] = null;
      M.codeC[k] = null;
      tick?.(k + 1, M.loC.length);
    }
    for (; j < nl; j++) put(L.time(lateOrder[j]!), L.code(lateOrder[j]!));
    this.clear();
    return { timeLo, timeHi, code };
  }
}

/** The log's rows in time order (code without GO_LOG_SAME_TIME yet). */
export interface GoLogRows {
  timeLo: Uint32Array;
  timeHi: Uint16Array;
  code: Uint8Array;
}

/** The goLog* columns from the rows (sets GO_LOG_SAME_TIME in rows.code); runs on any thread (offload.ts). */
export function summarizeGoLog(rows: GoLogRows): GoLogColumns {
  return { times: encodeBlockTimes48(rows.timeLo, rows.timeHi), code: rows.code, ...summarize(rows.timeLo, rows.timeHi, rows.code) };
}

/** The goLog* columns of an index (see TimelineIndex). */
export interface GoLogColumns {
  times: BlockTimes;
  code: Uint8Array;
  first: Int32Array;
  blockStart: Int32Array;
  blockMin: Int32Array;
  blockMax: Int32Array;
  superMin: Int32Array;
  superMax: Int32Array;
  bucketQ: number;
  bucketFirst: Int32Array;
}

const NONE_MIN = 0x7fffffff;
const NONE_MAX = -0x80000000;

/** Marks the rows that do not end their time (GO_LOG_SAME_TIME); the first row touching each slot; the block and super-block summaries. */
function summarize(timeLo: Uint32Array, timeHi: Uint16Array, code: Uint8Array): Omit<GoLogColumns, 'times' | 'code'> {
  const S = GO_LOG_SLOTS;
  const n = code.length;
  const nb = Math.ceil(n / GO_LOG_BLOCK);
  const first = new Int32Array(S).fill(n);
  // One more start than blocks: the values after every row.
  const blockStart = new Int32Array((nb + 1) * S);
  const blockMin = new Int32Array(nb * S);
  const blockMax = new Int32Array(nb * S);
  // Rows that do not end their time: the next row is at the same time.
  const wide = timeHi.length > 0;
  for (let r = 0; r + 1 < n; r++) {
    if (timeLo[r + 1] === timeLo[r] && (!wide || timeHi[r + 1] === timeHi[r])) code[r] |= GO_LOG_SAME_TIME;
  }
  // Then one pass, the six slots' values, minima and maxima in locals (a
  // loop over slots per row, or a pass per slot, took longer).
  const D = GO_LOG_DELTA;
  const TOUCH = GO_LOG_TOUCH;
  const SAME = GO_LOG_SAME_TIME;
  const BLOCK = GO_LOG_BLOCK;
  let v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0; // prettier-ignore
  // Slots seen so far (bit set): only their values count.
  let seen = 0;
  for (let b = 0; b < nb; b++) {
    const o = b * S;
    blockStart[o] = v0;
    blockStart[o + 1] = v1;
    blockStart[o + 2] = v2;
    blockStart[o + 3] = v3;
    blockStart[o + 4] = v4;
    blockStart[o + 5] = v5;
    let l0 = NONE_MIN, l1 = NONE_MIN, l2 = NONE_MIN, l3 = NONE_MIN, l4 = NONE_MIN, l5 = NONE_MIN; // prettier-ignore
    let h0 = NONE_MAX, h1 = NONE_MAX, h2 = NONE_MAX, h3 = NONE_MAX, h4 = NONE_MAX, h5 = NONE_MAX; // prettier-ignore
    const end = Math.min(n, (b + 1) * BLOCK);
    for (let r = b * BLOCK; r < end; r++) {
      const c = code[r]!;
      const d = (c & ~SAME) * S;
      v0 += D[d]!;
      v1 += D[d + 1]!;
      v2 += D[d + 2]!;
      v3 += D[d + 3]!;
      v4 += D[d + 4]!;
      v5 += D[d + 5]!;
      const t = TOUCH[c]!;
      if ((t & ~seen) !== 0) {
        for (let k = 0; k < S; k++) if ((t & ~seen & (1 << k)) !== 0) first[k] = r;
        seen |= t;
      }
      // Only values after the last row of a time are real, and only from a slot's first row on.
      if ((c & SAME) !== 0) continue;
      if ((seen & 1) !== 0) {
        if (v0 < l0) l0 = v0;
        if (v0 > h0) h0 = v0;
      }
      if ((seen & 2) !== 0) {
        if (v1 < l1) l1 = v1;
        if (v1 > h1) h1 = v1;
      }
      if ((seen & 4) !== 0) {
        if (v2 < l2) l2 = v2;
        if (v2 > h2) h2 = v2;
      }
      if ((seen & 8) !== 0) {
        if (v3 < l3) l3 = v3;
        if (v3 > h3) h3 = v3;
      }
      if ((seen & 16) !== 0) {
        if (v4 < l4) l4 = v4;
        if (v4 > h4) h4 = v4;
      }
      if ((seen & 32) !== 0) {
        if (v5 < l5) l5 = v5;
        if (v5 > h5) h5 = v5;
      }
    }
    blockMin[o] = l0;
    blockMin[o + 1] = l1;
    blockMin[o + 2] = l2;
    blockMin[o + 3] = l3;
    blockMin[o + 4] = l4;
    blockMin[o + 5] = l5;
    blockMax[o] = h0;
    blockMax[o + 1] = h1;
    blockMax[o + 2] = h2;
    blockMax[o + 3] = h3;
    blockMax[o + 4] = h4;
    blockMax[o + 5] = h5;
  }
  blockStart.set([v0, v1, v2, v3, v4, v5], nb * S);
  const ns = Math.ceil(nb / GO_LOG_SUPER);
  const superMin = new Int32Array(ns * S).fill(NONE_MIN);
  const superMax = new Int32Array(ns * S).fill(NONE_MAX);
  for (let b = 0; b < nb; b++) {
    const g = ((b / GO_LOG_SUPER) | 0) * S;
    for (let s = 0; s < S; s++) {
      if (blockMin[b * S + s]! < superMin[g + s]!) superMin[g + s] = blockMin[b * S + s]!;
      if (blockMax[b * S + s]! > superMax[g + s]!) superMax[g + s] = blockMax[b * S + s]!;
    }
  }
  // Time buckets (~GO_LOG_BUCKET_FILL rows each): a coarse query finds a pixel's end in its bucket, not by searching the rows.
  const span = n === 0 ? 1 : (wide ? timeLo[n - 1]! + timeHi[n - 1]! * TWO32 : timeLo[n - 1]!) + 1;
  let q = 1;
  while (span / q > n / GO_LOG_BUCKET_FILL) q *= 2;
  const nq = Math.ceil(span / q);
  const bucketFirst = new Int32Array(nq + 1);
  let j = -1;
  if (!wide && q < TWO32) {
    // q is a power of two: a shift instead of a float division per row.
    const shift = Math.round(Math.log2(q));
    for (let r = 0; r < n; r++) {
      const b = timeLo[r]! >>> shift;
      while (j < b) bucketFirst[++j] = r;
    }
  } else {
    for (let r = 0; r < n; r++) {
      const b = Math.floor((wide ? timeLo[r]! + timeHi[r]! * TWO32 : timeLo[r]!) / q);
      while (j < b) bucketFirst[++j] = r;
    }
  }
  while (j < nq) bucketFirst[++j] = n;
  return { first, blockStart, blockMin, blockMax, superMin, superMax, bucketQ: q, bucketFirst };
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
