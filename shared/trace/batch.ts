// Batches of the v2 format (Go's internal/trace/batch.go). A batch is
// unparsed except for its header; its payload stays in the trace's bytes.

import { TraceError } from './errors';
import type { ThreadID } from './resources';
import * as tv2 from './tracev2/events';
import { MaxBatchSize } from './tracev2/spec';
import { ByteReader, ReadError } from './varint';
import { Go125, type Version } from './version';
import { u64String } from './u64';

/** Go's batch. `time` is the raw timestamp (u64-encoded); the payload is data[start:end]. */
export class Batch {
  constructor(
    readonly m: ThreadID,
    readonly time: number,
    readonly data: Uint8Array,
    readonly start: number,
    readonly end: number,
    readonly exp: number,
    /** Offset of the batch header in the trace. */
    readonly offset: number,
  ) {}

  get size(): number {
    return this.end - this.start;
  }

  /** The payload as a view (no copy). */
  payload(): Uint8Array {
    return this.data.subarray(this.start, this.end);
  }

  private firstIs(t: number): boolean {
    return this.exp === tv2.NoExperiment && this.end > this.start && this.data[this.start] === t;
  }

  isStringsBatch(): boolean {
    return this.firstIs(tv2.EvStrings);
  }
  isStacksBatch(): boolean {
    return this.firstIs(tv2.EvStacks);
  }
  isCPUSamplesBatch(): boolean {
    return this.firstIs(tv2.EvCPUSamples);
  }
  isSyncBatch(ver: Version): boolean {
    return (this.firstIs(tv2.EvFrequency) && ver < Go125) || (this.firstIs(tv2.EvSync) && ver >= Go125);
  }
  isEndOfGeneration(): boolean {
    return this.firstIs(tv2.EvEndOfGeneration);
  }
}

/** A batch read by readBatch together with the generation its header names. */
export interface ReadBatchResult {
  batch: Batch;
  gen: number;
}

const END_OF_GENERATION = new Uint8Array([tv2.EvEndOfGeneration]);

/**
 * Go's readBatch: reads the next full batch from r. Returns null at a clean
 * end of input (Go's io.EOF: no byte left, or none after an experimental
 * batch's type byte); throws TraceError with Go's message otherwise.
 */
export function readBatch(r: ByteReader): ReadBatchResult | null {
  const offset = r.pos;
  // Read batch header byte.
  const b = r.readByte();
  if (b < 0) return null;
  if (b === tv2.EvEndOfGeneration) {
    return { batch: new Batch(-1, 0, END_OF_GENERATION, 0, 1, tv2.NoExperiment, offset), gen: 0 };
  }
  if (b !== tv2.EvEventBatch && b !== tv2.EvExperimentalBatch) {
    throw new TraceError(`expected batch event, got event ${b}`, offset);
  }

  // Read the experiment of we have one.
  let exp = tv2.NoExperiment;
  if (b === tv2.EvExperimentalBatch) {
    const e = r.readByte();
    if (e < 0) return null; // Go returns the bare io.EOF here.
    exp = e;
  }

  // Read the batch header: gen (generation), thread (M) ID, base timestamp for the batch.
  const field = (what: string): number => {
    try {
      return r.readUvarint();
    } catch (e) {
      if (e instanceof ReadError) throw new TraceError(`error reading batch ${what}: ${e.message}`, offset);
      throw e;
    }
  };
  const gen = field('gen');
  const m = field('M ID');
  const ts = field('timestamp');

  // Read in the size of the batch to follow.
  const size = field('size');
  if (size < 0 || size > MaxBatchSize) {
    throw new TraceError(`invalid batch size ${u64String(size)}, maximum is ${MaxBatchSize}`, offset);
  }

  // Copy out the batch for later processing (here: keep a view of it).
  const start = r.pos;
  const n = r.skipN(size);
  if (n !== size) {
    throw new TraceError(`failed to read full batch: read ${n} but wanted ${size}`, offset);
  }
  return { batch: new Batch(m, ts, r.data, start, start + size, exp, offset), gen };
}
