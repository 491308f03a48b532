// Details tab: the selected span or event, drilled down with client.details:
// goroutine, state and reason, times, P and M, stacks, who created / unblocked
// it and whom it woke (links that navigate), previous / next span.

import type { ItemDetails, LinkDetails } from '../../shared/index/query-types';
import { clear, errorMessage, h } from './dom';
import { formatDuration, formatTime, formatTimeExact, parseGoroutineName, stateClass } from './format';
import type { PanelContext, TabId } from './context';
import { stackView, frameList } from './stack-view';

const TAB_NAMES: Record<TabId, string> = { details: 'Details', blocked: 'Blocked', goroutines: 'Goroutines', range: 'Range' };

export class DetailsPanel {
  readonly el: HTMLElement;
  private seq = 0;
  private current: ItemDetails | null = null;

  constructor(private readonly ctx: PanelContext) {
    this.el = h('div', { class: 'gp-details', 'data-testid': 'details' });
    ctx.store.subscribe('selection', () => void this.update());
    this.renderEmpty();
  }

  traceChanged(): void {
    this.current = null;
    void this.update();
  }

  /** Re-render (settings changed: editor links). */
  rerender(): void {
    if (this.current) this.render(this.current);
  }

  private renderEmpty(msg = 'Nothing selected. Click a span on the timeline, or a row in Blocked, to see its state, stacks and who woke it.'): void {
    clear(this.el);
    this.el.append(this.backButton() ?? '', h('p', { class: 'gp-muted gp-pad' }, msg));
  }

  private backButton(): HTMLElement | null {
    const from = this.ctx.cameFrom;
    if (!from) return null;
    return h('button', { type: 'button', class: 'gp-btn gp-btn-small gp-back', onclick: () => this.ctx.showTab(from, true) }, `← Back to ${TAB_NAMES[from]}`);
  }

  async update(): Promise<void> {
    const seq = ++this.seq;
    const ref = this.ctx.store.state.selection;
    if (!ref || !this.ctx.trace) {
      this.current = null;
      this.renderEmpty();
      return;
    }
    this.el.setAttribute('aria-busy', 'true');
    try {
      const d = await this.ctx.client.details(ref);
      if (seq !== this.seq) return;
      this.current = d;
      if (!d) this.renderEmpty('The selected item no longer exists.');
      else this.render(d);
    } catch (e) {
      if (seq !== this.seq) return;
      this.renderEmpty(`Could not load the details: ${errorMessage(e)}`);
    } finally {
      if (seq === this.seq) this.el.removeAttribute('aria-busy');
    }
  }

  private link(label: string, title: string, go: () => Promise<boolean>): HTMLElement {
    const b = h('button', { type: 'button', class: 'gp-link', title }, label);
    b.addEventListener('click', async () => {
      const ok = await go().catch(() => false);
      if (!ok) {
        b.classList.add('gp-link-dead');
        b.title = `${title} (nothing there)`;
      }
    });
    return b;
  }

