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

  /** Extends the column by n elements without writing them (they read 0 unless the column was grown: see grow). */
  skip(n: number): void {
    if (this.length + n > this.data.length) this.grow(this.length + n);
    this.length += n;
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

  /**
   * Raises the capacity to n elements (no-op when it is already that big).
   * Untouched pages of a large typed array are never made resident, so
   * reserving an upper bound up front costs address space, not memory, and
   * saves the copies (and their garbage) of growing step by step.
   */
  reserve(n: number): void {
    if (n > this.data.length) this.grow(n);
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
