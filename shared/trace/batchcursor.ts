// Cursor over one M's event batches, and the min-heap of cursors (Go's
// internal/trace/batchcursor.go). Events are decoded straight from the
// trace's bytes into the cursor's reused BaseEvent.

import { BaseEvent, type Time } from './base';
import type { Batch } from './batch';
import { mulDelta, type Clock } from './clock';
import { TraceError } from './errors';
import type { ThreadID } from './resources';
import { TIMED_ARG_COUNT, TIMED_INVALID_TYPE } from './tracev2/spec';
import { uv, uvarint } from './varint';

/** Per-M scheduling state (Go's mState), kept here so the cursor can cache it. */
export class MState {
  // N.B. Numeric fields are initialized with numbers (not left undefined until the
  // constructor runs) so that V8 keeps them unboxed: storing a double into a field
  // that once held undefined allocates a heap number on every store.
  g = -1;
  p = -1;
  constructor(g: number, p: number) {
    this.g = g;
    this.p = p;
  }
}

const TWO53 = 9007199254740992;
const EMPTY = new Uint8Array(0);

export class BatchCursor {
  // N.B. Every numeric field gets a number initializer: see MState.
  /** Last timestamp (relative Time); Go's "lastTs == 0" means "absolute 0", i.e. lastTs === clock zero. */
  lastTs: Time = 0;
  /** Relative Time of absolute time 0 (Go's lastTs == 0 sentinel). */
  private readonly zero: Time = 0;
  /** Next batch index (Go's idx): the current batch is batches[idx]. */
  idx = 0;
  /** Next byte of the current batch (absolute offset in the trace). */
  pos = 0;
  /** End of the current batch's payload (absolute offset). */
  end = 0;
  /** The trace's bytes. */
  data: Uint8Array = EMPTY;
  /** The last read event. */
  readonly ev = new BaseEvent();
  /** ev.time, kept here for the heap's comparisons. */
  time: Time = 0;
  /** Offset of `ev` in the trace. */
  evOffset = -1;
  /** The ordering's state for this M, once looked up. */
  mState: MState | null = null;

  readonly m: ThreadID = -1;
  readonly batches: Batch[];
  /** The generation's frequency (ns per tick), kept here so it is not passed (boxed) on every call. */
  private readonly freq: number = 0;

  constructor(m: ThreadID, batches: Batch[], zero: Time, freq: number) {
    this.m = m;
    this.batches = batches;
    this.zero = zero;
    this.freq = freq;
    this.lastTs = zero;
    if (batches.length > 0) {
      const b = batches[0]!;
      this.data = b.data;
      this.pos = b.start;
      this.end = b.end;
    } else {
      this.data = EMPTY;
      this.pos = 0;
      this.end = 0;
    }
  }

  /** Bytes of this M's batches not read yet (for progress reports). */
  remainingBytes(): number {
    const batches = this.batches;
    if (this.idx >= batches.length) return 0;
    let n = this.end - this.pos;
    for (let i = this.idx + 1; i < batches.length; i++) n += batches[i]!.end - batches[i]!.start;
    return n;
  }

  /** Moves past exhausted batches; returns false at the end of the batches. */
  private nextBatch(): boolean {
    const batches = this.batches;
    while (this.idx < batches.length && this.pos === this.end) {
      this.idx++;
      this.lastTs = this.zero;
      if (this.idx < batches.length) {
        const b = batches[this.idx]!;
        this.data = b.data;
        this.pos = b.start;
        this.end = b.end;
      }
    }
    return this.idx < batches.length;
  }

  private badEvent(typ: number, argc: number): never {
    if (argc === TIMED_INVALID_TYPE) throw new TraceError(`found invalid event type: ${typ}`, this.pos);
    throw new TraceError(`found event without a timestamp: type=${typ}`, this.pos);
  }

