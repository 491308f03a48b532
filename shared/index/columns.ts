// Growable typed-array columns: the index's only bulk storage. Appending is
// amortised O(1) (capacity doubles); `finish()` trims to the used length so a
// built index holds no slack. No object per element, ever.

type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;
type TypedArrayCtor<T extends TypedArray> = { new (n: number): T; BYTES_PER_ELEMENT: number };

export class GrowableColumn<T extends TypedArray> {
  data: T;
  length = 0;

  constructor(private readonly ctor: TypedArrayCtor<T>, capacity = 16) {
    this.data = new ctor(Math.max(1, capacity));
  }

  push(v: number): number {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length] = v;
    return this.length++;
  }

  /** Ensures room for n elements in all (used when several columns grow in step). */
  grow(min: number): void {
    let cap = this.data.length;
    // Double while small, then grow by 1.5x to bound the copy peak on huge columns.
    while (cap < min) cap = cap < 1 << 20 ? cap * 2 : Math.ceil(cap * 1.5);
    const next = new this.ctor(cap);
    next.set(this.data.subarray(0, this.length) as never);
    this.data = next;
  }

  /** Sets element i, extending the column (zero-filled) when i >= length. */
  set(i: number, v: number): void {
    if (i >= this.data.length) this.grow(i + 1);
    if (i >= this.length) this.length = i + 1;
    this.data[i] = v;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  /** The used part, trimmed (copies once; the column must not be used afterwards). */
  finish(): T {
    const out = this.data.length === this.length ? this.data : (this.data.slice(0, this.length) as T);
    this.data = new this.ctor(1);
    this.length = 0;
    return out;
  }

  /** Hands over the backing array (only [0, length) is meaningful) and empties the column. */
  release(): { data: T; length: number } {
    const r = { data: this.data, length: this.length };
    this.data = new this.ctor(1);
    this.length = 0;
    return r;
  }

  get bytes(): number {
    return this.data.byteLength;
  }
}

export const f64 = (cap?: number) => new GrowableColumn(Float64Array, cap);
export const i32 = (cap?: number) => new GrowableColumn(Int32Array, cap);
export const u8 = (cap?: number) => new GrowableColumn(Uint8Array, cap);
export const u16 = (cap?: number) => new GrowableColumn(Uint16Array, cap);

