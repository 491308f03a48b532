// The one-line banner above the timeline: "Partly readable: <warning>" for a
// damaged or truncated trace, dismissible.

import { clear, h } from './dom';

export class Banner {
  private dismissedFor = -1;

  constructor(private readonly host: HTMLElement) {
    host.hidden = true;
  }

  show(traceId: number | null, warning: string | null): void {
    clear(this.host);
    if (traceId === null || !warning || this.dismissedFor === traceId) {
      this.host.hidden = true;
      return;
    }
    const el: HTMLElement = h(
      'div',
      { class: 'gp-banner', role: 'status', 'data-testid': 'banner' },
      h('span', { class: 'gp-banner-icon', 'aria-hidden': 'true' }, '⚠'),
      h('span', { class: 'gp-banner-text', title: 'Click to show it all', onclick: () => el.classList.toggle('gp-banner-open') }, h('strong', null, 'Partly readable: '), warning),
      h('button', {
        type: 'button',
        class: 'gp-icon-btn',
        'aria-label': 'Dismiss',
        title: 'Dismiss',
        'data-testid': 'banner-dismiss',
        onclick: () => {
          this.dismissedFor = traceId;
          this.show(traceId, warning);
        },
      }, '×'),
    );
    this.host.append(el);
    this.host.hidden = false;
  }
}
