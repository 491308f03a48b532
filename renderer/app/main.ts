// The renderer's bootstrap: connect to the app (Electron IPC or browser
// mode's WebSocket), create the store, lay out the page, mount the panels and
// the timeline, follow the app's events ('opened' → the store and the panels;
// native menu commands), global keys, and drag-and-drop of a trace file
// anywhere on the window.

import type { OpenedTrace } from '../../shared/ipc/api';
import { connect, type RendererClient } from '../transport/index';
import { mountPanels } from '../panels/index';
import { mountViews, type ViewsHandle } from '../views/index';
import { Timeline } from '../timeline/timeline';
import { bindKeys } from './keys';
import { buildLayout } from './layout';
import { Store } from './store';

declare global {
  interface Window {
    __gotrace?: {
      store: Store;
      timeline: Timeline;
      frameTimes: number[];
      lastViewportMs: number;
      ready: boolean;
    };
  }
}

async function main(): Promise<void> {
  const root = document.getElementById('app') ?? document.body;
  const shell = buildLayout(root);
  let client: RendererClient;
  try {
    client = await connect();
  } catch (e) {
    shell.hosts.start.textContent = `Cannot reach the gotrace service: ${(e as Error).message}`;
    shell.hosts.start.classList.add('fatal');
    return;
  }
  const store = new Store(client);
  const panels = mountPanels(store, client, shell.hosts);
  const timeline = new Timeline(shell.timeline, store);
  const views: ViewsHandle = mountViews(store, client, { bar: shell.viewBar, host: shell.views, timeline: shell.timeline });

  const stats = timeline.stats;
  window.__gotrace = {
    store,
    timeline,
    frameTimes: stats.frameTimes,
    get lastViewportMs() {
      return stats.lastViewportMs;
    },
    get ready() {
      return stats.ready;
    },
  } as NonNullable<Window['__gotrace']>;

  let current: OpenedTrace | null = null;
  const show = (trace: OpenedTrace | null) => {
    current = trace;
    shell.setOpen(trace !== null);
    shell.title.textContent = trace ? `${trace.name}` : '';
    shell.title.title = trace ? `${trace.path} · Go 1.${trace.summary.goVersion} · ${trace.fileBytes.toLocaleString('en-US')} bytes` : '';
    document.title = trace ? `${trace.name} — gotrace` : 'gotrace';
    store.setTrace(trace);
    panels.traceChanged(trace);
    views.traceChanged(trace);
  };

  client.onEvent((e) => {
    switch (e.type) {
      case 'opened':
        if (current?.id !== e.trace.id) show(e.trace);
        break;
      case 'menu':
        menuCommand(e.command);
        break;
      default:
        break;
    }
  });

  const menuCommand = (cmd: string) => {
    switch (cmd) {
      case 'open': panels.openTrace(); break;
      case 'search': panels.openSearch(); break;
      case 'shortcuts': panels.toggleShortcuts(); break;
      case 'fit-all': timeline.fitAll(); break;
      case 'fit-selection': timeline.fitSelection(); break;
      case 'zoom-in': timeline.zoomAt(0.7); break;
      case 'zoom-out': timeline.zoomAt(1 / 0.7); break;
      case 'undo': store.undo(); break;
      case 'redo': store.redo(); break;
      case 'close': show(null); break;
      // The flame graph view exports its profile itself (it hears the same event when shown); elsewhere, go there.
      case 'export': if (views.current !== 'flame') views.show('flame'); break;
      case 'view-timeline': views.show('timeline'); break;
      case 'view-flame': views.show('flame'); break;
      case 'view-mmu': views.show('mmu'); break;
      case 'view-tasks': views.show('tasks'); break;
      case 'view-goroutine-analysis': views.show('goroutine-analysis'); break;
      default: console.warn(`menu command not handled by the shell: ${cmd}`);
    }
  };

  bindKeys(store, timeline, panels, () => views.current === 'timeline');
  bindDrop(shell.dropZone, client);
  // The timeline needs its host laid out (visible) to size the canvas.
  shell.setOpen(true);
  await timeline.init();
  shell.setOpen(false);
  const cur = await client.current().catch(() => null);
  if (cur && current === null) show(cur);
  else panels.traceChanged(current);
}

/** Drag a trace file anywhere on the window to open it. */
function bindDrop(zone: HTMLElement, client: RendererClient): void {
  let depth = 0;
  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
  window.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    zone.classList.add('active');
  });
  window.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('dragleave', (e) => {
    if (!hasFiles(e)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) zone.classList.remove('active');
  });
  window.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    zone.classList.remove('active');
    const file = e.dataTransfer?.files[0];
    if (file) client.openFile(file).catch((err) => console.error('open failed:', err));
  });
}

void main();
