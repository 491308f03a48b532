// Go's postProcessTrace (tracev1/parser.go): inter-event validation of the
// ordered v1 events, one event at a time, plus what the converter needs from
// the same walk (Go's GoSysCall lookahead, NetpollP unblocks).

import { TraceError } from '../errors';
import { u64String } from '../u64';
import { goQuote } from '../quote';
import { Ev, FakeProc, EVENT_DESCRIPTIONS } from './events';
import { NumMap } from './nummap';
import { DENSE_G_LIMIT } from './order';

// Goroutine flags: state | PRESENT (in Go's gs map) | BLOCKNET (g.ev is an
// EvGoBlockNet) | ASSIST (g.evMarkAssist != nil).
const ST = 3;
const PRESENT = 4;
const BLOCKNET = 8;
const ASSIST = 16;
const gDead = 0;
const gRunnable = 1;
const gRunning = 2;
const gWaiting = 3;
// P flags.
const P_RUNNING = 1;
const P_SWEEP = 2;

const TWO63 = 9223372036854775808;

/** Go's %d of an int64 held in a double. */
export function fmtInt(x: number): string {
  return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
}

/** Go's Timestamp(float64(ts - minTs) * freq) (amd64 float->int64 conversion). */
export function toNs(ts: number, minTs: number, freq: number): number {
  const x = (ts - minTs) * freq;
  if (!(x < TWO63 && x > -TWO63)) return -TWO63;
  return Math.trunc(x) + 0; // + 0: no -0
}

/** Per-goroutine byte of flags: dense for small IDs, hashed otherwise. */
export class GFlags {
  dense = new Uint8Array(1024);
  private readonly m = new NumMap(64);

  get(g: number): number {
    if (g >= 0 && g < this.dense.length) return this.dense[g]!;
    if (g >= 0 && g < DENSE_G_LIMIT) return 0;
    return this.m.get0(g, 0);
  }

  set(g: number, v: number): void {
    if (g >= 0 && g < DENSE_G_LIMIT) {
      if (g >= this.dense.length) {
        let n = this.dense.length;
        while (n <= g) n *= 2;
        const d = new Uint8Array(Math.min(n, DENSE_G_LIMIT));
        d.set(this.dense);
        this.dense = d;
      }
      this.dense[g] = v;
    } else {
      this.m.set0(g, v);
    }
  }
}

/** postProcessTrace's ps map: P -> {running, sweeping flags; g}. Direct slots for small P IDs. */
class PTable {
  flags = new Float64Array(1025);
  g = new Float64Array(1025);
  private readonly big = new Map<number, number>();

  /** The slot of P (created on first use). */
  slot(p: number): number {
    if (p >= -1 && p < 1024) return p + 1;
    let s = this.big.get(p);
    if (s === undefined) {
      s = this.flags.length;
      const f = new Float64Array(s + 1);
      f.set(this.flags);
      this.flags = f;
      const g = new Float64Array(s + 1);
      g.set(this.g);
      this.g = g;
      this.big.set(p, s);
    }
    return s;
  }

  getG(p: number): number {
    if (p >= -1 && p < 1024) return this.g[p + 1]!;
    const s = this.big.get(p);
    return s === undefined ? 0 : this.g[s]!;
  }
}

/** Event records kept for messages (tasks, regions); ts raw. */
class RecPool {
  typ: number[] = [];
  ts: number[] = [];
  p: number[] = [];
  g: number[] = [];
  stk: number[] = [];
  a0: number[] = [];
  a1: number[] = [];
  a2: number[] = [];
  private readonly freeList: number[] = [];

  add(typ: number, ts: number, p: number, g: number, stk: number, a0: number, a1: number, a2: number): number {
    const r = this.freeList.length > 0 ? this.freeList.pop()! : this.typ.length;
    this.typ[r] = typ;
    this.ts[r] = ts;
    this.p[r] = p;
    this.g[r] = g;
    this.stk[r] = stk;
    this.a0[r] = a0;
    this.a1[r] = a1;
    this.a2[r] = a2;
    return r;
  }

  free(r: number): void {
    this.freeList.push(r);
  }
}

/**
 * The state of Go's postProcessTrace loop. `step` is one iteration; it
 * returns false on a violation (the error is in `err`, with Go's message
 * when `messages` is on).
 */
