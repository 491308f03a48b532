// Event types of the v2 wire format (Go's internal/trace/tracev2/events.go), with Go's names.
// The spec table (argument names, stack and string argument positions) is in spec.ts.

export const EvNone = 0;
export const EvEventBatch = 1;
export const EvStacks = 2;
export const EvStack = 3;
export const EvStrings = 4;
export const EvString = 5;
export const EvCPUSamples = 6;
export const EvCPUSample = 7;
export const EvFrequency = 8;
export const EvProcsChange = 9;
export const EvProcStart = 10;
export const EvProcStop = 11;
export const EvProcSteal = 12;
export const EvProcStatus = 13;
export const EvGoCreate = 14;
export const EvGoCreateSyscall = 15;
export const EvGoStart = 16;
export const EvGoDestroy = 17;
export const EvGoDestroySyscall = 18;
export const EvGoStop = 19;
export const EvGoBlock = 20;
export const EvGoUnblock = 21;
export const EvGoSyscallBegin = 22;
export const EvGoSyscallEnd = 23;
export const EvGoSyscallEndBlocked = 24;
export const EvGoStatus = 25;
export const EvSTWBegin = 26;
export const EvSTWEnd = 27;
export const EvGCActive = 28;
export const EvGCBegin = 29;
export const EvGCEnd = 30;
export const EvGCSweepActive = 31;
export const EvGCSweepBegin = 32;
export const EvGCSweepEnd = 33;
export const EvGCMarkAssistActive = 34;
export const EvGCMarkAssistBegin = 35;
export const EvGCMarkAssistEnd = 36;
export const EvHeapAlloc = 37;
export const EvHeapGoal = 38;
export const EvGoLabel = 39;
export const EvUserTaskBegin = 40;
export const EvUserTaskEnd = 41;
export const EvUserRegionBegin = 42;
export const EvUserRegionEnd = 43;
export const EvUserLog = 44;
export const EvGoSwitch = 45;
export const EvGoSwitchDestroy = 46;
export const EvGoCreateBlocked = 47;
export const EvGoStatusStack = 48;
export const EvExperimentalBatch = 49;
export const EvSync = 50;
export const EvClockSnapshot = 51;
export const EvEndOfGeneration = 52;
export const NumEvents = 53;

/** The type Go gives synthesized Sync events (^EventType(0)). */
export const evSync = 255;

export const MaxEvent = 127;
export const EvSpan = 128;
export const EvSpanAlloc = 129;
export const EvSpanFree = 130;
export const EvHeapObject = 131;
export const EvHeapObjectAlloc = 132;
export const EvHeapObjectFree = 133;
export const EvGoroutineStack = 134;
export const EvGoroutineStackAlloc = 135;
export const EvGoroutineStackFree = 136;
export const MaxExperimentalEvent = 137;

export function isExperimentalEvent(t: number): boolean {
  return t > MaxEvent && t < MaxExperimentalEvent;
}

export const NoExperiment = 0;
export const AllocFree = 1;
export const EXPERIMENTS = ['None', 'AllocFree'];

// Wire GoStatus values.
export const GoBad = 0;
export const GoRunnable = 1;
export const GoRunning = 2;
export const GoSyscall = 3;
export const GoWaiting = 4;

// Wire ProcStatus values.
export const ProcBad = 0;
export const ProcRunning = 1;
export const ProcIdle = 2;
export const ProcSyscall = 3;
export const ProcSyscallAbandoned = 4;
