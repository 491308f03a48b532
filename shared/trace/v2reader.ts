// The v2 (generational, Go 1.22+) trace reader: Go's internal/trace Reader
// (reader.go) for traces whose header says go 1.22, 1.23, 1.25 or 1.26.
//
// Algorithm (as Go's):
//  (1) Read all the batches of the next generation (generation.ts).
//  (2) Parse its strings, stacks, CPU samples and clock data.
//  (3) Group the event batches by M (one BatchCursor per M).
//  (4) Keep the cursors in a min-heap by the time of their next event.
//  (5) Try to advance the M at the top of the heap; if the ordering says
//      "not yet", sort the heap and try the others in time order.
//  (6) Hand out the events the ordering queued, then go back to (5); when
//      the frontier is empty, go back to (1).

import { EvTable, type Time } from './base';
import type { Batch } from './batch';
import { BatchCursor, compareCursors, heapInsert, heapRemove, heapSiftDown, heapUpdate } from './batchcursor';
import { Clock, mulAbs } from './clock';
import { TraceError } from './errors';
import { Event } from './event';
import { BareEOFError, readGeneration, readGenerationWithSpill, type Generation, type SpilledBatch } from './generation';
import { Ordering } from './order';
import type { TraceReader } from './reader-api';
import { sortFunc } from './sort';
import { Ev } from './tracev2/ev';
import { SPECS, STACK_ARGS, STRING_ARGS } from './tracev2/spec';
import { i64String, u64String } from './u64';
import { ByteReader } from './varint';
import { Go126, type Version } from './version';

/** Per event type: whether validateTableIDs has anything to check. */
const HAS_TABLE_IDS: Uint8Array = (() => {
  const a = new Uint8Array(256);
  for (let t = 0; t < 256; t++) if (STACK_ARGS[t] !== null || STRING_ARGS[t] !== null) a[t] = 1;
  a[Ev.evSync] = 0;
  return a;
})();

/** Per event type: the (at most two) arg indices holding stack IDs and string IDs, -1 if none. */
function argIndex(table: readonly (readonly number[] | null)[], k: number): Int8Array {
  const a = new Int8Array(256).fill(-1);
  for (let t = 0; t < 256; t++) {
    const l = table[t];
    if (l !== null && l !== undefined && l.length > 2) throw new Error('spec: more than two table IDs');
    if (l !== null && l !== undefined && k < l.length) a[t] = l[k]!;
  }
  a[Ev.evSync] = -1;
  return a;
}
const STACK_ARG_A = argIndex(STACK_ARGS, 0);
const STACK_ARG_B = argIndex(STACK_ARGS, 1);
const STRING_ARG_A = argIndex(STRING_ARGS, 0);
const STRING_ARG_B = argIndex(STRING_ARGS, 1);

export class V2Reader implements TraceReader {
  private readonly r: ByteReader;
  /** Last returned time (relative); meaningful once the time base is set. */
  private lastTs: Time = 0;
  private gen: Generation | null = null;
  private readonly frontier: BatchCursor[] = [];
  private cpuSamples: Generation['cpuSamples'] = [];
  private cpuIdx = 0;
  private readonly order: Ordering;
  private syncs = 0;
  private readGenErr: TraceError | null = null;
  private done = false;

  // Spill state (traces before Go 1.26, which have no end-of-generation marker).
  private spill: SpilledBatch | null = null;
  private spillErr: TraceError | null = null;
  private spillErrSync = false;

  /** The error that stopped the reader (errors are sticky). */
  private failure: TraceError | null = null;

  private readonly clock = new Clock(0n);
  private baseSet = false;

  // Progress: the current generation's bytes are [genBase, genEnd) of the file, genBatchBytes of them event batches.
  private genBase = 0;
  private genEnd = 0;
  private genBatchBytes = 0;
  /** The table of Syncs that have none in Go (table == nil). */
  private readonly emptyTable = new EvTable(0n);
  private readonly syncEv: Event;
  private readonly sampleEv: Event;
  /** Offset of the event the queued events came from (for errors). */
  private queuedOffset = -1;

