// Blocked tab: the longest blocking episodes (client.blocking), filtered by
// reason (the reasons of this trace) and minimum duration, grouped by none,
// goroutine or start function. A row zooms the timeline to the episode and
// selects it.

import type { BlockingEpisode, BlockingRequest, BlockingResponse } from '../../shared/index/query-types';
import { clear, debounce, errorMessage, h } from './dom';
import { formatDuration, formatTime, formatTimeExact, parseDuration, parseGoroutineName, userFrame } from './format';
import type { PanelContext } from './context';

type GroupBy = 'none' | 'goroutine' | 'function';

const LIMIT_NONE = 200;
const LIMIT_GROUP = 10;
const MAX_GROUPS = 100;
/** The "all reasons" option's value (a reason may be the empty string). */
const ALL = '<all>';
const NO_REASON = '(no reason recorded)';

function plural(n: number, what: string): string {
  return `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
}

export class BlockedPanel {
  readonly el: HTMLElement;
  private readonly reasonSel: HTMLSelectElement;
  private readonly minInput: HTMLInputElement;
  private readonly minError: HTMLElement;
  private readonly groupSel: HTMLSelectElement;
  private readonly syscallsBox: HTMLInputElement;
  private readonly runtimeBox: HTMLInputElement;
  private readonly summary: HTMLElement;
  private readonly body: HTMLElement;
  private seq = 0;
  private dirty = true;
  private reasonsLoaded = false;
  private active = false;
  private minDuration = 0;

  constructor(private readonly ctx: PanelContext) {
    const id = (s: string) => `gp-blocked-${s}`;
    this.reasonSel = h('select', { id: id('reason') }, h('option', { value: ALL }, 'All reasons'));
    this.minInput = h('input', { id: id('min'), type: 'text', inputmode: 'text', placeholder: 'e.g. 1ms, 250µs, 2s', size: 10, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': id('min-err') });
    this.minError = h('span', { id: id('min-err'), class: 'gp-field-error', 'aria-live': 'polite' });
    this.groupSel = h('select', { id: id('group') }, h('option', { value: 'none' }, 'None'), h('option', { value: 'goroutine' }, 'Goroutine'), h('option', { value: 'function' }, 'Start function'));
    this.syscallsBox = h('input', { id: id('syscalls'), type: 'checkbox', checked: true });
    this.runtimeBox = h('input', { id: id('runtime'), type: 'checkbox' });
    this.summary = h('p', { class: 'gp-muted gp-summary', 'aria-live': 'polite' });
    this.body = h('div', { class: 'gp-table-wrap' });
    const form = h(
      'form',
      { class: 'gp-filters', onsubmit: (e: Event) => e.preventDefault() },
      h('label', { for: id('reason') }, 'Reason'),
      this.reasonSel,
      h('label', { for: id('min') }, 'At least'),
      h('span', { class: 'gp-field' }, this.minInput, this.minError),
      h('label', { for: id('group') }, 'Group by'),
      this.groupSel,
      h('label', { class: 'gp-check', for: id('syscalls') }, this.syscallsBox, ' include blocked syscalls'),
      h('label', { class: 'gp-check', for: id('runtime') }, this.runtimeBox, ' include runtime goroutines'),
    );
    this.el = h('div', { class: 'gp-blocked', 'data-testid': 'blocked' }, form, this.summary, this.body);

    const refresh = debounce(() => void this.query(), 250);
    this.reasonSel.addEventListener('change', () => void this.query());
    this.groupSel.addEventListener('change', () => void this.query());
    this.syscallsBox.addEventListener('change', () => void this.query());
    this.runtimeBox.addEventListener('change', () => void this.query());
    this.minInput.addEventListener('input', () => {
      const v = parseDuration(this.minInput.value);
      if (v === null) {
        this.minInput.setAttribute('aria-invalid', 'true');
        this.minError.textContent = 'Use a number with a unit: ns, µs (us), ms, s, m';
        refresh.cancel();
        return;
      }
      this.minInput.removeAttribute('aria-invalid');
      this.minError.textContent = '';
      if (v !== this.minDuration) {
        this.minDuration = v;
        refresh();
      }
    });
    this.minInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        refresh.cancel();
        void this.query();
      }
    });
  }

  traceChanged(): void {
    this.reasonsLoaded = false;
    this.dirty = true;
    while (this.reasonSel.options.length > 1) this.reasonSel.remove(1);
    this.reasonSel.value = ALL;
    clear(this.body);
    this.summary.textContent = '';
    if (this.active) void this.query();
  }

  /** The tab became visible / hidden: query lazily. */
  setActive(active: boolean): void {
    this.active = active;
    if (active && this.dirty) void this.query();
  }

  private async loadReasons(): Promise<void> {
    const r = await this.ctx.client.blocking({ n: 0, groupBy: 'reason' });
    const keep = this.reasonSel.value;
    while (this.reasonSel.options.length > 1) this.reasonSel.remove(1);
    for (const g of r.groups) {
      this.reasonSel.append(h('option', { value: g.key }, `${g.key || NO_REASON} (${plural(g.count, 'episode')}, ${formatDuration(g.total)})`));
    }
    this.reasonSel.value = r.groups.some((g) => g.key === keep) ? keep : ALL;
    this.reasonsLoaded = true;
  }

  async query(): Promise<void> {
    if (!this.ctx.trace) return;
    const seq = ++this.seq;
    this.dirty = false;
    this.el.setAttribute('aria-busy', 'true');
    try {
      if (!this.reasonsLoaded) await this.loadReasons();
      if (seq !== this.seq) return;
      const groupBy = this.groupSel.value as GroupBy;
      const req: BlockingRequest = { n: groupBy === 'none' ? LIMIT_NONE : LIMIT_GROUP, groupBy, syscalls: this.syscallsBox.checked, runtime: this.runtimeBox.checked };
      if (this.reasonSel.value !== ALL) req.reason = this.reasonSel.value;
      if (this.minDuration > 0) req.minDuration = this.minDuration;
      const r = await this.ctx.client.blocking(req);
      if (seq !== this.seq) return;
      this.render(r, groupBy);
    } catch (e) {
      if (seq !== this.seq) return;
      clear(this.body);
      this.body.append(h('p', { class: 'gp-error', role: 'alert' }, `Could not list blocked goroutines: ${errorMessage(e)}`));
    } finally {
      if (seq === this.seq) this.el.removeAttribute('aria-busy');
    }
  }

  private render(r: BlockingResponse, groupBy: GroupBy): void {
    clear(this.body);
    let count = 0;
    let total = 0;
    for (const g of r.groups) {
      count += g.count;
      total += g.total;
    }
    if (count === 0) {
      this.summary.textContent = '';
      this.body.append(h('p', { class: 'gp-muted gp-pad' }, 'No blocking episodes match.'));
      return;
    }
    const shown = r.groups.reduce((s, g) => s + g.episodes.length, 0);
    this.summary.textContent =
      groupBy === 'none'
        ? `${plural(count, 'episode')}, ${formatDuration(total)} blocked in all${shown < count ? `; the ${shown} longest shown` : ''}.`
        : `${plural(r.groups.length, 'group')}, ${plural(count, 'episode')}, ${formatDuration(total)} blocked; the ${LIMIT_GROUP} longest per group.`;
    const table = h('table', { class: 'gp-table gp-blocked-table' });
    table.append(
      h('caption', { class: 'gp-sr-only' }, 'Longest blocking episodes'),
      h('colgroup', null, h('col', { class: 'gp-col-fn' }), h('col', { class: 'gp-col-reason' }), h('col', { class: 'gp-col-dur' }), h('col', { class: 'gp-col-start' })),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'Goroutine'),
          h('th', { scope: 'col' }, 'Reason'),
          h('th', { scope: 'col', class: 'gp-num' }, 'Duration'),
          h('th', { scope: 'col', class: 'gp-num' }, 'Start'),
        ),
      ),
    );
    for (const g of r.groups.slice(0, MAX_GROUPS)) {
      const tbody = h('tbody');
      if (groupBy !== 'none') {
        tbody.append(
          h(
            'tr',
            { class: 'gp-group-row' },
            h('th', { scope: 'rowgroup', colspan: 4 }, h('span', { class: 'gp-group-key' }, g.key || '(unknown)'), h('span', { class: 'gp-muted' }, ` — ${plural(g.count, 'episode')}, ${formatDuration(g.total)}`)),
          ),
        );
      }
      for (const ep of g.episodes) tbody.append(this.row(ep));
      table.append(tbody);
    }
    this.body.append(table);
    if (r.groups.length > MAX_GROUPS) this.body.append(h('p', { class: 'gp-muted gp-pad' }, `${r.groups.length - MAX_GROUPS} smaller groups not shown; filter by reason or duration to see them.`));
  }

  private row(ep: BlockingEpisode): HTMLTableRowElement {
    const fn = parseGoroutineName(ep.name)?.fn ?? ep.name;
    const where = userFrame(ep.stack);
    const tr = h(
      'tr',
      { class: 'gp-row-link', tabindex: 0, 'data-testid': 'blocked-row', 'data-lane': ep.lane, 'data-point': ep.point, title: 'Show on the timeline' },
      h(
        'td',
        { class: 'gp-g-cell', title: where ? `G${ep.goroutine} ${fn}\nblocked at ${where.func}  ${where.file}:${where.line}` : `G${ep.goroutine} ${fn}` },
        h('span', { class: 'gp-g-line' }, h('span', { class: 'gp-goroutine' }, `G${ep.goroutine}`), ' ', h('span', { class: 'gp-function' }, fn || '(unknown)')),
        where && where.func !== fn ? h('span', { class: 'gp-where' }, `at ${where.func}`) : null,
      ),
      h('td', { class: 'gp-reason', title: ep.reason || NO_REASON }, ep.reason),
      h('td', { class: 'gp-duration gp-num', 'data-ns': ep.duration, title: formatTimeExact(ep.duration) }, formatDuration(ep.duration)),
      h('td', { class: 'gp-start gp-num', 'data-ns': ep.start, title: formatTimeExact(ep.start) }, formatTime(ep.start)),
    );
    const go = () => {
      this.ctx.unhide(ep.lane);
      this.ctx.store.reveal(ep.start, ep.end, { type: 'span', lane: ep.lane, point: ep.point });
      this.ctx.showTab('details');
    };
    tr.addEventListener('click', () => {
      if (window.getSelection()?.toString()) return;
      go();
    });
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        go();
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const rows = [...this.body.querySelectorAll<HTMLElement>('[data-testid="blocked-row"]')];
        const i = rows.indexOf(tr);
        rows[e.key === 'ArrowDown' ? i + 1 : i - 1]?.focus();
      }
    });
    return tr;
  }
}
