// Finishing steps of the index build computed on the other core while this
// thread goes on (finish.ts): the summaries of the goroutine-counter log
// (~0.3 s on a 100 MB trace), independent of the point columns that are
// sorted meanwhile; then, once the points are in place, the per-lane span
// mixes and coarse levels (~0.3 s), while the links, instants, counters and
// lane time buckets are finished here. One helper thread takes the jobs
// in order. Input buffers are transferred, or shared (the point columns are
// allocated as SharedArrayBuffers for it); results come back transferred.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { summarizeGoLog, type GoLogColumns, type GoLogRows } from './go-counter-log';
import type { LanePoints } from './lane-mix';
import type { LaneMixAndLod } from './lane-levels';
import type { LodOptions } from '../query/lane-lod';
import { newCtl, receiveCounted } from './sync-port';

const WORKER_SCRIPT = path.join(__dirname, 'offload-worker.js');
/** Below this many rows a worker (~30 ms to start) does not pay. */
export const OFFLOAD_MIN_ROWS = 1 << 20;

export interface HelperInput {
  port: MessagePort;
  ctl: SharedArrayBuffer;
}

export type HelperJob = { id: number; job: 'goLog'; rows: GoLogRows } | { id: number; job: 'lanes'; points: LanePoints; lod?: LodOptions };

export type HelperAnswer = { id: number; ok: GoLogColumns | LaneMixAndLod } | { id: number; error: string };

export interface Pending<T> {
  /** The result, waiting for it if need be (throws what the job threw). */
  result(): T;
}

function done<T>(value: T): Pending<T> {
  return { result: () => value };
}

/** A helper thread for finish.ts's jobs. */
export class FinishHelper {
  private readonly answers = new Map<number, HelperAnswer>();
  private nextId = 0;
  private closed = false;
  /** Called every waitMs while this thread waits for an answer (progress, cancellation: it may throw). */
  onWait: (() => void) | null = null;
  waitMs = 100;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly ctl: Int32Array,
  ) {}

  /** Starts the thread; null where its script is missing (running from sources). */
  static start(): FinishHelper | null {
    if (!fs.existsSync(WORKER_SCRIPT)) return null;
    const sab = newCtl();
    const { port1, port2 } = new MessageChannel();
    const input: HelperInput = { port: port2, ctl: sab };
    const worker = new Worker(WORKER_SCRIPT, { workerData: input, transferList: [port2] });
    worker.unref();
    return new FinishHelper(worker, port1, new Int32Array(sab));
  }

  /** summarizeGoLog(rows) on the helper; `rows` must not be used afterwards. */
  summarizeGoLog(rows: GoLogRows): Pending<GoLogColumns> {
    return this.submit({ id: 0, job: 'goLog', rows }, [rows.timeLo.buffer, rows.timeHi.buffer, rows.code.buffer] as ArrayBuffer[]);
  }

  /** computeLaneMixAndLod(points, lod) on the helper; the columns must be SharedArrayBuffer views (they are not copied) and stay unchanged. */
  laneMixAndLod(points: LanePoints, lod?: LodOptions): Pending<LaneMixAndLod> {
    // The high time parts (a few bytes per block of points) are copied.
    const p = { laneStart: points.laneStart, timeLo: points.timeLo, timeHiBase: points.timeHiBase, timeHiMixedAt: points.timeHiMixedAt, timeHiEach: points.timeHiEach, state: points.state };
    for (const a of [p.laneStart, p.timeLo, p.state]) {
      if (a.length > 0 && !(a.buffer instanceof SharedArrayBuffer)) throw new Error('internal error: lane columns for the helper thread must be shared');
    }
    return this.submit({ id: 0, job: 'lanes', points: p, lod }, []);
  }

  private submit<T>(job: HelperJob, transfer: ArrayBuffer[]): Pending<T> {
    const id = this.nextId++;
    this.port.postMessage({ ...job, id }, transfer);
    return { result: () => this.wait(id) as T };
  }

  private wait(id: number): unknown {
    for (;;) {
      const a = this.answers.get(id);
      if (a !== undefined) {
        this.answers.delete(id);
        if ('error' in a) throw new Error(a.error);
        return a.ok;
      }
      if (this.closed) throw new Error('internal error: the index build\'s helper thread was closed before answering');
      const m = receiveCounted(this.port, this.ctl, this.waitMs, () => this.onWait?.()) as HelperAnswer;
      this.answers.set(m.id, m);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }
}

/**
 * summarizeGoLog(rows), on the helper when the log is big (a helper of its
 * own when none is given); `rows` must not be used afterwards.
 */
export function summarizeGoLogAside(rows: GoLogRows, minRows = OFFLOAD_MIN_ROWS, helper?: FinishHelper | null): Pending<GoLogColumns> {
  if (rows.code.length < minRows) return done(summarizeGoLog(rows));
  if (helper !== undefined && helper !== null) return helper.summarizeGoLog(rows);
  const own = helper === undefined ? FinishHelper.start() : null;
  if (own === null) return done(summarizeGoLog(rows));
  const p = own.summarizeGoLog(rows);
  return {
    result: () => {
      try {
        return p.result();
      } finally {
        own.close();
      }
    },
  };
}