export class PostProcessor {
  readonly gs = new GFlags();
  private readonly ps = new PTable();
  private readonly pool = new RecPool();
  private readonly tasks = new Map<number, number>(); // task id -> record of its creation event
  private readonly activeRegions = new Map<number, number[]>(); // goroutine -> records of its open regions
  private evGC = false;
  private evSTW = false;
  // The converter's GoSysCall lookahead: G -> merged index of its pending GoSysCall.
  private readonly pending = new Map<number, number>();
  /** The live merge only: G -> raw timestamp of its pending GoSysCall. */
  pendingTs: Map<number, number> | null = null;
  /** For messages: Go's converted Ts of a raw timestamp. */
  nsOf: (ts: number) => number = (ts) => ts;
  err: TraceError | null = null;

  /**
   * The raw timestamp of the event given to the next step() call (a field
   * rather than an argument: doubles passed to calls may get boxed).
   */
  ts = 0;

  // The current event (step's arguments), for messages.
  private typ = 0;
  private p = 0;
  private g = 0;
  private a0 = 0;
  private a1 = 0;
  private a2 = 0;
  private stk = 0;
  private off = 0;

  /**
   * @param flags one bit per merged index, set for a GoUnblock moved to
   *   NetpollP and for a GoSysCall whose goroutine's next event is GoSysBlock
   * @param hasStack postProcessTrace's "stack exists and is not empty" test
   * @param messages whether to build Go's error messages
   */
  constructor(
    private readonly flags: Uint8Array,
    private readonly hasStack: (id: number) => boolean,
    private readonly messages: boolean,
  ) {
    this.gs.set(0, gRunning | PRESENT);
  }

  private fail(msg: () => string): false {
    this.err = new TraceError(this.messages ? msg() : 'postProcessTrace', this.off);
    return false;
  }

  private time(): string {
    return `(time ${fmtInt(this.nsOf(this.ts))})`;
  }

  private checkRunning(g: number, pg: number, allowG0: boolean): boolean {
    if ((g & ST) !== gRunning) return this.fail(() => `g ${u64String(this.g)} is not running while ${this.name()} ${this.time()}`);
    if (pg !== this.g) return this.fail(() => `p ${this.p} is not running g ${u64String(this.g)} while ${this.name()} ${this.time()}`);
    if (!allowG0 && this.g === 0) return this.fail(() => `g 0 did ${this.name()} ${this.time()}`);
    return true;
  }

  private name(): string {
    return EVENT_DESCRIPTIONS[this.typ]!.name;
  }

  /** Go's (*Event).String() of a record. */
  private recString(r: number): string {
    const pool = this.pool;
    const desc = EVENT_DESCRIPTIONS[pool.typ[r]!]!;
    const ts = this.nsOf(pool.ts[r]!);
    let s = `${fmtInt(ts)} ${desc.name} p=${pool.p[r]} g=${u64String(pool.g[r]!)} stk=${pool.stk[r]}`;
    const args = [pool.a0[r]!, pool.a1[r]!, pool.a2[r]!];
    for (let i = 0; i < desc.args.length; i++) s += ` ${desc.args[i]}=${u64String(args[i] ?? 0)}`;
    return s;
  }

  private cur(): number {
    return this.pool.add(this.typ, this.ts, this.p, this.g, this.stk, this.a0, this.a1, this.a2);
  }

  private zeroStack(stk: number): number {
    return stk !== 0 && !this.hasStack(stk) ? 0 : stk;
  }

