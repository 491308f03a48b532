// The public event model, mirroring Go's internal/trace/event.go (Go 1.27).
//
// Method names are Go's in lowerCamelCase: Event.Kind() -> ev.kind(),
// Event.StateTransition() -> ev.stateTransition(), Event.String() -> ev.toString().
//
// Events handed out by a Reader are REUSED: the object returned by
// `reader.readEvent()` is only valid until the next call. Use `ev.clone()` to
// keep one. Detail accessors (stateTransition(), range(), ...) allocate small
// objects; hot loops should prefer kind()/time()/goroutine()/proc()/thread()
// and the raw fields.

import { BaseEvent, EvTable, type SchedCtx, type Time } from './base';
import { ResourceID, type StateTransition, type GoID, type ProcID, type ThreadID } from './resources';

export const enum EventKind {
  Bad = 0,
  Sync = 1,
  Metric = 2,
  Label = 3,
  StackSample = 4,
  RangeBegin = 5,
  RangeActive = 6,
  RangeEnd = 7,
  TaskBegin = 8,
  TaskEnd = 9,
  RegionBegin = 10,
  RegionEnd = 11,
  Log = 12,
  StateTransition = 13,
  Experimental = 14,
}

export const EVENT_KIND_NAMES = [
  'Bad', 'Sync', 'Metric', 'Label', 'StackSample', 'RangeBegin', 'RangeActive', 'RangeEnd',
  'TaskBegin', 'TaskEnd', 'RegionBegin', 'RegionEnd', 'Log', 'StateTransition', 'Experimental',
];

export function eventKindString(k: EventKind): string {
  return EVENT_KIND_NAMES[k] ?? 'Bad';
}

/** Go's TaskID is a uint64, u64-encoded: NoTask (2^64-1) is -1. */
export type TaskID = number;
export const NoTask: TaskID = -1;
export const BackgroundTask: TaskID = 0;

export const enum ValueKind {
  Bad = 0,
  Uint64 = 1,
  String = 2,
}

/** Go's Value. For Uint64, `scalar` is u64-encoded; for String, `str` holds the text. */
export interface Value {
  kind: ValueKind;
  scalar: number;
  str: string;
}

export interface Metric {
  name: string;
  value: Value;
}

export interface Label {
  label: string;
  resource: ResourceID;
}

export interface Range {
  name: string;
  scope: ResourceID;
}

export interface RangeAttribute {
  name: string;
  value: Value;
}

export interface Task {
  id: TaskID;
  parent: TaskID;
  type: string;
}

export interface Region {
  task: TaskID;
  type: string;
}

export interface Log {
  task: TaskID;
  category: string;
  message: string;
}

export interface StackFrame {
  /** u64-encoded PC. */
  pc: number;
  func: string;
  file: string;
  line: number;
}

/** A handle to a stack of one generation's table (Go's Stack). id 0 = NoStack. */
export class Stack {
  constructor(readonly table: EvTable | null, readonly id: number) {}

  isNone(): boolean {
    return this.id === 0;
  }

  /** Frames, leaf first. */
  frames(): StackFrame[] {
    throw new Error('TODO: implemented by the v2 reader work');
  }

  /** Go's Stack.String(). */
  toString(): string {
    throw new Error('TODO');
  }
}

export const NoStack = new Stack(null, 0);

export interface ClockSnapshot {
  /** Trace clock (relative Time, like every Time). */
  trace: Time;
  /** Wall clock: Unix seconds and nanoseconds. */
  wallSec: number;
  wallNsec: number;
  /** Monotonic clock, ns (u64-encoded). */
  mono: number;
}

export interface Sync {
  n: number;
  clockSnapshot: ClockSnapshot | null;
  experimentalBatches: Map<string, { thread: ThreadID; data: Uint8Array }[]>;
}

export interface ExperimentalEvent {
  name: string;
  experiment: string;
  args: string[];
  argValue(i: number): Value;
}

/** One event of the trace (Go's Event). */
export class Event {
  table: EvTable;
  readonly ctx: SchedCtx = { G: -1, P: -1, M: -1 };
  readonly base = new BaseEvent();

  constructor(table: EvTable) {
    this.table = table;
  }

  clone(): Event {
    const e = new Event(this.table);
    e.ctx.G = this.ctx.G;
    e.ctx.P = this.ctx.P;
    e.ctx.M = this.ctx.M;
    e.base.copyFrom(this.base);
    return e;
  }

  kind(): EventKind {
    throw new Error('TODO');
  }
  /** Relative time; absolute = table.timeBase + BigInt(time). */
  time(): Time {
    return this.base.time;
  }
  goroutine(): GoID {
    return this.ctx.G;
  }
  proc(): ProcID {
    return this.ctx.P;
  }
  thread(): ThreadID {
    return this.ctx.M;
  }
  stack(): Stack {
    throw new Error('TODO');
  }
  metric(): Metric {
    throw new Error('TODO');
  }
  label(): Label {
    throw new Error('TODO');
  }
  range(): Range {
    throw new Error('TODO');
  }
  rangeAttributes(): RangeAttribute[] {
    throw new Error('TODO');
  }
  task(): Task {
    throw new Error('TODO');
  }
  region(): Region {
    throw new Error('TODO');
  }
  log(): Log {
    throw new Error('TODO');
  }
  stateTransition(): StateTransition {
    throw new Error('TODO');
  }
  sync(): Sync {
    throw new Error('TODO');
  }
  experimental(): ExperimentalEvent {
    throw new Error('TODO');
  }
  /** Go's Event.String(), byte for byte (what `go tool trace -d=parsed` prints per event). */
  toString(): string {
    throw new Error('TODO');
  }
}
