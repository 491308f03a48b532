// The native menu. File commands that need no page UI (Open…, Open Recent,
// Open Demo Trace) run in the main process; the others reach the renderer
// as AppEvent {type: 'menu', command}. Accelerators of keys the timeline
// handles itself are shown but not registered, so the page still gets them.

import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  isMac: boolean;
  isDev: boolean;
  recent: string[];
  open(): void;
  openRecent(file: string): void;
  openDemo(): void;
  clearRecent?: () => void;
  /** Sent to the renderer as {type: 'menu', command}. */
  command(name: string): void;
  about(): void;
}

export function menuTemplate(a: MenuActions): MenuItemConstructorOptions[] {
  const pageKey = (accelerator: string) => ({ accelerator, registerAccelerator: false });
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => a.open() },
      {
        label: 'Open Recent',
        enabled: a.recent.length > 0,
        submenu: a.recent.length > 0 ? a.recent.map((f) => ({ label: f, click: () => a.openRecent(f) })) : [{ label: 'No recent files', enabled: false }],
      },
      { label: 'Open Demo Trace', click: () => a.openDemo() },
      { label: 'Capture from URL…', click: () => a.command('capture') },
      { type: 'separator' },
      { label: 'Export Profile…', click: () => a.command('export') },
      { type: 'separator' },
      a.isMac ? { role: 'close' } : { role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    // No undo/redo roles: Mod+Z / Mod+Y are the timeline's navigation history.
    submenu: [{ role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { label: 'Fit All', ...pageKey('0'), click: () => a.command('fit-all') },
      { label: 'Zoom In', ...pageKey('W'), click: () => a.command('zoom-in') },
      { label: 'Zoom Out', ...pageKey('S'), click: () => a.command('zoom-out') },
      { type: 'separator' },
      { label: 'Timeline', click: () => a.command('view-timeline') },
      { label: 'Flame Graph', click: () => a.command('view-flame') },
      { label: 'MMU', click: () => a.command('view-mmu') },
      { label: 'Tasks && Regions', click: () => a.command('view-tasks') },
      { label: 'Goroutine Analysis', click: () => a.command('view-goroutine-analysis') },
      { type: 'separator' },
      { role: 'reload' },
      ...(a.isDev ? [{ role: 'toggleDevTools' } as MenuItemConstructorOptions] : []),
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [
      { label: 'Keyboard Shortcuts', ...pageKey('?'), click: () => a.command('shortcuts') },
      { label: 'About gotrace', click: () => a.about() },
    ],
  };
  const mac: MenuItemConstructorOptions[] = a.isMac
    ? [{ role: 'appMenu', submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { type: 'separator' }, { role: 'quit' }] }]
    : [];
  return [...mac, file, edit, view, help];
}
