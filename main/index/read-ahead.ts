// Reading a trace on a second thread while the calling thread indexes its
// events: on big traces the reader (1–4 s per 100 MB) and the index builder
// then run side by side on two cores instead of one after the other.
//
// ReadAheadReader is a TraceReader whose events come from a worker
// (read-ahead-worker.ts) through a MessagePort, in batches (event-stream.ts).
// It waits synchronously (receiveMessageOnPort + Atomics.wait on a shared
// counter), so the synchronous build loop is unchanged; while it waits it
// calls `onWait` at most every `waitMs`, for progress reports and
// cancellation. The trace's ArrayBuffer is transferred to the worker, which
// frees it when it is done.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { EvTable } from '../../shared/trace/base';
import { TraceError } from '../../shared/trace/errors';
import { Event } from '../../shared/trace/event';
import type { TraceReader } from '../../shared/trace/reader-api';
import type { LiveV1Options } from '../../shared/trace/reader';
import { CTL_POSTED, newCtl, receiveCounted } from './sync-port';
import { addExtraStrings, BigHandles, decodeEvent, restoreTable, tableIdAt, type StreamError, type StreamMessage } from './event-stream';

/** Events per batch (80 bytes each). */
export const BATCH_EVENTS = 8192;
/** Batches the reader may be ahead of the builder (~2.6 MB). */
export const MAX_IN_FLIGHT = 4;
/** More slots of the shared counters (sync-port.ts): batches consumed by the builder; while the reader waits for the builder, 1 + the consumed count it saw. */
export const CTL_CONSUMED = 2;
export const CTL_STALLED = 3;
/** Smaller traces are read in place: a worker costs ~30 ms to start. */
export const READ_AHEAD_MIN_BYTES = 8 << 20;

const WORKER_SCRIPT = path.join(__dirname, 'read-ahead-worker.js');

export interface ReadAheadInput {
  port: MessagePort;
  ctl: SharedArrayBuffer;
  buffer: ArrayBuffer;
  byteOffset: number;
  length: number;
  batchEvents: number;
  maxInFlight: number;
  liveV1: LiveV1Options;
}

/**
 * Thrown by ReadAheadReader.readEvent when the reader starts again from the
 * trace's first event (a Go 1.11-1.21 trace whose live merge could not be
 * used, see startLiveV1): drop what was read, and go on reading.
 */
export class ReadRestarted extends Error {
  constructor() {
    super('the trace reader started again from the first event');
    this.name = 'ReadRestarted';
  }
}

export interface ReadAheadOptions {
  /** Called about every waitMs while waiting for the reader; may throw (cancellation). */
  onWait?: () => void;
  waitMs?: number;
  /** Events per batch (default BATCH_EVENTS; tests use small ones to cross many batch boundaries). */
  batchEvents?: number;
  /** Batches the reader may be ahead (default MAX_IN_FLIGHT). */
  maxInFlight?: number;
  /** Go 1.11-1.21 traces are read live (startLiveV1); tests set its knobs. */
  liveV1?: LiveV1Options;
}

/** Whether this build can read ahead on a worker (its compiled script is present). */
export function readAheadAvailable(): boolean {
  return fs.existsSync(WORKER_SCRIPT);
}

