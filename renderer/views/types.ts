// The analysis views' contract: each view (flame graph, MMU, tasks and
// regions, goroutine analysis) is a class implementing AnalysisView, shown
// in place of the timeline when its tab in the top bar is chosen.

import type { Store } from '../app/store';
import type { OpenedTrace } from '../../shared/ipc/api';
import type { SpanLink } from '../../shared/ipc/analysis/common';
import type { RendererClient } from '../transport/index';

export type ViewId = 'timeline' | 'flame' | 'mmu' | 'tasks' | 'goroutine-analysis';

export interface AnalysisView {
  readonly id: Exclude<ViewId, 'timeline'>;
  /** Tab label and tooltip. */
  readonly label: string;
  readonly title: string;
  readonly el: HTMLElement;
  /** Shown or hidden; a view fetches its data when shown (and again when the trace or its filters change). */
  setActive(active: boolean): void;
  traceChanged(trace: OpenedTrace | null): void;
}

/** What every view gets: the store, the client, navigation to the timeline. */
export class ViewContext {
  trace: OpenedTrace | null = null;
  /** Set by index.ts. */
  showView: (id: ViewId) => void = () => {};

  constructor(readonly store: Store, readonly client: RendererClient) {}

  /** Back to the timeline, zoomed to [t0, t1] of the goroutine's lane with the span there selected. */
  async openSpan(link: SpanLink): Promise<void> {
    let lane = link.lane;
    if (lane < 0) [lane] = await this.client.goroutineLanes([link.goroutine]);
    this.showView('timeline');
    if (lane === undefined || lane < 0) {
      this.store.reveal(link.t0, link.t1);
      return;
    }
    const f = this.store.state.goroutineFilter;
    if (f && !f.includes(lane)) this.store.setGoroutineFilter(null);
    const ref = await this.client.hitTest({ lane, time: link.t0 + (link.t1 - link.t0) / 2 });
    this.store.reveal(link.t0, link.t1, ref ?? undefined);
  }

  /** Back to the timeline, zoomed to a time range (MMU windows, tasks). */
  openRange(t0: number, t1: number): void {
    this.showView('timeline');
    this.store.reveal(t0, t1);
  }

  /** Back to the timeline with only these goroutines' lanes shown. */
  async filterGoroutines(ids: number[]): Promise<void> {
    const lanes = (await this.client.goroutineLanes(ids)).filter((l) => l >= 0);
    this.showView('timeline');
    this.store.setGoroutineFilter(lanes.length > 0 ? lanes : null);
  }

  /** The Shift+drag selected range, for views that filter by it. */
  selectedRange(): { t0: number; t1: number } | null {
    return this.store.state.range;
  }
}
