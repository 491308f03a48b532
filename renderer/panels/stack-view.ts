// A stack as a list of frames ("function  file:line", leaf first) with an
// "open in editor" link per frame and a "copy stack" button.

import type { FrameInfo } from '../../shared/index/stacks';
import { copyButton, h } from './dom';
import { editorUrl, stackText } from './format';
import type { PanelContext } from './context';

export function stackView(ctx: PanelContext, title: string, frames: readonly FrameInfo[], opts: { hint?: string; testid?: string } = {}): HTMLElement {
  const head = h('div', { class: 'gp-section-head' }, h('h3', null, title));
  const sec = h('section', { class: 'gp-stack-section', 'data-testid': opts.testid ?? null }, head);
  if (opts.hint) sec.append(h('p', { class: 'gp-hint' }, opts.hint));
  if (frames.length === 0) {
    sec.append(h('p', { class: 'gp-muted' }, 'No stack recorded.'));
    return sec;
  }
  head.append(copyButton('Copy stack', () => stackText(frames), `Copy the ${frames.length} frames as text`));
  sec.append(frameList(ctx, frames));
  return sec;
}

export function frameList(ctx: PanelContext, frames: readonly FrameInfo[]): HTMLOListElement {
  const ol = h('ol', { class: 'gp-stack' });
  for (const f of frames) {
    const url = editorUrl(ctx.settings.editorUrl, f.file, f.line);
    const loc = `${f.file}:${f.line}`;
    const open = h('a', { class: 'gp-open-editor', href: url, title: `Open ${loc} in the editor`, 'aria-label': `Open ${loc} in the editor` });
    ol.append(
      h('li', { class: 'gp-frame' }, h('span', { class: 'gp-func' }, f.func), '  ', h('span', { class: 'gp-loc', title: loc }, ...breakable(loc)), ' ', open),
    );
  }
  return ol;
}

/** Text with <wbr> after each "/" so long paths wrap between directories. */
function breakable(s: string): (string | Node)[] {
  const out: (string | Node)[] = [];
  for (const part of s.split(/(?<=\/)/)) {
    if (out.length > 0) out.push(document.createElement('wbr'));
    out.push(part);
  }
  return out;
}