function toError(e: StreamError): Error {
  if (e.offset !== undefined) return new TraceError(e.message, e.offset);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

/** Tables kept behind the current one (as many as the reader keeps sending extra strings to). */
const KEEP_TABLES = 4;

export class ReadAheadReader implements TraceReader {
  version = 0;
  private readonly ctl: Int32Array;
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private readonly tables = new Map<number, EvTable>();
  private readonly bigs = new BigHandles();
  private readonly ev: Event;
  private buf: Float64Array = new Float64Array(0);
  private n = 0;
  private i = 0;
  private tid = -1;
  private fraction = 0;
  private done = false;
  private failure: Error | null = null;
  private readonly onWait: (() => void) | undefined;
  private readonly waitMs: number;

  /**
   * Starts reading `data` on a worker; returns once the trace's header (for
   * v1, the trace's first pass) has been read.
   * Throws the reader's error if the trace cannot be opened. `data`'s
   * ArrayBuffer is transferred: the caller must not use it afterwards.
   */
  static start(data: Uint8Array, opts: ReadAheadOptions = {}): ReadAheadReader {
    const r = new ReadAheadReader(data, opts);
    try {
      const m = r.receive();
      if (m.k === 'fail') throw toError(m.error);
      if (m.k !== 'open') throw new Error(`read-ahead: expected the trace's version first, got '${m.k}'`);
      r.version = m.version;
      return r;
    } catch (e) {
      r.close();
      throw e;
    }
  }

  private constructor(data: Uint8Array, opts: ReadAheadOptions) {
    this.onWait = opts.onWait;
    this.waitMs = opts.waitMs ?? 100;
    const ctl = newCtl();
    this.ctl = new Int32Array(ctl);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const buffer = data.buffer as ArrayBuffer;
    const input: ReadAheadInput = { port: port2, ctl, buffer, byteOffset: data.byteOffset, length: data.length, batchEvents: opts.batchEvents ?? BATCH_EVENTS, maxInFlight: opts.maxInFlight ?? MAX_IN_FLIGHT, liveV1: opts.liveV1 ?? {} };
    this.worker = new Worker(WORKER_SCRIPT, { workerData: input, transferList: [port2, buffer] });
    this.worker.unref();
    this.ev = new Event(null as unknown as EvTable);
  }

  readEvent(): Event | null {
    if (this.i < this.n) {
      const r = this.i++;
      const tid = tableIdAt(this.buf, r);
      if (tid !== this.tid) {
        this.tid = tid;
        this.ev.table = this.tables.get(tid)!;
        this.dropTablesBefore(tid - KEEP_TABLES);
      }
      decodeEvent(this.buf, r, this.ev, this.bigs);
      return this.ev;
    }
    return this.nextBatch();
  }

  /**
   * Table ids grow in event order (v2: one per generation), so tables well
   * behind the current one get no more events; kept, a trace of hundreds of
   * generations held every one of their stacks and strings to the end.
   */
  private dropTablesBefore(id: number): void {
    for (const k of this.tables.keys()) if (k < id) this.tables.delete(k);
  }

  progress(): number {
    return this.fraction;
  }

  /** Stops the worker (at the end, or when the build is abandoned). */
  close(): void {
    this.done = true;
    this.port.close();
    void this.worker.terminate();
  }

  private nextBatch(): Event | null {
    if (this.failure !== null) throw this.failure;
    if (this.done) return null;
    if (this.n > 0) {
      this.n = 0;
      this.i = 0;
      const done = this.buf.buffer as ArrayBuffer;
      this.port.postMessage(done, [done]);
      Atomics.add(this.ctl, CTL_CONSUMED, 1);
      Atomics.notify(this.ctl, CTL_CONSUMED);
    }
    for (;;) {
      const m = this.receive();
      switch (m.k) {
        case 'table':
          this.bigs.add(m.bigs);
          this.tables.set(m.id, restoreTable(m.snap, this.bigs));
          break;
        case 'batch':
          this.bigs.add(m.bigs);
          for (const [id, strings] of m.extra) {
            const t = this.tables.get(id);
            if (t !== undefined) addExtraStrings(t, strings);
          }
          this.buf = m.buf;
          this.n = m.n;
          this.i = 0;
          this.fraction = m.progress;
          return this.readEvent();
        case 'end':
          this.close();
          return null;
        case 'restart':
          throw new ReadRestarted();
        case 'fail':
          this.close();
          this.failure = toError(m.error);
          throw this.failure;
        default:
          throw new Error(`read-ahead: unexpected message '${m.k}'`);
      }
    }
  }

  private receive(): StreamMessage {
    let lastWait = performance.now();
    return receiveCounted(this.port, this.ctl, this.waitMs, (posted) => {
      // This thread has acknowledged every batch it took, so a reader still waiting for more
      // consumption than that, with nothing queued, can never go on.
      const stalled = () => Atomics.load(this.ctl, CTL_STALLED) === Atomics.load(this.ctl, CTL_CONSUMED) + 1 && Atomics.load(this.ctl, CTL_POSTED) === posted;
      if (stalled()) {
        Atomics.wait(this.ctl, CTL_POSTED, posted, this.waitMs);
        if (stalled()) throw new Error('internal error: the trace reader thread and the index builder are waiting on each other');
      }
      const now = performance.now();
      if (now - lastWait >= this.waitMs) {
        lastWait = now;
        this.onWait?.();
      }
    }) as StreamMessage;
  }

}
