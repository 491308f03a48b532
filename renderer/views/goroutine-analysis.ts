// Goroutine analysis: cmd/trace's /goroutines and /goroutine?name= pages as
// one view. Groups by start function with the full breakdown (execution,
// scheduler wait, block time by reason, syscall, syscall block, unknown,
// special ranges) and the whole-trace totals; a group drills down to its
// goroutines one by one (sorted and cut by the job: a group may hold
// millions). Rows lead to the timeline: a group's lanes, a goroutine's life.

import type { OpenedTrace } from '../../shared/ipc/api';
import type {
  GoroutineAnalysisRequest,
  GoroutineAnalysisResponse,
  GoroutineGroupStats,
  GoroutineStats,
} from '../../shared/ipc/analysis/goroutines';
import { h, clear, copyButton, errorMessage } from '../panels/dom';
import { formatDuration, formatTime } from '../panels/format';
import type { AnalysisView } from './types';
import type { ViewContext } from './types';
import { SortTable, type Column } from '../panels/table';
import { breakdownBar, breakdownColumns, breakdownCsv, durationCell, legend, presentColumns, type BreakdownColumn } from './goroutine-analysis-columns';

/** Go's name for goroutines never seen with a stack. */
export const UNNAMED_GROUP = '(Inactive, no stack trace sampled)';
const PAGE = 500;
/** The most lanes one filter may name (the API's limit on goroutineLanes). */
const MAX_FILTER = 1_000_000;

type Mode = { kind: 'groups' } | { kind: 'group'; name: string; sortBy: string; ascending: boolean; limit: number };

function groupLabel(name: string): string {
  return name === '' ? UNNAMED_GROUP : name;
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '–';
}

export class GoroutineAnalysisView implements AnalysisView {
  readonly id = 'goroutine-analysis' as const;
  readonly label = 'Goroutine analysis';
  readonly title = 'Goroutines by start function: execution, waits by reason, syscalls (go tool trace\'s goroutine analysis)';
  readonly el = h('div', { class: 'ga-view' });

  private active = false;
  private stale = true;
  private mode: Mode = { kind: 'groups' };
  private rangeOnly = false;
  private seq = 0;
  private readonly head = h('div', { class: 'ga-head' });
  private readonly body = h('div', { class: 'ga-body' });
  /** Whole-trace groups sort (kept across drill-downs). */
  private groupSort = { key: 'exec', desc: true };

  constructor(readonly ctx: ViewContext) {
    this.el.append(this.head, this.body);
    ctx.store.subscribe('range', () => {
      if (this.rangeOnly) this.invalidate();
      else if (this.ctx.trace !== null) this.renderHead();
    });
  }

  setActive(active: boolean): void {
    this.active = active;
    if (active && this.stale) void this.load();
  }

  traceChanged(_trace: OpenedTrace | null): void {
    this.mode = { kind: 'groups' };
    this.rangeOnly = false;
    this.invalidate();
  }

  private invalidate(): void {
    this.stale = true;
    if (this.active) void this.load();
  }

  private range(): { t0: number; t1: number } | null {
    return this.rangeOnly ? this.ctx.selectedRange() : null;
  }

  private request(): GoroutineAnalysisRequest {
    const r = this.range();
    const req: GoroutineAnalysisRequest = r ? { t0: r.t0, t1: r.t1 } : {};
    if (this.mode.kind === 'group') {
      req.group = this.mode.name;
      req.sortBy = this.mode.sortBy;
      req.ascending = this.mode.ascending;
      req.limit = this.mode.limit;
    }
    return req;
  }

  private async load(): Promise<void> {
    if (this.ctx.trace === null) {
      clear(this.head);
      clear(this.body);
      return;
    }
    this.stale = false;
    const seq = ++this.seq;
    this.el.setAttribute('aria-busy', 'true');
    if (this.body.childElementCount === 0) this.body.append(h('p', { class: 'gp-muted ga-loading' }, 'Analysing goroutines…'));
    try {
      const r = await this.ctx.client.goroutineAnalysis(this.request());
      if (seq !== this.seq) return;
      this.render(r);
    } catch (e) {
      if (seq !== this.seq) return;
      clear(this.body);
      this.body.append(h('p', { class: 'gp-error', role: 'alert' }, `Goroutine analysis failed: ${errorMessage(e)}`));
    } finally {
      if (seq === this.seq) this.el.removeAttribute('aria-busy');
    }
  }

  private go(mode: Mode): void {
    this.mode = mode;
    this.invalidate();
  }