  constructor(
    data: Uint8Array,
    offset: number,
    readonly version: Version,
  ) {
    this.r = new ByteReader(data, offset);
    this.order = new Ordering(version, this.emptyTable);
    this.syncEv = new Event(this.emptyTable);
    this.sampleEv = new Event(this.emptyTable);
  }

  /** The reader-wide time base: absolute time (ns) of the first Sync (0n until the first event is read). */
  get timeBase(): bigint {
    return this.clock.timeBase;
  }

  /**
   * Go's ReadEvent. Returns the next event (reused by the next call), or
   * null once the trace is exhausted; throws TraceError for a broken trace.
   */
  readEvent(): Event | null {
    if (this.failure !== null) throw this.failure;
    // Return only EOF if we're done.
    if (this.done) return null;
    let e: Event | null;
    try {
      // Consume any events in the ordering first.
      e = this.order.next();
      if (e === null) e = this.nextEvent();
      // Go's deferred part: validate table IDs, then fix up the time.
      if (HAS_TABLE_IDS[e.base.typ] !== 0) this.validateTableIDs(e);
    } catch (err) {
      if (err instanceof BareEOFError) {
        // Go returns io.EOF itself: to its consumers, the trace just ends here.
        this.done = true;
        return null;
      }
      throw this.fail(err);
    }
    const b = e.base;
    const last = this.lastTs;
    if (b.time <= last) b.time = last + 1;
    this.lastTs = b.time;
    return e;
  }

  private fail(err: unknown): TraceError {
    const te =
      err instanceof TraceError
        ? err
        : new TraceError(`internal error: ${err instanceof Error ? err.message : String(err)}`, this.r.pos);
    this.failure = te;
    return te;
  }

  /** Go's Event.validateTableIDs. */
  private validateTableIDs(e: Event): void {
    const typ = e.base.typ;
    const args = e.base.args;
    const t = e.table;
    // Stacks first, in spec order, then strings (as Go).
    let i = STACK_ARG_A[typ]!;
    if (i >= 0) {
      if (args[i] !== 0 && !t.stacks.has(args[i]!)) this.badID('stack', args[i]!, e);
      i = STACK_ARG_B[typ]!;
      if (i >= 0 && args[i] !== 0 && !t.stacks.has(args[i]!)) this.badID('stack', args[i]!, e);
    }
    i = STRING_ARG_A[typ]!;
    if (i >= 0) {
      if (args[i] !== 0 && !t.strings.has(args[i]!)) this.badID('string', args[i]!, e);
      i = STRING_ARG_B[typ]!;
      if (i >= 0 && args[i] !== 0 && !t.strings.has(args[i]!)) this.badID('string', args[i]!, e);
    }
  }

  private badID(what: string, id: number, e: Event): never {
    throw new TraceError(`found invalid ${what} ID ${u64String(id)} for event ${SPECS[e.base.typ]!.name}`, this.eventOffset(e));
  }

  private eventOffset(e: Event): number {
    return e === this.sampleEv ? this.sampleOffset : this.queuedOffset;
  }
  private sampleOffset = -1;

  /** Sets the time base with the first Sync (absolute time `abs` before Go's monotonic fix-up). */
  private ensureBase(abs: bigint): void {
    if (this.baseSet) return;
    this.baseSet = true;
    // The first returned event is this Sync; Go bumps its time to 1 if it is <= 0.
    const base = abs > 0n ? abs : 1n;
    this.clock.setBase(base);
    this.emptyTable.timeBase = base;
    this.lastTs = this.clock.rel(0n); // Go's r.lastTs starts at 0 (absolute).
  }

  private syncEvent(table: EvTable | null, ts: Time, n: number): Event {
    const e = this.syncEv;
    e.table = table ?? this.emptyTable;
    e.ctx.G = -1;
    e.ctx.P = -1;
    e.ctx.M = -1;
    e.base.typ = Ev.evSync;
    e.base.time = ts;
    e.base.args[0] = n;
    e.base.args[1] = 0;
    e.base.args[2] = 0;
    e.base.args[3] = 0;
    return e;
  }

