// The view tabs in the top bar (Timeline, Flame graph, MMU, Tasks & regions,
// Goroutine analysis): the chosen analysis view takes the timeline's place;
// the side panel stays.

import type { Store } from '../app/store';
import type { OpenedTrace } from '../../shared/ipc/api';
import type { RendererClient } from '../transport/index';
import { ViewContext, type AnalysisView, type ViewId } from './types';
import { FlameView } from './flame';
import { MMUView } from './mmu';
import { TasksView } from './tasks';
import { GoroutineAnalysisView } from './goroutine-analysis';

export interface ViewHosts {
  /** Where the tab buttons go (the top bar). */
  bar: HTMLElement;
  /** Where the analysis views go (beside the timeline host, which they replace). */
  host: HTMLElement;
  timeline: HTMLElement;
}

export interface ViewsHandle {
  show(id: ViewId): void;
  readonly current: ViewId;
  traceChanged(trace: OpenedTrace | null): void;
}

export function mountViews(store: Store, client: RendererClient, hosts: ViewHosts): ViewsHandle {
  const ctx = new ViewContext(store, client);
  const views: AnalysisView[] = [new FlameView(ctx), new MMUView(ctx), new TasksView(ctx), new GoroutineAnalysisView(ctx)];
  const buttons = new Map<ViewId, HTMLButtonElement>();
  const tab = (id: ViewId, label: string, title: string) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'view-tab';
    b.textContent = label;
    b.title = title;
    b.dataset.view = id;
    b.setAttribute('role', 'tab');
    b.addEventListener('click', () => show(id));
    buttons.set(id, b);
    hosts.bar.append(b);
  };
  hosts.bar.setAttribute('role', 'tablist');
  hosts.bar.setAttribute('aria-label', 'Views');
  tab('timeline', 'Timeline', 'The timeline of procs, threads and goroutines');
  for (const v of views) {
    tab(v.id, v.label, v.title);
    v.el.classList.add('analysis-view');
    v.el.dataset.testid = `view-${v.id}`;
    v.el.hidden = true;
    hosts.host.append(v.el);
  }
  let current: ViewId = 'timeline';
  const show = (id: ViewId) => {
    current = id;
    for (const [vid, b] of buttons) {
      b.setAttribute('aria-selected', String(vid === id));
      b.classList.toggle('active', vid === id);
    }
    hosts.timeline.classList.toggle('view-hidden', id !== 'timeline');
    // The colour legend is the timeline's: analysis views get the top bar's room.
    hosts.bar.closest('.app')?.classList.toggle('analysis-view-active', id !== 'timeline');
    hosts.host.hidden = id === 'timeline';
    for (const v of views) {
      const on = v.id === id;
      v.el.hidden = !on;
      v.setActive(on);
    }
  };
  ctx.showView = show;
  show('timeline');
  return {
    show,
    get current() {
      return current;
    },
    traceChanged(trace) {
      ctx.trace = trace;
      hosts.bar.hidden = trace === null;
      for (const v of views) v.traceChanged(trace);
      if (trace === null) show('timeline');
    },
  };
}
