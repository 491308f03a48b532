// v1 event types and descriptions (Go's internal/trace/internal/tracev1/parser.go:
// EventType constants and EventDescriptions), Go 1.11–1.21 traces.

/** v1 event types (Go's tracev1.Ev*; a const enum so that switches compile to constants). */
export const enum Ev {
  None = 0, // unused
  Batch = 1, // start of per-P batch of events [pid, timestamp]
  Frequency = 2, // contains tracer timer frequency [frequency (ticks per second)]
  Stack = 3, // stack [stack id, number of PCs, array of {PC, func string ID, file string ID, line}]
  Gomaxprocs = 4, // current value of GOMAXPROCS [timestamp, GOMAXPROCS, stack id]
  ProcStart = 5, // start of P [timestamp, thread id]
  ProcStop = 6, // stop of P [timestamp]
  GCStart = 7, // GC start [timestamp, seq, stack id]
  GCDone = 8, // GC done [timestamp]
  STWStart = 9, // GC mark termination start [timestamp, kind]
  STWDone = 10, // GC mark termination done [timestamp]
  GCSweepStart = 11, // GC sweep start [timestamp, stack id]
  GCSweepDone = 12, // GC sweep done [timestamp, swept, reclaimed]
  GoCreate = 13, // goroutine creation [timestamp, new goroutine id, new stack id, stack id]
  GoStart = 14, // goroutine starts running [timestamp, goroutine id, seq]
  GoEnd = 15, // goroutine ends [timestamp]
  GoStop = 16, // goroutine stops (like in select{}) [timestamp, stack]
  GoSched = 17, // goroutine calls Gosched [timestamp, stack]
  GoPreempt = 18, // goroutine is preempted [timestamp, stack]
  GoSleep = 19, // goroutine calls Sleep [timestamp, stack]
  GoBlock = 20, // goroutine blocks [timestamp, stack]
  GoUnblock = 21, // goroutine is unblocked [timestamp, goroutine id, seq, stack]
  GoBlockSend = 22, // goroutine blocks on chan send [timestamp, stack]
  GoBlockRecv = 23, // goroutine blocks on chan recv [timestamp, stack]
  GoBlockSelect = 24, // goroutine blocks on select [timestamp, stack]
  GoBlockSync = 25, // goroutine blocks on Mutex/RWMutex [timestamp, stack]
  GoBlockCond = 26, // goroutine blocks on Cond [timestamp, stack]
  GoBlockNet = 27, // goroutine blocks on network [timestamp, stack]
  GoSysCall = 28, // syscall enter [timestamp, stack]
  GoSysExit = 29, // syscall exit [timestamp, goroutine id, seq, real timestamp]
  GoSysBlock = 30, // syscall blocks [timestamp]
  GoWaiting = 31, // denotes that goroutine is blocked when tracing starts [timestamp, goroutine id]
  GoInSyscall = 32, // denotes that goroutine is in syscall when tracing starts [timestamp, goroutine id]
  HeapAlloc = 33, // gcController.heapLive change [timestamp, heap live bytes]
  HeapGoal = 34, // gcController.heapGoal change [timestamp, heap goal bytes]
  TimerGoroutine = 35, // denotes timer goroutine [timer goroutine id]
  FutileWakeup = 36, // denotes that the previous wakeup of this goroutine was futile [timestamp]
  String = 37, // string dictionary entry [ID, length, string]
  GoStartLocal = 38, // goroutine starts running on the same P as the last event [timestamp, goroutine id]
  GoUnblockLocal = 39, // goroutine is unblocked on the same P as the last event [timestamp, goroutine id, stack]
  GoSysExitLocal = 40, // syscall exit on the same P as the last event [timestamp, goroutine id, real timestamp]
  GoStartLabel = 41, // goroutine starts running with label [timestamp, goroutine id, seq, label string id]
  GoBlockGC = 42, // goroutine blocks on GC assist [timestamp, stack]
  GCMarkAssistStart = 43, // GC mark assist start [timestamp, stack]
  GCMarkAssistDone = 44, // GC mark assist done [timestamp]
  UserTaskCreate = 45, // trace.NewTask [timestamp, internal task id, internal parent id, stack, name string]
  UserTaskEnd = 46, // end of task [timestamp, internal task id, stack]
  UserRegion = 47, // trace.WithRegion [timestamp, internal task id, mode(0:start, 1:end), name string]
  UserLog = 48, // trace.Log [timestamp, internal id, key string id, stack, value string]
  CPUSample = 49, // CPU profiling sample [timestamp, stack, real timestamp, real P id (-1 when absent), goroutine id]
  Count = 50,
}

/** Go's EventDescriptions[typ]: name, minimum version, whether the last value is a stack ID, argument names. */
export interface V1EventDesc {
  readonly name: string;
  readonly minVersion: number;
  readonly stack: boolean;
  readonly args: readonly string[];
}

function d(name: string, minVersion: number, stack: boolean, args: string[]): V1EventDesc {
  return { name, minVersion, stack, args };
}

