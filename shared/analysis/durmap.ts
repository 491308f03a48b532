// A small map from names to durations or times (Go's map[string]time.Duration
// and map[string]Time in summary.go): the first entry inline, the others in
// an array of alternating keys and values. These maps hold a handful of
// entries (block reasons, range names), and a summary holds millions of them
// on large traces, where a JS Map (~200 bytes, 3 heap objects) would
// dominate the memory and the GC time.
//
// Iteration order is insertion order; Go's is random, so every output sorts.

export class DurationMap implements ReadonlyMap<string, number> {
  // The first entry inline (most maps hold one), the others in `rest` as
  // [key1, value1, key2, value2, ...].
  private k0: string | null = null;
  private v0 = 0;
  private rest: (string | number)[] | null = null;

  constructor(entries?: Iterable<readonly [string, number]>) {
    if (entries !== undefined) {
      for (const [k, v] of entries) this.set(k, v);
    }
  }

  /** -2: not found; -1: the inline entry; i >= 0: rest[i] is the key. */
  private indexOf(key: string): number {
    if (this.k0 === key) return -1;
    const kv = this.rest;
    if (kv !== null) {
      for (let i = 0; i < kv.length; i += 2) {
        if (kv[i] === key) return i;
      }
    }
    return -2;
  }

  get size(): number {
    return (this.k0 === null ? 0 : 1) + (this.rest === null ? 0 : this.rest.length >> 1);
  }

  get(key: string): number | undefined {
    const i = this.indexOf(key);
    return i === -2 ? undefined : i === -1 ? this.v0 : (this.rest![i + 1] as number);
  }

  has(key: string): boolean {
    return this.indexOf(key) !== -2;
  }

  set(key: string, value: number): this {
    const i = this.indexOf(key);
    if (i === -1) {
      this.v0 = value;
    } else if (i >= 0) {
      this.rest![i + 1] = value;
    } else if (this.k0 === null && this.rest === null) {
      this.k0 = key;
      this.v0 = value;
    } else {
      (this.rest ??= []).push(key, value);
    }
    return this;
  }

  /** Go's `m[key] += d` (creating the entry, even for d = 0). */
  add(key: string, d: number): void {
    const i = this.indexOf(key);
    if (i === -1) {
      this.v0 += d;
    } else if (i >= 0) {
      this.rest![i + 1] = (this.rest![i + 1] as number) + d;
    } else {
      this.set(key, d);
    }
  }

  delete(key: string): boolean {
    const i = this.indexOf(key);
    if (i === -2) return false;
    if (i === -1) {
      // Keep insertion order: the first of `rest` becomes the inline entry.
      const kv = this.rest;
      if (kv !== null && kv.length > 0) {
        this.k0 = kv[0] as string;
        this.v0 = kv[1] as number;
        kv.splice(0, 2);
      } else {
        this.k0 = null;
        this.v0 = 0;
      }
    } else {
      this.rest!.splice(i, 2);
    }
    if (this.rest !== null && this.rest.length === 0) this.rest = null;
    return true;
  }

  clone(): DurationMap {
    const m = new DurationMap();
    m.k0 = this.k0;
    m.v0 = this.v0;
    m.rest = this.rest === null ? null : this.rest.slice();
    return m;
  }

  forEach(fn: (value: number, key: string, map: ReadonlyMap<string, number>) => void): void {
    if (this.k0 !== null) fn(this.v0, this.k0, this);
    const kv = this.rest;
    if (kv !== null) {
      for (let i = 0; i < kv.length; i += 2) fn(kv[i + 1] as number, kv[i] as string, this);
    }
  }

  entries(): MapIterator<[string, number]> {
    return this.toMap().entries();
  }

  keys(): MapIterator<string> {
    return this.toMap().keys();
  }

  values(): MapIterator<number> {
    return this.toMap().values();
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }

  /** A plain Map copy. */
  toMap(): Map<string, number> {
    const m = new Map<string, number>();
    this.forEach((v, k) => m.set(k, v));
    return m;
  }
}

/** The empty map shared by every summary that has none; never mutated. */
class EmptyDurationMap extends DurationMap {
  override set(): this {
    throw new Error('internal error: EMPTY_DURATIONS is read-only');
  }
  override add(): void {
    throw new Error('internal error: EMPTY_DURATIONS is read-only');
  }
}

export const EMPTY_DURATIONS: DurationMap = new EmptyDurationMap();