/** Index of the first element of the sorted range a[lo, hi) that is > x (upper bound). */
export function upperBound(a: ArrayLike<number>, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of the sorted range a[lo, hi) that is >= x (lower bound). */
export function lowerBound(a: ArrayLike<number>, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** lowerBound searching forward from lo by doubling steps: O(log d) for an answer d places away. */
export function gallopLowerBound(a: ArrayLike<number>, x: number, lo: number, hi: number): number {
  let step = 1;
  let prev = lo;
  let i = lo;
  while (i < hi && a[i]! < x) {
    prev = i + 1;
    i = lo + step;
    step *= 2;
  }
  return lowerBound(a, x, prev, Math.min(i, hi));
}

/** upperBound searching forward from lo by doubling steps. */
export function gallopUpperBound(a: ArrayLike<number>, x: number, lo: number, hi: number): number {
  let step = 1;
  let prev = lo;
  let i = lo;
  while (i < hi && a[i]! <= x) {
    prev = i + 1;
    i = lo + step;
    step *= 2;
  }
  return upperBound(a, x, prev, Math.min(i, hi));
}

const FIRST_BITS = 16;
const FIRST = 1 << FIRST_BITS;
/** The largest chunk in bytes: above glibc's maximum dynamic mmap threshold (32 MiB), so freed chunks go back to the OS. */
const MAX_CHUNK_BYTES = 64 << 20;

/**
 * An append-mostly column stored as chunks (64 Ki elements, doubling up to
 * 64 MiB, then 64 MiB each): growing never copies, slack stays below one
 * chunk, and a consumer can free chunks as it goes (see `takeChunks`). Used
 * for the builder's big columns, where one contiguous array would need 2.5x
 * its size at each growth.
 */
export class ChunkedColumn<T extends TypedArray> {
  private chunks: (T | null)[] = [];
  /** Chunk sizes double until chunk `geo`, which has `maxLen` elements like every later one. */
  private readonly maxLen: number;
  private readonly geo: number;
  private readonly geoEnd: number;
  private cur: T | null = null;
  private curEnd = 0;
  private curStart = 0;
  length = 0;

  constructor(private readonly ctor: TypedArrayCtor<T>) {
    this.maxLen = Math.max(FIRST, MAX_CHUNK_BYTES / ctor.BYTES_PER_ELEMENT);
    this.geo = Math.log2(this.maxLen / FIRST);
    this.geoEnd = FIRST * (2 ** this.geo - 1);
  }

  private chunkSize(k: number): number {
    return k < this.geo ? FIRST * 2 ** k : this.maxLen;
  }

  private readonly starts: number[] = [];

  private chunkStart(k: number): number {
    const s = this.starts[k];
    if (s !== undefined) return s;
    return k <= this.geo ? FIRST * (2 ** k - 1) : this.geoEnd + (k - this.geo) * this.maxLen;
  }

  private locate(i: number): number {
    if (i < this.geoEnd) return 31 - Math.clz32(Math.floor(i / FIRST) + 1);
    return this.geo + Math.floor((i - this.geoEnd) / this.maxLen);
  }

  push(v: number): number {
    if (this.length === this.curEnd) {
      const k = this.chunks.length;
      this.cur = new this.ctor(this.chunkSize(k));
      this.chunks.push(this.cur);
      this.curStart = this.chunkStart(k);
      this.starts[k] = this.curStart;
      this.curEnd = this.curStart + this.cur.length;
    }
    this.cur![this.length - this.curStart] = v;
    return this.length++;
  }

  get(i: number): number {
    if (i >= this.curStart) return this.cur![i - this.curStart]!;
    const k = this.locate(i);
    return this.chunks[k]![i - this.chunkStart(k)]!;
  }

  set(i: number, v: number): void {
    if (i >= this.curStart) {
      this.cur![i - this.curStart] = v;
      return;
    }
    const k = this.locate(i);
    this.chunks[k]![i - this.chunkStart(k)] = v;
  }

  /** Drops the last element. */
  pop(): void {
    this.length--;
  }

  /** Calls fn(chunk, start, n) for each chunk in order with its used part [0, n). */
  forEachChunk(fn: (chunk: T, start: number, n: number) => void): void {
    for (let k = 0; k < this.chunks.length; k++) {
      const start = this.chunkStart(k);
      if (start >= this.length) break;
      fn(this.chunks[k]!, start, Math.min(this.chunks[k]!.length, this.length - start));
    }
  }

  /** Copies [0, length) into out at offset. */
  copyTo(out: { set(a: ArrayLike<number>, offset: number): void }, offset: number): void {
    this.forEachChunk((c, start, n) => out.set(c.subarray(0, n) as ArrayLike<number>, offset + start));
  }

  /**
   * Moves the values into one array, freeing each chunk once consumed:
   * into positions dest[i] when dest is given, else in order. Empties the column.
   */
  drainInto(out: T, dest: Int32Array | null): T {
    const chunks = this.chunks;
    const length = this.length;
    for (let k = 0; k < chunks.length; k++) {
      const start = this.chunkStart(k);
      if (start >= length) break;
      const c = chunks[k]!;
      chunks[k] = null;
      const n = Math.min(c.length, length - start);
      if (dest === null) out.set(c.subarray(0, n) as never, start);
      else for (let j = 0; j < n; j++) out[dest[start + j]!] = c[j]!;
    }
    this.clear();
    return out;
  }

  clear(): void {
    this.chunks = [];
    this.cur = null;
    this.curStart = 0;
    this.curEnd = 0;
    this.length = 0;
  }

  get bytes(): number {
    let n = 0;
    for (const c of this.chunks) n += c ? c.byteLength : 0;
    return n;
  }
}

const ID_CHUNK_BITS = 18;
const ID_CHUNK = 1 << ID_CHUNK_BITS;

/**
 * A chunked column of ids that stays 2 bytes per element until a value needs
 * more (lane ids past 65535, a trace with more stacks, a negative count),
 * then is converted once to 4 bytes. Most traces never widen.
 *
 * Self-contained rather than a ChunkedColumn<Uint16Array>: ChunkedColumn's
 * element stores already see several typed-array kinds, and one more made
 * them megamorphic (the index build ran 2x slower).
 */
export class IdChunkedColumn {
  private narrow: Uint16Array[] = [];
  private wideChunks: Int32Array[] | null = null;
  length = 0;

  get wide(): boolean {
    return this.wideChunks !== null;
  }

  push(v: number): number {
    const i = this.length;
    const k = i >>> ID_CHUNK_BITS;
    const o = i & (ID_CHUNK - 1);
    if ((v > 0xffff || v < 0) && this.wideChunks === null) this.widen();
    const w = this.wideChunks;
    if (w !== null) {
      if (k === w.length) w.push(new Int32Array(ID_CHUNK));
      w[k]![o] = v;
    } else {
      const n = this.narrow;
      if (k === n.length) n.push(new Uint16Array(ID_CHUNK));
      n[k]![o] = v;
    }
    return this.length++;
  }

  set(i: number, v: number): void {
    if ((v > 0xffff || v < 0) && this.wideChunks === null) this.widen();
    const w = this.wideChunks;
    if (w !== null) w[i >>> ID_CHUNK_BITS]![i & (ID_CHUNK - 1)] = v;
    else this.narrow[i >>> ID_CHUNK_BITS]![i & (ID_CHUNK - 1)] = v;
  }

  get(i: number): number {
    const w = this.wideChunks;
    return w !== null ? w[i >>> ID_CHUNK_BITS]![i & (ID_CHUNK - 1)]! : this.narrow[i >>> ID_CHUNK_BITS]![i & (ID_CHUNK - 1)]!;
  }

  pop(): void {
    this.length--;
  }

  private chunks(): (Uint16Array | Int32Array)[] {
    return this.wideChunks ?? this.narrow;
  }

  copyTo(out: { set(a: ArrayLike<number>, offset: number): void }, offset: number): void {
    const cs = this.chunks();
    for (let k = 0; k < cs.length; k++) {
      const start = k * ID_CHUNK;
      if (start >= this.length) break;
      out.set(cs[k]!.subarray(0, Math.min(ID_CHUNK, this.length - start)), offset + start);
    }
  }

  clear(): void {
    this.narrow = [];
    this.wideChunks = null;
    this.length = 0;
  }

  private widen(): void {
    this.wideChunks = this.narrow.map((c) => Int32Array.from(c));
    this.narrow = [];
  }

  /** The values in one array of the column's width (at positions dest[i] when given), freeing chunks as they are consumed; empties the column. */
  drain(dest: Int32Array | null): Uint16Array | Int32Array {
    const n = this.length;
    const out = this.wideChunks !== null ? new Int32Array(n) : new Uint16Array(n);
    const cs = this.chunks();
    for (let k = 0; k < cs.length; k++) {
      const start = k * ID_CHUNK;
      if (start >= n) break;
      const c = cs[k]!;
      const m = Math.min(ID_CHUNK, n - start);
      if (dest === null) out.set(c.subarray(0, m), start);
      else for (let j = 0; j < m; j++) out[dest[start + j]!] = c[j]!;
      (cs as unknown[])[k] = null;
    }
    this.clear();
    return out;
  }

  get bytes(): number {
    return this.chunks().reduce((a, c) => a + (c ? c.byteLength : 0), 0);
  }
}