export const EVENT_DESCRIPTIONS: readonly V1EventDesc[] = [
  d('None', 5, false, []),
  d('Batch', 5, false, ['p', 'ticks']),
  d('Frequency', 5, false, ['freq']),
  d('Stack', 5, false, ['id', 'siz']),
  d('Gomaxprocs', 5, true, ['procs']),
  d('ProcStart', 5, false, ['thread']),
  d('ProcStop', 5, false, []),
  d('GCStart', 5, true, ['seq']),
  d('GCDone', 5, false, []),
  d('GCSTWStart', 5, false, ['kindid']),
  d('GCSTWDone', 5, false, []),
  d('GCSweepStart', 5, true, []),
  d('GCSweepDone', 5, false, ['swept', 'reclaimed']),
  d('GoCreate', 5, true, ['g', 'stack']),
  d('GoStart', 5, false, ['g', 'seq']),
  d('GoEnd', 5, false, []),
  d('GoStop', 5, true, []),
  d('GoSched', 5, true, []),
  d('GoPreempt', 5, true, []),
  d('GoSleep', 5, true, []),
  d('GoBlock', 5, true, []),
  d('GoUnblock', 5, true, ['g', 'seq']),
  d('GoBlockSend', 5, true, []),
  d('GoBlockRecv', 5, true, []),
  d('GoBlockSelect', 5, true, []),
  d('GoBlockSync', 5, true, []),
  d('GoBlockCond', 5, true, []),
  d('GoBlockNet', 5, true, []),
  d('GoSysCall', 5, true, []),
  d('GoSysExit', 5, false, ['g', 'seq', 'ts']),
  d('GoSysBlock', 5, false, []),
  d('GoWaiting', 5, false, ['g']),
  d('GoInSyscall', 5, false, ['g']),
  d('HeapAlloc', 5, false, ['mem']),
  d('HeapGoal', 5, false, ['mem']),
  d('TimerGoroutine', 5, false, ['g']),
  d('FutileWakeup', 5, false, []),
  d('String', 7, false, []),
  d('GoStartLocal', 7, false, ['g']),
  d('GoUnblockLocal', 7, true, ['g']),
  d('GoSysExitLocal', 7, false, ['g', 'ts']),
  d('GoStartLabel', 8, false, ['g', 'seq', 'labelid']),
  d('GoBlockGC', 8, true, []),
  d('GCMarkAssistStart', 9, true, []),
  d('GCMarkAssistDone', 9, false, []),
  d('UserTaskCreate', 11, true, ['taskid', 'pid', 'typeid']),
  d('UserTaskEnd', 11, true, ['taskid']),
  d('UserRegion', 11, true, ['taskid', 'mode', 'typeid']),
  d('UserLog', 11, true, ['id', 'keyid']),
  d('CPUSample', 19, true, ['ts', 'p', 'g']),
];

/** Per type: whether the last value is a stack ID (0/1), for hot loops. */
export const HAS_STACK = new Uint8Array(64);
/** Per type: Go's rawEvent.argNum() (total values incl. timestamp and stack), for types other than EvStack. */
export const ARG_NUM = new Uint8Array(64);
/** Per type: minimum header version. 255 for types outside the table. */
export const MIN_VERSION = new Uint8Array(64).fill(255);

for (let t = 0; t < Ev.Count; t++) {
  const desc = EVENT_DESCRIPTIONS[t]!;
  HAS_STACK[t] = desc.stack ? 1 : 0;
  MIN_VERSION[t] = desc.minVersion;
  let narg = desc.args.length + (desc.stack ? 1 : 0);
  if (t !== Ev.Batch && t !== Ev.Frequency && t !== Ev.TimerGoroutine) narg++; // timestamp
  ARG_NUM[t] = narg;
}

/**
 * Per type: 1 when the event ends the P's current goroutine (Go's parser sets
 * lastG = 0 after it): goroutine end, stop, yield, sleep and every block.
 */
export const CLEARS_LAST_G = new Uint8Array(64);
for (const t of [
  Ev.GoEnd, Ev.GoStop, Ev.GoSched, Ev.GoPreempt, Ev.GoSleep, Ev.GoBlock, Ev.GoBlockSend, Ev.GoBlockRecv,
  Ev.GoBlockSelect, Ev.GoBlockSync, Ev.GoBlockCond, Ev.GoBlockNet, Ev.GoSysBlock, Ev.GoBlockGC,
]) {
  CLEARS_LAST_G[t] = 1;
}

// Special P identifiers (Go's FakeP, TimerP...).
export const enum FakeProc {
  FakeP = 1000000,
  TimerP = 1000001, // contains timer unblocks
  NetpollP = 1000002, // contains network unblocks
  SyscallP = 1000003, // contains returns from syscalls
  GCP = 1000004, // contains GC state
  ProfileP = 1000005, // contains recording of CPU profile samples
}

// STW reasons (Go's tracev1.STWReason).
export const NumSTWReasons = 17;

/** Go's Trace.STWReason(kindID): kind is a u64-encoded number. */
export function stwReason(version: number, kindID: number): number {
  if (version < 21) {
    if (kindID === 0 || kindID === 1) return kindID + 1;
    return 0;
  } else if (version === 21) {
    if (kindID >= 0 && kindID < NumSTWReasons) return kindID;
    return 0;
  }
  return 0;
}
