// Global keyboard handling: exactly the shortcut table (shortcuts.ts).
// Keys never fire while typing in an input, a select or an editable element.

import type { PanelsHandle } from './panel-hosts';
import type { Store } from './store';
import type { Timeline } from '../timeline/timeline';

export function isTyping(t: EventTarget | null): boolean {
  const e = t as HTMLElement | null;
  if (!e || !e.tagName) return false;
  const tag = e.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || e.isContentEditable;
}

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

/** `timelineShown`: false while an analysis view covers the timeline (its navigation keys then do nothing). */
export function bindKeys(store: Store, timeline: Timeline, panels: PanelsHandle, timelineShown: () => boolean = () => true): void {
  window.addEventListener('keydown', (e) => {
    const mod = isMac ? e.metaKey : e.ctrlKey;
    const key = e.key;
    const lower = key.length === 1 ? key.toLowerCase() : key;
    // Overlays first: Esc closes them even from their inputs.
    if (key === 'Escape') {
      if (!panels.closeOverlay()) {
        if (isTyping(e.target)) (e.target as HTMLElement).blur();
        else {
          store.select(null);
          store.setRange(null);
        }
      }
      e.preventDefault();
      return;
    }
    if (mod && lower === 'o') {
      e.preventDefault();
      panels.openTrace();
      return;
    }
    if (mod && lower === 'k') {
      e.preventDefault();
      panels.openSearch();
      return;
    }
    if (isTyping(e.target) || e.defaultPrevented) return;
    const open = store.state.trace !== null && timelineShown();
    if (open && mod && lower === 'z' && !e.shiftKey) {
      e.preventDefault();
      store.undo();
      return;
    }
    if (open && ((e.ctrlKey && lower === 'y') || (isMac && e.metaKey && e.shiftKey && lower === 'z'))) {
      e.preventDefault();
      store.redo();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (key === '?') {
      e.preventDefault();
      panels.toggleShortcuts();
      return;
    }
    if (key === '/') {
      e.preventDefault();
      panels.openSearch();
      return;
    }
    if (!open) return;
    const cursorX = timeline.cursorX();
    switch (lower) {
      case 'w':
        timeline.zoomAt(0.7, cursorX);
        break;
      case 's':
        timeline.zoomAt(1 / 0.7, cursorX);
        break;
      case 'a':
      case 'ArrowLeft':
        timeline.panBy(-0.2);
        break;
      case 'd':
      case 'ArrowRight':
        timeline.panBy(0.2);
        break;
      case '0':
      case 'Home':
        timeline.fitAll();
        break;
      case 'f':
        timeline.fitSelection();
        break;
      case '.':
        void timeline.stepSpan(1);
        break;
      case ',':
        void timeline.stepSpan(-1);
        break;
      case 'ArrowUp':
        timeline.scrollByPixels(-40);
        break;
      case 'ArrowDown':
        timeline.scrollByPixels(40);
        break;
      case 'PageUp':
        timeline.scrollByPixels(-400);
        break;
      case 'PageDown':
        timeline.scrollByPixels(400);
        break;
      default:
        return;
    }
    e.preventDefault();
  });
}
