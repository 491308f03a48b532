// The ordering's goroutine states (Go's map[GoID]*gState) without a heap
// object per goroutine: an open-addressing hash table (linear probing) over
// typed arrays. Goroutine IDs are handed out nearly sequentially, so
// `id & mask` spreads them perfectly; traces that create and destroy
// millions of goroutines never allocate per goroutine.
//
// Slots are only valid until the next add() (which may rehash).

const EMPTY = 0;
const USED = 1;
const DELETED = 2;
/** Tables below this capacity are kept sparser (see rehash). */
const SPARSE_CAP = 1 << 16;

function hash(id: number, mask: number): number {
  // IDs are u64-encoded numbers: non-negative integers below 2^53, or small negatives.
  return ((id | 0) ^ ((id / 4294967296) | 0)) & mask;
}

export class GoTable {
  private state: Uint8Array;
  private keys: Float64Array;
  /** tracev2.GoStatus of each used slot. */
  status: Uint8Array;
  /** The goroutine's sequence counter (Go's seqCounter): generation and number. */
  seqGen: Float64Array;
  seq: Float64Array;
  /** Whether the ordering keeps extra state (regions, ranges) for the slot's goroutine. */
  extra: Uint8Array;
  private mask = 0;
  private used = 0;
  private deleted = 0;

  constructor(capacity = 1024) {
    this.state = new Uint8Array(capacity);
    this.keys = new Float64Array(capacity);
    this.status = new Uint8Array(capacity);
    this.seqGen = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.extra = new Uint8Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.used;
  }

  /** The slot of goroutine id, or -1. */
  find(id: number): number {
    const mask = this.mask;
    const state = this.state;
    const keys = this.keys;
    let i = hash(id, mask);
    for (;;) {
      const s = state[i]!;
      if (s === EMPTY) return -1;
      if (s === USED && keys[i] === id) return i;
      i = (i + 1) & mask;
    }
  }

  /** Adds goroutine id (which must be absent) and returns its slot. */
  add(id: number, status: number, seqGen: number, seq: number): number {
    if ((this.used + this.deleted + 1) * 2 > this.state.length) this.rehash();
    const mask = this.mask;
    const state = this.state;
    let i = hash(id, mask);
    while (state[i] === USED) i = (i + 1) & mask;
    if (state[i] === DELETED) this.deleted--;
    state[i] = USED;
    this.keys[i] = id;
    this.status[i] = status;
    this.seqGen[i] = seqGen;
    this.seq[i] = seq;
    this.extra[i] = 0;
    this.used++;
    return i;
  }

  /** Removes the goroutine in slot i. */
  removeSlot(i: number): void {
    this.state[i] = DELETED;
    this.used--;
    this.deleted++;
  }

  private rehash(): void {
    const oldState = this.state;
    const oldKeys = this.keys;
    const oldStatus = this.status;
    const oldSeqGen = this.seqGen;
    const oldSeq = this.seq;
    const oldExtra = this.extra;
    let cap = oldState.length;
    // At most 1/4 full; small tables (up to 64K slots) at most 1/32 full, which
    // shortens the probes past the runs of goroutines that sequential IDs make.
    while ((this.used + 1) * 4 > cap || (cap < SPARSE_CAP && (this.used + 1) * 32 > cap)) cap *= 2;
    this.state = new Uint8Array(cap);
    this.keys = new Float64Array(cap);
    this.status = new Uint8Array(cap);
    this.seqGen = new Float64Array(cap);
    this.seq = new Float64Array(cap);
    this.extra = new Uint8Array(cap);
    this.mask = cap - 1;
    this.used = 0;
    this.deleted = 0;
    for (let i = 0; i < oldState.length; i++) {
      if (oldState[i] === USED) this.extra[this.add(oldKeys[i]!, oldStatus[i]!, oldSeqGen[i]!, oldSeq[i]!)] = oldExtra[i]!;
    }
  }

  /** [id, slot] of every goroutine, by ascending ID. */
  entries(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.state.length; i++) if (this.state[i] === USED) out.push([this.keys[i]!, i]);
    return out.sort((a, b) => (a[0] >= 0 && b[0] >= 0 ? a[0] - b[0] : a[0] >= 0 ? -1 : b[0] >= 0 ? 1 : a[0] - b[0]));
  }
}
