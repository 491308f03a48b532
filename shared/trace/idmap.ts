// A map from resource IDs (u64-encoded numbers) to objects: a dense array for
// the small non-negative IDs real traces use (goroutine and P IDs), a Map for
// the rest. Lookups on the hot path avoid hashing.

export class IdMap<T> {
  private arr: (T | undefined)[] = [];
  private readonly map = new Map<number, T>();
  private count = 0;

  get(id: number): T | undefined {
    if (id >= 0 && id < this.arr.length) return this.arr[id];
    return this.map.get(id);
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  set(id: number, v: T): void {
    const arr = this.arr;
    if (id >= 0 && id < arr.length) {
      if (arr[id] === undefined) this.count++;
      arr[id] = v;
      return;
    }
    // Grow the dense part when the ID keeps it reasonably dense.
    if (id >= 0 && id < 2 * this.count + 4096 && id < 1 << 26) {
      const oldLen = arr.length;
      let newLen = Math.max(oldLen * 2, 64);
      while (newLen <= id) newLen *= 2;
      for (let i = oldLen; i < newLen; i++) arr.push(undefined);
      // Move map entries that now fall in the dense range.
      if (this.map.size !== 0) {
        for (const [k, val] of this.map) {
          if (k >= oldLen && k < newLen) {
            arr[k] = val;
            this.map.delete(k);
          }
        }
      }
      if (arr[id] === undefined) this.count++;
      arr[id] = v;
      return;
    }
    if (!this.map.has(id)) this.count++;
    this.map.set(id, v);
  }

  delete(id: number): void {
    if (id >= 0 && id < this.arr.length) {
      if (this.arr[id] !== undefined) {
        this.count--;
        this.arr[id] = undefined;
      }
      return;
    }
    if (this.map.delete(id)) this.count--;
  }

  get size(): number {
    return this.count;
  }

  /** Entries in ascending ID order (IDs >= 2^53 and -1 last). */
  entries(): [number, T][] {
    const out: [number, T][] = [];
    this.arr.forEach((v, i) => {
      if (v !== undefined) out.push([i, v]);
    });
    const rest = [...this.map.entries()].sort((a, b) => (a[0] >= 0 && b[0] >= 0 ? a[0] - b[0] : a[0] >= 0 ? -1 : 1));
    return out.concat(rest);
  }
}