  /** A Sync of no generation at the current lastTs (Go's syncEvent(nil, r.lastTs, r.syncs)). */
  private nilSync(): Event {
    if (!this.baseSet) this.ensureBase(0n);
    this.syncs++;
    return this.syncEvent(null, this.lastTs, this.syncs);
  }

  /** The body of Go's ReadEvent, once the ordering's queue is empty (without the deferred fix-ups). */
  private nextEvent(): Event {
    // Check if we need to refresh the generation.
    if (this.frontier.length === 0 && this.cpuIdx >= this.cpuSamples.length) {
      if (this.version < Go126) return this.nextGenWithSpill();
      if (this.readGenErr !== null) throw this.readGenErr;
      let gen: Generation | null;
      try {
        gen = readGeneration(this.r, this.version);
      } catch (err) {
        if (!(err instanceof TraceError)) throw err;
        // Before returning an error, emit the sync event for the current
        // generation and queue up the error for the next call.
        this.readGenErr = err;
        this.gen = null;
        return this.nilSync();
      }
      return this.installGen(gen);
    }
    const gen = this.gen!;
    // Inject a CPU sample if it comes next.
    if (this.cpuIdx < this.cpuSamples.length) {
      const s = this.cpuSamples[this.cpuIdx]!;
      if (this.frontier.length === 0 || s.time < this.frontier[0]!.time) {
        this.cpuIdx++;
        const e = this.sampleEv;
        e.table = gen.table;
        e.ctx.G = s.G;
        e.ctx.P = s.P;
        e.ctx.M = s.M;
        e.base.typ = Ev.EvCPUSample;
        e.base.time = s.time;
        e.base.args[0] = s.stack;
        e.base.args[1] = 0;
        e.base.args[2] = 0;
        e.base.args[3] = 0;
        this.sampleOffset = s.offset;
        return e;
      }
    }
    // Try to advance the head of the frontier, which should have the minimum timestamp.
    // This should be by far the most common case.
    const frontier = this.frontier;
    if (frontier.length === 0) {
      throw new TraceError(
        `broken trace: frontier is empty:\n[gen=${u64String(gen.gen)}]\n\n${this.dumpFrontier()}\n${this.order.dump()}\n`,
        this.r.pos,
      );
    }
    // (tryAdvance(0), inlined.)
    const bc = frontier[0]!;
    if (this.order.advance(bc, gen.table, gen.gen)) {
      this.queuedOffset = bc.evOffset;
      // Refresh the cursor's event.
      if (bc.nextEvent(this.clock)) heapSiftDown(frontier, 0);
      else heapRemove(frontier, 0);
    } else {
      // Try to advance the rest of the frontier, in timestamp order.
      sortFunc(frontier, compareCursors);
      let success = false;
      for (let i = 1; i < frontier.length; i++) {
        if (this.tryAdvance(i)) {
          success = true;
          break;
        }
      }
      if (!success) {
        throw new TraceError(
          `broken trace: failed to advance: frontier:\n[gen=${u64String(gen.gen)}]\n\n${this.dumpFrontier()}\n${this.order.dump()}\n`,
          frontier[0]!.evOffset,
        );
      }
    }
    // Pick off the next event on the queue. At this point, one must exist.
    const ev = this.order.next();
    if (ev === null) throw new TraceError('invariant violation: advance successful, but queue is empty', this.queuedOffset);
    return ev;
  }

  private tryAdvance(i: number): boolean {
    const gen = this.gen!;
    const bc = this.frontier[i]!;
    if (!this.order.advance(bc, gen.table, gen.gen)) return false;
    this.queuedOffset = bc.evOffset;
    // Refresh the cursor's event.
    if (bc.nextEvent(this.clock)) {
      // If we successfully refreshed, update the heap.
      heapUpdate(this.frontier, i);
    } else {
      // There's nothing else to read. Delete this cursor from the frontier.
      heapRemove(this.frontier, i);
    }
    return true;
  }

