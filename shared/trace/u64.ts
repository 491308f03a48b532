// Exact unsigned 64-bit values kept in JavaScript numbers.
//
// Every integer in a trace is a uint64 on the wire. Nearly all of them are
// below 2^53, where a number is exact; the format uses 2^64-1 to mean "none"
// (NoThread, NoProc, NoTask...), and a few real values exceed 2^53 (a heap
// goal of 2^63-1 with GOGC=off, addresses in experimental events). Instead of
// paying for BigInt on the hot path, a uint64 is a number encoded as:
//   v >= 0        the value itself (exact, < 2^53)
//   v === -1      2^64-1, which Go also reads as int64(-1) for IDs
//   v <= -2       an interned value >= 2^53: BIG[-v - 2]
// Equal uint64s always get equal numbers, so === comparisons stay exact.
// Ordering comparisons (<, >) are only meaningful for values below 2^53.

export const U64_MAX_BIG = (1n << 64n) - 1n;
export const NONE = -1;

const bigValues: bigint[] = [];
const bigIndex = new Map<bigint, number>();

/** Encodes a uint64 given as a bigint (0 <= b < 2^64). */
export function u64FromBig(b: bigint): number {
  if (b < 0x20000000000000n) return Number(b);
  if (b === U64_MAX_BIG) return NONE;
  let i = bigIndex.get(b);
  if (i === undefined) {
    i = bigValues.length;
    bigValues.push(b);
    bigIndex.set(b, i);
  }
  return -2 - i;
}

/**
 * The interned values from index `from` on. The encoding is per thread: a
 * value <= -2 means something only where it was made, so whoever passes
 * encoded numbers to another thread passes these along (main/index/event-stream.ts).
 */
export function u64BigValuesFrom(from: number): bigint[] {
  return bigValues.slice(from);
}

/** Decodes an encoded uint64 into its exact bigint value. */
export function u64ToBig(v: number): bigint {
  if (v >= 0) return BigInt(v);
  if (v === NONE) return U64_MAX_BIG;
  const b = bigValues[-v - 2];
  if (b === undefined) throw new RangeError(`not an encoded uint64: ${v}`);
  return b;
}

/** Go's %d of a uint64. */
export function u64String(v: number): string {
  return v >= 0 ? String(v) : u64ToBig(v).toString();
}

/** Go's %d of int64(x) for a uint64 x (IDs: GoID, ProcID, ThreadID). */
export function i64String(v: number): string {
  if (v >= 0) return String(v);
  if (v === NONE) return '-1';
  return BigInt.asIntN(64, u64ToBig(v)).toString();
}

/** Go's %x of a uint64 (lower case, no prefix). */
export function u64Hex(v: number): string {
  return v >= 0 ? v.toString(16) : u64ToBig(v).toString(16);
}

/** Approximate numeric value for arithmetic on huge values (NONE → 2^64-1). */
export function u64Approx(v: number): number {
  return v >= 0 ? v : Number(u64ToBig(v));
}
