// Resources (goroutines, procs, threads), their states and state transitions,
// as Go's internal/trace/resources.go defines them.

import { i64String } from './u64';
import type { Stack } from './event';

/** Goroutine, proc and thread IDs are int64 in Go; -1 means none. */
export type GoID = number;
export type ProcID = number;
export type ThreadID = number;
export const NoGoroutine: GoID = -1;
export const NoProc: ProcID = -1;
export const NoThread: ThreadID = -1;

export const enum GoState {
  Undetermined = 0,
  NotExist = 1,
  Runnable = 2,
  Running = 3,
  Waiting = 4,
  Syscall = 5,
}

const goStateNames = ['Undetermined', 'NotExist', 'Runnable', 'Running', 'Waiting', 'Syscall'];
export function goStateString(s: GoState): string {
  return goStateNames[s] ?? 'Bad';
}
export function goStateExecuting(s: GoState): boolean {
  return s === GoState.Running || s === GoState.Syscall;
}

export const enum ProcState {
  Undetermined = 0,
  NotExist = 1,
  Running = 2,
  Idle = 3,
}

const procStateNames = ['Undetermined', 'NotExist', 'Running', 'Idle'];
export function procStateString(s: ProcState): string {
  return procStateNames[s] ?? 'Bad';
}
export function procStateExecuting(s: ProcState): boolean {
  return s === ProcState.Running;
}

export const enum ResourceKind {
  None = 0,
  Goroutine = 1,
  Proc = 2,
  Thread = 3,
}

const resourceKindNames = ['None', 'Goroutine', 'Proc', 'Thread'];
export function resourceKindString(k: ResourceKind): string {
  return resourceKindNames[k] ?? 'Bad';
}

export class ResourceID {
  constructor(readonly kind: ResourceKind, readonly id: number) {}

  static goroutine(id: GoID): ResourceID {
    return new ResourceID(ResourceKind.Goroutine, id);
  }
  static proc(id: ProcID): ResourceID {
    return new ResourceID(ResourceKind.Proc, id);
  }
  static thread(id: ThreadID): ResourceID {
    return new ResourceID(ResourceKind.Thread, id);
  }

  /** Go's ResourceID.String(): "None", "Goroutine(5)", "Proc(0)"... */
  toString(): string {
    if (this.kind === ResourceKind.None) return 'None';
    return `${resourceKindString(this.kind)}(${i64String(this.id)})`;
  }
}

export const NoResource = new ResourceID(ResourceKind.None, 0);

/**
 * A state transition of a goroutine or a proc. `oldState`/`newState` are
 * GoState values when resource.kind is Goroutine, ProcState values when Proc.
 */
export interface StateTransition {
  resource: ResourceID;
  /** Why the transition happened (GoStop/GoBlock only), e.g. "chan receive". */
  reason: string;
  /** The transition's stack (see Go's Event.StateTransition docs); stack.id 0 = none. */
  stack: Stack;
  oldState: number;
  newState: number;
}
