// Per-P build state keyed by P id: a dense array for the ids real runtimes
// use (0 .. GOMAXPROCS-1, and -1 for "no P"), a Map for anything else a
// damaged trace may name. Replaces Maps whose set/delete on every syscall
// were most of the builder's transition cost on syscall-heavy traces
// (net/http tests: Map.delete alone ~7% of the build).

const DENSE = 1024;

/** P id → a non-negative int; get() answers -1 when absent. */
export class ProcMap {
  /** value + 1 at p + 1; 0: absent. */
  private readonly dense = new Int32Array(DENSE + 1);
  private readonly sparse = new Map<number, number>();
  /** Dense entries above this index are all absent. */
  private top = 0;

  get(p: number): number {
    const i = p + 1;
    if (i >= 0 && i <= DENSE) return this.dense[i]! - 1;
    return this.sparse.get(p) ?? -1;
  }

  set(p: number, v: number): void {
    const i = p + 1;
    if (i >= 0 && i <= DENSE) {
      this.dense[i] = v + 1;
      if (i > this.top) this.top = i;
    } else this.sparse.set(p, v);
  }

  delete(p: number): void {
    const i = p + 1;
    if (i >= 0 && i <= DENSE) this.dense[i] = 0;
    else this.sparse.delete(p);
  }

  /** Whether any P maps to v. */
  hasValue(v: number): boolean {
    if (v < 0) return false;
    const x = v + 1;
    for (let i = 0; i <= this.top; i++) if (this.dense[i] === x) return true;
    for (const s of this.sparse.values()) if (s === v) return true;
    return false;
  }
}