  /**
   * Go's nextEvent: reads the next event into `ev`. Returns false when the
   * batches are exhausted; throws TraceError for a malformed event.
   */
  nextEvent(clock: Clock): boolean {
    const freq = this.freq;
    // Batches should generally always have at least one event,
    // but let's be defensive about that and accept empty batches.
    if (this.pos === this.end && !this.nextBatch()) return false;
    // Initialize lastTs if it hasn't been yet.
    if (this.lastTs === this.zero) this.lastTs = clock.mulRel(this.batches[this.idx]!.time, freq);

    // Read an event out (Go's readTimedBaseEvent).
    const data = this.data;
    const end = this.end;
    const start = this.pos;
    let p = start;
    const e = this.ev;
    const typ = data[p]!;
    const argc = TIMED_ARG_COUNT[typ]!;
    if (argc < 0) this.badEvent(typ, argc);
    e.typ = typ;
    p++;
    const args = e.args;
    let ts: number;
    if (end - p >= 50) {
      // Fast path: the whole event (at most 5 varints of at most 10 bytes) is inside the batch.
      // Varints of up to 7 bytes (49 bits) are decoded inline, exactly.
      let c = data[p]!;
      if (c < 0x80) {
        ts = c;
        p++;
      } else {
        let v = c & 0x7f;
        let mul = 128;
        let q = p + 1;
        for (;;) {
          c = data[q++]!;
          if (c < 0x80) {
            v += c * mul;
            break;
          }
          v += (c & 0x7f) * mul;
          mul *= 128;
          if (mul > 4398046511104) {
            v = -1;
            break;
          }
        }
        if (v >= 0) {
          ts = v;
          p = q;
        } else {
          ts = uvarint(data, p, end);
          if (uv.n <= 0) throw new TraceError('found invalid uvarint for timestamp', start);
          p += uv.n;
        }
      }
      for (let i = 0; i < argc; i++) {
        c = data[p]!;
        if (c < 0x80) {
          args[i] = c;
          p++;
          continue;
        }
        let v = c & 0x7f;
        let mul = 128;
        let q = p + 1;
        for (;;) {
          c = data[q++]!;
          if (c < 0x80) {
            v += c * mul;
            break;
          }
          v += (c & 0x7f) * mul;
          mul *= 128;
          if (mul > 4398046511104) {
            v = -1;
            break;
          }
        }
        if (v >= 0) {
          args[i] = v;
          p = q;
        } else {
          const x = uvarint(data, p, end);
          if (uv.n <= 0) throw new TraceError('found invalid uvarint', start);
          args[i] = x;
          p += uv.n;
        }
      }
    } else {
      // Read timestamp diff.
      ts = uvarint(data, p, end);
      if (uv.n <= 0) throw new TraceError('found invalid uvarint for timestamp', start);
      p += uv.n;
      // Read the rest of the arguments.
      for (let i = 0; i < argc; i++) {
        const v = uvarint(data, p, end);
        if (uv.n <= 0) throw new TraceError('found invalid uvarint', start);
        args[i] = v;
        p += uv.n;
      }
    }
    this.evOffset = start;
    this.pos = p;
    // Complete the timestamp from the cursor's last timestamp (Go's freq.mul(tsdiff) + lastTs).
    const prod = ts * freq;
    const t = (ts >= 0 && prod < TWO53 ? Math.trunc(prod) : mulDelta(ts, freq)) + this.lastTs;
    e.time = t;
    this.time = t;
    // Move the cursor's timestamp forward.
    this.lastTs = t;
    return true;
  }
}

// ---- The frontier: a min-heap of cursors by their event's time (Go's heap* functions). ----

export function heapInsert(heap: BatchCursor[], bc: BatchCursor): void {
  heap.push(bc);
  heapSiftUp(heap, heap.length - 1);
}

export function heapUpdate(heap: BatchCursor[], i: number): void {
  // Try to sift up.
  if (heapSiftUp(heap, i) !== i) return;
  // Try to sift down, if sifting up failed.
  heapSiftDown(heap, i);
}

export function heapRemove(heap: BatchCursor[], i: number): void {
  // Sift index i up to the root, ignoring actual values.
  while (i > 0) {
    const p = (i - 1) >> 1;
    const t = heap[p]!;
    heap[p] = heap[i]!;
    heap[i] = t;
    i = p;
  }
  // Swap the root with the last element, then remove it.
  const last = heap.length - 1;
  const t = heap[0]!;
  heap[0] = heap[last]!;
  heap[last] = t;
  heap.pop();
  // Sift the root down.
  heapSiftDown(heap, 0);
}

export function heapSiftUp(heap: BatchCursor[], i: number): number {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!(heap[p]!.time > heap[i]!.time)) break;
    const t = heap[p]!;
    heap[p] = heap[i]!;
    heap[i] = t;
    i = p;
  }
  return i;
}

export function heapSiftDown(heap: BatchCursor[], i: number): number {
  const n = heap.length;
  for (;;) {
    // min3(heap, i, 2i+1, 2i+2)
    let m = i;
    let minT = i < n ? heap[i]!.time : Infinity;
    const c1 = 2 * i + 1;
    const c2 = c1 + 1;
    if (c1 < n) {
      const t = heap[c1]!.time;
      if (t < minT) {
        minT = t;
        m = c1;
      }
    }
    if (c2 < n) {
      const t = heap[c2]!.time;
      if (t < minT) {
        minT = t;
        m = c2;
      }
    }
    if (m === i) break;
    const t = heap[i]!;
    heap[i] = heap[m]!;
    heap[m] = t;
    i = m;
  }
  return i;
}

/** Go's batchCursor.compare (cmp.Compare on times). */
export function compareCursors(a: BatchCursor, b: BatchCursor): number {
  const x = a.time;
  const y = b.time;
  return x < y ? -1 : x > y ? 1 : 0;
}
