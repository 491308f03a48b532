// Range tab: statistics of the Shift+drag selected time range — duration,
// goroutines, time per state and per blocking reason, and per goroutine group.

import type { RangeStatsResponse } from '../../shared/index/query-types';
import { clear, copyButton, debounce, errorMessage, h } from './dom';
import { GOROUTINE_STATES, formatDuration, formatTime, formatTimeExact, stateClass, sumValues, toCsv } from './format';
import { formatPercent } from '../../shared/format/duration';
import type { PanelContext } from './context';
import { groupsCsv, makeGroupTable, presentStates, stateBar } from './groups';

export class RangePanel {
  readonly el: HTMLElement;
  private seq = 0;
  private onlyFiltered = false;
  private readonly schedule = debounce(() => void this.query(), 120);

  constructor(private readonly ctx: PanelContext) {
    this.el = h('div', { class: 'gp-range', 'data-testid': 'range' });
    ctx.store.subscribe('range', () => {
      if (ctx.store.state.range) ctx.showTab('range');
      this.schedule();
    });
    ctx.store.subscribe('goroutineFilter', () => {
      if (this.onlyFiltered) this.schedule();
      else if (ctx.store.state.range) this.schedule();
    });
    this.renderEmpty();
  }

  traceChanged(): void {
    this.onlyFiltered = false;
    this.schedule.cancel();
    void this.query();
  }

  private renderEmpty(msg = 'No range selected. Shift+drag on the timeline to select a time range; its statistics appear here.'): void {
    clear(this.el);
    this.el.append(h('p', { class: 'gp-muted gp-pad' }, msg));
  }

  private async query(): Promise<void> {
    const seq = ++this.seq;
    const range = this.ctx.store.state.range;
    if (!range || !this.ctx.trace) {
      this.renderEmpty();
      return;
    }
    const t0 = Math.min(range.t0, range.t1);
    const t1 = Math.max(range.t0, range.t1);
    const filter = this.ctx.store.state.goroutineFilter;
    this.el.setAttribute('aria-busy', 'true');
    try {
      const r = await this.ctx.client.rangeStats(this.onlyFiltered && filter ? { t0, t1, lanes: filter } : { t0, t1 });
      if (seq !== this.seq) return;
      this.render(r);
    } catch (e) {
      if (seq !== this.seq) return;
      this.renderEmpty(`Could not compute the range statistics: ${errorMessage(e)}`);
    } finally {
      if (seq === this.seq) this.el.removeAttribute('aria-busy');
    }
  }