  /**
   * One iteration of postProcessTrace for an event with its final type and
   * P (TimerP/SyscallP applied), raw ts (in the field), and merged index k. Returns the P
   * postProcessTrace leaves (NetpollP, GCP) or NaN on a violation.
   */
  step(typ: number, p: number, G: number, a0: number, a1: number, a2: number, stk: number, k: number, off: number): number {
    this.typ = typ;
    this.p = p;
    this.g = G;
    this.a0 = a0;
    this.a1 = a1;
    this.a2 = a2;
    this.stk = stk;
    this.off = off;
    const gs = this.gs;
    const ps = this.ps;

    if (G !== 0 && this.pending.size > 0) {
      const pk = this.pending.get(G);
      if (pk !== undefined) {
        if (typ === Ev.GoSysBlock) this.flags[pk >> 3]! |= 1 << (pk & 7);
        this.pending.delete(G);
        this.pendingTs?.delete(G);
      }
    }

    switch (typ) {
      case Ev.ProcStart: {
        const s = ps.slot(p);
        if ((ps.flags[s]! & P_RUNNING) !== 0) return this.bad(() => `p ${p} is running before start ${this.time()}`);
        ps.flags[s] = ps.flags[s]! | P_RUNNING;
        break;
      }
      case Ev.ProcStop: {
        const s = ps.slot(p);
        if ((ps.flags[s]! & P_RUNNING) === 0) return this.bad(() => `p ${p} is not running before stop ${this.time()}`);
        if (ps.g[s] !== 0) return this.bad(() => `p ${p} is running a goroutine ${u64String(ps.g[s]!)} during stop ${this.time()}`);
        ps.flags[s] = ps.flags[s]! & ~P_RUNNING;
        break;
      }
      case Ev.GCStart:
        if (this.evGC) return this.bad(() => `previous GC is not ended before a new one ${this.time()}`);
        this.evGC = true;
        // Attribute this to the global GC state.
        p = FakeProc.GCP;
        break;
      case Ev.GCDone:
        if (!this.evGC) return this.bad(() => `bogus GC end ${this.time()}`);
        this.evGC = false;
        break;
      case Ev.STWStart:
        if (this.evSTW) return this.bad(() => `previous STW is not ended before a new one ${this.time()}`);
        this.evSTW = true;
        break;
      case Ev.STWDone:
        if (!this.evSTW) return this.bad(() => `bogus STW end ${this.time()}`);
        this.evSTW = false;
        break;
      case Ev.GCSweepStart: {
        const s = ps.slot(p);
        if ((ps.flags[s]! & P_SWEEP) !== 0) return this.bad(() => `previous sweeping is not ended before a new one ${this.time()}`);
        ps.flags[s] = ps.flags[s]! | P_SWEEP;
        break;
      }
      case Ev.GCMarkAssistStart: {
        const g = gs.get(G);
        if ((g & ASSIST) !== 0) return this.bad(() => `previous mark assist is not ended before a new one ${this.time()}`);
        gs.set(G, g | ASSIST | PRESENT);
        break;
      }
      case Ev.GCMarkAssistDone:
        // Unlike most events, mark assists can be in progress when a
        // goroutine starts tracing, so we can't report an error here.
        gs.set(G, (gs.get(G) & ~ASSIST) | PRESENT);
        break;
      case Ev.GCSweepDone: {
        const s = ps.slot(p);
        if ((ps.flags[s]! & P_SWEEP) === 0) return this.bad(() => `bogus sweeping end ${this.time()}`);
        ps.flags[s] = ps.flags[s]! & ~P_SWEEP;
        break;
      }
      case Ev.GoWaiting:
      case Ev.GoInSyscall: {
        const g = gs.get(G);
        if ((g & ST) !== gRunnable) {
          return this.bad(
            () => `g ${u64String(G)} is not runnable before ${typ === Ev.GoWaiting ? 'EvGoWaiting' : 'EvGoInSyscall'} ${this.time()}`,
          );
        }
        gs.set(G, (g & ~(ST | BLOCKNET)) | gWaiting | PRESENT);
        break;
      }
      case Ev.GoCreate:
        if (!this.checkRunning(gs.get(G), ps.getG(p), true)) return NaN;
        if ((gs.get(a0) & PRESENT) !== 0) return this.bad(() => `g ${u64String(a0)} already exists ${this.time()}`);
        gs.set(a0, gRunnable | PRESENT);
        break;
      case Ev.GoStart:
      case Ev.GoStartLabel: {
        const g = gs.get(G);
        const s = ps.slot(p);
        if ((g & ST) !== gRunnable) return this.bad(() => `g ${u64String(G)} is not runnable before start ${this.time()}`);
        if (ps.g[s] !== 0) {
          return this.bad(() => `p ${p} is already running g ${u64String(ps.g[s]!)} while start g ${u64String(G)} ${this.time()}`);
        }
        ps.g[s] = G;
        gs.set(G, (g & ~(ST | BLOCKNET)) | gRunning | PRESENT);
        break;
      }
      case Ev.GoEnd:
      case Ev.GoStop: {
        const g = gs.get(G);
        const s = ps.slot(p);
        if (!this.checkRunning(g, ps.g[s]!, false)) return NaN;
        ps.g[s] = 0;
        if (typ === Ev.GoEnd) {
          // flush all active regions
          const rs = this.activeRegions.get(G);
          if (rs !== undefined) {
            for (const r of rs) this.pool.free(r);
            this.activeRegions.delete(G);
          }
        }
        gs.set(G, (g & ~ST) | gDead | PRESENT);
        break;
      }
      case Ev.GoSched:
      case Ev.GoPreempt: {
        const g = gs.get(G);
        const s = ps.slot(p);
        if (!this.checkRunning(g, ps.g[s]!, false)) return NaN;
        ps.g[s] = 0;
        gs.set(G, (g & ~(ST | BLOCKNET)) | gRunnable | PRESENT);
        break;
      }
      case Ev.GoUnblock: {
        const g = gs.get(G);
        if ((g & ST) !== gRunning) return this.bad(() => `g ${u64String(G)} is not running while unpark ${this.time()}`);
        if (p !== FakeProc.TimerP && ps.getG(p) !== G) {
          return this.bad(() => `p ${p} is not running g ${u64String(G)} while unpark ${this.time()}`);
        }
        const g1 = gs.get(a0);
        if ((g1 & ST) !== gWaiting) return this.bad(() => `g ${u64String(a0)} is not waiting before unpark ${this.time()}`);
        if ((g1 & BLOCKNET) !== 0) {
          this.flags[k >> 3]! |= 1 << (k & 7);
          p = FakeProc.NetpollP;
        }
        gs.set(a0, (g1 & ~(ST | BLOCKNET)) | gRunnable | PRESENT);
        break;
      }
      case Ev.GoSysCall: {
        const g = gs.get(G);
        if (!this.checkRunning(g, ps.getG(p), false)) return NaN;
        gs.set(G, (g & ~BLOCKNET) | PRESENT);
        break;
      }
      case Ev.GoSysBlock: {
        const g = gs.get(G);
        const s = ps.slot(p);
        if (!this.checkRunning(g, ps.g[s]!, false)) return NaN;
        ps.g[s] = 0;
        gs.set(G, (g & ~ST) | gWaiting | PRESENT);
        break;
      }
      case Ev.GoSysExit: {
        const g = gs.get(G);
        if ((g & ST) !== gWaiting) return this.bad(() => `g ${u64String(G)} is not waiting during syscall exit ${this.time()}`);
        gs.set(G, (g & ~(ST | BLOCKNET)) | gRunnable | PRESENT);
        break;
      }
      case Ev.GoSleep:
      case Ev.GoBlock:
      case Ev.GoBlockSend:
      case Ev.GoBlockRecv:
      case Ev.GoBlockSelect:
      case Ev.GoBlockSync:
      case Ev.GoBlockCond:
      case Ev.GoBlockNet:
      case Ev.GoBlockGC: {
        const g = gs.get(G);
        const s = ps.slot(p);
        if (!this.checkRunning(g, ps.g[s]!, false)) return NaN;
        ps.g[s] = 0;
        gs.set(G, (g & ~(ST | BLOCKNET)) | gWaiting | (typ === Ev.GoBlockNet ? BLOCKNET : 0) | PRESENT);
        break;
      }
      case Ev.UserTaskCreate: {
        const prev = this.tasks.get(a0);
        if (prev !== undefined) {
          return this.bad(() => `task id conflicts (id:${u64String(a0)}), ${goQuote(this.recString(this.cur()))} vs ${goQuote(this.recString(prev))}`);
        }
        const r = this.cur();
        this.pool.stk[r] = this.zeroStack(stk);
        this.tasks.set(a0, r);
        break;
      }
      case Ev.UserTaskEnd: {
        const r = this.tasks.get(a0);
        if (r !== undefined) {
          this.pool.free(r);
          this.tasks.delete(a0);
        }
        break;
      }
      case Ev.UserRegion: {
        const regions = this.activeRegions.get(G);
        if (a1 === 0) {
          // region start: push
          const r = this.cur();
          this.pool.stk[r] = this.zeroStack(stk);
          if (regions === undefined) this.activeRegions.set(G, [r]);
          else regions.push(r);
        } else if (a1 === 1) {
          // region end
          const nr = regions === undefined ? 0 : regions.length;
          if (nr > 0) {
            // matching region start event is in the trace.
            const s = regions![nr - 1]!;
            if (this.pool.a0[s] !== a0 || this.pool.a2[s] !== a2) {
              // task id, region name mismatch
              return this.bad(
                () =>
                  `misuse of region in goroutine ${u64String(G)}: span end ${goQuote(this.recString(this.cur()))} when the inner-most active span start event is ${goQuote(this.recString(s))}`,
              );
            }
            this.pool.free(s);
            if (nr > 1) regions!.pop();
            else this.activeRegions.delete(G);
          }
        } else {
          return this.bad(() => `invalid user region mode: ${goQuote(this.recString(this.cur()))}`);
        }
        break;
      }
    }

    if (typ === Ev.GoSysCall) {
      this.pending.set(G, k);
      this.pendingTs?.set(G, this.ts);
    }
    return p;
  }

  private bad(msg: () => string): number {
    this.fail(msg);
    return NaN;
  }
}
