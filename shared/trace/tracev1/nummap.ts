// An open-addressing hash map from numbers (u64-encoded IDs: integers, maybe
// negative) to slots, for the hot loops of the v1 parser (goroutine and P
// state tables). The caller keeps the values in its own parallel arrays,
// indexed by slot; `onGrow` is called with the old->new slot moves.
//
// No deletion (tables only grow); `clearAll` resets everything.

function hash(k: number): number {
  let h = (k | 0) ^ Math.imul((k / 4294967296) | 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}

export class NumMap {
  keys: Float64Array;
  used: Uint8Array;
  /** Values, parallel to keys (two columns; callers use what they need). */
  v0: Float64Array;
  v1: Float64Array;
  size = 0;
  private mask: number;

  /** @param twoValues whether column v1 is used (else it stays empty). */
  constructor(capacity = 64, private readonly twoValues = false) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.used = new Uint8Array(cap);
    this.v0 = new Float64Array(cap);
    this.v1 = new Float64Array(twoValues ? cap : 0);
    this.mask = cap - 1;
  }

  /** The slot of key, or -1. */
  find(key: number): number {
    const mask = this.mask;
    let i = hash(key) & mask;
    const keys = this.keys;
    const used = this.used;
    for (;;) {
      if (used[i] === 0) return -1;
      if (keys[i] === key) return i;
      i = (i + 1) & mask;
    }
  }

  /** The slot of key, inserting it (values v0 = d0, v1 = d1) if absent. */
  slot(key: number, d0 = 0, d1 = 0): number {
    const mask = this.mask;
    let i = hash(key) & mask;
    const keys = this.keys;
    const used = this.used;
    for (;;) {
      if (used[i] === 0) break;
      if (keys[i] === key) return i;
      i = (i + 1) & mask;
    }
    if ((this.size + 1) * 2 > mask + 1) {
      this.grow();
      return this.slot(key, d0, d1);
    }
    used[i] = 1;
    keys[i] = key;
    this.v0[i] = d0;
    if (this.twoValues) this.v1[i] = d1;
    this.size++;
    return i;
  }

  get0(key: number, dflt: number): number {
    const s = this.find(key);
    return s < 0 ? dflt : this.v0[s]!;
  }

  set0(key: number, v: number): void {
    const s = this.slot(key); // (may grow: read this.v0 afterwards)
    this.v0[s] = v;
  }

  clearAll(): void {
    this.used.fill(0);
    this.size = 0;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldUsed = this.used;
    const oldV0 = this.v0;
    const oldV1 = this.v1;
    const cap = oldKeys.length * 2;
    this.keys = new Float64Array(cap);
    this.used = new Uint8Array(cap);
    this.v0 = new Float64Array(cap);
    this.v1 = new Float64Array(this.twoValues ? cap : 0);
    this.mask = cap - 1;
    const mask = this.mask;
    for (let j = 0; j < oldKeys.length; j++) {
      if (oldUsed[j] === 0) continue;
      const key = oldKeys[j]!;
      let i = hash(key) & mask;
      while (this.used[i] !== 0) i = (i + 1) & mask;
      this.used[i] = 1;
      this.keys[i] = key;
      this.v0[i] = oldV0[j]!;
      if (this.twoValues) this.v1[i] = oldV1[j]!;
    }
  }
}
