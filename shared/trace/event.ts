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
import { TraceError } from './errors';
import {
  GoState,
  ProcState,
  ResourceID,
  ResourceKind,
  goStateString,
  procStateString,
  type StateTransition,
  type GoID,
  type ProcID,
  type ThreadID,
} from './resources';
import { goQuote } from './quote';
import * as tv2 from './tracev2/events';
import { MAIN_STACK_ARG, SPECS } from './tracev2/spec';
import { i64String, u64Hex, u64String, u64ToBig } from './u64';
import { stringValue, uint64Value, valueString } from './value';
import { formatWallRFC3339Nano } from './wallclock';

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

  /** Go's `s == NoStack` (Stack{} — a Stack of a table with ID 0 is not NoStack). */
  isNoStack(): boolean {
    return this.table === null && this.id === 0;
  }

  /** Frames, leaf first. */
  frames(): StackFrame[] {
    const out: StackFrame[] = [];
    const t = this.table;
    if (this.id === 0 || t === null) return out;
    const stk = t.stacks.get(this.id);
    if (stk === undefined) throw panic(`expected id ${u64String(this.id)} in trace.stack table`);
    for (const pc of stk.pcs) {
      const f = t.pcs.get(pc) ?? ZERO_FRAME;
      out.push({ pc: f.pc, func: mustGetString(t, f.funcID), file: mustGetString(t, f.fileID), line: f.line });
    }
    return out;
  }

  /** Go's Stack.String(). */
  toString(): string {
    return printStack('', this.frames());
  }
}

export const NoStack = new Stack(null, 0);

const ZERO_FRAME = { pc: 0, funcID: 0, fileID: 0, line: 0 };

/** What Go would panic with; surfaced as an error (Go's tool would crash). */
function panic(msg: string): TraceError {
  return new TraceError(msg);
}

function mustGetString(t: EvTable, id: number): string {
  const s = t.strings.get(id);
  if (s === undefined) throw panic(`expected id ${u64String(id)} in string table`);
  return s;
}

/** printStack('\t', frames) of each stack of a table, cached: dumps print the same stacks over and over. */
const tabbedStacks = new WeakMap<EvTable, Map<number, string>>();

function tabbedStackString(s: Stack): string {
  const t = s.table;
  if (t === null) return '';
  let m = tabbedStacks.get(t);
  if (m === undefined) {
    m = new Map();
    tabbedStacks.set(t, m);
  }
  let str = m.get(s.id);
  if (str === undefined) {
    str = printStack('\t', s.frames());
    m.set(s.id, str);
  }
  return str;
}

/** Go's printStack(w, prefix, frames). */
export function printStack(prefix: string, frames: StackFrame[]): string {
  let s = '';
  for (const f of frames) {
    s += `${prefix}${f.func} @ 0x${u64Hex(f.pc)}\n${prefix}\t${f.file}:${u64String(f.line)}\n`;
  }
  return s;
}

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

