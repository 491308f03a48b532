// The minimum mutator utilization view: cmd/trace's MMU page drawn by the
// app. The curve for the chosen mode and include flags (optionally with
// percentile curves), a readout of the hovered window, and for a clicked
// window size its worst windows, each opening exactly that range on the
// timeline.

import type { OpenedTrace } from '../../shared/ipc/api';
import type { MMURequest, MMUResponse, MMUWindow } from '../../shared/ipc/analysis/mmu';
import { h, clear, errorMessage } from '../panels/dom';
import { formatDuration, formatTimeExact } from '../panels/format';
import { SortTable } from '../panels/table';
import { MMUChart, type ChartSeries } from './mmu-chart';
import type { AnalysisView, ViewContext } from './types';

type Flag = 'stw' | 'background' | 'assist' | 'sweep';

/** cmd/trace's include options, defaults and explanations. */
const FLAGS: { key: Flag; label: string; on: boolean; title: string }[] = [
  { key: 'stw', label: 'STW', on: true, title: 'Stop-the-world stops all goroutines simultaneously.' },
  { key: 'background', label: 'Background workers', on: true, title: 'Background workers are GC-specific goroutines. 25% of the CPU is dedicated to background workers during GC.' },
  { key: 'assist', label: 'Mark assist', on: true, title: 'Mark assists are performed by allocation to prevent the mutator from outpacing GC.' },
  { key: 'sweep', label: 'Sweep', on: false, title: 'Sweep reclaims unused memory between GCs. (Enabling this may be very slow.)' },
];

/** Percentiles of the utilization over every window position (the MMU is the 0th). */
const PERCENTILES: { q: number; label: string; short: string }[] = [
  { q: 0.01, label: '1st percentile', short: 'p1' },
  { q: 0.05, label: '5th percentile', short: 'p5' },
  { q: 0.1, label: '10th percentile', short: 'p10' },
  { q: 0.25, label: '25th percentile', short: 'p25' },
  { q: 0.5, label: 'median', short: 'p50' },
];

const WORST = 10;

interface Options {
  perGoroutine: boolean;
  include: Record<Flag, boolean>;
  percentiles: boolean;
}

export class MMUView implements AnalysisView {
  readonly id = 'mmu' as const;
  readonly label = 'MMU';
  readonly title = 'Minimum mutator utilization: how much of each time window the program could run';
  readonly el = h('div', { class: 'mmu-view' });

  private readonly opts: Options = {
    perGoroutine: false,
    include: { stw: true, background: true, assist: true, sweep: false },
    percentiles: false,
  };
  private readonly status = h('div', { class: 'mmu-status', role: 'status', 'aria-live': 'polite', 'data-testid': 'mmu-status' });
  private readonly readout = h('div', { class: 'mmu-readout', 'data-testid': 'mmu-readout' });
  private readonly legend = h('div', { class: 'mmu-legend' });
  private readonly chart = new MMUChart();
  private readonly worstHead = h('h3', { class: 'mmu-worst-head' });
  private readonly worstTable: SortTable<MMUWindow & { rank: number }>;
  private readonly worstBox: HTMLElement;

  private active = false;
  private data: MMUResponse | null = null;
  /** The request `data` answers, and the latest one asked (answers to older ones are dropped). */
  private dataKey = '';
  private wantKey = '';
  private seq = 0;
  /** The window size whose worst windows are listed (ns). */
  private window: number | null = null;

  constructor(readonly ctx: ViewContext) {
    this.worstTable = new SortTable<MMUWindow & { rank: number }>({
      caption: 'Worst windows',
      columns: [
        { key: 'rank', title: '#', value: (r) => r.rank, numeric: true, cls: 'mmu-rank' },
        { key: 't0', title: 'Start', value: (r) => r.t0, numeric: true, render: (r) => formatAt(r.t0, r.t1 - r.t0), cls: 'mmu-start' },
        { key: 't1', title: 'End', value: (r) => r.t1, numeric: true, render: (r) => formatAt(r.t1, r.t1 - r.t0), cls: 'mmu-end' },
        { key: 'util', title: 'Mutator utilization', value: (r) => r.util, numeric: true, render: (r) => utilCell(r.util), cls: 'mmu-util' },
      ],
      sortKey: 'rank',
      sortDesc: false,
      empty: 'No windows.',
      rowAttrs: (r) => ({ 'data-t0': String(r.t0), 'data-t1': String(r.t1), title: `Show ${formatTimeExact(r.t0)} – ${formatTimeExact(r.t1)} on the timeline` }),
      onActivate: (r) => this.openWindow(r),
    });
    this.worstBox = h('section', { class: 'mmu-worst', 'data-testid': 'mmu-worst', hidden: true }, this.worstHead, h('div', { class: 'gp-table-wrap' }, this.worstTable.el));
    this.chart.onHover = (i) => this.showReadout(i);
    this.chart.onSelect = (i) => this.selectWindow(i);
    this.el.append(
      h('header', { class: 'mmu-head' },
        h('h2', null, 'Minimum mutator utilization'),
        h('p', { class: 'mmu-hint' }, 'For each window duration, the smallest share of the CPU the program (not the garbage collector) had in any window that long. Click the curve to list the worst windows of that duration.'),
      ),
      this.controls(),
      this.status,
      h('div', { class: 'mmu-readout-row' }, this.readout, this.legend),
      this.chart.el,
      this.worstBox,
    );
  }

