// A small map from names to durations or times (Go's map[string]time.Duration
// and map[string]Time in summary.go), kept as one array of alternating keys
// and values: these maps hold a handful of entries (block reasons, range
// names), and a summary holds millions of them on large traces, where a JS
// Map (~200 bytes empty) would dominate the memory and the GC time.
//
// Iteration order is insertion order; Go's is random, so every output sorts.

export class DurationMap implements ReadonlyMap<string, number> {
  /** [key0, value0, key1, value1, ...] */
  private kv: (string | number)[];

  constructor(entries?: Iterable<readonly [string, number]>) {
    this.kv = [];
    if (entries !== undefined) {
      for (const [k, v] of entries) this.set(k, v);
    }
  }

  private indexOf(key: string): number {
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) {
      if (kv[i] === key) return i;
    }
    return -1;
  }

  get size(): number {
    return this.kv.length >> 1;
  }

  get(key: string): number | undefined {
    const i = this.indexOf(key);
    return i < 0 ? undefined : (this.kv[i + 1] as number);
  }

  has(key: string): boolean {
    return this.indexOf(key) >= 0;
  }

  set(key: string, value: number): this {
    const i = this.indexOf(key);
    if (i < 0) this.kv.push(key, value);
    else this.kv[i + 1] = value;
    return this;
  }

  /** Go's `m[key] += d` (creating the entry, even for d = 0). */
  add(key: string, d: number): void {
    const i = this.indexOf(key);
    if (i < 0) this.kv.push(key, d);
    else this.kv[i + 1] = (this.kv[i + 1] as number) + d;
  }

  delete(key: string): boolean {
    const i = this.indexOf(key);
    if (i < 0) return false;
    this.kv.splice(i, 2);
    return true;
  }

  clone(): DurationMap {
    const m = new DurationMap();
    m.kv = this.kv.slice();
    return m;
  }

  forEach(fn: (value: number, key: string, map: ReadonlyMap<string, number>) => void): void {
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) fn(kv[i + 1] as number, kv[i] as string, this);
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
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) m.set(kv[i] as string, kv[i + 1] as number);
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
