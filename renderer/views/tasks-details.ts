// Details of one task or region of the tasks view: where and when, its
// goroutines, its events (cmd/trace's /usertask list: task begin and end,
// region begins and ends, logs, with the time since the previous one) or
// its logs and execution breakdown, each with a way to the timeline.

import { h } from '../panels/dom';
import { formatDuration, formatTime } from '../panels/format';
import type { RegionFrame, RegionInstance, TaskInstance, TaskLog } from '../../shared/ipc/analysis/tasks';

/** Where the details' links go. */
export interface DetailsNav {
  /** A task's whole span (openRange). */
  task(t: TaskInstance): void;
  /** A region on its goroutine's lane (openSpan). */
  region(r: RegionInstance): void;
  /** Around a log (openRange). */
  log(l: TaskLog): void;
  /** A goroutine's lane over [t0, t1]. */
  goroutine(g: number, t0: number, t1: number): void;
}

export function taskName(name: string): string {
  return name === '' ? '(no task)' : name;
}

/** Regions without a name: a goroutine created inside a region inherits its task in one. */
export function regionName(name: string): string {
  return name === '' ? '(inherited)' : name;
}

function link(text: string, title: string, go: () => void, testid?: string): HTMLElement {
  const a = h('button', { type: 'button', class: 'tv-link', title, 'data-testid': testid ?? null }, text);
  a.addEventListener('click', go);
  return a;
}