/** Go's tracev2Type2Kind, indexed by any event type byte. */
export const TYPE_TO_KIND: Uint8Array = (() => {
  const k = new Uint8Array(256);
  k[tv2.EvCPUSample] = EventKind.StackSample;
  k[tv2.EvProcsChange] = EventKind.Metric;
  k[tv2.EvHeapAlloc] = EventKind.Metric;
  k[tv2.EvHeapGoal] = EventKind.Metric;
  for (const t of [
    tv2.EvProcStart, tv2.EvProcStop, tv2.EvProcSteal, tv2.EvProcStatus, tv2.EvGoCreate, tv2.EvGoCreateSyscall,
    tv2.EvGoStart, tv2.EvGoDestroy, tv2.EvGoDestroySyscall, tv2.EvGoStop, tv2.EvGoBlock, tv2.EvGoUnblock,
    tv2.EvGoSyscallBegin, tv2.EvGoSyscallEnd, tv2.EvGoSyscallEndBlocked, tv2.EvGoStatus, tv2.EvGoSwitch,
    tv2.EvGoSwitchDestroy, tv2.EvGoCreateBlocked, tv2.EvGoStatusStack,
  ]) {
    k[t] = EventKind.StateTransition;
  }
  k[tv2.EvSTWBegin] = EventKind.RangeBegin;
  k[tv2.EvSTWEnd] = EventKind.RangeEnd;
  k[tv2.EvGCActive] = EventKind.RangeActive;
  k[tv2.EvGCBegin] = EventKind.RangeBegin;
  k[tv2.EvGCEnd] = EventKind.RangeEnd;
  k[tv2.EvGCSweepActive] = EventKind.RangeActive;
  k[tv2.EvGCSweepBegin] = EventKind.RangeBegin;
  k[tv2.EvGCSweepEnd] = EventKind.RangeEnd;
  k[tv2.EvGCMarkAssistActive] = EventKind.RangeActive;
  k[tv2.EvGCMarkAssistBegin] = EventKind.RangeBegin;
  k[tv2.EvGCMarkAssistEnd] = EventKind.RangeEnd;
  k[tv2.EvGoLabel] = EventKind.Label;
  k[tv2.EvUserTaskBegin] = EventKind.TaskBegin;
  k[tv2.EvUserTaskEnd] = EventKind.TaskEnd;
  k[tv2.EvUserRegionBegin] = EventKind.RegionBegin;
  k[tv2.EvUserRegionEnd] = EventKind.RegionEnd;
  k[tv2.EvUserLog] = EventKind.Log;
  for (let t = tv2.EvSpan; t <= tv2.EvGoroutineStackFree; t++) k[t] = EventKind.Experimental;
  k[tv2.evSync] = EventKind.Sync;
  return k;
})();

/** Go's tracev2GoStatus2GoState. */
const GO_STATUS_TO_STATE = [GoState.Undetermined, GoState.Runnable, GoState.Running, GoState.Syscall, GoState.Waiting];
/** Go's tracev2ProcStatus2ProcState. */
export const PROC_STATUS_TO_STATE = [
  ProcState.Undetermined,
  ProcState.Running,
  ProcState.Idle,
  ProcState.Running,
  ProcState.Idle,
];

let cachedBase = 0n;
let cachedBaseNum = 0;
let cachedBaseSafe = true;

/** Go's %d of an absolute Time: timeBase + t, exactly. */
export function absTimeString(timeBase: bigint, t: Time): string {
  if (timeBase !== cachedBase) {
    cachedBase = timeBase;
    cachedBaseNum = Number(timeBase);
    cachedBaseSafe = timeBase < 9007199254740992n && timeBase > -9007199254740992n;
  }
  if (cachedBaseSafe) {
    const a = cachedBaseNum + t;
    if (a < 9007199254740992 && a > -9007199254740992 && t < 9007199254740992 && t > -9007199254740992) {
      return String(a);
    }
  }
  return BigInt.asIntN(64, timeBase + BigInt(t)).toString();
}

/** A state transition as plain fields (Event.transitionFields). */
export interface TransitionFields {
  resourceKind: ResourceKind;
  id: number;
  from: number;
  to: number;
  reason: string;
  /** Stack ID in the event's table (0 = none). */
  stack: number;
  /** The stack is the table's even when `stack` is 0 (GoCreate). */
  tableStack: boolean;
}

export function newTransitionFields(): TransitionFields {
  return { resourceKind: ResourceKind.None, id: 0, from: 0, to: 0, reason: '', stack: 0, tableStack: false };
}

const scratchFields = newTransitionFields();

/** Sets a transition's resource and states (GoState or ProcState by kind). */
function setFields(out: TransitionFields, kind: ResourceKind.Goroutine | ResourceKind.Proc, id: number, from: number, to: number): TransitionFields {
  out.resourceKind = kind;
  out.id = id;
  out.from = from;
  out.to = to;
  return out;
}

