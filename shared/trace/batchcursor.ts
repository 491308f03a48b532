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
  constructor(
    public g: number,
    public p: number,
  ) {}
}

const TWO53 = 9007199254740992;
const EMPTY = new Uint8Array(0);

export class BatchCursor {
  /** Last timestamp (relative Time); Go's "lastTs == 0" means "absolute 0", i.e. lastTs === clock zero. */
  lastTs: Time;
  /** Next batch index (Go's idx): the current batch is batches[idx]. */
  idx = 0;
  /** Next byte of the current batch (absolute offset in the trace). */
  pos: number;
  /** End of the current batch's payload (absolute offset). */
  end: number;
  /** The trace's bytes. */
  data: Uint8Array;
  /** The last read event. */
  readonly ev = new BaseEvent();
  /** Offset of `ev` in the trace. */
  evOffset = -1;
  /** The ordering's state for this M, once looked up. */
  mState: MState | null = null;

  constructor(
    readonly m: ThreadID,
    readonly batches: Batch[],
    /** Relative Time of absolute time 0 (Go's lastTs == 0 sentinel). */
    private readonly zero: Time,
  ) {
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
  nextEvent(freq: number, clock: Clock): boolean {
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
      let c = data[p]!;
      if (c < 0x80) {
        ts = c;
        p++;
      } else if (data[p + 1]! < 0x80) {
        ts = (c & 0x7f) | (data[p + 1]! << 7);
        p += 2;
      } else {
        ts = uvarint(data, p, end);
        if (uv.n <= 0) throw new TraceError('found invalid uvarint for timestamp', start);
        p += uv.n;
      }
      for (let i = 0; i < argc; i++) {
        c = data[p]!;
        if (c < 0x80) {
          args[i] = c;
          p++;
        } else if (data[p + 1]! < 0x80) {
          args[i] = (c & 0x7f) | (data[p + 1]! << 7);
          p += 2;
        } else {
          const v = uvarint(data, p, end);
          if (uv.n <= 0) throw new TraceError('found invalid uvarint', start);
          args[i] = v;
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
    if (!(heap[p]!.ev.time > heap[i]!.ev.time)) break;
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
    let minT = i < n ? heap[i]!.ev.time : Infinity;
    const c1 = 2 * i + 1;
    const c2 = c1 + 1;
    if (c1 < n) {
      const t = heap[c1]!.ev.time;
      if (t < minT) {
        minT = t;
        m = c1;
      }
    }
    if (c2 < n) {
      const t = heap[c2]!.ev.time;
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
  const x = a.ev.time;
  const y = b.ev.time;
  return x < y ? -1 : x > y ? 1 : 0;
}
