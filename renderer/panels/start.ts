// Start page (no trace open): Open…, drop target, recent files, the demo
// trace, capture from a URL; load progress with Cancel, and load errors.
// While a trace is open, progress and errors of the next load show in a
// toast (the same element, moved into the overlay host).

import type { AppEvent, LoadProgress, OpenedTrace } from '../../shared/ipc/api';
import { clear, errorMessage, h } from './dom';
import type { PanelContext } from './context';

export class StartPage {
  readonly el: HTMLElement;
  /** Progress and errors; lives in the start page or in the toast. */
  readonly loadBox: HTMLElement;
  readonly toast: HTMLElement;
  private readonly recentList: HTMLElement;
  private readonly recentSec: HTMLElement;
  private readonly fileInput: HTMLInputElement;
  private readonly drop: HTMLElement;
  private loading = false;
  private cancelRequested = false;
  private shownError: string | null = null;
  /** Called when an open we started resolved but nobody told the panels (no 'opened' event seen). */
  onOpened: (t: OpenedTrace) => void = () => {};

  constructor(private readonly ctx: PanelContext) {
    const client = ctx.client;
    this.fileInput = h('input', { type: 'file', class: 'gp-hidden-input', tabindex: -1, 'aria-hidden': 'true', accept: '.trace,.out,.gz,.bin,application/octet-stream,application/gzip,*/*' });
    this.fileInput.addEventListener('change', () => {
      const f = this.fileInput.files?.[0];
      this.fileInput.value = '';
      if (f) this.openFile(f);
    });
    this.recentList = h('ul', { class: 'gp-recent', 'data-testid': 'recent' });
    this.recentSec = h('section', { class: 'gp-start-section', hidden: true }, h('h2', null, 'Recent'), this.recentList);
    this.loadBox = h('div', { class: 'gp-loadbox' });
    this.toast = h('div', { class: 'gp-toast', hidden: true });

    this.drop = h(
      'div',
      { class: 'gp-drop', 'data-testid': 'drop-target' },
      h('p', { class: 'gp-drop-text' }, 'Drop a trace file here'),
      h('p', { class: 'gp-muted' }, 'or'),
      h('button', { type: 'button', class: 'gp-btn gp-btn-primary', 'data-testid': 'open-button', onclick: () => this.openTrace() }, 'Open a trace…'),
    );
    this.drop.addEventListener('dragover', (e) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      this.drop.classList.add('gp-drop-over');
    });
    this.drop.addEventListener('dragleave', () => this.drop.classList.remove('gp-drop-over'));
    this.drop.addEventListener('drop', (e) => {
      this.drop.classList.remove('gp-drop-over');
      const f = e.dataTransfer?.files?.[0];
      if (!f) return;
      e.preventDefault();
      e.stopPropagation(); // the shell handles drops elsewhere; this one is ours
      this.openFile(f);
    });

    const url = h('input', { id: 'gp-capture-url', type: 'url', required: true, size: 36, value: 'http://localhost:6060/debug/pprof/trace', spellcheck: 'false' });
    const secs = h('input', { id: 'gp-capture-secs', type: 'number', min: 1, max: 600, step: 1, value: 5, required: true });
    const capture = h(
      'form',
      { class: 'gp-capture', 'data-testid': 'capture-form' },
      h('label', { for: 'gp-capture-url' }, 'URL of /debug/pprof/trace'),
      url,
      h('label', { for: 'gp-capture-secs' }, 'Seconds'),
      secs,
      h('button', { type: 'submit', class: 'gp-btn' }, 'Capture'),
    );
    capture.addEventListener('submit', (e) => {
      e.preventDefault();
      const s = Math.max(1, Math.round(Number(secs.value) || 5));
      this.run(url.value.trim(), client.capture(url.value.trim(), s), 'capturing');
    });

