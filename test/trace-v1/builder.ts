// A tiny writer of v1 traces for tests: events are encoded the way Go's
// runtime writes them (inline up to 3 values, length-prefixed beyond).

export type V = number | bigint;

export class V1Builder {
  private readonly bytes: number[] = [];

  constructor(version: number) {
    const h = `go 1.${version} trace`;
    for (let i = 0; i < 16; i++) this.bytes.push(i < h.length ? h.charCodeAt(i) : 0);
  }

  raw(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }

  zeros(n: number): this {
    for (let i = 0; i < n; i++) this.bytes.push(0);
    return this;
  }

  uv(v: V): this {
    let x = BigInt.asUintN(64, BigInt(v));
    do {
      let c = Number(x & 127n);
      x >>= 7n;
      if (x > 0n) c |= 128;
      this.bytes.push(c);
    } while (x > 0n);
    return this;
  }

  /** An event with explicit values (timestamp delta first for timed events). */
  ev(typ: number, ...vals: V[]): this {
    if (vals.length >= 1 && vals.length <= 3) {
      this.bytes.push(typ | ((vals.length - 1) << 6));
      for (const v of vals) this.uv(v);
    } else {
      this.lenPrefixed(typ, vals);
    }
    return this;
  }

  /** An event in the length-prefixed form whatever its value count. */
  lenPrefixed(typ: number, vals: V[]): this {
    const payload = new V1Builder(0);
    payload.bytes.length = 0;
    for (const v of vals) payload.uv(v);
    this.bytes.push(typ | (3 << 6));
    this.uv(payload.bytes.length);
    this.bytes.push(...payload.bytes);
    return this;
  }

  batch(pid: V, ticks: V): this {
    this.bytes.push(1 | (1 << 6));
    this.uv(pid);
    this.uv(ticks);
    return this;
  }

  str(id: V, s: string): this {
    const b = Buffer.from(s, 'utf8');
    this.bytes.push(37);
    this.uv(id);
    this.uv(b.length);
    this.bytes.push(...b);
    return this;
  }

  freq(f: V): this {
    return this.ev(2, f);
  }

  /** EvStack [id, n, n x {pc, func, file, line}]. */
  stack(id: V, frames: [V, V, V, V][]): this {
    const vals: V[] = [id, frames.length];
    for (const f of frames) vals.push(...f);
    return this.lenPrefixed(3, vals);
  }

  /** EvUserLog [dt, task, key, stack] + value string. */
  userLog(dt: V, task: V, key: V, stk: V, value: string): this {
    this.lenPrefixed(48, [dt, task, key, stk]);
    const b = Buffer.from(value, 'utf8');
    this.uv(b.length);
    this.bytes.push(...b);
    return this;
  }

  bytesOut(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

// v1 event type numbers, for readability in tests.
export const T = {
  Batch: 1,
  Frequency: 2,
  Stack: 3,
  Gomaxprocs: 4,
  ProcStart: 5,
  ProcStop: 6,
  GCStart: 7,
  GCDone: 8,
  STWStart: 9,
  STWDone: 10,
  GCSweepStart: 11,
  GCSweepDone: 12,
  GoCreate: 13,
  GoStart: 14,
  GoEnd: 15,
  GoStop: 16,
  GoSched: 17,
  GoPreempt: 18,
  GoSleep: 19,
  GoBlock: 20,
  GoUnblock: 21,
  GoBlockSend: 22,
  GoBlockRecv: 23,
  GoBlockSelect: 24,
  GoBlockSync: 25,
  GoBlockCond: 26,
  GoBlockNet: 27,
  GoSysCall: 28,
  GoSysExit: 29,
  GoSysBlock: 30,
  GoWaiting: 31,
  GoInSyscall: 32,
  HeapAlloc: 33,
  HeapGoal: 34,
  TimerGoroutine: 35,
  FutileWakeup: 36,
  String: 37,
  GoStartLocal: 38,
  GoUnblockLocal: 39,
  GoSysExitLocal: 40,
  GoStartLabel: 41,
  GoBlockGC: 42,
  GCMarkAssistStart: 43,
  GCMarkAssistDone: 44,
  UserTaskCreate: 45,
  UserTaskEnd: 46,
  UserRegion: 47,
  UserLog: 48,
  CPUSample: 49,
} as const;