  setActive(active: boolean): void {
    this.active = active;
    if (active) this.load();
  }

  traceChanged(_trace: OpenedTrace | null): void {
    this.data = null;
    this.dataKey = '';
    this.wantKey = '';
    this.window = null;
    this.seq++;
    this.chart.setSelected(null);
    this.chart.setData(null);
    this.worstBox.hidden = true;
    this.setStatus('');
    this.showReadout(null);
    if (this.active) this.load();
  }

  private controls(): HTMLElement {
    const mode = (value: boolean, label: string, title: string) => {
      const input = h('input', { type: 'radio', name: 'mmu-mode', value: value ? 'goroutine' : 'system', 'data-testid': `mmu-mode-${value ? 'goroutine' : 'system'}` });
      input.checked = this.opts.perGoroutine === value;
      input.addEventListener('change', () => {
        this.opts.perGoroutine = value;
        this.load();
      });
      return h('label', { title }, input, label);
    };
    const flags = FLAGS.map((f) => {
      const input = h('input', { type: 'checkbox', 'data-testid': `mmu-flag-${f.key}` });
      input.checked = f.on;
      input.addEventListener('change', () => {
        this.opts.include[f.key] = input.checked;
        this.load();
      });
      return h('label', { title: f.title }, input, f.label);
    });
    const pct = h('input', { type: 'checkbox', 'data-testid': 'mmu-percentiles' });
    pct.addEventListener('change', () => {
      this.opts.percentiles = pct.checked;
      this.load();
    });
    return h('div', { class: 'mmu-controls' },
      h('fieldset', null, h('legend', null, 'View'),
        mode(false, 'System', 'Consider the whole system utilization. For example, if one of four procs is performing GC, the MMU is 75%.'),
        mode(true, 'Per-goroutine', 'Consider per-goroutine utilization. When even one goroutine is interrupted by GC, this is considered lost.'),
      ),
      h('fieldset', null, h('legend', null, 'Include'), ...flags),
      h('fieldset', null, h('legend', null, 'Show'), h('label', { title: "Also draw percentiles of the utilization of all windows of each duration: the 1st percentile is the utilization 1% of the windows fall below, the median half of them. (cmd/trace's percentile curves always coincide with the MMU: Go's MUD never fills its distribution.)" }, pct, 'Percentiles')),
    );
  }

  private request(): MMURequest {
    const o = this.opts;
    const req: MMURequest = { perGoroutine: o.perGoroutine, ...o.include };
    if (o.percentiles) req.quantiles = PERCENTILES.map((p) => p.q);
    if (this.window !== null) {
      req.window = this.window;
      req.worst = WORST;
    }
    return req;
  }

  /** Fetches what the options and the selected window need (one request: a newer one cancels an older one on the main side). */
  private load(): void {
    if (!this.active || this.ctx.trace === null) return;
    const req = this.request();
    const key = JSON.stringify(req);
    if (key === this.dataKey || key === this.wantKey) return;
    this.wantKey = key;
    const seq = ++this.seq;
    this.el.classList.add('loading');
    this.setStatus(this.data === null ? 'Computing the mutator utilization…' : 'Updating…');
    this.ctx.client.mmu(req).then(
      (res) => {
        if (seq !== this.seq) return;
        this.el.classList.remove('loading');
        this.wantKey = '';
        this.dataKey = key;
        this.show(res);
      },
      (e: unknown) => {
        if (seq !== this.seq) return;
        this.el.classList.remove('loading');
        this.wantKey = '';
        this.setStatus(`Could not compute the MMU: ${errorMessage(e)}`, true);
      },
    );
  }

