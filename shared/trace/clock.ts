// Timestamp conversion exactly as Go's frequency.mul: Time(float64(ts) * freq),
// i.e. uint64 → float64 (round to nearest even), one float64 multiply,
// truncation toward zero to int64 (amd64 semantics: NaN and out-of-range
// products give math.MinInt64). Results are kept relative to the reader's
// timeBase (see base.ts); BigInt is only used off the fast path.

import { u64ToBig } from './u64';

const TWO53 = 9007199254740992;
const TWO63 = 9223372036854775808;
const MIN_INT64 = -(1n << 63n);

/** Go's float64 → int64 conversion of an already multiplied value, exactly (as a bigint). */
export function float64ToInt64(p: number): bigint {
  if (!(p < TWO63 && p >= -TWO63)) return MIN_INT64; // NaN or out of range (amd64 CVTTSD2SQ).
  return BigInt(Math.trunc(p));
}

/** float64(ts) for a u64-encoded ts. */
export function u64ToFloat(ts: number): number {
  return ts >= 0 ? ts : Number(u64ToBig(ts));
}

/** Go's frequency.mul(ts) as an exact absolute int64 (bigint). */
export function mulAbs(ts: number, freq: number): bigint {
  return float64ToInt64(u64ToFloat(ts) * freq);
}

/** Converts between Go's absolute int64 times and the reader's relative Times. */
export class Clock {
  private base = 0n;
  private baseNum = 0;
  private baseSafe = true;

  constructor(timeBase = 0n) {
    this.setBase(timeBase);
  }

  get timeBase(): bigint {
    return this.base;
  }

  setBase(b: bigint): void {
    this.base = b;
    this.baseNum = Number(b);
    this.baseSafe = b < 9007199254740992n && b > -9007199254740992n;
  }

  /** Relative Time of an absolute int64 time. */
  rel(abs: bigint): number {
    return Number(abs - this.base);
  }

  /** Relative Time of Go's frequency.mul(ts), ts a u64-encoded raw timestamp. */
  mulRel(ts: number, freq: number): number {
    if (ts >= 0 && this.baseSafe) {
      const p = ts * freq;
      if (p < TWO53 && p > -TWO53) return Math.trunc(p) - this.baseNum;
    }
    return Number(mulAbs(ts, freq) - this.base);
  }
}

/** Go's frequency.mul(dt) for a timestamp delta, as a number (exact below 2^53). */
export function mulDelta(dt: number, freq: number): number {
  if (dt >= 0) {
    const p = dt * freq;
    if (p < TWO53 && p > -TWO53) return Math.trunc(p);
  }
  return Number(mulAbs(dt, freq));
}
