// The HTML panels: side panel (Details, Blocked, Goroutines, Range tabs),
// overlays (search, shortcuts, settings), start page with load progress and
// errors, and the partly-readable banner. The shell calls mountPanels once
// (renderer/app/panel-hosts.ts is the contract).

import type { Store } from '../app/store';
import type { PanelHosts, PanelsHandle } from '../app/panel-hosts';
import type { OpenedTrace } from '../../shared/ipc/api';
import type { RendererClient } from './types';
import { h } from './dom';
import { PanelContext, type TabId } from './context';
import { DetailsPanel } from './details';
import { BlockedPanel } from './blocked';
import { GoroutinesPanel } from './goroutines';
import { RangePanel } from './range';
import { OverlayManager } from './overlay';
import { SearchOverlay } from './search';
import { shortcutsOverlay } from './shortcuts-overlay';
import { settingsOverlay } from './settings-overlay';
import { StartPage } from './start';
import { Banner } from './banner';

export type { RendererClient } from './types';

const TABS: { id: TabId; label: string; title: string }[] = [
  { id: 'details', label: 'Details', title: 'The selected span or event' },
  { id: 'blocked', label: 'Blocked', title: 'The longest blocking episodes' },
  { id: 'goroutines', label: 'Goroutines', title: 'Goroutine analysis by start function' },
  { id: 'range', label: 'Range', title: 'Statistics of the Shift+drag selected range' },
];

export function mountPanels(store: Store, client: RendererClient, hosts: PanelHosts): PanelsHandle {
  const ctx = new PanelContext(store, client);
  const overlays = new OverlayManager(hosts.overlay);

  // Side panel.
  const details = new DetailsPanel(ctx);
  const blocked = new BlockedPanel(ctx);
  const goroutines = new GoroutinesPanel(ctx);
  const range = new RangePanel(ctx);
  const panels: Record<TabId, { el: HTMLElement; setActive?(a: boolean): void }> = { details, blocked, goroutines, range };

  const tabButtons = new Map<TabId, HTMLButtonElement>();
  const tabPanels = new Map<TabId, HTMLElement>();
  const tablist = h('div', { class: 'gp-tablist', role: 'tablist', 'aria-label': 'Panels' });
  let active: TabId = 'details';
  for (const t of TABS) {
    const b = h('button', { type: 'button', role: 'tab', id: `gp-tab-${t.id}`, class: 'gp-tab', 'aria-controls': `gp-tabpanel-${t.id}`, 'aria-selected': 'false', tabindex: -1, title: t.title, 'data-tab': t.id }, t.label);
    b.addEventListener('click', () => {
      ctx.cameFrom = null;
      showTab(t.id);
    });
    tabButtons.set(t.id, b);
    tablist.append(b);
    tabPanels.set(t.id, h('div', { class: 'gp-tabpanel', role: 'tabpanel', id: `gp-tabpanel-${t.id}`, 'aria-labelledby': `gp-tab-${t.id}`, tabindex: 0, hidden: true }, panels[t.id].el));
  }
  tablist.addEventListener('keydown', (e) => {
    const i = TABS.findIndex((t) => t.id === active);
    let j = -1;
    if (e.key === 'ArrowRight') j = (i + 1) % TABS.length;
    else if (e.key === 'ArrowLeft') j = (i + TABS.length - 1) % TABS.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = TABS.length - 1;
    if (j < 0) return;
    e.preventDefault();
    e.stopPropagation(); // arrows here move between tabs, not the timeline
    ctx.cameFrom = null;
    showTab(TABS[j]!.id, true);
  });

  function showTab(id: TabId, focus = false): void {
    active = id;
    for (const t of TABS) {
      const on = t.id === id;
      const b = tabButtons.get(t.id)!;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      tabPanels.get(t.id)!.hidden = !on;
      panels[t.id].setActive?.(on);
    }
    if (focus) tabButtons.get(id)!.focus();
  }
  ctx.showTab = showTab;

  const settingsBtn = h('button', { type: 'button', class: 'gp-icon-btn gp-settings-btn', 'aria-label': 'Settings', title: 'Settings (editor links)', 'data-testid': 'settings-button' }, '⚙');
  const side = h('div', { class: 'gp-side' }, h('div', { class: 'gp-side-head' }, tablist, settingsBtn), ...tabPanels.values());
  hosts.side.append(side);
  showTab('details');

  // A selection (timeline click, link, search) shows its details; remember where we came from.
  store.subscribe('selection', () => {
    if (!store.state.selection || active === 'details') return;
    ctx.cameFrom = active;
    showTab('details');
  });

  // Overlays.
  const search = new SearchOverlay(ctx, overlays);
  const shortcuts = shortcutsOverlay(overlays);
  const settings = settingsOverlay(ctx, overlays, () => details.rerender());
  ctx.openSettings = () => overlays.open(settings);
  settingsBtn.addEventListener('click', () => overlays.open(settings));

  // Start page and banner.
  const start = new StartPage(ctx);
  hosts.start.append(start.el);
  hosts.overlay.append(start.toast);
  const banner = new Banner(hosts.banner);

  let shownId: number | null | undefined; // undefined: nothing shown yet
  function traceChanged(trace: OpenedTrace | null): void {
    const id = trace ? trace.id : null;
    if (id === shownId) return;
    shownId = id;
    ctx.trace = trace;
    hosts.start.hidden = trace !== null;
    start.placeLoadBox(trace !== null);
    banner.show(id, trace?.warning ?? null);
    ctx.cameFrom = null;
    details.traceChanged();
    blocked.traceChanged();
    goroutines.traceChanged();
    range.traceChanged();
    if (trace === null) {
      overlays.closeAll();
      void start.refreshRecent();
    }
    void ctx.loadSettings();
  }
  store.subscribe('trace', () => traceChanged(store.state.trace));
  start.onOpened = (t) => {
    if (store.state.trace?.id !== t.id) store.setTrace(t);
    traceChanged(t);
  };
  traceChanged(store.state.trace);
  void ctx.loadSettings();

  return {
    openSearch: () => {
      if (!ctx.trace) return;
      overlays.close(shortcuts);
      overlays.open(search);
    },
    toggleShortcuts: () => overlays.toggle(shortcuts),
    closeOverlay: () => overlays.closeTop(),
    traceChanged,
    openTrace: () => start.openTrace(),
  };
}
