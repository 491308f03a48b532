// The contract between the app shell (renderer/app/main.ts, which lays out
// the page) and the panels (renderer/panels/index.ts, which fill it).

import type { OpenedTrace } from '../../shared/ipc/api';

export interface PanelHosts {
  /** Right-hand side panel (tabs: Details, Blocked, Goroutines, Range). */
  side: HTMLElement;
  /** Full-window overlays: search, shortcuts, settings. */
  overlay: HTMLElement;
  /** Shown instead of the timeline when no trace is open: start page, load progress, load errors. */
  start: HTMLElement;
  /** One-line banner above the timeline (a partly readable trace, what was lost). */
  banner: HTMLElement;
}

export interface PanelsHandle {
  openSearch(): void;
  toggleShortcuts(): void;
  /** Close the topmost overlay; false when none was open (Esc then clears the selection). */
  closeOverlay(): boolean;
  /** The open trace changed (null: show the start page). */
  traceChanged(trace: OpenedTrace | null): void;
  /** Show the Open… flow (Electron dialog or a file input). */
  openTrace(): void;
}
