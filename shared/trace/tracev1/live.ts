// The live mode of the v1 parser (parser.ts, startLiveV1): the merge in
// progress (LiveMerge), the queue of events it decoded for the cursor
// (LiveQueue), its horizon, and how it gives up (V1LiveRestart).

/**
 * Thrown by a live merge (Parser.startLive) that cannot go on or cannot be
 * used: the events already returned may not be Go's. Read the trace again
 * with parseV1 (which also gives Go's error, if there is one).
 */
export class V1LiveRestart extends Error {
  constructor(why: string, options?: { cause?: unknown }) {
    super(`v1 live merge: ${why}`, options);
    this.name = 'V1LiveRestart';
  }
}

/**
 * A merge in progress (the live mode): the cursor converts events while the
 * merge goes on, up to the horizon, before which no event can still arrive.
 * Events can arrive before an event already merged in two ways: a GoSysExit
 * moved back to its real time (at or after its goroutine's GoSysBlock or
 * GoInSyscall), and a GoSysCall's flag, set when its goroutine's next event
 * is merged (the converter's lookahead). So the horizon is the earliest
 * timestamp of a syscall whose exit, and of a GoSysCall whose goroutine's
 * next event, is not merged yet.
 */
export class LiveMerge {
  /** Merged events with timestamps (raw ticks) below this one are final. */
  horizon = -Infinity;
  /** Moved GoSysExits merged so far (TraceV1.mK etc. hold them). */
  nMoved = 0;
  /** Whether the minimum timestamp (TraceV1.minTs) is known. */
  minSet = false;
  /** Events merged so far. */
  merged = 0;
  done = false;
  /** Tests: steps after which to give up. */
  giveUpAfter = Infinity;
  private steps = 0;

  constructor(private readonly merge: Generator<void, void, void>) {}

  /** Merges some more events. Throws V1LiveRestart on any problem. */
  step(): void {
    if (this.done) return;
    if (++this.steps > this.giveUpAfter) throw new V1LiveRestart('giving up (a test)');
    try {
      if (this.merge.next().done === true) this.done = true;
    } catch (e) {
      if (e instanceof V1LiveRestart) throw e;
      throw new V1LiveRestart('the merge failed', { cause: e });
    }
  }
}

/**
 * The live mode: the unmoved events the merge decoded, in merged order, for
 * the cursor, which so need not decode them again. Bounded: should the
 * cursor lag too far (a syscall blocked for a long time holds the horizon
 * back), the queue stops at merged index `overflowAt` and the cursor decodes
 * from there on, as in the ordinary mode.
 */
export class LiveQueue {
  /** At most this many events (~80 MiB; tests make it small). */
  static max = 1 << 20;
  private static initial(): number {
    return Math.min(8192, LiveQueue.max);
  }
  typ = new Uint8Array(LiveQueue.initial());
  ts = new Float64Array(LiveQueue.initial());
  p = new Float64Array(LiveQueue.initial());
  g = new Float64Array(LiveQueue.initial());
  a0 = new Float64Array(LiveQueue.initial());
  a1 = new Float64Array(LiveQueue.initial());
  a2 = new Float64Array(LiveQueue.initial());
  a3 = new Float64Array(LiveQueue.initial());
  stk = new Float64Array(LiveQueue.initial());
  off = new Float64Array(LiveQueue.initial());
  k = new Float64Array(LiveQueue.initial());
  head = 0;
  tail = 0;
  /** The merged index of the first event not queued, or -1. */
  overflowAt = -1;

  /** Makes room for one more event (merged index k), or stops queueing. */
  makeRoom(k: number): void {
    const n = this.tail - this.head;
    const cap = this.ts.length;
    if (this.head > 0 && n <= cap / 2) {
      for (const c of [this.typ, this.ts, this.p, this.g, this.a0, this.a1, this.a2, this.a3, this.stk, this.off, this.k]) c.copyWithin(0, this.head, this.tail);
    } else if (cap < LiveQueue.max) {
      const grow = <T extends Uint8Array | Float64Array>(c: T): T => {
        const b = new (c.constructor as new (n: number) => T)(cap * 2);
        b.set(c.subarray(this.head, this.tail));
        return b;
      };
      this.typ = grow(this.typ);
      this.ts = grow(this.ts);
      this.p = grow(this.p);
      this.g = grow(this.g);
      this.a0 = grow(this.a0);
      this.a1 = grow(this.a1);
      this.a2 = grow(this.a2);
      this.a3 = grow(this.a3);
      this.stk = grow(this.stk);
      this.off = grow(this.off);
      this.k = grow(this.k);
    } else {
      this.overflowAt = k;
      return;
    }
    this.head = 0;
    this.tail = n;
  }
}

export function liveHorizon(openSys: Map<number, number>, pending: Map<number, number>): number {
  let h = Infinity;
  for (const t of openSys.values()) if (t < h) h = t;
  for (const t of pending.values()) if (t < h) h = t;
  return h;
}
