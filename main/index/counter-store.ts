// Build-time counter step series, one per CounterId: equal-time changes are
// coalesced and repeated values dropped. Each series appends into row chunks
// (time low/high, value) with one bound check per change; integer series
// start at 16 bits per value and widen to 32 once a value needs it, the wide
// series (heap sizes, GOMAXPROCS) keep float64 values.

import { COUNTER_COUNT, counterIsWide } from '../../shared/index/layout';
import { TWO32 } from '../../shared/index/time48';
import { setWideTime } from './row-chunks';

// Big chunks are mmapped and go back to the OS when freed (see point-store.ts).
const BITS = 21;
const CHUNK = 1 << BITS;
const MASK = CHUNK - 1;

type Values = Uint16Array | Int32Array | Float64Array;

export class CounterSeries {
  private loC: (Uint32Array | null)[] = [];
  private hiC: (Uint16Array | null)[] = [];
  private valC: (Values | null)[] = [];
  private cLo: Uint32Array = new Uint32Array(0);
  private cVal: Values = new Uint16Array(0);
  private pos = CHUNK;
  length = 0;
  anyHi = false;
  /** Values need 32 bits (integer series only). */
  valWide = false;
  /** Time and value of the latest change (NaN: none). */
  lastT = NaN;
  lastV = NaN;

  constructor(readonly float: boolean) {}

  push(t: number, v: number): void {
    if (this.pos === CHUNK) this.newChunk();
    if (!this.float && !this.valWide && (v > 0xffff || v < 0)) this.widen();
    const o = this.pos++;
    if (t < TWO32 && t >= 0) this.cLo[o] = t;
    else this.setTimeSlow(this.length, t);
    this.cVal[o] = v;
    this.length++;
    this.lastT = t;
    this.lastV = v;
  }

  time(i: number): number {
    const k = i >>> BITS;
    const h = this.hiC[k];
    const lo = this.loC[k]![i & MASK]!;
    return h === null || h === undefined ? lo : lo + h[i & MASK]! * TWO32;
  }

  value(i: number): number {
    return this.valC[i >>> BITS]![i & MASK]!;
  }

  setTime(i: number, t: number): void {
    if (t < TWO32 && t >= 0) {
      this.loC[i >>> BITS]![i & MASK] = t;
      const h = this.hiC[i >>> BITS];
      if (h) h[i & MASK] = 0;
    } else this.setTimeSlow(i, t);
    if (i === this.length - 1) this.lastT = t;
  }

  setValue(i: number, v: number): void {
    if (!this.float && !this.valWide && (v > 0xffff || v < 0)) this.widen();
    this.valC[i >>> BITS]![i & MASK] = v;
    if (i === this.length - 1) this.lastV = v;
  }

  /** Appends a slot (filled by the caller with setTime/setValue). */
  grow(): void {
    this.push(0, 0);
  }

  pop(): void {
    this.length--;
    this.pos--;
    if (this.pos === 0 && this.length > 0) {
      // Back into the previous chunk: drop the emptied one.
      this.loC.pop();
      this.hiC.pop();
      this.valC.pop();
      this.cLo = this.loC[this.loC.length - 1]!;
      this.cVal = this.valC[this.valC.length - 1]!;
      this.pos = CHUNK;
    }
    this.lastT = this.length > 0 ? this.time(this.length - 1) : NaN;
    this.lastV = this.length > 0 ? this.value(this.length - 1) : NaN;
  }

  /** Copies the times into (lo, hi) at offset (hi: only when some time needs it). */
  copyTimesTo(lo: Uint32Array, hi: Uint16Array, offset: number): void {
    this.each(this.loC, (c, start, m) => lo.set(c.subarray(0, m), offset + start));
    if (this.anyHi) this.each(this.hiC, (c, start, m) => hi.set(c.subarray(0, m), offset + start));
  }

  copyValuesTo(out: Values, offset: number): void {
    this.each(this.valC, (c, start, m) => out.set(c.subarray(0, m), offset + start));
  }

  clear(): void {
    this.loC = [];
    this.hiC = [];
    this.valC = [];
    this.cLo = new Uint32Array(0);
    this.cVal = new Uint16Array(0);
    this.pos = CHUNK;
    this.length = 0;
  }

  private each<T extends Values | Uint32Array>(chunks: (T | null)[], fn: (c: T, start: number, m: number) => void): void {
    for (let k = 0; k < chunks.length; k++) {
      const start = k * CHUNK;
      const c = chunks[k];
      if (c === null || c === undefined || start >= this.length) continue;
      fn(c, start, Math.min(CHUNK, this.length - start));
    }
  }

  private newChunk(): void {
    this.cLo = new Uint32Array(CHUNK);
    this.cVal = this.float ? new Float64Array(CHUNK) : this.valWide ? new Int32Array(CHUNK) : new Uint16Array(CHUNK);
    this.loC.push(this.cLo);
    this.hiC.push(null);
    this.valC.push(this.cVal);
    this.pos = 0;
  }

  private setTimeSlow(i: number, t: number): void {
    this.anyHi = setWideTime(this.loC, this.hiC, BITS, i, t);
  }

  private widen(): void {
    this.valWide = true;
    this.valC = this.valC.map((c) => (c === null ? null : Int32Array.from(c)));
    if (this.valC.length > 0) this.cVal = this.valC[this.valC.length - 1]!;
  }
}

/** Step series, one per CounterId; equal-time changes are coalesced, repeated values dropped. */
export class CounterStore {
  readonly series: CounterSeries[] = [];

  constructor() {
    for (let c = 0; c < COUNTER_COUNT; c++) this.series.push(new CounterSeries(counterIsWide(c)));
  }

  set(c: number, t: number, v: number): void {
    const s = this.series[c]!;
    if (t > s.lastT) {
      // Fast path: a change after the latest one.
      if (s.lastV !== v) s.push(t, v);
      return;
    }
    if (s.length === 0) {
      s.push(t, v);
      return;
    }
    this.setAt(s, t, v);
  }

  /** A change at or before the latest one's time (t ≤ lastT). */
  private setAt(s: CounterSeries, t: number, v: number): void {
    const n = s.length;
    if (s.value(n - 1) === v) return;
    s.setValue(n - 1, v);
    // Coalescing may make it equal to the value before: drop the change.
    if (n > 1 && s.value(n - 2) === v) s.pop();
  }
}
