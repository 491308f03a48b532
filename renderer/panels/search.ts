// Search overlay (Ctrl/Cmd+K or /): results as you type from client.search;
// "g42" finds goroutine 42. Enter jumps to the highlighted result and selects
// it; ↑/↓ move the highlight; Esc closes.

import type { SearchHit, SearchResponse } from '../../shared/index/query-types';
import { clear, debounce, errorMessage, h } from './dom';
import { formatDuration, formatTime } from './format';
import type { PanelContext } from './context';
import { dialog, type Overlay, type OverlayManager } from './overlay';

const KIND_LABEL: Record<SearchHit['kind'], string> = { goroutine: 'goroutine', function: 'stack', region: 'region', task: 'task', log: 'log' };

export class SearchOverlay implements Overlay {
  readonly el: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;
  private hits: SearchHit[] = [];
  private highlight = 0;
  private seq = 0;
  private lastQuery = '';
  private readonly run = debounce(() => void this.query(), 120);

  constructor(private readonly ctx: PanelContext, private readonly overlays: OverlayManager) {
    const d = dialog('Search', 'gp-search', () => overlays.close(this));
    this.el = d.el;
    this.el.setAttribute('data-testid', 'search');
    this.input = h('input', {
      type: 'search',
      class: 'gp-search-input',
      placeholder: 'g42, function, region, task or log text',
      'aria-label': 'Search the trace',
      role: 'combobox',
      'aria-expanded': 'false',
      'aria-controls': 'gp-search-results',
      'aria-autocomplete': 'list',
      spellcheck: 'false',
      autocomplete: 'off',
      'data-testid': 'search-input',
    });
    this.list = h('ul', { id: 'gp-search-results', class: 'gp-search-results', role: 'listbox', 'aria-label': 'Results' });
    this.status = h('p', { class: 'gp-muted gp-search-status', 'aria-live': 'polite' });
    d.body.append(this.input, this.status, this.list);
    this.input.addEventListener('input', () => this.run());
    this.input.addEventListener('keydown', (e) => this.onKey(e));
  }

  onOpen(): void {
    this.input.focus();
    this.input.select();
  }

  onClose(): void {
    this.run.cancel();
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (this.hits.length === 0) return;
      const n = this.hits.length;
      this.setHighlight((this.highlight + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void this.enter();
    }
  }

  /** Enter: run the pending query first if the results are stale. */
  private async enter(): Promise<void> {
    if (this.input.value.trim() !== this.lastQuery) {
      this.run.cancel();
      await this.query();
    }
    const hit = this.hits[this.highlight];
    if (hit) await this.go(hit);
  }

  private setHighlight(i: number): void {
    this.highlight = i;
    this.list.querySelectorAll('[role="option"]').forEach((el, k) => {
      el.setAttribute('aria-selected', String(k === i));
      if (k === i) {
        this.input.setAttribute('aria-activedescendant', el.id);
        (el as HTMLElement).scrollIntoView({ block: 'nearest' });
      }
    });
  }

  private async query(): Promise<void> {
    const q = this.input.value.trim();
    const seq = ++this.seq;
    this.lastQuery = q;
    if (q === '' || !this.ctx.trace) {
      this.render({ hits: [], truncated: false }, q);
      return;
    }
    try {
      const r = await this.ctx.client.search({ query: q, limit: 100 });
      if (seq !== this.seq) return;
      this.render(r, q);
    } catch (e) {
      if (seq !== this.seq) return;
      this.hits = [];
      clear(this.list);
      this.status.textContent = `Search failed: ${errorMessage(e)}`;
    }
  }

  private render(r: SearchResponse, q: string): void {
    this.hits = r.hits;
    this.highlight = 0;
    clear(this.list);
    this.input.setAttribute('aria-expanded', String(r.hits.length > 0));
    this.input.removeAttribute('aria-activedescendant');
    if (q === '') this.status.textContent = this.ctx.trace ? 'Type g42 for goroutine 42, or part of a function, region, task or log message.' : 'Open a trace first.';
    else if (r.hits.length === 0) this.status.textContent = `Nothing matches “${q}”.`;
    else this.status.textContent = `${r.hits.length}${r.truncated ? '+' : ''} result${r.hits.length === 1 ? '' : 's'}. Enter shows the highlighted one.`;
    r.hits.forEach((hit, i) => {
      const li = h(
        'li',
        { id: `gp-search-hit-${i}`, role: 'option', 'aria-selected': String(i === 0), class: 'gp-search-hit', 'data-testid': 'search-hit' },
        h('span', { class: `gp-badge gp-badge-${hit.kind}` }, KIND_LABEL[hit.kind]),
        h('span', { class: 'gp-hit-label' }, hit.label),
        h('span', { class: 'gp-muted gp-hit-time' }, hit.end > hit.time ? `${formatTime(hit.time)} · ${formatDuration(hit.end - hit.time)}` : formatTime(hit.time)),
      );
      li.addEventListener('mousemove', () => {
        if (this.highlight !== i) this.setHighlight(i);
      });
      li.addEventListener('click', () => void this.go(hit));
      this.list.append(li);
    });
    if (r.hits.length > 0) this.setHighlight(0);
  }

  /** Zoom to a hit and select what it found. */
  private async go(hit: SearchHit): Promise<void> {
    const ctx = this.ctx;
    this.overlays.close(this);
    try {
      let ref = null;
      if (hit.kind === 'goroutine' || hit.kind === 'function') ctx.unhide(hit.lane);
      if (hit.kind === 'function' && hit.index >= 0) ref = { type: 'span' as const, lane: hit.lane, point: hit.index };
      else if (hit.lane >= 0) {
        if (hit.kind === 'log') ref = await ctx.client.hitTest({ lane: hit.lane, time: hit.time, tolerancePx: 1, nsPerPixel: 1 });
        else ref = await ctx.client.hitTest({ lane: hit.lane, time: hit.time });
      }
      ctx.store.reveal(hit.time, Math.max(hit.end, hit.time), ref ?? undefined);
    } catch {
      ctx.store.reveal(hit.time, Math.max(hit.end, hit.time));
    }
  }
}