    this.el = h(
      'div',
      { class: 'gp-startpage', 'data-testid': 'start-page' },
      h(
        'div',
        { class: 'gp-start-card' },
        h('h1', null, 'Go execution trace viewer'),
        h('p', { class: 'gp-muted' }, 'Open a trace written by runtime/trace, go test -trace or /debug/pprof/trace (Go 1.11 to 1.27, plain or gzip-compressed). The file is only read.'),
        this.drop,
        h(
          'div',
          { class: 'gp-start-actions' },
          h('button', { type: 'button', class: 'gp-btn', 'data-testid': 'open-demo', onclick: () => this.run('the demo trace', client.openDemo()) }, 'Open the demo trace'),
        ),
        this.loadBox,
        this.recentSec,
        h('details', { class: 'gp-start-section' }, h('summary', null, 'Capture from a running program'), h('p', { class: 'gp-hint' }, 'The program must import net/http/pprof; the trace is saved to a temporary file and opened.'), capture),
        this.fileInput,
      ),
    );
    client.onEvent((e) => this.onEvent(e));
  }

  /** Show the Open… flow: Electron's dialog, or the browser's file picker. */
  openTrace(): void {
    if (this.ctx.client.mode === 'electron') this.run('', this.ctx.client.openDialog());
    else this.fileInput.click();
  }

  openFile(f: File): void {
    this.run(f.name, this.ctx.client.openFile(f));
  }

  async refreshRecent(): Promise<void> {
    let paths: string[] = [];
    try {
      paths = await this.ctx.client.recent();
    } catch {
      paths = [];
    }
    clear(this.recentList);
    this.recentSec.hidden = paths.length === 0;
    for (const p of paths.slice(0, 12)) {
      const slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
      const base = p.slice(slash + 1);
      const dir = slash >= 0 ? p.slice(0, slash) : '';
      this.recentList.append(
        h('li', null, h('button', { type: 'button', class: 'gp-recent-item', title: p, 'data-testid': 'recent-item', onclick: () => this.run(base, this.ctx.client.open(p)) }, h('span', { class: 'gp-recent-name' }, base), h('span', { class: 'gp-muted gp-recent-dir' }, dir))),
      );
    }
  }

  /** Where progress and errors show: the start page without a trace, a toast with one. */
  placeLoadBox(hasTrace: boolean): void {
    if (hasTrace) {
      this.toast.append(this.loadBox);
      this.toast.hidden = this.loadBox.childElementCount === 0;
    } else {
      this.loadBox.remove();
      this.drop.after(this.loadBox);
      this.toast.hidden = true;
    }
  }

  private updateToast(): void {
    if (this.loadBox.parentElement === this.toast) this.toast.hidden = this.loadBox.childElementCount === 0;
  }

  private run(what: string, p: Promise<OpenedTrace | null>, p0 = 'opening'): void {
    this.cancelRequested = false;
    this.clearError();
    if (what) this.showProgress({ phase: p0, percent: 0, bytes: 0, totalBytes: 0, etaMs: null, elapsedMs: 0, name: what });
    this.loading = true;
    p.then(
      (t) => {
        this.loading = false;
        this.clearProgress();
        if (t) {
          void this.refreshRecent();
          // The shell learns of opens from the 'opened' event; if that has not reached us, tell it ourselves.
          setTimeout(() => {
            if (this.ctx.trace?.id !== t.id) this.onOpened(t);
          }, 100);
        }
      },
      (e) => {
        this.loading = false;
        this.clearProgress();
        if (this.cancelRequested) this.showCancelled();
        else this.showError(errorMessage(e));
      },
    );
  }

  private onEvent(e: AppEvent): void {
    if (e.type === 'progress') this.showProgress(e.progress);
    else if (e.type === 'opened') {
      this.clearProgress();
      this.clearError();
    } else if (e.type === 'load-failed') {
      this.clearProgress();
      if (e.cancelled || this.cancelRequested) this.showCancelled();
      else this.showError(e.message);
    }
  }

  private progressEl: HTMLElement | null = null;
  private progressParts: { phase: HTMLElement; name: HTMLElement; bar: HTMLElement; fill: HTMLElement; foot: HTMLElement } | null = null;

  /**
   * Built once per load and updated in place: rebuilt at every report (20 a
   * second), the Cancel button was replaced between a press and its release,
   * and the click was lost.
   */
  private showProgress(p: LoadProgress): void {
    const pct = Math.max(0, Math.min(100, p.percent));
    if (!this.progressEl || !this.progressParts) {
      const parts = {
        phase: h('strong', { class: 'gp-progress-phase' }),
        name: h('span', { class: 'gp-progress-name' }),
        fill: h('div', { class: 'gp-progress-fill' }),
        bar: h('div', { class: 'gp-progress-bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 }),
        foot: h('span', { class: 'gp-muted' }),
      };
      parts.bar.append(parts.fill);
      this.progressEl?.remove();
      this.progressEl = h(
        'div',
        { class: 'gp-progress', role: 'status', 'data-testid': 'load-progress' },
        h('div', { class: 'gp-progress-head' }, parts.phase, ' ', parts.name),
        parts.bar,
        h('div', { class: 'gp-progress-foot' }, parts.foot, h('button', { type: 'button', class: 'gp-btn gp-btn-small', 'data-testid': 'cancel-load', onclick: () => this.cancel() }, 'Cancel')),
      );
      this.progressParts = parts;
      this.loadBox.prepend(this.progressEl);
    }
    const el = this.progressParts;
    const left = p.etaMs !== null && p.etaMs > 0 ? `about ${formatEta(p.etaMs)} left` : '';
    const bytes = p.totalBytes > 0 ? `${formatBytes(p.bytes)} of ${formatBytes(p.totalBytes)}` : '';
    el.phase.textContent = cap(p.phase);
    el.name.textContent = p.name;
    el.bar.setAttribute('aria-valuenow', String(Math.round(pct)));
    el.bar.setAttribute('aria-label', `${p.phase} ${p.name}`);
    el.fill.style.width = `${pct}%`;
    el.foot.textContent = [`${Math.round(pct)}%`, bytes, left].filter(Boolean).join(' · ');
    this.updateToast();
  }

  private cancel(): void {
    this.cancelRequested = true;
    void this.ctx.client.cancelLoad().catch(() => {});
  }

  private clearProgress(): void {
    this.progressEl?.remove();
    this.progressEl = null;
    this.progressParts = null;
    this.updateToast();
  }

  private errorEl: HTMLElement | null = null;

  private clearError(): void {
    this.errorEl?.remove();
    this.errorEl = null;
    this.shownError = null;
    this.updateToast();
  }

  showError(message: string): void {
    if (this.shownError === message) return;
    this.clearError();
    this.shownError = message;
    this.errorEl = h(
      'div',
      { class: 'gp-error-box', role: 'alert', 'data-testid': 'load-error' },
      h('div', { class: 'gp-error-head' }, h('strong', null, 'Could not open the trace'), h('button', { type: 'button', class: 'gp-icon-btn', 'aria-label': 'Dismiss', title: 'Dismiss', onclick: () => this.clearError() }, '×')),
      h('pre', { class: 'gp-error-message' }, message),
    );
    this.loadBox.append(this.errorEl);
    this.updateToast();
  }

  private showCancelled(): void {
    this.clearError();
    const note = h('p', { class: 'gp-muted gp-note', role: 'status' }, 'Loading cancelled.');
    this.errorEl = note;
    this.loadBox.append(note);
    this.updateToast();
    setTimeout(() => {
      if (this.errorEl === note) this.clearError();
    }, 4000);
  }

  get isLoading(): boolean {
    return this.loading;
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function formatEta(ms: number): string {
  if (ms < 1000) return 'a second';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m${s % 60}s`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
