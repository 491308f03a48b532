// The renderer's shared state: what is open, what is visible, what is
// selected. The timeline and the panels read it and change it only through
// these methods; every change notifies the subscribers of that key.
// Navigation (the visible time range) keeps an undo/redo history.

import type { AppClient, OpenedTrace } from '../../shared/ipc/api';
import type { ItemRef } from '../../shared/index/query-types';

export interface TimeRange {
  t0: number;
  t1: number;
}

export interface StoreState {
  trace: OpenedTrace | null;
  /** Visible time range (ns relative to trace start). */
  view: TimeRange;
  /** Selected span or instant. */
  selection: ItemRef | null;
  /** Shift+drag selected time range. */
  range: TimeRange | null;
  /** Goroutine lanes shown (null: all), set by the goroutine table / filters. */
  goroutineFilter: number[] | null;
  /** Lane the keyboard (`.`/`,`) steps through. */
  focusLane: number | null;
}

export type StoreKey = keyof StoreState;
type Listener = () => void;

const HISTORY_LIMIT = 200;

export class Store {
  readonly state: StoreState = {
    trace: null,
    view: { t0: 0, t1: 1 },
    selection: null,
    range: null,
    goroutineFilter: null,
    focusLane: null,
  };
  private readonly listeners = new Map<StoreKey, Set<Listener>>();
  private readonly undoStack: TimeRange[] = [];
  private readonly redoStack: TimeRange[] = [];
  /** Changes whenever the history changes (an undo point pushed, undo, redo): navigation bursts start afresh after one. */
  historyVersion = 0;
  /** String table of the open trace (ids from render batches), fetched incrementally. */
  strings: string[] = [];

  constructor(readonly api: AppClient) {}

  subscribe(key: StoreKey, fn: Listener): () => void {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(fn);
    return () => set!.delete(fn);
  }

  private emit(key: StoreKey): void {
    for (const fn of this.listeners.get(key) ?? []) fn();
  }

  setTrace(trace: OpenedTrace | null): void {
    this.state.trace = trace;
    this.strings = [];
    this.undoStack.length = 0;
    this.redoStack.length = 0;
    this.state.selection = null;
    this.state.range = null;
    this.state.goroutineFilter = null;
    this.state.focusLane = null;
    this.state.view = { t0: 0, t1: trace ? Math.max(1, trace.summary.duration) : 1 };
    this.emit('trace');
    this.emit('view');
    this.emit('selection');
    this.emit('range');
    this.emit('goroutineFilter');
  }

  /** Change the visible range. `record`: push the previous one on the undo stack (default true; false while dragging/animating). */
  setView(view: TimeRange, record = true): void {
    const prev = this.state.view;
    if (prev.t0 === view.t0 && prev.t1 === view.t1) return;
    if (record) {
      this.historyVersion++;
      this.undoStack.push(prev);
      if (this.undoStack.length > HISTORY_LIMIT) this.undoStack.shift();
      this.redoStack.length = 0;
    }
    this.state.view = { t0: view.t0, t1: view.t1 };
    this.emit('view');
  }

  /** Record the current view as an undo point (at the start of a drag or animation). */
  markHistory(): void {
    this.historyVersion++;
    this.undoStack.push(this.state.view);
    if (this.undoStack.length > HISTORY_LIMIT) this.undoStack.shift();
    this.redoStack.length = 0;
  }

  undo(): void {
    const v = this.undoStack.pop();
    if (!v) return;
    this.historyVersion++;
    this.redoStack.push(this.state.view);
    this.state.view = v;
    this.emit('view');
  }

  redo(): void {
    const v = this.redoStack.pop();
    if (!v) return;
    this.historyVersion++;
    this.undoStack.push(this.state.view);
    this.state.view = v;
    this.emit('view');
  }

  select(ref: ItemRef | null): void {
    this.state.selection = ref;
    if (ref) this.state.focusLane = ref.lane;
    this.emit('selection');
  }

  setRange(range: TimeRange | null): void {
    this.state.range = range;
    this.emit('range');
  }

  setGoroutineFilter(lanes: number[] | null): void {
    this.state.goroutineFilter = lanes;
    this.emit('goroutineFilter');
  }

  /** Zoom so that [t0, t1] fills the view with a margin, optionally selecting an item (panels' "show on the timeline"). */
  reveal(t0: number, t1: number, select?: ItemRef): void {
    const span = Math.max(t1 - t0, 1000);
    const margin = span * 0.15;
    this.setView({ t0: Math.max(0, t0 - margin), t1: t1 + margin });
    if (select) this.select(select);
  }

  /** Strings by id, fetching any new ones from the main side. */
  async ensureStrings(maxId: number): Promise<void> {
    if (maxId < this.strings.length) return;
    const more = await this.api.strings(this.strings.length);
    this.strings.push(...more);
  }

  str(id: number): string {
    return this.strings[id] ?? '';
  }
}
