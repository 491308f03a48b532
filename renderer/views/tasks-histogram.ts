// Duration histograms of the tasks view: cmd/trace's log buckets (five per
// decade), drawn small in the type table (one bar per bucket on an axis
// shared by every row, so rows compare) and large for the chosen type.

import { h } from '../panels/dom';
import { formatDuration } from '../panels/format';
import type { DurationHistogram } from '../../shared/ipc/analysis/tasks';

/** The bucket range shared by the small histograms of a table, and its bounds in ns. */
export interface BucketAxis {
  lo: number;
  hi: number;
  from: number;
  to: number;
}

export function axisOf(hs: readonly DurationHistogram[]): BucketAxis | null {
  let axis: BucketAxis | null = null;
  for (const x of hs) {
    if (x.count === 0) continue;
    const top = x.minBucket + x.counts.length - 1;
    if (axis === null) axis = { lo: x.minBucket, hi: top, from: x.bounds[0]!, to: x.bounds[x.bounds.length - 1]! };
    if (x.minBucket < axis.lo) {
      axis.lo = x.minBucket;
      axis.from = x.bounds[0]!;
    }
    if (top > axis.hi) {
      axis.hi = top;
      axis.to = x.bounds[x.bounds.length - 1]!;
    }
  }
  return axis;
}

/** "1µs–1.58µs" for a bucket of the histogram (Go's BucketMin bounds). */
export function bucketLabel(x: DurationHistogram, bucket: number): string {
  const i = bucket - x.minBucket;
  return `${formatDuration(x.bounds[i]!)}–${formatDuration(x.bounds[i + 1]!)}`;
}

/** A row's small histogram: a button per non-empty bucket; `pick(bucket)` on click. */
export function sparkHistogram(x: DurationHistogram, axis: BucketAxis | null, pick: (bucket: number) => void, current: number | null): HTMLElement {
  const el = h('div', { class: 'tv-spark', role: 'group', 'aria-label': 'Duration histogram' });
  if (axis === null || x.count === 0) {
    el.append(h('span', { class: 'tv-spark-none' }, '—'));
    return el;
  }
  const max = Math.max(...x.counts);
  for (let b = axis.lo; b <= axis.hi; b++) {
    const c = x.counts[b - x.minBucket] ?? 0;
    if (c === 0) {
      el.append(h('span', { class: 'tv-spark-slot' }));
      continue;
    }
    const bar = h('button', {
      type: 'button',
      class: `tv-spark-slot tv-spark-bar${b === current ? ' tv-current' : ''}`,
      title: `${bucketLabel(x, b)}: ${c}`,
      'data-bucket': b,
      'aria-label': `${bucketLabel(x, b)}: ${c}`,
    });
    bar.style.setProperty('--h', `${Math.max(12, Math.round((100 * c) / max))}%`);
    bar.addEventListener('click', (e) => {
      e.stopPropagation();
      pick(b);
    });
    el.append(bar);
  }
  return el;
}

/** cmd/trace's histogram table: bucket minimum, a bar, the count; non-empty rows pick their bucket. */
export function bucketTable(x: DurationHistogram, pick: (bucket: number) => void, current: number | null): HTMLElement {
  const max = Math.max(1, ...x.counts);
  const rows = x.counts.map((c, i) => {
    const b = x.minBucket + i;
    const bar = h('span', { class: 'tv-hist-bar' });
    bar.style.width = `${(100 * c) / max}%`;
    const tr = h(
      'tr',
      { class: c > 0 ? `gp-row-link${b === current ? ' tv-current' : ''}` : 'tv-hist-empty', 'data-bucket': b, tabindex: c > 0 ? 0 : null },
      h('td', { class: 'gp-num tv-hist-label' }, formatDuration(x.bounds[i]!)),
      h('td', { class: 'tv-hist-cell' }, bar),
      h('td', { class: 'gp-num' }, String(c)),
    );
    if (c > 0) {
      tr.title = `${bucketLabel(x, b)}: list these ${c}`;
      tr.addEventListener('click', () => pick(b));
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          pick(b);
        }
      });
    }
    return tr;
  });
  const end = h('tr', { class: 'tv-hist-empty' }, h('td', { class: 'gp-num tv-hist-label' }, formatDuration(x.bounds[x.bounds.length - 1]!)), h('td'), h('td'));
  return h('table', { class: 'tv-hist', 'data-testid': 'tasks-histogram' }, h('tbody', null, ...rows, end));
}