/** uint8(x) of a u64-encoded value. */
export function lowByte(x: number): number {
  if (x >= 0) return x % 256;
  if (x === -1) return 255;
  return Number(BigInt.asUintN(8, u64ToBig(x)));
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
    return TYPE_TO_KIND[this.base.typ]! as EventKind;
  }
  /** Relative time; absolute = table.timeBase + BigInt(time). */
  time(): Time {
    return this.base.time;
  }
  /** Absolute time (Go's Time), exactly. */
  absTime(): bigint {
    return BigInt.asIntN(64, this.table.timeBase + BigInt(this.base.time));
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

  /** The ID of the event's own stack (0 = none), without allocating. */
  stackID(): number {
    const typ = this.base.typ;
    if (typ === tv2.evSync) return 0;
    if (typ === tv2.EvCPUSample) return this.base.args[0]!;
    const i = MAIN_STACK_ARG[typ]!;
    return i < 0 ? 0 : this.base.args[i]!;
  }

  stack(): Stack {
    const typ = this.base.typ;
    if (typ === tv2.evSync) return NoStack;
    if (typ === tv2.EvCPUSample) return new Stack(this.table, this.base.args[0]!);
    const i = MAIN_STACK_ARG[typ]!;
    if (i < 0) return NoStack;
    // The stack for the main execution context is always the first stack listed in StackIDs.
    const id = this.base.args[i]!;
    if (id === 0) return NoStack;
    return new Stack(this.table, id);
  }

  metric(): Metric {
    if (this.kind() !== EventKind.Metric) throw panic('Metric called on non-Metric event');
    const a = this.base.args;
    switch (this.base.typ) {
      case tv2.EvProcsChange:
        return { name: '/sched/gomaxprocs:threads', value: uint64Value(a[0]!) };
      case tv2.EvHeapAlloc:
        return { name: '/memory/classes/heap/objects:bytes', value: uint64Value(a[0]!) };
      case tv2.EvHeapGoal:
        return { name: '/gc/heap/goal:bytes', value: uint64Value(a[0]!) };
    }
    throw panic(`internal error: unexpected wire-format event type for Metric kind: ${this.base.typ}`);
  }

  label(): Label {
    if (this.kind() !== EventKind.Label) throw panic('Label called on non-Label event');
    return {
      label: mustGetString(this.table, this.base.args[0]!),
      resource: new ResourceID(ResourceKind.Goroutine, this.ctx.G),
    };
  }

  range(): Range {
    const kind = this.kind();
    if (kind !== EventKind.RangeBegin && kind !== EventKind.RangeActive && kind !== EventKind.RangeEnd) {
      throw panic('Range called on non-Range event');
    }
    const a = this.base.args;
    switch (this.base.typ) {
      case tv2.EvSTWBegin:
      case tv2.EvSTWEnd:
        // N.B. ordering smuggles in the STW reason as args[0] for EvSTWEnd.
        return {
          name: 'stop-the-world (' + mustGetString(this.table, a[0]!) + ')',
          scope: new ResourceID(ResourceKind.Goroutine, this.ctx.G),
        };
      case tv2.EvGCBegin:
      case tv2.EvGCActive:
      case tv2.EvGCEnd:
        return { name: 'GC concurrent mark phase', scope: new ResourceID(ResourceKind.None, 0) };
      case tv2.EvGCSweepBegin:
      case tv2.EvGCSweepActive:
      case tv2.EvGCSweepEnd:
        return {
          name: 'GC incremental sweep',
          scope: new ResourceID(ResourceKind.Proc, this.base.typ === tv2.EvGCSweepActive ? a[0]! : this.ctx.P),
        };
      case tv2.EvGCMarkAssistBegin:
      case tv2.EvGCMarkAssistActive:
      case tv2.EvGCMarkAssistEnd:
        return {
          name: 'GC mark assist',
          scope: new ResourceID(ResourceKind.Goroutine, this.base.typ === tv2.EvGCMarkAssistActive ? a[0]! : this.ctx.G),
        };
    }
    throw panic(`internal error: unexpected wire-event type for Range kind: ${this.base.typ}`);
  }

  rangeAttributes(): RangeAttribute[] {
    if (this.kind() !== EventKind.RangeEnd) throw panic('Range called on non-Range event');
    if (this.base.typ !== tv2.EvGCSweepEnd) return [];
    return [
      { name: 'bytes swept', value: uint64Value(this.base.args[0]!) },
      { name: 'bytes reclaimed', value: uint64Value(this.base.args[1]!) },
    ];
  }

  task(): Task {
    const kind = this.kind();
    if (kind !== EventKind.TaskBegin && kind !== EventKind.TaskEnd) throw panic('Task called on non-Task event');
    const a = this.base.args;
    switch (this.base.typ) {
      case tv2.EvUserTaskBegin:
        return { id: a[0]!, parent: a[1]!, type: mustGetString(this.table, a[2]!) };
      case tv2.EvUserTaskEnd:
        // extra(Go122) of UserTaskEnd starts at args[2].
        return { id: a[0]!, parent: a[2]!, type: this.table.getExtraString(a[3]!) };
    }
    throw panic(`internal error: unexpected wire-format event type for Task kind: ${this.base.typ}`);
  }

  region(): Region {
    const kind = this.kind();
    if (kind !== EventKind.RegionBegin && kind !== EventKind.RegionEnd) throw panic('Region called on non-Region event');
    return { task: this.base.args[0]!, type: mustGetString(this.table, this.base.args[1]!) };
  }

  log(): Log {
    if (this.kind() !== EventKind.Log) throw panic('Log called on non-Log event');
    const a = this.base.args;
    return { task: a[0]!, category: mustGetString(this.table, a[1]!), message: mustGetString(this.table, a[2]!) };
  }

  stateTransition(): StateTransition {
    const f = this.transitionFields(scratchFields);
    const resource = f.resourceKind === ResourceKind.Goroutine ? ResourceID.goroutine(f.id) : ResourceID.proc(f.id);
    // GoCreate's stack is the table's even when its ID is 0 (Go's Stack{table, 0}, which is not NoStack).
    const stack = f.tableStack || f.stack !== 0 ? new Stack(this.table, f.stack) : NoStack;
    return { resource, reason: f.reason, stack, oldState: f.from, newState: f.to };
  }

  /**
   * stateTransition() without allocating: fills `out` and returns it. For
   * consumers of every event (the index builder); stateTransition() is
   * built on it.
   */
  transitionFields(out: TransitionFields): TransitionFields {
    if (this.kind() !== EventKind.StateTransition) throw panic('StateTransition called on non-StateTransition event');
    const a = this.base.args;
    const ctx = this.ctx;
    out.reason = '';
    out.stack = 0;
    out.tableStack = false;
    switch (this.base.typ) {
      case tv2.EvProcStart:
        return setFields(out, ResourceKind.Proc, a[0]!, ProcState.Idle, ProcState.Running);
      case tv2.EvProcStop:
        return setFields(out, ResourceKind.Proc, ctx.P, ProcState.Running, ProcState.Idle);
      case tv2.EvProcSteal: {
        // N.B. ordering populates extra[0] (args[3]).
        const before = lowByte(a[3]!) === tv2.ProcSyscallAbandoned ? ProcState.Idle : ProcState.Running;
        return setFields(out, ResourceKind.Proc, a[0]!, before, ProcState.Idle);
      }
      case tv2.EvProcStatus: {
        // N.B. ordering populates extra[0] (args[2]).
        const st = a[1]!;
        if (!(st >= 0 && st < PROC_STATUS_TO_STATE.length)) {
          throw panic(`runtime error: index out of range [${u64String(st)}] with length ${PROC_STATUS_TO_STATE.length}`);
        }
        return setFields(out, ResourceKind.Proc, a[0]!, lowByte(a[2]!), PROC_STATUS_TO_STATE[st]!);
      }
      case tv2.EvGoCreate:
      case tv2.EvGoCreateBlocked:
        setFields(out, ResourceKind.Goroutine, a[0]!, GoState.NotExist, this.base.typ === tv2.EvGoCreateBlocked ? GoState.Waiting : GoState.Runnable);
        out.stack = a[1]!;
        out.tableStack = true;
        return out;
      case tv2.EvGoCreateSyscall:
        return setFields(out, ResourceKind.Goroutine, a[0]!, GoState.NotExist, GoState.Syscall);
      case tv2.EvGoStart:
        return setFields(out, ResourceKind.Goroutine, a[0]!, GoState.Runnable, GoState.Running);
      case tv2.EvGoDestroy:
        return setFields(out, ResourceKind.Goroutine, ctx.G, GoState.Running, GoState.NotExist);
      case tv2.EvGoDestroySyscall:
        return setFields(out, ResourceKind.Goroutine, ctx.G, GoState.Syscall, GoState.NotExist);
      case tv2.EvGoStop:
        setFields(out, ResourceKind.Goroutine, ctx.G, GoState.Running, GoState.Runnable);
        out.reason = mustGetString(this.table, a[0]!);
        out.stack = this.stackID();
        return out;
      case tv2.EvGoBlock:
        setFields(out, ResourceKind.Goroutine, ctx.G, GoState.Running, GoState.Waiting);
        out.reason = mustGetString(this.table, a[0]!);
        out.stack = this.stackID();
        return out;
      case tv2.EvGoUnblock:
      case tv2.EvGoSwitch:
      case tv2.EvGoSwitchDestroy:
        return setFields(out, ResourceKind.Goroutine, a[0]!, GoState.Waiting, GoState.Runnable);
      case tv2.EvGoSyscallBegin:
        setFields(out, ResourceKind.Goroutine, ctx.G, GoState.Running, GoState.Syscall);
        out.stack = this.stackID();
        return out;
      case tv2.EvGoSyscallEnd:
        return setFields(out, ResourceKind.Goroutine, ctx.G, GoState.Syscall, GoState.Running);
      case tv2.EvGoSyscallEndBlocked:
        return setFields(out, ResourceKind.Goroutine, ctx.G, GoState.Syscall, GoState.Runnable);
      case tv2.EvGoStatus:
      case tv2.EvGoStatusStack: {
        // ordering packs (oldState << 32 | status) into args[2].
        const packed = a[2]!;
        const from = Math.floor(packed / 4294967296) % 256;
        const to = packed % 4294967296;
        setFields(out, ResourceKind.Goroutine, a[0]!, from, GO_STATUS_TO_STATE[to] ?? GoState.Undetermined);
        out.stack = this.stackID();
        return out;
      }
    }
    throw panic(`internal error: unexpected wire-format event type for StateTransition kind: ${this.base.typ}`);
  }


  sync(): Sync {
    if (this.kind() !== EventKind.Sync) throw panic('Sync called on non-Sync event');
    const t = this.table;
    const expBatches = new Map<string, { thread: ThreadID; data: Uint8Array }[]>();
    t.expBatches.forEach((batches, exp) => {
      const names = tv2.EXPERIMENTS;
      if (!(exp >= 0 && exp < names.length)) {
        throw panic(`runtime error: index out of range [${exp}] with length ${names.length}`);
      }
      expBatches.set(names[exp]!, batches);
    });
    return {
      n: this.base.args[0]!,
      clockSnapshot: t.hasClockSnapshot
        ? { trace: t.snapTime, wallSec: t.snapWallSec, wallNsec: t.snapWallNsec, mono: t.snapMono }
        : null,
      experimentalBatches: expBatches,
    };
  }

  experimental(): ExperimentalEvent {
    if (this.kind() !== EventKind.Experimental) throw panic('Experimental called on non-Experimental event');
    const spec = SPECS[this.base.typ]!;
    const argNames = spec.args.slice(1); // Skip timestamp; already handled.
    const values = Array.from(this.base.args.subarray(0, argNames.length));
    const table = this.table;
    return {
      name: spec.name,
      experiment: tv2.EXPERIMENTS[spec.experiment] ?? '',
      args: argNames,
      argValue(i: number): Value {
        if (i < 0 || i >= argNames.length) {
          throw panic(`experimental event argument index ${i} out of bounds [0, ${argNames.length})`);
        }
        if (argNames[i]!.endsWith('string')) return stringValue(mustGetString(table, values[i]!));
        return uint64Value(values[i]!);
      },
    };
  }

  /** Go's Event.String(), byte for byte (what `go tool trace -d=parsed` prints per event). */
  toString(): string {
    const kind = this.kind();
    let sb =
      `M=${i64String(this.ctx.M)} P=${i64String(this.ctx.P)} G=${i64String(this.ctx.G)}` +
      ` ${EVENT_KIND_NAMES[kind] ?? 'Bad'} Time=${absTimeString(this.table.timeBase, this.base.time)}`;
    switch (kind) {
      case EventKind.Metric: {
        const m = this.metric();
        sb += ` Name=${goQuote(m.name)} Value=${valueString(m.value)}`;
        break;
      }
      case EventKind.Label: {
        const l = this.label();
        sb += ` Label=${goQuote(l.label)} Resource=${l.resource.toString()}`;
        break;
      }
      case EventKind.RangeBegin:
      case EventKind.RangeActive:
      case EventKind.RangeEnd: {
        const r = this.range();
        sb += ` Name=${goQuote(r.name)} Scope=${r.scope.toString()}`;
        if (kind === EventKind.RangeEnd) {
          sb += ' Attributes=[';
          const attrs = this.rangeAttributes();
          for (let i = 0; i < attrs.length; i++) {
            if (i !== 0) sb += ' ';
            sb += `${goQuote(attrs[i]!.name)}=${valueString(attrs[i]!.value)}`;
          }
          sb += ']';
        }
        break;
      }
      case EventKind.TaskBegin:
      case EventKind.TaskEnd: {
        const t = this.task();
        sb += ` ID=${u64String(t.id)} Parent=${u64String(t.parent)} Type=${goQuote(t.type)}`;
        break;
      }
      case EventKind.RegionBegin:
      case EventKind.RegionEnd: {
        const r = this.region();
        sb += ` Task=${u64String(r.task)} Type=${goQuote(r.type)}`;
        break;
      }
      case EventKind.Log: {
        const l = this.log();
        sb += ` Task=${u64String(l.task)} Category=${goQuote(l.category)} Message=${goQuote(l.message)}`;
        break;
      }
      case EventKind.StateTransition: {
        const s = this.stateTransition();
        if (s.resource.kind === ResourceKind.Goroutine) {
          sb += ` GoID=${i64String(s.resource.id)} ${goStateString(s.oldState)}->${goStateString(s.newState)}`;
        } else if (s.resource.kind === ResourceKind.Proc) {
          sb += ` ProcID=${i64String(s.resource.id)} ${procStateString(s.oldState)}->${procStateString(s.newState)}`;
        }
        sb += ` Reason=${goQuote(s.reason)}`;
        if (!s.stack.isNoStack()) {
          sb += '\nTransitionStack=\n' + tabbedStackString(s.stack);
        }
        break;
      }
      case EventKind.Experimental: {
        const r = this.experimental();
        sb += ` Name=${r.name} Args=[`;
        for (let i = 0; i < r.args.length; i++) {
          if (i !== 0) sb += ', ';
          sb += `${r.args[i]}=${valueString(r.argValue(i))}`;
        }
        sb += ']';
        break;
      }
      case EventKind.Sync: {
        const s = this.sync();
        sb += ` N=${s.n}`;
        const c = s.clockSnapshot;
        if (c !== null) {
          sb +=
            ` Trace=${this.table.snapTimeAbs !== null ? this.table.snapTimeAbs.toString() : absTimeString(this.table.timeBase, c.trace)}` +
            ` Mono=${u64String(c.mono)}` +
            ` Wall=${formatWallRFC3339Nano(c.wallSec, c.wallNsec)}`;
        }
        break;
      }
    }
    const stk = this.stack();
    if (!stk.isNoStack()) sb += '\nStack=\n' + tabbedStackString(stk);
    return sb;
  }
}