function fields(rows: [string, Node | string][]): HTMLElement {
  return h('dl', { class: 'tv-fields' }, ...rows.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

function endText(end: number, hasEnd: boolean): string {
  return hasEnd ? formatTime(end) : `${formatTime(end)} (trace end: never ended)`;
}

function startText(start: number, hasStart: boolean): string {
  return hasStart ? formatTime(start) : `${formatTime(start)} (trace start: begun before)`;
}

function goroutineLinks(ids: number[], t0: number, t1: number, nav: DetailsNav): HTMLElement {
  const el = h('span', { class: 'tv-gs' });
  ids.forEach((g, i) => {
    if (i > 0) el.append(' ');
    el.append(link(`G${g}`, `Goroutine ${g} on the timeline`, () => nav.goroutine(g, t0, t1)));
  });
  return el;
}

interface EventRow {
  time: number;
  goroutine: number;
  what: string;
  go(): void;
}

/** cmd/trace's event list of a task: its begin and end, its regions' begins and ends, its logs, by time. */
function taskEvents(t: TaskInstance, nav: DetailsNav): EventRow[] {
  const ev: EventRow[] = [];
  const openTask = () => nav.task(t);
  if (t.hasStart && t.startGoroutine !== null) ev.push({ time: t.start, goroutine: t.startGoroutine, what: `task "${t.name}" (ID ${t.id}, parent ${t.parent ?? '-'}) begin`, go: openTask });
  if (t.hasEnd && t.endGoroutine !== null) ev.push({ time: t.end, goroutine: t.endGoroutine, what: 'task end', go: openTask });
  for (const l of t.logs) ev.push({ time: l.time, goroutine: l.goroutine, what: `log (category: ${l.category}): "${l.message}"`, go: () => nav.log(l) });
  for (const r of t.regions) {
    if (r.hasStart) ev.push({ time: r.start, goroutine: r.goroutine, what: `region "${r.name}" begin`, go: () => nav.region(r) });
    if (r.hasEnd) ev.push({ time: r.end, goroutine: r.goroutine, what: `region "${r.name}" end`, go: () => nav.region(r) });
  }
  // Stable, as Go's SortStableFunc by time.
  return ev.map((e, i) => ({ e, i })).sort((a, b) => a.e.time - b.e.time || a.i - b.i).map((x) => x.e);
}

/** Elapsed times count from `from` (the trace start for a task's events, as cmd/trace; a region's start for its logs). */
function eventTable(rows: EventRow[], testid: string, from = 0): HTMLElement {
  let last = from;
  const trs = rows.map((e) => {
    const since = e.time - last;
    last = e.time;
    const tr = h(
      'tr',
      { class: 'gp-row-link', tabindex: 0, title: 'Show on the timeline' },
      h('td', { class: 'gp-num' }, formatTime(e.time)),
      h('td', { class: 'gp-num tv-muted' }, since > 0 ? `+${formatDuration(since)}` : ''),
      h('td', { class: 'gp-num' }, `G${e.goroutine}`),
      h('td', { class: 'tv-what' }, e.what),
    );
    tr.addEventListener('click', () => e.go());
    tr.addEventListener('keydown', (k) => {
      if (k.key === 'Enter') e.go();
    });
    return tr;
  });
  return h(
    'table',
    { class: 'gp-table tv-events', 'data-testid': testid },
    h('thead', null, h('tr', null, h('th', { class: 'gp-num' }, 'When'), h('th', { class: 'gp-num' }, 'Elapsed'), h('th', { class: 'gp-num' }, 'G'), h('th', null, 'Event'))),
    h('tbody', null, ...(trs.length > 0 ? trs : [h('tr', null, h('td', { colspan: 4, class: 'gp-empty' }, 'No events.'))])),
  );
}

export function taskDetails(t: TaskInstance, nav: DetailsNav): HTMLElement {
  const regions = t.regionCount > t.regions.length ? `${t.regionCount} (events of the first ${t.regions.length})` : String(t.regionCount);
  return h(
    'section',
    { class: 'tv-details-body', 'data-testid': 'tasks-details' },
    h(
      'div',
      { class: 'tv-details-head' },
      h('h3', null, `Task ${t.id} `, h('span', { class: 'tv-name' }, taskName(t.name))),
      link('Show on timeline', 'Zoom the timeline to this task', () => nav.task(t), 'tasks-open-timeline'),
    ),
    fields([
      ['Start', startText(t.start, t.hasStart)],
      ['End', endText(t.end, t.hasEnd)],
      ['Duration', `${formatDuration(t.duration)}${t.complete ? '' : ' (incomplete)'}`],
      ['Parent', t.parent === null ? '—' : String(t.parent)],
      ['Children', t.children.length === 0 ? '—' : t.children.join(', ')],
      ['Goroutines', goroutineLinks(t.goroutines, t.start, t.end, nav)],
      ['Regions', regions],
      ['Logs', String(t.logs.length)],
    ]),
    h('h4', null, 'Events'),
    eventTable(taskEvents(t, nav), 'tasks-events'),
  );
}

export function regionDetails(r: RegionInstance, frame: RegionFrame | null, nav: DetailsNav): HTMLElement {
  const stats = Object.entries(r.stats).sort((a, b) => b[1] - a[1]);
  const total = Math.max(1, stats.reduce((s, [, v]) => s + v, 0));
  const logs: EventRow[] = r.logs.map((l) => ({ time: l.time, goroutine: l.goroutine, what: `log (category: ${l.category}): "${l.message}"`, go: () => nav.log(l) }));
  return h(
    'section',
    { class: 'tv-details-body', 'data-testid': 'tasks-details' },
    h(
      'div',
      { class: 'tv-details-head' },
      h('h3', null, 'Region ', h('span', { class: 'tv-name' }, regionName(r.name))),
      link('Show on timeline', 'This region on its goroutine’s lane', () => nav.region(r), 'tasks-open-timeline'),
    ),
    fields([
      ['Goroutine', goroutineLinks([r.goroutine], r.start, r.end, nav)],
      ['Task', r.task === 0 ? '—' : String(r.task)],
      ['Start', startText(r.start, r.hasStart)],
      ['End', endText(r.end, r.hasEnd)],
      ['Duration', formatDuration(r.duration)],
      ['Begun at', frame === null ? '—' : h('span', { class: 'tv-frame', title: `${frame.file}:${frame.line}` }, `${frame.func} ${frame.file.split('/').pop()}:${frame.line}`)],
    ]),
    h('h4', null, 'Time in the region'),
    h(
      'table',
      { class: 'tv-stats' },
      h(
        'tbody',
        null,
        ...stats.map(([k, v]) => {
          const bar = h('span', { class: 'tv-hist-bar' });
          bar.style.width = `${(100 * v) / total}%`;
          return h('tr', null, h('td', null, k), h('td', { class: 'gp-num' }, formatDuration(v)), h('td', { class: 'tv-hist-cell' }, bar));
        }),
      ),
    ),
    h('h4', null, `Logs (${r.logs.length})`),
    eventTable(logs, 'tasks-logs', r.start),
  );
}
