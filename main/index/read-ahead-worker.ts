// Worker-thread entry of read-ahead.ts: reads the trace it was handed and
// posts its events, in batches, on the port it was given (event-stream.ts
// says what crosses). It stays at most maxInFlight batches ahead of the
// indexing thread, which counts the batches it has consumed in ctl.

import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { EvTable } from '../../shared/trace/base';
import { TraceError } from '../../shared/trace/errors';
import { newReader, V1LiveRestart, type TraceReader } from '../../shared/trace/reader';
import { u64BigValuesFrom } from '../../shared/trace/u64';
import { encodeEvent, RECORD_FIELDS, snapshotBuffers, snapshotTable, type StreamError, type StreamMessage } from './event-stream';
import { CTL_CONSUMED, CTL_STALLED, type ReadAheadInput } from './read-ahead';
import { markExited, postCounted } from './sync-port';

function streamError(e: unknown): StreamError {
  if (e instanceof TraceError) return { name: e.name, message: e.message, offset: e.offset };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

function run(input: ReadAheadInput): void {
  const port: MessagePort = input.port;
  const ctl = new Int32Array(input.ctl);
  /** Batches posted (the builder acknowledges each one in CTL_CONSUMED). */
  let batches = 0;
  let bigsSent = 0;
  /** The big values interned since the last message (they go before the records that use them). */
  const newBigs = (): bigint[] => {
    const b = u64BigValuesFrom(bigsSent);
    bigsSent += b.length;
    return b;
  };
  const post = (m: StreamMessage, transfer?: ArrayBuffer[]): void => postCounted(port, ctl, m, transfer);
  const data = new Uint8Array(input.buffer, input.byteOffset, input.length);
  let reader: TraceReader;
  try {
    // A v1 trace's events flow while its merge goes on: the builder need not wait for the whole parse.
    reader = newReader(data, { liveV1: input.liveV1 });
  } catch (e) {
    post({ k: 'fail', error: streamError(e) });
    return;
  }
  post({ k: 'open', version: reader.version });

  let tableIds = new WeakMap<EvTable, number>();
  let tables = 0;
  /** Per table id: its extra strings already sent. */
  const extraSent = new Map<number, { table: EvTable; sent: number }>();
  let lastTable: EvTable | null = null;
  let lastId = -1;
  let batch = new Float64Array(input.batchEvents * RECORD_FIELDS);
  let n = 0;

  const flush = (): void => {
    const extra: [number, string[]][] = [];
    for (const [id, e] of extraSent) {
      const all = e.table.extraStrings;
      if (all.length > e.sent) {
        extra.push([id, all.slice(e.sent)]);
        e.sent = all.length;
      }
    }
    // Backpressure: at most maxInFlight batches posted and not yet consumed.
    for (;;) {
      const consumed = Atomics.load(ctl, CTL_CONSUMED);
      if (batches - consumed < input.maxInFlight) break;
      // Which consumption it waits for: the builder can tell a real deadlock from a reader not yet rescheduled.
      Atomics.store(ctl, CTL_STALLED, consumed + 1);
      Atomics.wait(ctl, CTL_CONSUMED, consumed, 1000);
      Atomics.store(ctl, CTL_STALLED, 0);
    }
    batches++;
    post({ k: 'batch', buf: batch, n, progress: reader.progress(), extra, bigs: newBigs() }, [batch.buffer as ArrayBuffer]);
    // The indexing thread hands consumed batches back: no buffer churn for the GC.
    const back = receiveMessageOnPort(port);
    batch = back !== undefined ? new Float64Array(back.message as ArrayBuffer) : new Float64Array(input.batchEvents * RECORD_FIELDS);
    n = 0;
  };

  /** The live v1 merge could not be used: read again the ordinary way, and have the builder start over. */
  const restart = (): void => {
    n = 0;
    tableIds = new WeakMap();
    extraSent.clear();
    lastTable = null;
    lastId = -1;
    // (Nothing to take back when no event has been posted yet.)
    if (batches > 0) post({ k: 'restart' });
    reader = newReader(data); // (throws Go's error, if there is one)
  };

  try {
    for (;;) {
      let ev;
      try {
        ev = reader.readEvent();
      } catch (e) {
        if (!(e instanceof V1LiveRestart)) throw e;
        restart();
        continue;
      }
      if (ev === null) break;
      if (ev.table !== lastTable) {
        lastTable = ev.table;
        let id = tableIds.get(lastTable);
        if (id === undefined) {
          id = tables++;
          tableIds.set(lastTable, id);
          const snap = snapshotTable(lastTable);
          extraSent.set(id, { table: lastTable, sent: snap.extraStrings.length });
          // Only the newest tables can still gain extra strings.
          if (extraSent.size > 4) extraSent.delete(extraSent.keys().next().value!);
          post({ k: 'table', id, snap, bigs: newBigs() }, snapshotBuffers(snap));
        }
        lastId = id;
      }
      encodeEvent(ev, lastId, batch, n);
      if (++n === input.batchEvents) flush();
    }
  } catch (e) {
    if (n > 0) flush();
    post({ k: 'fail', error: streamError(e) });
    return;
  }
  if (n > 0) flush();
  post({ k: 'end' });
}

const input = workerData as ReadAheadInput;
const ctl = new Int32Array(input.ctl);
try {
  run(input);
} catch (e) {
  postCounted(input.port, ctl, { k: 'fail', error: streamError(e) } satisfies StreamMessage);
} finally {
  markExited(ctl);
}
