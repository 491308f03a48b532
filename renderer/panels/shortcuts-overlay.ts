// The `?` overlay: every shortcut of SHORTCUTS, grouped.

import { SHORTCUTS, type Shortcut } from '../app/shortcuts';
import { h } from './dom';
import { dialog, type Overlay, type OverlayManager } from './overlay';

export function shortcutsOverlay(overlays: OverlayManager): Overlay {
  const ov: Overlay = { el: null as unknown as HTMLElement };
  const d = dialog('Keyboard and mouse shortcuts', 'gp-shortcuts', () => overlays.close(ov));
  ov.el = d.el;
  ov.el.setAttribute('data-testid', 'shortcuts');
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  const groups = new Map<Shortcut['group'], Shortcut[]>();
  for (const s of SHORTCUTS) {
    let g = groups.get(s.group);
    if (!g) groups.set(s.group, (g = []));
    g.push(s);
  }
  for (const [group, list] of groups) {
    const t = h('table', { class: 'gp-table gp-compact gp-keys' }, h('caption', null, group), h('thead', { class: 'gp-sr-only' }, h('tr', null, h('th', { scope: 'col' }, 'Keys'), h('th', { scope: 'col' }, 'Action'))));
    const tb = h('tbody');
    for (const s of list) tb.append(h('tr', null, h('th', { scope: 'row' }, keys(s.keys.replace(/Mod/g, mac ? 'Cmd' : 'Ctrl'))), h('td', null, s.action)));
    t.append(tb);
    d.body.append(t);
  }
  ov.onOpen = () => (ov.el.querySelector('.gp-icon-btn') as HTMLElement | null)?.focus();
  return ov;
}

/** "Ctrl+K or /" → <kbd>Ctrl</kbd>+<kbd>K</kbd> or <kbd>/</kbd>; separators are " / ", " or ", ", ". */
function keys(text: string): HTMLElement {
  const span = h('span', { class: 'gp-kbds' });
  for (const part of text.split(/( \/ | or |, )/)) {
    if (part === '') continue;
    if (part === ' / ' || part === ' or ' || part === ', ') {
      span.append(part);
      continue;
    }
    part.split('+').forEach((k, i) => {
      if (i > 0) span.append('+');
      span.append(h('kbd', null, k));
    });
  }
  return span;
}