  private render(d: ItemDetails): void {
    const ctx = this.ctx;
    clear(this.el);
    const back = this.backButton();
    if (back) this.el.append(back);
    const isGoroutineLane = d.kind === 'goroutine';
    const g = isGoroutineLane ? parseGoroutineName(d.laneName) : null;
    const isWait = isWaitState(d.state);

    // Header: lane and state.
    this.el.append(
      h('h2', { class: 'gp-title' }, d.laneName || `lane ${d.lane}`),
      h(
        'p',
        { class: 'gp-chips' },
        d.state ? h('span', { class: `gp-chip ${stateClass(d.state)}`, 'data-testid': 'details-state' }, d.state) : h('span', { class: 'gp-chip' }, d.kind),
        d.label || isWait ? h('span', { class: 'gp-chip gp-chip-reason', 'data-testid': 'details-reason' }, d.label) : null,
      ),
    );

    // Key/value facts.
    const dl = h('dl', { class: 'gp-kv' });
    const kv = (k: string, v: Node | string, cls?: string): void => {
      dl.append(h('dt', null, k), h('dd', cls ? { class: cls } : null, v));
    };
    if (d.goroutine !== null) {
      if (isGoroutineLane) kv('Goroutine', `G${d.goroutine}`, 'gp-goroutine');
      else kv('Goroutine', this.link(`G${d.goroutine}`, `Show goroutine ${d.goroutine} at this time`, () => this.goToGoroutine(d.goroutine!, d.start)), 'gp-goroutine');
    }
    if (g) kv('Start function', g.fn || '(unknown)', 'gp-function');
    if (d.state) kv('State', d.state, 'gp-state');
    if (isWait) kv('Reason', d.label || '(none recorded)', 'gp-reason');
    else if (d.label) kv('Label', d.label, 'gp-label');
    kv('Start', h('span', { title: formatTimeExact(d.start) }, formatTime(d.start)), 'gp-start');
    if (d.end !== d.start) {
      kv('End', h('span', { title: formatTimeExact(d.end) }, formatTime(d.end)), 'gp-end');
      kv('Duration', h('span', { title: formatTimeExact(d.duration) }, formatDuration(d.duration)), 'gp-duration');
    }
    if (d.proc !== null) kv('P', String(d.proc), 'gp-proc');
    if (d.thread !== null) kv('M (thread)', String(d.thread), 'gp-thread');
    for (const [k, v] of Object.entries(d.extra)) {
      if (v === null) continue;
      const isTime = /start|end/i.test(k) && typeof v === 'number';
      kv(k, isTime ? formatTime(v) : String(v));
    }
    this.el.append(dl);

    // Navigation.
    const nav = h('div', { class: 'gp-actions' });
    if (d.ref.type === 'span') {
      nav.append(
        this.link('◀ Previous span', 'Select the span before this one on the same lane', () => ctx.goTo(d.lane, d.start - 1)),
        this.link('Next span ▶', 'Select the span after this one on the same lane', () => ctx.goTo(d.lane, d.end)),
      );
    }
    nav.append(h('button', { type: 'button', class: 'gp-link', onclick: () => ctx.store.reveal(d.start, d.end) }, 'Zoom to it'));
    this.el.append(nav);

    // Who created / unblocked it (for a wait, the query includes the unblock that ended it).
    const into = d.linksIn;
    if (into.length > 0) {
      const sec = h('section', { class: 'gp-links-in', 'data-testid': 'details-links-in' });
      for (const l of into) sec.append(this.linkIn(l));
      this.el.append(sec);
    } else if (isWait && d.kind === 'goroutine') {
      this.el.append(h('section', { class: 'gp-links-in' }, h('p', { class: 'gp-muted' }, d.end >= (this.ctx.trace?.summary.duration ?? Infinity) ? 'Still blocked when the trace ended.' : 'No unblocking event recorded (woken by the runtime, a timer or the network poller).')));
    }

    // Stacks.
    const beginTitle = isWait ? 'Where it blocked' : d.ref.type === 'instant' ? 'Stack' : 'Stack at the start';
    const beginHint = isWait ? 'The stack of the event that began the wait (leaf first).' : undefined;
    const showEnd = d.ref.type === 'span' && (d.endStack.length > 0 || (!isWait && d.beginStack.length > 0));
    if (d.beginStack.length === 0 && !showEnd) {
      this.el.append(h('section', { class: 'gp-stack-section' }, h('p', { class: 'gp-muted' }, 'No stacks recorded for this item.')));
    } else {
      this.el.append(stackView(ctx, beginTitle, d.beginStack, { hint: beginHint, testid: 'details-begin-stack' }));
      if (showEnd) this.el.append(stackView(ctx, isWait ? 'Stack of the event that ended the wait' : 'Stack at the end', d.endStack, { testid: 'details-end-stack' }));
    }

    // Whom it woke or created.
    if (d.linksOut.length > 0) {
      const sec = h('section', { class: 'gp-links-out', 'data-testid': 'details-links-out' }, h('div', { class: 'gp-section-head' }, h('h3', null, `Woke or created (${d.linksOut.length}${d.linksOut.length >= 100 ? '+' : ''})`)));
      const ul = h('ul', { class: 'gp-link-list' });
      for (const l of d.linksOut) {
        ul.append(
          h(
            'li',
            null,
            this.link(l.toName || `lane ${l.toLane}`, `Show ${l.toName} where it was ${verb(l.kind)}`, () => ctx.goTo(l.toLane, l.toTime)),
            h('span', { class: 'gp-muted' }, ` ${verb(l.kind)} at ${formatTime(l.fromTime)}${l.reason ? ` (was ${l.reason})` : ''}`),
          ),
        );
      }
      sec.append(ul);
      this.el.append(sec);
    }
  }

  private linkIn(l: LinkDetails): HTMLElement {
    const ctx = this.ctx;
    const title = l.kind === 'create' ? 'Created by' : l.kind === 'unblock' ? 'Unblocked by' : l.kind === 'exit blocked syscall' ? 'Syscall exit seen by' : l.kind;
    const who = l.fromLane >= 0 ? this.link(l.fromName || `lane ${l.fromLane}`, `Show ${l.fromName} at ${formatTime(l.fromTime)}`, () => ctx.goTo(l.fromLane, l.fromTime)) : h('span', { class: 'gp-muted' }, 'unknown (outside any goroutine)');
    const box = h(
      'div',
      { class: 'gp-link-in' },
      h('div', { class: 'gp-section-head' }, h('h3', null, title)),
      h('p', null, who, h('span', { class: 'gp-muted' }, ` at ${formatTime(l.fromTime)}${l.reason ? ` — ended a wait on ${l.reason}` : ''}`)),
    );
    if (l.stack.length > 0) {
      const det = h('details', { open: true }, h('summary', null, `${title.toLowerCase()}: stack (${l.stack.length} frames)`), frameList(ctx, l.stack));
      box.append(det);
    }
    return box;
  }

  private async goToGoroutine(id: number, time: number): Promise<boolean> {
    const r = await this.ctx.client.search({ query: `g${id}`, limit: 1 });
    const hit = r.hits[0];
    if (!hit) return false;
    return this.ctx.goTo(hit.lane, Math.max(time, hit.time));
  }
}

function isWaitState(state: string): boolean {
  return state === 'waiting' || state === 'GC waiting' || state === 'syscall blocked';
}

function verb(kind: string): string {
  return kind === 'create' ? 'created' : kind === 'unblock' ? 'unblocked' : kind === 'exit blocked syscall' ? 'returned from a syscall' : kind;
}
