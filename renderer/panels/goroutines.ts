// Goroutines tab: goroutine analysis over the whole trace — groups by start
// function with their count and time per state (client.rangeStats), sortable;
// a click on a group filters the timeline's goroutine lanes to that group.

import type { LaneInfo } from '../../shared/index/query-types';
import { clear, copyButton, errorMessage, h } from './dom';
import { parseGoroutineName } from './format';
import type { PanelContext } from './context';
import { groupRows, groupsCsv, makeGroupTable, presentStates, type GroupRow } from './groups';
import type { SortTable } from './table';

/** Every goroutine lane of the open trace (paged through client.lanes). */
export async function goroutineLanes(ctx: PanelContext): Promise<LaneInfo[]> {
  const out: LaneInfo[] = [];
  for (;;) {
    const r = await ctx.client.lanes({ kinds: ['goroutine'], offset: out.length, limit: 5000 });
    out.push(...r.lanes);
    if (r.lanes.length === 0 || out.length >= r.total) return out;
  }
}

export class GoroutinesPanel {
  readonly el: HTMLElement;
  private readonly filterBar: HTMLElement;
  private readonly body: HTMLElement;
  private readonly toolbar: HTMLElement;
  private seq = 0;
  private dirty = true;
  private active = false;
  private lanes: Promise<LaneInfo[]> | null = null;
  /** Group whose lanes are the filter now (null: none, or set by someone else). */
  private filterGroup: string | null = null;
  private filterSet: number[] | null = null;
  private table: SortTable<GroupRow> | null = null;

  constructor(private readonly ctx: PanelContext) {
    this.filterBar = h('div', { class: 'gp-filterbar', 'aria-live': 'polite', 'data-testid': 'goroutine-filter' });
    this.toolbar = h('div', { class: 'gp-toolbar' });
    this.body = h('div', { class: 'gp-table-wrap' });
    this.el = h(
      'div',
      { class: 'gp-goroutines', 'data-testid': 'goroutines' },
      h('p', { class: 'gp-hint' }, 'Goroutines grouped by start function, with their time in each state over the whole trace. Click a group to show only its goroutines on the timeline.'),
      this.filterBar,
      this.toolbar,
      this.body,
    );
    ctx.store.subscribe('goroutineFilter', () => this.renderFilter());
    this.renderFilter();
  }

  traceChanged(): void {
    this.lanes = null;
    this.filterGroup = null;
    this.dirty = true;
    this.table = null;
    clear(this.body);
    clear(this.toolbar);
    this.renderFilter();
    if (this.active) void this.query();
  }

  setActive(active: boolean): void {
    this.active = active;
    if (active && this.dirty) void this.query();
  }

  private renderFilter(): void {
    clear(this.filterBar);
    const f = this.ctx.store.state.goroutineFilter;
    if (f !== this.filterSet) this.filterGroup = null;
    if (f === null) {
      this.filterGroup = null;
      this.filterBar.hidden = true;
    } else {
      this.filterBar.hidden = false;
      const what = this.filterGroup !== null ? `${f.length} goroutine${f.length === 1 ? '' : 's'} of ${this.filterGroup || '(unknown)'}` : `${f.length} goroutine lane${f.length === 1 ? '' : 's'}`;
      this.filterBar.append(
        h('span', null, 'Timeline shows only ', h('strong', null, what), '. '),
        h('button', { type: 'button', class: 'gp-btn gp-btn-small', 'data-testid': 'clear-filter', onclick: () => this.ctx.store.setGoroutineFilter(null) }, 'Clear filter'),
      );
    }
    this.table?.refresh();
  }

  private async query(): Promise<void> {
    const trace = this.ctx.trace;
    if (!trace) return;
    const seq = ++this.seq;
    this.dirty = false;
    this.el.setAttribute('aria-busy', 'true');
    try {
      const r = await this.ctx.client.rangeStats({ t0: 0, t1: trace.summary.duration });
      if (seq !== this.seq) return;
      clear(this.body);
      clear(this.toolbar);
      const states = presentStates(r);
      const rows = groupRows(r);
      this.table = makeGroupTable(r, {
        caption: 'Goroutine groups by start function',
        onActivate: (g) => void this.filterTo(g),
        isCurrent: (g) => this.filterGroup === g.name && this.ctx.store.state.goroutineFilter !== null,
      });
      this.toolbar.append(
        h('span', { class: 'gp-muted' }, `${r.goroutines.toLocaleString('en-US')} goroutines in ${rows.length} groups`),
        copyButton('Copy as CSV', () => groupsCsv(this.table!.getSortedRows(), states), 'Copy the table as CSV (times in ns)'),
      );
      this.body.append(this.table.el);
    } catch (e) {
      if (seq !== this.seq) return;
      clear(this.body);
      this.body.append(h('p', { class: 'gp-error', role: 'alert' }, `Could not compute the goroutine analysis: ${errorMessage(e)}`));
    } finally {
      if (seq === this.seq) this.el.removeAttribute('aria-busy');
    }
  }

  /** Filter the timeline to the goroutines of group g (a second click on the same group clears it). */
  private async filterTo(g: GroupRow): Promise<void> {
    if (this.filterGroup === g.name && this.ctx.store.state.goroutineFilter !== null) {
      this.ctx.store.setGoroutineFilter(null);
      return;
    }
    if (!this.lanes) this.lanes = goroutineLanes(this.ctx);
    let lanes: LaneInfo[];
    try {
      lanes = await this.lanes;
    } catch (e) {
      this.lanes = null;
      this.filterBar.hidden = false;
      this.filterBar.textContent = `Could not list the goroutines: ${errorMessage(e)}`;
      return;
    }
    const ids = lanes.filter((l) => parseGoroutineName(l.name)?.fn === g.name).map((l) => l.id);
    this.filterGroup = g.name;
    this.filterSet = ids;
    this.ctx.store.setGoroutineFilter(ids);
  }
}
