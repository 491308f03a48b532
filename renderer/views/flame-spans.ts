// The flame graph's side list: the spans that contribute to the clicked
// frame (the longest blocking episodes, or CPU samples, of the stacks through
// it), each opening its goroutine's span on the timeline.

import type { ProfileResponse } from '../../shared/ipc/analysis/profile';
import type { SpanLink } from '../../shared/ipc/analysis/common';
import { h, clear } from '../panels/dom';
import { formatDuration, formatTimeExact } from '../panels/format';
import { shortName } from './flame-graph';

export interface ContributingSpan {
  goroutine: number;
  t0: number;
  t1: number;
  /** What it adds to the profile (ns, or 1 sample). */
  value: number;
}

const MAX_LISTED = 200;

function lowerBound(a: Int32Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The spans of the stacks in node's subtree, largest first (CPU samples: in time order). */
export function spansOf(p: ProfileResponse, node: number, limit = MAX_LISTED): { spans: ContributingSpan[]; total: number } {
  const from = lowerBound(p.spanNode, node);
  const to = lowerBound(p.spanNode, p.end[node]!);
  const spans: ContributingSpan[] = [];
  for (let s = from; s < to; s++) {
    spans.push({ goroutine: p.spanGoroutine[s]!, t0: p.spanT0[s]!, t1: p.spanT1[s]!, value: p.spanValue[s]! });
  }
  if (p.unit === 'samples') spans.sort((a, b) => a.t0 - b.t0 || a.goroutine - b.goroutine);
  else spans.sort((a, b) => b.value - a.value || a.t0 - b.t0);
  return { spans: spans.slice(0, limit), total: spans.length };
}

export class SpanList {
  readonly el = h('aside', { class: 'flame-side', 'data-testid': 'flame-spans', 'aria-label': 'Contributing spans' });

  constructor(private readonly open: (link: SpanLink) => void) {
    this.clear();
  }

  clear(message = 'Click a frame to list the spans that contribute to it.'): void {
    clear(this.el);
    this.el.append(h('h3', { class: 'flame-side-title' }, 'Contributing spans'), h('p', { class: 'gp-muted flame-side-hint' }, message));
  }

  show(p: ProfileResponse, node: number): void {
    clear(this.el);
    const func = node === 0 ? 'all stacks' : p.strings[p.func[node]!]!;
    const { spans, total } = spansOf(p, node);
    const samples = spans.filter((s) => s.t0 === s.t1).length;
    this.el.append(
      h('h3', { class: 'flame-side-title', title: func }, 'Contributing spans'),
      h('div', { class: 'flame-side-frame', title: func }, node === 0 ? func : shortName(func)),
    );
    if (spans.length === 0) {
      this.el.append(h('p', { class: 'gp-muted flame-side-hint' }, 'No span was kept for this frame.'));
      return;
    }
    const shown = spans.length < total ? `${spans.length} of ${total}` : `${total}`;
    this.el.append(
      h(
        'p',
        { class: 'gp-muted flame-side-hint' },
        samples === spans.length
          ? `${shown} CPU samples (the first of each stack). Click one to open its goroutine there on the timeline.`
          : `${shown} ${samples > 0 ? 'episodes and samples' : 'episodes'} (the longest of each stack), largest first. Click one to open it on the timeline.`,
      ),
    );
    const list = h('ol', { class: 'flame-span-list' });
    for (const s of spans) {
      const sample = s.t0 === s.t1;
      const clipped = !sample && s.value < s.t1 - s.t0;
      const row = h(
        'button',
        {
          type: 'button',
          class: 'flame-span',
          'data-testid': 'flame-span',
          'data-goroutine': s.goroutine,
          'data-t0': s.t0,
          'data-t1': s.t1,
          title: sample
            ? `G${s.goroutine}: CPU sample at ${formatTimeExact(s.t0)}`
            : `G${s.goroutine}: from ${formatTimeExact(s.t0)} to ${formatTimeExact(s.t1)}${clipped ? `; ${formatTimeExact(s.value)} of it passes the filters` : ''}`,
        },
        h('span', { class: 'flame-span-g' }, `G${s.goroutine}`),
        h('span', { class: 'flame-span-t' }, `at ${formatDuration(s.t0)}`),
        h('span', { class: 'flame-span-d' }, sample ? 'sample' : formatDuration(s.t1 - s.t0) + (clipped ? ` (${formatDuration(s.value)})` : '')),
      );
      row.addEventListener('click', () => this.open({ goroutine: s.goroutine, lane: -1, t0: s.t0, t1: s.t1 }));
      list.append(h('li', null, row));
    }
    this.el.append(list);
  }
}