  private render(r: GoroutineAnalysisResponse): void {
    this.renderHead();
    clear(this.body);
    const cols = breakdownColumns(r);
    if (r.error) this.body.append(h('p', { class: 'ga-note' }, `The trace is damaged: only its complete part is analysed (${r.error}).`));
    if (this.mode.kind === 'group' && r.group !== null) {
      this.renderGroup(r, cols);
      return;
    }
    if (this.mode.kind === 'group') this.body.append(h('p', { class: 'ga-note' }, `No goroutine of ${groupLabel(this.mode.name)} has time in the selected range.`));
    this.renderGroups(r, cols);
  }

  // ---- the head: breadcrumb, range toggle -------------------------------------------

  private renderHead(): void {
    clear(this.head);
    const crumbs = h('nav', { class: 'ga-breadcrumb', 'aria-label': 'Goroutine analysis', 'data-testid': 'ga-breadcrumb' });
    if (this.mode.kind === 'group') {
      crumbs.append(
        h('button', { type: 'button', class: 'gp-link', 'data-testid': 'ga-back', onclick: () => this.go({ kind: 'groups' }) }, 'All groups'),
        h('span', { class: 'ga-crumb-sep', 'aria-hidden': 'true' }, '›'),
        h('span', { class: 'ga-crumb-current', 'aria-current': 'page' }, groupLabel(this.mode.name)),
      );
    } else {
      crumbs.append(h('span', { class: 'ga-crumb-current', 'aria-current': 'page' }, 'All groups'));
    }
    const sel = this.ctx.selectedRange();
    const box = h('input', { type: 'checkbox', 'data-testid': 'ga-range-toggle' });
    box.checked = this.rangeOnly && sel !== null;
    box.disabled = sel === null && !this.rangeOnly;
    box.addEventListener('change', () => {
      this.rangeOnly = box.checked;
      this.invalidate();
    });
    const rangeText = sel ? ` (${formatTime(sel.t0)} – ${formatTime(sel.t1)})` : ' (Shift+drag on the timeline to select one)';
    const toggle = h(
      'label',
      { class: 'ga-range', title: 'Count only the time inside the range selected on the timeline: each goroutine\'s stats at its end less those at its start, as Go computes a region\'s' },
      box,
      ` Selected range only${rangeText}`,
    );
    this.head.append(crumbs, toggle);
  }

  // ---- groups -------------------------------------------------------------------------

  private renderGroups(r: GoroutineAnalysisResponse, cols: BreakdownColumn[]): void {
    const shown = r.range ? `in ${formatTime(r.range.t0)} – ${formatTime(r.range.t1)}` : 'in the whole trace';
    const summary = h(
      'p',
      { class: 'ga-summary', 'data-testid': 'ga-summary' },
      `${r.totals.count.toLocaleString('en-US')} goroutines in ${r.groups.length} groups by start function ${shown}; execution ${formatDuration(r.totals.exec)} of ${formatDuration(r.totals.total)} goroutine time.`,
    );
    const columns: Column<GoroutineGroupStats>[] = [
      {
        key: 'name',
        title: 'Start function',
        hint: 'The goroutines\' start function (Go\'s start location)',
        value: (g) => groupLabel(g.name),
        render: (g) => h('span', { class: g.name === '' ? 'gp-muted' : '', title: groupLabel(g.name) }, groupLabel(g.name)),
        cls: 'ga-name',
      },
      { key: 'count', title: 'Goroutines', value: (g) => g.count, render: (g) => g.count.toLocaleString('en-US'), numeric: true, cls: 'ga-col-count' },
      { key: 'total', title: 'Total', hint: 'Total time: the goroutines\' presence in the trace, summed', value: (g) => g.total, render: (g) => durationCell(g.total, g.total), numeric: true, cls: 'ga-col-total' },
      { key: 'bar', title: 'Breakdown', hint: 'Share of the execution time', value: (g) => (g.total > 0 ? g.exec / g.total : 0), render: (g) => breakdownBar(g, cols, g.total), numeric: true, cls: 'ga-col-bar' },
      ...cols.map((c) => breakdownCol<GoroutineGroupStats>(c)),
      {
        key: 'actions',
        title: 'Actions',
        value: () => 0,
        fixed: true,
        cls: 'ga-actions',
        render: (g) => this.showGroupButton(g.name, g.count),
      },
    ];
    const table = new SortTable<GoroutineGroupStats>({
      columns,
      tableClass: 'ga-table',
      sortKey: this.groupSort.key,
      sortDesc: this.groupSort.desc,
      caption: 'Goroutine groups by start function',
      onActivate: (g) => this.go({ kind: 'group', name: g.name, sortBy: 'total', ascending: false, limit: PAGE }),
      rowAttrs: (g) => ({ 'data-testid': 'ga-group-row', 'data-group': g.name, title: `${groupLabel(g.name)}: click for its goroutines` }),
      empty: r.range ? 'No goroutine has time in the selected range.' : 'No goroutines.',
    });
    table.setRows(r.groups, { row: { ...r.totals, name: '' }, attrs: { 'data-testid': 'ga-totals-row', class: 'ga-totals' } });
    // The totals row names itself.
    const first = table.el.tFoot?.rows[0]?.cells[0];
    if (first) {
      clear(first);
      first.append(h('strong', null, r.range ? 'All goroutines (selected range)' : 'All goroutines (whole trace)'));
    }
    const actionsCell = table.el.tFoot?.rows[0]?.cells[columns.length - 1];
    if (actionsCell) clear(actionsCell);
    table.el.dataset.testid = 'ga-groups';
    table.el.querySelector('thead')!.addEventListener('click', () => (this.groupSort = { ...table.sort }));

    const csv = copyButton(
      'Copy CSV',
      () => breakdownCsv(table.getSortedRows(), [{ title: 'start function', value: (g) => g.name }, { title: 'goroutines', value: (g) => g.count }], cols),
      'Copy the groups table as CSV (durations in ns)',
    );
    csv.dataset.testid = 'ga-copy-csv';
    this.body.append(
      h('div', { class: 'ga-toolbar' }, summary, csv),
      legend(cols),
      h('div', { class: 'ga-table-wrap' }, table.el),
      h('p', { class: 'gp-hint' }, 'Click a group for its goroutines. The breakdown adds up to the total; special ranges overlap it.'),
    );
  }