  private show(res: MMUResponse): void {
    this.data = res;
    clear(this.legend);
    if (res.unavailable !== null) {
      this.chart.setData(null);
      this.chart.el.hidden = true;
      this.worstBox.hidden = true;
      this.setStatus(res.unavailable, true);
      this.showReadout(null);
      return;
    }
    this.chart.el.hidden = false;
    const damaged = res.error === null ? '' : `The trace is damaged (${res.error}): the curve covers it up to its last complete part.`;
    this.setStatus([res.note ?? '', damaged].filter((x) => x !== '').join(' '), res.error !== null);
    const series: ChartSeries[] = [{ label: 'MMU', cls: 'mmu-s0', values: res.mmu }];
    res.quantiles.forEach((q, k) => {
      const p = PERCENTILES.find((x) => x.q === q);
      series.push({ label: p?.label ?? `q${q}`, cls: `mmu-s${k + 1}`, values: res.mud[k]! });
    });
    for (const s of series) this.legend.append(h('span', { class: `mmu-key ${s.cls}` }, h('i'), s.label));
    this.chart.setData({ windows: res.windows, series });
    this.chart.setSelected(res.window);
    this.showReadout(null);
    this.showWorst(res);
  }

  private showWorst(res: MMUResponse): void {
    if (res.window === null) {
      this.worstBox.hidden = true;
      return;
    }
    this.worstBox.hidden = false;
    const mode = this.opts.perGoroutine ? 'per-goroutine' : 'system';
    const span = res.t1 - res.t0;
    const clipped = res.window > span ? ` (Go's utilization function ends ${formatDuration(span)} after it begins: windows are clipped to it)` : '';
    this.worstHead.textContent = `Worst ${formatDuration(res.window)} windows, ${mode}${clipped} — click one to show it on the timeline`;
    this.worstTable.setRows(distinctWindows(res.worst).map((w, i) => ({ ...w, rank: i + 1 })));
  }

  private selectWindow(i: number): void {
    const w = this.data?.windows[i];
    if (w === undefined) return;
    this.window = w;
    this.chart.setSelected(w);
    this.load();
  }

  /** The hovered sample, else the selected window's, else how to use the chart. */
  private showReadout(i: number | null): void {
    const d = this.data;
    const r = this.readout;
    clear(r);
    if (d === null || d.unavailable !== null) {
      r.removeAttribute('data-window');
      r.removeAttribute('data-mmu');
      return;
    }
    let k = i;
    if (k === null && this.window !== null) {
      const j = d.windows.indexOf(this.window);
      k = j < 0 ? null : j;
    }
    if (k === null) {
      r.removeAttribute('data-window');
      r.removeAttribute('data-mmu');
      r.append(h('span', { class: 'mmu-muted' }, `${d.series === 1 ? 'System' : `${d.series} Ps`}: hover the curve to read it, click to list the worst windows.`));
      return;
    }
    const w = d.windows[k]!;
    const mmu = d.mmu[k]!;
    r.dataset.window = String(w);
    r.dataset.mmu = String(mmu);
    r.append(
      h('span', null, 'Window ', h('b', { 'data-testid': 'mmu-readout-window' }, formatDuration(w))),
      h('span', null, 'MMU ', h('b', { 'data-testid': 'mmu-readout-mmu' }, mmu.toFixed(4))),
      ...d.quantiles.map((q, j) => h('span', null, `${PERCENTILES.find((p) => p.q === q)?.short ?? q} `, h('b', null, d.mud[j]![k!]!.toFixed(4)))),
    );
  }

  private openWindow(w: MMUWindow): void {
    this.ctx.openRange(w.t0, w.t1);
    // Marks the window itself inside the revealed margin.
    this.ctx.store.setRange({ t0: w.t0, t1: w.t1 });
  }

  private setStatus(text: string, error = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('mmu-error', error);
    this.status.hidden = text === '';
  }
}

/** Go's worst windows without repeats (per P, the same window can come back from several Ps). */
function distinctWindows(ws: readonly MMUWindow[]): MMUWindow[] {
  const seen = new Set<string>();
  return ws.filter((w) => {
    const k = `${w.t0}:${w.t1}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const UNITS: [number, string][] = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
];

/** A time on the trace with the digits that tell windows `window` ns long apart ("165.6µs", "5.2341s"). */
function formatAt(t: number, window: number): string {
  const [div, unit] = UNITS.find(([d]) => t >= d) ?? [1, 'ns'];
  const digits = Math.max(0, Math.min(9, Math.ceil(Math.log10(div / Math.max(1, window / 10)))));
  return `${(t / div).toFixed(digits)}${unit}`;
}

function utilCell(u: number): HTMLElement {
  const bar = h('span', { class: 'mmu-bar' });
  bar.style.width = `${(u * 100).toFixed(1)}%`;
  return h('span', { class: 'mmu-util-cell' }, h('span', { class: 'mmu-track' }, bar), h('span', { class: 'mmu-util-text' }, `${(u * 100).toFixed(2)}%`));
}