  /** Go's nextGenWithSpill. */
  private nextGenWithSpill(): Event {
    if (this.spillErr !== null) {
      if (this.spillErrSync) throw this.spillErr;
      this.spillErrSync = true;
      return this.nilSync();
    }
    if (this.gen !== null && this.spill === null) {
      // No further generation: emit the final sync event.
      this.done = true;
      return this.nilSync();
    }
    // Read the next generation.
    let res;
    try {
      res = readGenerationWithSpill(this.r, this.spill, this.version);
    } catch (err) {
      if (!(err instanceof TraceError)) throw err;
      this.spill = null;
      this.spillErr = err;
      this.gen = null;
      this.spillErrSync = true;
      return this.nilSync();
    }
    this.spill = res.spill;
    this.spillErr = res.spillErr;
    return this.installGen(res.gen);
  }

  /** Go's installGen: installs the generation and returns its Sync. */
  private installGen(gen: Generation | null): Event {
    if (gen === null) {
      // Emit the final sync event.
      this.gen = null;
      this.done = true;
      return this.nilSync();
    }
    this.gen = gen;
    this.genBase = this.genEnd;
    this.genEnd = this.r.pos;
    this.genBatchBytes = 0;
    for (const m of gen.batchMs) for (const b of gen.batches.get(m)!) this.genBatchBytes += b.end - b.start;
    const freq = gen.freq;
    this.ensureBase(mulAbs(gen.minTs, freq));
    const clock = this.clock;
    const table = gen.table;
    table.timeBase = clock.timeBase;
    table.freq = freq;
    if (gen.hasClockSnapshot) {
      table.hasClockSnapshot = true;
      table.snapTimeAbs = mulAbs(gen.snapTime, freq);
      table.snapTime = clock.rel(table.snapTimeAbs);
      table.snapMono = gen.snapMono;
      table.snapWallSec = gen.snapWallSec;
      table.snapWallNsec = gen.snapWallNsec;
    }

    // Now that we have the frequency, fix up CPU samples (Go's fixUpCPUSamples).
    const samples = gen.cpuSamples;
    for (const s of samples) s.time = clock.mulRel(s.ts, freq);
    sortFunc(samples, (a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    this.cpuSamples = samples;
    this.cpuIdx = 0;

    // Reset frontier.
    const zero = clock.rel(0n);
    for (const m of gen.batchMs) {
      const batches: Batch[] = gen.batches.get(m)!;
      const bc = new BatchCursor(m, batches, zero, freq);
      if (!bc.nextEvent(clock)) {
        // Turns out there aren't actually any events in these batches.
        continue;
      }
      heapInsert(this.frontier, bc);
    }
    this.syncs++;

    // Always emit a sync event at the beginning of the generation.
    return this.syncEvent(table, clock.mulRel(gen.minTs, freq), this.syncs);
  }

  progress(): number {
    const total = this.r.data.length;
    if (this.done || total === 0) return 1;
    let left = 0;
    for (const bc of this.frontier) left += bc.remainingBytes();
    const inGen = this.genBatchBytes > 0 ? 1 - left / this.genBatchBytes : 1;
    return Math.min(1, (this.genBase + (this.genEnd - this.genBase) * inGen) / total);
  }

  /** Go's dumpFrontier. */
  private dumpFrontier(): string {
    let sb = '';
    for (const bc of this.frontier) {
      const spec = SPECS[bc.ev.typ]!;
      sb += `M ${i64String(bc.m)} [${spec.name} time=${this.clock.timeBase + BigInt(bc.ev.time)}`;
      for (let i = 1; i < spec.args.length; i++) sb += ` ${spec.args[i]}=${u64String(bc.ev.args[i - 1]!)}`;
      sb += ']\n';
    }
    return sb;
  }
}