  private showGroupButton(name: string, count: number): HTMLButtonElement {
    const b = h(
      'button',
      { type: 'button', class: 'gp-btn gp-btn-small', 'data-testid': 'ga-show-group', title: count > MAX_FILTER ? `More than ${MAX_FILTER.toLocaleString('en-US')} goroutines: too many lanes to filter` : `Show only the lanes of these ${count.toLocaleString('en-US')} goroutines on the timeline` },
      'Show on timeline',
    );
    b.disabled = count > MAX_FILTER;
    b.addEventListener('click', async (e) => {
      e.stopPropagation();
      b.disabled = true;
      try {
        const r = this.range();
        const res = await this.ctx.client.goroutineAnalysis({ ...(r ? { t0: r.t0, t1: r.t1 } : {}), group: name, limit: 0, ids: true });
        await this.ctx.filterGoroutines(res.group?.ids ?? []);
      } catch (err) {
        b.textContent = 'Failed';
        b.title = errorMessage(err);
      } finally {
        b.disabled = false;
      }
    });
    return b;
  }

  // ---- one group's goroutines ---------------------------------------------------------------

  private renderGroup(r: GoroutineAnalysisResponse, all: BreakdownColumn[]): void {
    const mode = this.mode as Extract<Mode, { kind: 'group' }>;
    const d = r.group!;
    const stats = r.groups.find((g) => g.name === d.name)!;
    const cols = presentColumns(all, stats);
    const maxTotal = d.goroutines.reduce((m, g) => Math.max(m, g.total), 0);
    const traceEnd = r.traceEnd;
    const columns: Column<GoroutineStats>[] = [
      { key: 'id', title: 'Goroutine', value: (g) => g.id, render: (g) => `G${g.id}`, numeric: true, cls: 'ga-col-id' },
      { key: 'total', title: 'Total', hint: 'Total time: presence in the trace', value: (g) => g.total, render: (g) => durationCell(g.total, g.total), numeric: true, cls: 'ga-col-total' },
      { key: 'bar', title: 'Breakdown', hint: 'Scaled to the longest total listed (as Go\'s page)', value: (g) => g.total, render: (g) => breakdownBar(g, cols, maxTotal), cls: 'ga-col-bar', fixed: true },
      ...cols.map((c) => breakdownCol<GoroutineStats>(c)),
      { key: 'creation', title: 'Created', hint: 'Creation time (from the trace start; 0: existed when it started)', value: (g) => g.creation ?? -1, render: (g) => timeCell(g.creation), numeric: true, cls: 'ga-col-time' },
      { key: 'start', title: 'Started', hint: 'First time it ran', value: (g) => g.start ?? Infinity, render: (g) => timeCell(g.start), numeric: true, cls: 'ga-col-time' },
      { key: 'end', title: 'Ended', hint: 'Exit (or blocked forever); – still alive at the end', value: (g) => g.end ?? Infinity, render: (g) => timeCell(g.end), numeric: true, cls: 'ga-col-time' },
      {
        key: 'actions',
        title: 'Actions',
        value: () => 0,
        fixed: true,
        cls: 'ga-actions',
        render: (g) =>
          h(
            'button',
            { type: 'button', class: 'gp-btn gp-btn-small', 'data-testid': 'ga-open-goroutine', title: `Open G${g.id}'s lane on the timeline, zoomed to its life`, onclick: () => void this.openGoroutine(g, traceEnd) },
            'Timeline',
          ),
      },
    ];
    const table = new SortTable<GoroutineStats>({
      columns,
      tableClass: 'ga-table',
      sortKey: mode.sortBy,
      sortDesc: !mode.ascending,
      caption: `Goroutines of ${groupLabel(d.name)}`,
      sortElsewhere: (key, desc) => this.go({ ...mode, sortBy: key, ascending: !desc }),
      onActivate: (g) => void this.openGoroutine(g, traceEnd),
      rowAttrs: (g) => ({ 'data-testid': 'ga-goroutine-row', 'data-goroutine': String(g.id), title: `G${g.id}: click to open it on the timeline` }),
      empty: 'No goroutines.',
    });
    table.setRows(d.goroutines, { row: { ...stats, id: -1, creation: null, start: null, end: null }, attrs: { 'data-testid': 'ga-totals-row', class: 'ga-totals' } });
    const foot = table.el.tFoot?.rows[0];
    if (foot) {
      clear(foot.cells[0]!);
      foot.cells[0]!.append(h('strong', null, `All ${d.count.toLocaleString('en-US')}`));
      for (const i of [2, columns.length - 4, columns.length - 3, columns.length - 2, columns.length - 1]) clear(foot.cells[i]!);
    }
    table.el.dataset.testid = 'ga-goroutines';

    const execShare = pct(stats.exec, r.totals.exec);
    const summary = h(
      'p',
      { class: 'ga-summary', 'data-testid': 'ga-summary' },
      `${d.count.toLocaleString('en-US')} goroutines started at ${groupLabel(d.name)}. Execution time: ${execShare} of the total program execution time.`,
    );
    const csv = copyButton(
      'Copy CSV',
      () =>
        breakdownCsv(
          table.getSortedRows(),
          [
            { title: 'goroutine', value: (g) => g.id },
            { title: 'created ns', value: (g) => g.creation ?? '' },
            { title: 'started ns', value: (g) => g.start ?? '' },
            { title: 'ended ns', value: (g) => g.end ?? '' },
          ],
          cols,
        ),
      d.goroutines.length < d.count ? `Copy the ${d.goroutines.length} goroutines listed as CSV (durations in ns)` : 'Copy the goroutines as CSV (durations in ns)',
    );
    csv.dataset.testid = 'ga-copy-csv';
    const more =
      d.goroutines.length < d.count
        ? h(
            'p',
            { class: 'ga-more', 'data-testid': 'ga-more' },
            `The first ${d.goroutines.length.toLocaleString('en-US')} of ${d.count.toLocaleString('en-US')} by the sorted column. `,
            h('button', { type: 'button', class: 'gp-link', onclick: () => this.go({ ...mode, limit: Math.min(mode.limit * 4, MAX_FILTER) }) }, 'Show more'),
          )
        : null;
    this.body.append(
      h('div', { class: 'ga-toolbar' }, summary, h('span', { class: 'ga-buttons' }, this.showGroupButton(d.name, d.count), csv)),
      legend(cols),
      h('div', { class: 'ga-table-wrap' }, table.el),
    );
    if (more) this.body.append(more);
  }

  private async openGoroutine(g: GoroutineStats, traceEnd: number): Promise<void> {
    await this.ctx.openSpan({ goroutine: g.id, lane: -1, t0: g.creation ?? 0, t1: g.end ?? traceEnd });
  }
}

function breakdownCol<R extends GoroutineGroupStats | GoroutineStats>(c: BreakdownColumn): Column<R> {
  return {
    key: c.key,
    title: c.title,
    over: c.over,
    hint: c.hint,
    value: (r) => c.value(r),
    render: (r) => durationCell(c.value(r), r.total),
    numeric: true,
    cls: `ga-col ${c.stacked ? '' : 'ga-col-range'}`,
  };
}

function timeCell(t: number | null): HTMLElement {
  return h('span', { title: t === null ? '' : `${t.toLocaleString('en-US')} ns from the trace start` }, t === null ? '–' : formatTime(t));
}
