// Modal overlays (search, shortcuts, settings) in the overlay host: a stack,
// Esc or a click outside closes the topmost, focus returns where it was.

import { h } from './dom';

export interface Overlay {
  /** The dialog element (role=dialog). */
  el: HTMLElement;
  /** Called after it is shown: focus something. */
  onOpen?(): void;
  onClose?(): void;
}

let ids = 0;

export class OverlayManager {
  private readonly stack: { ov: Overlay; backdrop: HTMLElement; returnFocus: Element | null }[] = [];

  constructor(private readonly host: HTMLElement) {}

  isOpen(ov: Overlay): boolean {
    return this.stack.some((s) => s.ov === ov);
  }

  open(ov: Overlay): void {
    if (this.isOpen(ov)) {
      ov.onOpen?.();
      return;
    }
    const returnFocus = document.activeElement;
    const backdrop = h('div', { class: 'gp-overlay-backdrop' }, ov.el);
    backdrop.addEventListener('mousedown', (e) => {
      if (e.target === backdrop) {
        e.preventDefault();
        this.close(ov);
      }
    });
    // Keys typed in an overlay are the overlay's: the timeline's shortcuts must not see them.
    backdrop.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.close(ov);
      } else if (e.key === 'Tab') {
        trapTab(ov.el, e);
      }
      e.stopPropagation();
    });
    for (const t of ['keyup', 'keypress', 'wheel']) backdrop.addEventListener(t, (e) => e.stopPropagation());
    if (!ov.el.id) ov.el.id = `gp-overlay-${++ids}`;
    this.host.append(backdrop);
    this.stack.push({ ov, backdrop, returnFocus });
    ov.onOpen?.();
  }

  close(ov: Overlay): void {
    const i = this.stack.findIndex((s) => s.ov === ov);
    if (i < 0) return;
    const [s] = this.stack.splice(i, 1);
    s!.backdrop.remove();
    ov.onClose?.();
    if (s!.returnFocus instanceof HTMLElement && s!.returnFocus.isConnected) s!.returnFocus.focus();
  }

  toggle(ov: Overlay): void {
    if (this.isOpen(ov)) this.close(ov);
    else this.open(ov);
  }

  /** Close the topmost; false when none is open. */
  closeTop(): boolean {
    const top = this.stack[this.stack.length - 1];
    if (!top) return false;
    this.close(top.ov);
    return true;
  }

  closeAll(): void {
    while (this.closeTop());
  }
}

function trapTab(root: HTMLElement, e: KeyboardEvent): void {
  const items = [...root.querySelectorAll<HTMLElement>('a[href],button:not([disabled]),input:not([disabled]),select,textarea,[tabindex]:not([tabindex="-1"])')].filter((x) => x.offsetParent !== null);
  if (items.length === 0) return;
  const first = items[0]!;
  const last = items[items.length - 1]!;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

/** A dialog box with a title and a close button. */
export function dialog(title: string, cls: string, onClose: () => void): { el: HTMLElement; body: HTMLElement; titleId: string } {
  const titleId = `gp-dlg-title-${++ids}`;
  const body = h('div', { class: 'gp-dialog-body' });
  const el = h(
    'div',
    { class: `gp-dialog ${cls}`, role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId },
    h('div', { class: 'gp-dialog-head' }, h('h2', { id: titleId }, title), h('button', { type: 'button', class: 'gp-icon-btn', 'aria-label': 'Close', title: 'Close (Esc)', onclick: onClose }, '×')),
    body,
  );
  return { el, body, titleId };
}
