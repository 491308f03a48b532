// Coalesced viewport queries. At most one request is in flight; while it
// runs only the latest wanted view is remembered. Responses are cached per
// lane (each batch carries its own times, so a stale batch can be drawn at
// any zoom and offset until the fresh one lands). Queries cover the view
// plus half a screen on each side, with t0 snapped to a multiple of
// nsPerPixel, so small pans need no new query and merged blocks do not
// shimmer.

import type { CounterBatch, RenderBatch, ViewportRequest } from '../../shared/index/query-types';
import type { Store } from '../app/store';

export interface Want {
  t0: number;
  t1: number;
  nsPerPixel: number;
  lanes: number[];
}

export interface Coverage {
  t0: number;
  t1: number;
  nsPerPixel: number;
}

export const COUNTER_IDS = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const MAX_CACHED_LANES = 1500;

export class ViewFetcher {
  /** Latest batch per lane and the coverage it was computed for. */
  readonly batches = new Map<number, { batch: RenderBatch; cov: Coverage }>();
  counters: { batches: CounterBatch[]; cov: Coverage } | null = null;
  private inflight = false;
  /** Coverage of the current query key (what a fresh batch covers). */
  cov: Coverage | null = null;
  lastViewportMs = 0;
  requests = 0;
  generation = 0;
  onData: () => void = () => {};
  onError: (e: unknown) => void = () => {};

  constructor(private readonly store: Store) {}

  reset(): void {
    this.generation++;
    this.batches.clear();
    this.counters = null;
    this.cov = null;
  }

  /** Called every frame with what is visible; issues a query only when something is missing. */
  want(w: Want, widthPx: number): void {
    const npp = w.nsPerPixel;
    const c = this.cov;
    const covers = c !== null && c.nsPerPixel === npp && c.t0 <= w.t0 && c.t1 >= w.t1;
    let lanes: number[];
    let withCounters: boolean;
    if (covers) {
      lanes = w.lanes.filter((l) => {
        const b = this.batches.get(l);
        return !b || b.cov !== c;
      });
      withCounters = this.counters === null || this.counters.cov !== c;
      if (lanes.length === 0 && !withCounters) return;
    } else {
      lanes = w.lanes;
      withCounters = true;
    }
    const margin = Math.round(widthPx / 2) * npp;
    const q0 = Math.max(0, Math.floor((w.t0 - margin) / npp) * npp);
    const q1 = q0 + Math.ceil((w.t1 + margin - q0) / npp) * npp;
    const cov = covers ? c! : { t0: q0, t1: q1, nsPerPixel: npp };
    this.request({ cov, lanes, withCounters });
  }

  private request(r: { cov: Coverage; lanes: number[]; withCounters: boolean }): void {
    // One query at a time: the frame that follows its answer asks again for
    // whatever is still missing then (only the latest wanted view matters).
    if (this.inflight) return;
    this.inflight = true;
    this.cov = r.cov;
    const gen = this.generation;
    const req: ViewportRequest = { lanes: r.lanes, t0: r.cov.t0, t1: r.cov.t1, nsPerPixel: r.cov.nsPerPixel, mergePx: 3 };
    if (r.withCounters) req.counters = COUNTER_IDS;
    const t = performance.now();
    this.requests++;
    this.store.api.viewport(req).then(async (resp) => {
      this.lastViewportMs = performance.now() - t;
      if (gen !== this.generation) return;
      let maxLabel = 0;
      for (const b of resp.batches) {
        this.batches.set(b.lane, { batch: b, cov: r.cov });
        for (let i = 0; i < b.count; i++) if (b.label[i]! > maxLabel) maxLabel = b.label[i]!;
      }
      if (r.withCounters) this.counters = { batches: resp.counters, cov: r.cov };
      if (maxLabel >= this.store.strings.length) await this.store.ensureStrings(maxLabel);
      this.prune();
    }).catch((e) => this.onError(e)).finally(() => {
      this.inflight = false;
      if (gen === this.generation) this.onData();
    });
  }

  private prune(): void {
    if (this.batches.size <= MAX_CACHED_LANES) return;
    let drop = this.batches.size - MAX_CACHED_LANES;
    for (const [lane, b] of this.batches) {
      if (b.cov === this.cov) continue;
      this.batches.delete(lane);
      if (--drop <= 0) break;
    }
  }

  get busy(): boolean {
    return this.inflight;
  }
}
