// The v2 event specification table (Go's internal/trace/tracev2/spec.go and
// the `specs` table of events.go, Go 1.27).

import * as ev from './events';

/** Go's tracev2.EventSpec. */
export interface EventSpec {
  /** Human-readable name ("" for unassigned types). */
  readonly name: string;
  /** Argument names; for timed events the first one is "dt". */
  readonly args: readonly string[];
  /** Which arguments (1-based over args, i.e. counting "dt") are string IDs. */
  readonly stringIDs: readonly number[];
  /** Which arguments (1-based, counting "dt") are stack IDs; the first is the event's own stack. */
  readonly stackIDs: readonly number[];
  /** For an "end" event, the type of its "begin" event (EvNone otherwise). */
  readonly startEv: number;
  readonly isTimedEvent: boolean;
  readonly hasData: boolean;
  readonly isStack: boolean;
  readonly experiment: number;
}

interface SpecInit {
  name: string;
  args?: string[];
  stringIDs?: number[];
  stackIDs?: number[];
  startEv?: number;
  isTimedEvent?: boolean;
  hasData?: boolean;
  isStack?: boolean;
  experiment?: number;
}

function spec(s: SpecInit): EventSpec {
  return {
    name: s.name,
    args: s.args ?? [],
    stringIDs: s.stringIDs ?? [],
    stackIDs: s.stackIDs ?? [],
    startEv: s.startEv ?? ev.EvNone,
    isTimedEvent: s.isTimedEvent ?? false,
    hasData: s.hasData ?? false,
    isStack: s.isStack ?? false,
    experiment: s.experiment ?? ev.NoExperiment,
  };
}

const EMPTY = spec({ name: '' });