  private render(r: RangeStatsResponse): void {
    const ctx = this.ctx;
    clear(this.el);
    const dur = r.t1 - r.t0;
    const stateTotal = sumValues(r.byState);
    const blockedTotal = sumValues(r.byReason);
    const filter = ctx.store.state.goroutineFilter;

    const dl = h(
      'dl',
      { class: 'gp-kv' },
      h('dt', null, 'From'),
      h('dd', { class: 'gp-start', title: formatTimeExact(r.t0) }, formatTime(r.t0)),
      h('dt', null, 'To'),
      h('dd', { class: 'gp-end', title: formatTimeExact(r.t1) }, formatTime(r.t1)),
      h('dt', null, 'Duration'),
      h('dd', { class: 'gp-duration', 'data-testid': 'range-duration', title: formatTimeExact(dur) }, formatDuration(dur)),
      h('dt', null, 'Goroutines'),
      h('dd', { class: 'gp-count', 'data-testid': 'range-goroutines' }, r.goroutines.toLocaleString('en-US')),
    );
    const actions = h(
      'div',
      { class: 'gp-actions' },
      h('button', { type: 'button', class: 'gp-link', onclick: () => ctx.store.reveal(r.t0, r.t1) }, 'Zoom to the range'),
      h('button', { type: 'button', class: 'gp-link', onclick: () => ctx.store.setRange(null) }, 'Clear the range'),
      copyButton('Copy as CSV', () => this.csv(r), 'Copy the range statistics as CSV (times in ns)'),
    );
    this.el.append(h('h2', { class: 'gp-title' }, 'Selected range'), dl, actions);
    if (filter) {
      const box = h('input', { type: 'checkbox', id: 'gp-range-filtered', checked: this.onlyFiltered });
      box.addEventListener('change', () => {
        this.onlyFiltered = box.checked;
        void this.query();
      });
      this.el.append(h('label', { class: 'gp-check', for: 'gp-range-filtered' }, box, ` only the ${filter.length} filtered goroutines`));
    }

    // Time per state.
    const states = GOROUTINE_STATES.filter((s) => (r.byState[s] ?? 0) > 0);
    const stTable = h('table', { class: 'gp-table gp-compact', 'data-testid': 'range-states' });
    stTable.append(
      h('caption', null, 'Goroutine time by state'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'State'), h('th', { scope: 'col', class: 'gp-num' }, 'Time'), h('th', { scope: 'col', class: 'gp-num' }, 'Share'), h('th', { scope: 'col', class: 'gp-num' }, 'Avg. goroutines'))),
    );
    const sb = h('tbody');
    for (const s of states) {
      const v = r.byState[s]!;
      sb.append(
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, h('span', { class: `gp-swatch ${stateClass(s)}`, 'aria-hidden': 'true' }), s),
          h('td', { class: 'gp-num', title: formatTimeExact(v) }, formatDuration(v)),
          h('td', { class: 'gp-num' }, formatPercent(v, stateTotal)),
          h('td', { class: 'gp-num', title: 'Time in this state divided by the range duration' }, dur > 0 ? (v / dur).toFixed(2) : '-'),
        ),
      );
    }
    if (states.length === 0) sb.append(h('tr', null, h('td', { colspan: 4, class: 'gp-empty' }, 'No goroutine activity in this range.')));
    stTable.append(sb);
    this.el.append(h('div', { class: 'gp-bar-wide' }, stateBar(r.byState, stateTotal)), stTable);

    // Blocked time per reason.
    const reasons = Object.entries(r.byReason).sort((a, b) => b[1] - a[1]);
    if (reasons.length > 0) {
      const rt = h('table', { class: 'gp-table gp-compact', 'data-testid': 'range-reasons' });
      rt.append(
        h('caption', null, 'Blocked time by reason'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Reason'), h('th', { scope: 'col', class: 'gp-num' }, 'Time'), h('th', { scope: 'col', class: 'gp-num' }, 'Share'))),
      );
      const tb = h('tbody');
      for (const [reason, v] of reasons) {
        tb.append(h('tr', null, h('th', { scope: 'row', class: 'gp-reason' }, reason || '(none recorded)'), h('td', { class: 'gp-num', title: formatTimeExact(v) }, formatDuration(v)), h('td', { class: 'gp-num' }, formatPercent(v, blockedTotal))));
      }
      rt.append(tb);
      this.el.append(rt);
    }

    // Per group.
    if (r.byGroup.length > 0) {
      const t = makeGroupTable(r, { caption: 'Goroutine groups in the range' });
      this.el.append(h('h3', { class: 'gp-subtitle' }, 'By start function'), h('div', { class: 'gp-table-wrap' }, t.el));
    }
  }

  private csv(r: RangeStatsResponse): string {
    const states = presentStates(r);
    const head = toCsv([
      ['t0 ns', 't1 ns', 'duration ns', 'goroutines'],
      [r.t0, r.t1, r.t1 - r.t0, r.goroutines],
      [],
      ['state', 'ns'],
      ...states.map((s) => [s, r.byState[s] ?? 0]),
      [],
      ['reason', 'ns'],
      ...Object.entries(r.byReason),
      [],
    ]);
    return head + groupsCsv(r.byGroup.map((g) => ({ ...g, total: sumValues(g.byState) })), states);
  }
}
