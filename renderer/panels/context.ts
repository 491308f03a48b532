// What every panel gets: the store, the client, cached settings, and
// navigation helpers shared by the panels.

import type { Store } from '../app/store';
import type { AppSettings, OpenedTrace } from '../../shared/ipc/api';
import type { ItemRef } from '../../shared/index/query-types';
import type { RendererClient } from './types';
import { DEFAULT_EDITOR_URL } from './format';

export type TabId = 'details' | 'blocked' | 'goroutines' | 'range';

export class PanelContext {
  /** The open trace (set by traceChanged; panels query only when there is one). */
  trace: OpenedTrace | null = null;
  settings: AppSettings = { editorUrl: DEFAULT_EDITOR_URL };
  /** Set by index.ts. */
  showTab: (id: TabId, focus?: boolean) => void = () => {};
  openSettings: () => void = () => {};
  /** Tab that sent the user to Details (a "back" button there), or null. */
  cameFrom: TabId | null = null;

  constructor(readonly store: Store, readonly client: RendererClient) {}

  async loadSettings(): Promise<void> {
    try {
      this.settings = await this.client.settings();
    } catch {
      // keep the default
    }
  }

  /** Select the item at (lane, time), zooming the timeline to it. False when nothing is there. */
  async goTo(lane: number, time: number): Promise<boolean> {
    if (lane < 0) return false;
    const ref = await this.client.hitTest({ lane, time });
    if (!ref) return false;
    return this.goToRef(ref);
  }

  /** Zoom to an item and select it. */
  async goToRef(ref: ItemRef): Promise<boolean> {
    const d = await this.client.details(ref);
    if (!d) return false;
    if (d.kind === 'goroutine') this.unhide(ref.lane);
    this.store.reveal(d.start, d.end, ref);
    return true;
  }

  /** A goroutine lane we navigate to must not be hidden by the goroutine filter: clear the filter if it would be. */
  unhide(goroutineLane: number): void {
    const f = this.store.state.goroutineFilter;
    if (f && !f.includes(goroutineLane)) this.store.setGoroutineFilter(null);
  }
}