function buildSpecs(): EventSpec[] {
  const t: EventSpec[] = new Array<EventSpec>(ev.MaxExperimentalEvent).fill(EMPTY);
  const timed = (name: string, args: string[], extra: Omit<SpecInit, 'name' | 'args'> = {}): EventSpec =>
    spec({ name, args, isTimedEvent: true, ...extra });

  // "Structural" events.
  t[ev.EvEventBatch] = spec({ name: 'EventBatch', args: ['gen', 'm', 'time', 'size'] });
  t[ev.EvStacks] = spec({ name: 'Stacks' });
  t[ev.EvStack] = spec({ name: 'Stack', args: ['id', 'nframes'], isStack: true });
  t[ev.EvStrings] = spec({ name: 'Strings' });
  t[ev.EvString] = spec({ name: 'String', args: ['id'], hasData: true });
  t[ev.EvCPUSamples] = spec({ name: 'CPUSamples' });
  t[ev.EvCPUSample] = spec({ name: 'CPUSample', args: ['time', 'm', 'p', 'g', 'stack'], stackIDs: [4] });
  t[ev.EvFrequency] = spec({ name: 'Frequency', args: ['freq'] });
  t[ev.EvExperimentalBatch] = spec({ name: 'ExperimentalBatch', args: ['exp', 'gen', 'm', 'time'], hasData: true });
  t[ev.EvSync] = spec({ name: 'Sync' });
  t[ev.EvEndOfGeneration] = spec({ name: 'EndOfGeneration' });

  // "Timed" events.
  t[ev.EvProcsChange] = timed('ProcsChange', ['dt', 'procs_value', 'stack'], { stackIDs: [2] });
  t[ev.EvProcStart] = timed('ProcStart', ['dt', 'p', 'p_seq']);
  t[ev.EvProcStop] = timed('ProcStop', ['dt']);
  t[ev.EvProcSteal] = timed('ProcSteal', ['dt', 'p', 'p_seq', 'm']);
  t[ev.EvProcStatus] = timed('ProcStatus', ['dt', 'p', 'pstatus']);
  t[ev.EvGoCreate] = timed('GoCreate', ['dt', 'new_g', 'new_stack', 'stack'], { stackIDs: [3, 2] });
  t[ev.EvGoCreateSyscall] = timed('GoCreateSyscall', ['dt', 'new_g']);
  t[ev.EvGoStart] = timed('GoStart', ['dt', 'g', 'g_seq']);
  t[ev.EvGoDestroy] = timed('GoDestroy', ['dt']);
  t[ev.EvGoDestroySyscall] = timed('GoDestroySyscall', ['dt']);
  t[ev.EvGoStop] = timed('GoStop', ['dt', 'reason_string', 'stack'], { stackIDs: [2], stringIDs: [1] });
  t[ev.EvGoBlock] = timed('GoBlock', ['dt', 'reason_string', 'stack'], { stackIDs: [2], stringIDs: [1] });
  t[ev.EvGoUnblock] = timed('GoUnblock', ['dt', 'g', 'g_seq', 'stack'], { stackIDs: [3] });
  t[ev.EvGoSyscallBegin] = timed('GoSyscallBegin', ['dt', 'p_seq', 'stack'], { stackIDs: [2] });
  t[ev.EvGoSyscallEnd] = timed('GoSyscallEnd', ['dt'], { startEv: ev.EvGoSyscallBegin });
  t[ev.EvGoSyscallEndBlocked] = timed('GoSyscallEndBlocked', ['dt'], { startEv: ev.EvGoSyscallBegin });
  t[ev.EvGoStatus] = timed('GoStatus', ['dt', 'g', 'm', 'gstatus']);
  t[ev.EvSTWBegin] = timed('STWBegin', ['dt', 'kind_string', 'stack'], { stackIDs: [2], stringIDs: [1] });
  t[ev.EvSTWEnd] = timed('STWEnd', ['dt'], { startEv: ev.EvSTWBegin });
  t[ev.EvGCActive] = timed('GCActive', ['dt', 'gc_seq'], { startEv: ev.EvGCBegin });
  t[ev.EvGCBegin] = timed('GCBegin', ['dt', 'gc_seq', 'stack'], { stackIDs: [2] });
  t[ev.EvGCEnd] = timed('GCEnd', ['dt', 'gc_seq'], { startEv: ev.EvGCBegin });
  t[ev.EvGCSweepActive] = timed('GCSweepActive', ['dt', 'p'], { startEv: ev.EvGCSweepBegin });
  t[ev.EvGCSweepBegin] = timed('GCSweepBegin', ['dt', 'stack'], { stackIDs: [1] });
  t[ev.EvGCSweepEnd] = timed('GCSweepEnd', ['dt', 'swept_value', 'reclaimed_value'], { startEv: ev.EvGCSweepBegin });
  t[ev.EvGCMarkAssistActive] = timed('GCMarkAssistActive', ['dt', 'g'], { startEv: ev.EvGCMarkAssistBegin });
  t[ev.EvGCMarkAssistBegin] = timed('GCMarkAssistBegin', ['dt', 'stack'], { stackIDs: [1] });
  t[ev.EvGCMarkAssistEnd] = timed('GCMarkAssistEnd', ['dt'], { startEv: ev.EvGCMarkAssistBegin });
  t[ev.EvHeapAlloc] = timed('HeapAlloc', ['dt', 'heapalloc_value']);
  t[ev.EvHeapGoal] = timed('HeapGoal', ['dt', 'heapgoal_value']);
  t[ev.EvGoLabel] = timed('GoLabel', ['dt', 'label_string'], { stringIDs: [1] });
  t[ev.EvUserTaskBegin] = timed('UserTaskBegin', ['dt', 'task', 'parent_task', 'name_string', 'stack'], {
    stackIDs: [4],
    stringIDs: [3],
  });
  t[ev.EvUserTaskEnd] = timed('UserTaskEnd', ['dt', 'task', 'stack'], { stackIDs: [2] });
  t[ev.EvUserRegionBegin] = timed('UserRegionBegin', ['dt', 'task', 'name_string', 'stack'], {
    stackIDs: [3],
    stringIDs: [2],
  });
  t[ev.EvUserRegionEnd] = timed('UserRegionEnd', ['dt', 'task', 'name_string', 'stack'], {
    startEv: ev.EvUserRegionBegin,
    stackIDs: [3],
    stringIDs: [2],
  });
  t[ev.EvUserLog] = timed('UserLog', ['dt', 'task', 'key_string', 'value_string', 'stack'], {
    stackIDs: [4],
    stringIDs: [2, 3],
  });
  t[ev.EvGoSwitch] = timed('GoSwitch', ['dt', 'g', 'g_seq']);
  t[ev.EvGoSwitchDestroy] = timed('GoSwitchDestroy', ['dt', 'g', 'g_seq']);
  t[ev.EvGoCreateBlocked] = timed('GoCreateBlocked', ['dt', 'new_g', 'new_stack', 'stack'], { stackIDs: [3, 2] });
  t[ev.EvGoStatusStack] = timed('GoStatusStack', ['dt', 'g', 'm', 'gstatus', 'stack'], { stackIDs: [4] });
  t[ev.EvClockSnapshot] = timed('ClockSnapshot', ['dt', 'mono', 'sec', 'nsec']);

  // Experimental events.
  const exp = { experiment: ev.AllocFree };
  t[ev.EvSpan] = timed('Span', ['dt', 'id', 'npages_value', 'kindclass'], exp);
  t[ev.EvSpanAlloc] = timed('SpanAlloc', ['dt', 'id', 'npages_value', 'kindclass'], exp);
  t[ev.EvSpanFree] = timed('SpanFree', ['dt', 'id'], exp);
  t[ev.EvHeapObject] = timed('HeapObject', ['dt', 'id', 'type'], exp);
  t[ev.EvHeapObjectAlloc] = timed('HeapObjectAlloc', ['dt', 'id', 'type'], exp);
  t[ev.EvHeapObjectFree] = timed('HeapObjectFree', ['dt', 'id'], exp);
  t[ev.EvGoroutineStack] = timed('GoroutineStack', ['dt', 'id', 'order'], exp);
  t[ev.EvGoroutineStackAlloc] = timed('GoroutineStackAlloc', ['dt', 'id', 'order'], exp);
  t[ev.EvGoroutineStackFree] = timed('GoroutineStackFree', ['dt', 'id'], exp);
  return t;
}

