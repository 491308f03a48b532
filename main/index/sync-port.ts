// Waiting for a worker's message without the event loop: the index build is
// synchronous, so it takes messages with receiveMessageOnPort and sleeps on a
// shared counter (Atomics.wait) that the worker bumps after each post. Used
// by read-ahead.ts (events from the reader thread) and offload.ts (a
// finishing step computed on the other core).

import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/** Slots of the shared Int32Array: messages posted, worker finished; read-ahead.ts uses two more. */
export const CTL_POSTED = 0;
export const CTL_EXITED = 1;
export const CTL_SLOTS = 4;

export function newCtl(): SharedArrayBuffer {
  return new SharedArrayBuffer(CTL_SLOTS * 4);
}

/** Worker side: posts a message and wakes the waiting thread. */
export function postCounted(port: MessagePort, ctl: Int32Array, message: unknown, transfer?: ArrayBuffer[]): void {
  port.postMessage(message, transfer);
  Atomics.add(ctl, CTL_POSTED, 1);
  Atomics.notify(ctl, CTL_POSTED);
}

/** Worker side, last thing it does: no message will follow. */
export function markExited(ctl: Int32Array): void {
  Atomics.store(ctl, CTL_EXITED, 1);
  Atomics.notify(ctl, CTL_POSTED);
}

/**
 * The next message on `port`, waiting as long as it takes; calls afterWait
 * (with the posted count it waited on) after each wait of up to waitMs, for
 * progress, cancellation or deadlock checks. Throws if the worker finished
 * without posting one.
 */
export function receiveCounted(port: MessagePort, ctl: Int32Array, waitMs: number, afterWait?: (posted: number) => void): unknown {
  for (;;) {
    const posted = Atomics.load(ctl, CTL_POSTED);
    const r = receiveMessageOnPort(port);
    if (r !== undefined) return r.message;
    if (Atomics.load(ctl, CTL_EXITED) !== 0) {
      const last = receiveMessageOnPort(port);
      if (last !== undefined) return last.message;
      throw new Error('internal error: a worker thread of the index build stopped without answering');
    }
    Atomics.wait(ctl, CTL_POSTED, posted, waitMs);
    afterWait?.(posted);
  }
}
