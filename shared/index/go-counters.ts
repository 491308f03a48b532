// The goroutine counters (running, runnable, waiting, in syscall, GC
// waiting) and threads in syscalls are all functions of the goroutine state
// transitions, so the index keeps them as a log of those transitions
// (TimelineIndex.goLog*: one row per transition that moves a goroutine
// between counters, time-sorted, its code = old state << 4 | new state, plus
// GO_LOG_SAME_TIME)
// rather than as six materialised series. This module says what a code does
// to each series.

import { bySpanState, CounterId, SpanState } from './layout';

/** The counters the log feeds; a counter's slot is its index here. */
export const GO_LOG_COUNTERS: readonly CounterId[] = [
  CounterId.GoRunning,
  CounterId.GoRunnable,
  CounterId.GoWaiting,
  CounterId.GoSyscall,
  CounterId.GoGCWaiting,
  CounterId.ThreadsSyscall,
];
export const GO_LOG_SLOTS = 6;

/** The log slot of a counter, -1 when the log does not feed it. */
export function goLogSlot(c: number): number {
  return GO_LOG_COUNTERS.indexOf(c as CounterId);
}

/** The goroutine counter of each span state (-1: not counted). */
export const GO_COUNTER = bySpanState([
  [SpanState.Running, CounterId.GoRunning],
  [SpanState.Runnable, CounterId.GoRunnable],
  [SpanState.NotStarted, CounterId.GoRunnable],
  [SpanState.Waiting, CounterId.GoWaiting],
  [SpanState.GCWaiting, CounterId.GoGCWaiting],
  [SpanState.Syscall, CounterId.GoSyscall],
  [SpanState.SyscallBlocked, CounterId.GoSyscall],
]);

const inSyscall = (s: number) => s === SpanState.Syscall || s === SpanState.SyscallBlocked;

/** Whether a transition between these span states changes any goroutine counter (and so is logged). */
export function movesGoCounters(a: SpanState, b: SpanState): boolean {
  return GO_COUNTER[a] !== GO_COUNTER[b];
}

/**
 * Set on a row's code when the next row has the same time: the row does not
 * end its time's group (values between rows at one time are not real). The
 * states logged are goroutine states (< 8), so the bit is free.
 */
export const GO_LOG_SAME_TIME = 0x80;

/**
 * GO_LOG_DELTA[code * GO_LOG_SLOTS + slot]: what a row of that code adds to
 * the slot's series; GO_LOG_TOUCH[code]: the bit set of the slots it touches
 * (even when its effect nets to 0).
 */
export const { GO_LOG_DELTA, GO_LOG_TOUCH } = (() => {
  const delta = new Int8Array(256 * GO_LOG_SLOTS);
  const touch = new Uint8Array(256);
  const sys = goLogSlot(CounterId.ThreadsSyscall);
  for (let code = 0; code < 256; code++) {
    const a = (code & ~GO_LOG_SAME_TIME) >> 4;
    const b = code & 15;
    const ca = GO_COUNTER[a]!;
    const cb = GO_COUNTER[b]!;
    if (ca === cb) continue;
    if (ca >= 0) {
      delta[code * GO_LOG_SLOTS + goLogSlot(ca)]--;
      touch[code] |= 1 << goLogSlot(ca);
    }
    if (cb >= 0) {
      delta[code * GO_LOG_SLOTS + goLogSlot(cb)]++;
      touch[code] |= 1 << goLogSlot(cb);
    }
    delta[code * GO_LOG_SLOTS + sys] += (inSyscall(b) ? 1 : 0) - (inSyscall(a) ? 1 : 0);
    if (inSyscall(a) !== inSyscall(b)) touch[code] |= 1 << sys;
  }
  return { GO_LOG_DELTA: delta, GO_LOG_TOUCH: touch };
})();

/** Rows per block of the log's summaries (start values, min/max), and blocks per super block (min/max). */
export const GO_LOG_BLOCK = 64;
export const GO_LOG_SUPER = 16;
/** Average rows per time bucket of the log (TimelineIndex.goLogBucketFirst). */
export const GO_LOG_BUCKET_FILL = 32;