/** Go's tracev2.Specs(): indexed by event type, length MaxExperimentalEvent (137). */
export const SPECS: readonly EventSpec[] = buildSpecs();

export function specs(): readonly EventSpec[] {
  return SPECS;
}

/** Go's tracev2.EventArgTypes. */
export const EVENT_ARG_TYPES = ['seq', 'pstatus', 'gstatus', 'g', 'm', 'p', 'string', 'stack', 'value', 'task'];

/** Go's tracev2.EventNames: name → type. */
export function eventNames(s: readonly EventSpec[]): Map<string, number> {
  const m = new Map<string, number>();
  s.forEach((sp, i) => m.set(sp.name, i & 0xff));
  return m;
}

// ---- Precomputed per-type tables for the hot path (indexed by any byte 0..255). ----

/** readTimedBaseEvent's view: arguments after dt, or TIMED_INVALID_TYPE / TIMED_NO_TIMESTAMP. */
export const TIMED_INVALID_TYPE = -1;
export const TIMED_NO_TIMESTAMP = -2;
export const TIMED_ARG_COUNT: Int8Array = (() => {
  const a = new Int8Array(256).fill(TIMED_INVALID_TYPE);
  for (let i = 0; i < SPECS.length; i++) {
    const s = SPECS[i]!;
    a[i] = s.args.length === 0 || !s.isTimedEvent ? TIMED_NO_TIMESTAMP : s.args.length - 1;
  }
  return a;
})();

/** Index into Event.base.args of the event's own stack (spec.StackIDs[0]-1), or -1. */
export const MAIN_STACK_ARG: Int8Array = (() => {
  const a = new Int8Array(256).fill(-1);
  for (let i = 0; i < SPECS.length; i++) {
    const s = SPECS[i]!;
    if (s.stackIDs.length > 0) a[i] = s.stackIDs[0]! - 1;
  }
  return a;
})();

/** Per type: arg indices (0-based into base.args) holding stack IDs, then string IDs; null if none. */
export const STACK_ARGS: readonly (readonly number[] | null)[] = (() => {
  const a: (number[] | null)[] = new Array<number[] | null>(256).fill(null);
  for (let i = 0; i < SPECS.length; i++) {
    const s = SPECS[i]!;
    if (s.stackIDs.length > 0) a[i] = s.stackIDs.map((x) => x - 1);
  }
  return a;
})();
export const STRING_ARGS: readonly (readonly number[] | null)[] = (() => {
  const a: (number[] | null)[] = new Array<number[] | null>(256).fill(null);
  for (let i = 0; i < SPECS.length; i++) {
    const s = SPECS[i]!;
    if (s.stringIDs.length > 0) a[i] = s.stringIDs.map((x) => x - 1);
  }
  return a;
})();

/** Go's tracev2.GoStatus.String(). */
export function goStatusString(s: number): string {
  switch (s) {
    case ev.GoRunnable:
      return 'Runnable';
    case ev.GoRunning:
      return 'Running';
    case ev.GoSyscall:
      return 'Syscall';
    case ev.GoWaiting:
      return 'Waiting';
  }
  return 'Bad';
}

/** Go's tracev2.ProcStatus.String() (Go 1.27). */
export function procStatusString(s: number): string {
  switch (s) {
    case ev.ProcRunning:
      return 'Running';
    case ev.ProcIdle:
      return 'Idle';
    case ev.ProcSyscall:
      return 'Syscall';
    case ev.ProcSyscallAbandoned:
      return 'SyscallAbandoned';
  }
  return 'Bad';
}

/** Go's tracev2.Experiments(). */
export function experiments(): readonly string[] {
  return ev.EXPERIMENTS;
}

/** Limits (Go's tracev2 constants). */
export const MaxBatchSize = 64 << 10;
export const MaxFramesPerStack = 128;
export const MaxEventTrailerDataSize = 1 << 10;
export const MaxTimedEventArgs = 5;
