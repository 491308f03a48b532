// The events an analysis counts, as cmd/trace keeps them: every event read,
// or, when the trace breaks off, only those up to its last Sync (whole
// generations): the consumer is then made anew and fed again up to there.

import { EventKind, type Event } from '../../shared/trace/event';
import { TraceError } from '../../shared/trace/errors';
import type { JobContext } from './jobs';

export interface WholeRead<T> {
  consumer: T;
  /** The read error (the consumer then saw the events up to the last Sync before it). */
  error: TraceError | null;
  /** Events given to the consumer. */
  events: number;
  /** Reader time of the last of them (0: none). */
  lastTime: number;
}

export function readWholeGenerations<T extends { event(ev: Event): void }>(ctx: Pick<JobContext, 'open' | 'checkCancelled'>, make: () => T): WholeRead<T> {
  let consumer = make();
  let error: TraceError | null = null;
  let count = 0;
  let lastSync = 0;
  let lastTime = 0;
  let lastSyncTime = 0;
  try {
    const reader = ctx.open();
    for (;;) {
      if ((count & 0xffff) === 0) ctx.checkCancelled();
      const ev = reader.readEvent();
      if (ev === null) {
        lastSync = count;
        lastSyncTime = lastTime;
        break;
      }
      count++;
      lastTime = ev.time();
      if (ev.kind() === EventKind.Sync) {
        lastSync = count;
        lastSyncTime = lastTime;
      }
      consumer.event(ev);
    }
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    error = e;
  }
  if (error !== null && lastSync !== count) {
    consumer = make();
    if (lastSync > 0) {
      const reader = ctx.open();
      for (let i = 0; i < lastSync; i++) {
        if ((i & 0xffff) === 0) ctx.checkCancelled();
        const ev = reader.readEvent();
        if (ev === null) throw new Error('the trace changed between two reads');
        consumer.event(ev);
      }
    }
    count = lastSync;
    lastTime = lastSyncTime;
  }
  return { consumer, error, events: count, lastTime };
}
