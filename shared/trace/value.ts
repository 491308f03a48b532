// Go's internal/trace Value (value.go).

import { ValueKind, type Value } from './event';
import { u64String } from './u64';

/** Go's Uint64Value(x); x is u64-encoded. */
export function uint64Value(x: number): Value {
  return { kind: ValueKind.Uint64, scalar: x, str: '' };
}

/** Go's StringValue(s). */
export function stringValue(s: string): Value {
  return { kind: ValueKind.String, scalar: 0, str: s };
}

/** Go's Value.Uint64(): panics (throws) for other kinds. */
export function valueUint64(v: Value): number {
  if (v.kind !== ValueKind.Uint64) throw new Error('Uint64 called on Value of a different Kind');
  return v.scalar;
}

/** Go's Value.String(): the string itself for String values, "Value{Uint64(N)}", else "Value{Bad}". */
export function valueString(v: Value): string {
  if (v.kind === ValueKind.String) return v.str;
  if (v.kind === ValueKind.Uint64) return `Value{Uint64(${u64String(v.scalar)})}`;
  return 'Value{Bad}';
}
