// Flame graphs of the profiles: cmd/trace's blocking profiles (sync, net,
// syscall, scheduler latency), the trace's CPU samples, and all of them at
// once split by reason ("off-CPU by reason"); filtered by goroutine group,
// goroutine, region type and the timeline's selected range. A clicked frame
// zooms in and lists its contributing spans; the profile exports as pprof.

import type { OpenedTrace } from '../../shared/ipc/api';
import type { ProfileKind, ProfileRequest, ProfileResponse } from '../../shared/ipc/analysis/profile';
import { h, clear, errorMessage } from '../panels/dom';
import { formatDuration, formatTimeExact } from '../panels/format';
import { formatCount, formatPercent } from '../../shared/format/duration';
import { FlameGraph, shortName } from './flame-graph';
import { SpanList } from './flame-spans';
import type { AnalysisView, ViewContext } from './types';

const KINDS: { kind: ProfileKind; label: string; title: string }[] = [
  { kind: 'offcpu', label: 'Off-CPU by reason', title: 'Every blocking profile, split at the root by why the goroutine was off CPU, with the CPU samples as on-CPU time' },
  { kind: 'cpu', label: 'CPU samples', title: 'The CPU profile samples recorded in the trace (runtime/pprof CPU profiling during tracing)' },
  { kind: 'sync', label: 'Sync blocking', title: "go tool trace's synchronization blocking profile: channels, select, sync" },
  { kind: 'net', label: 'Network blocking', title: "go tool trace's network blocking profile" },
  { kind: 'syscall', label: 'Syscalls', title: "go tool trace's syscall profile" },
  { kind: 'sched', label: 'Scheduler latency', title: "go tool trace's scheduler latency profile: time runnable, waiting for a P" },
];

interface Filters {
  type: ProfileKind;
  group: string;
  goroutine: number | null;
  /** null: no region filter. */
  region: string | null;
  rangeOnly: boolean;
}

const ANY = '\u0000any';

export class FlameView implements AnalysisView {
  readonly id = 'flame' as const;
  readonly label = 'Flame graph';
  readonly title = 'Profiles as flame graphs: CPU samples and blocking by reason';
  readonly el = h('div', { class: 'flame-view' });

  private readonly typeSel = h('select', { 'data-testid': 'flame-type', 'aria-label': 'Profile' });
  private readonly groupSel = h('select', { 'data-testid': 'flame-group', 'aria-label': 'Goroutine group' });
  private readonly goroutineIn = h('input', {
    type: 'text',
    inputmode: 'numeric',
    placeholder: 'any',
    size: 10,
    'data-testid': 'flame-goroutine',
    'aria-label': 'Goroutine id',
  });
  private readonly regionSel = h('select', { 'data-testid': 'flame-region', 'aria-label': 'Region type' });
  private readonly rangeBox = h('input', { type: 'checkbox', 'data-testid': 'flame-range' });
  private readonly rangeLabel = h('label', { class: 'flame-check', title: 'Only the time range selected on the timeline with Shift+drag' }, this.rangeBox, ' Selected range only');
  private readonly searchIn = h('input', { type: 'search', placeholder: 'Search functions', 'data-testid': 'flame-search', 'aria-label': 'Search functions' });
  private readonly resetBtn = h('button', { type: 'button', class: 'gp-btn gp-btn-small', 'data-testid': 'flame-reset', title: 'Show the whole profile' }, 'Reset zoom');
  private readonly exportBtn = h(
    'button',
    { type: 'button', class: 'gp-btn gp-btn-small', 'data-testid': 'flame-export', title: 'Save this profile as gzipped profile.proto (go tool pprof reads it)' },
    'Export .pb.gz',
  );
  private readonly head = h('div', { class: 'flame-head' });
  private readonly zoomLine = h('div', { class: 'flame-zoom', 'data-testid': 'flame-zoom' });
  private readonly status = h('div', { class: 'flame-status', 'data-testid': 'flame-status', role: 'status' });
  private readonly tooltip = h('div', { class: 'flame-tooltip', 'data-testid': 'flame-tooltip', role: 'tooltip' });
  private readonly graph: FlameGraph;
  private readonly spans: SpanList;
  private readonly body = h('div', { class: 'flame-body' });

  private filters: Filters = { type: 'offcpu', group: '', goroutine: null, region: null, rangeOnly: false };
  private data: ProfileResponse | null = null;
  private active = false;
  private dirty = true;
  private seq = 0;
  private loadedFor = '';
  private loads = 0;

  constructor(private readonly ctx: ViewContext) {
    for (const k of KINDS) this.typeSel.append(h('option', { value: k.kind, title: k.title }, k.label));
    this.typeSel.value = this.filters.type;
    this.graph = new FlameGraph({ select: (n) => this.selected(n), zoom: (n) => this.renderZoom(n), hover: (n, x, y) => this.hover(n, x, y) });
    this.spans = new SpanList((link) => void ctx.openSpan(link));
    this.tooltip.hidden = true;

    const field = (label: string, control: HTMLElement, title: string) => h('label', { class: 'flame-field', title }, h('span', null, label), control);
    const toolbar = h(
      'div',
      { class: 'flame-toolbar', role: 'toolbar', 'aria-label': 'Flame graph' },
      field('Profile', this.typeSel, 'Which profile'),
      field('Group', this.groupSel, 'Only the goroutines that start in this function'),
      field('Goroutine', this.goroutineIn, 'Only this goroutine (its id; empty: every goroutine)'),
      field('Region', this.regionSel, 'Only time inside user regions of this type'),
      this.rangeLabel,
      h('span', { class: 'flame-spacer' }),
      this.searchIn,
      this.resetBtn,
      this.exportBtn,
    );
    this.body.append(h('div', { class: 'flame-main' }, this.graph.el), this.spans.el);
    this.el.append(toolbar, this.head, this.zoomLine, this.status, this.body, this.tooltip);

    this.typeSel.addEventListener('change', () => this.change({ type: this.typeSel.value as ProfileKind }));
    this.groupSel.addEventListener('change', () => this.change({ group: this.groupSel.value === ANY ? '' : this.groupSel.value }));
    this.regionSel.addEventListener('change', () => this.change({ region: this.regionSel.value === ANY ? null : this.regionSel.value }));
    this.goroutineIn.addEventListener('change', () => this.goroutineChanged());
    this.goroutineIn.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.goroutineChanged();
    });
    this.rangeBox.addEventListener('change', () => this.change({ rangeOnly: this.rangeBox.checked }));
    this.searchIn.addEventListener('input', () => this.renderHead());
    this.resetBtn.addEventListener('click', () => this.graph.resetZoom());
    this.exportBtn.addEventListener('click', () => void this.export());
    this.graph.el.addEventListener('mouseleave', () => (this.tooltip.hidden = true));

    ctx.store.subscribe('range', () => {
      this.renderRange();
      if (this.filters.rangeOnly) this.invalidate();
    });
    ctx.client.onEvent((e) => {
      // File > Export exports what the view in front shows.
      if (e.type === 'menu' && e.command === 'export' && this.active && this.ctx.trace !== null) void this.export();
    });
    this.renderOptions();
    this.renderRange();
  }

  setActive(active: boolean): void {
    this.active = active;
    if (active) {
      this.renderRange();
      if (this.dirty) void this.load();
    } else {
      this.tooltip.hidden = true;
    }
  }

  traceChanged(trace: OpenedTrace | null): void {
    this.filters = { ...this.filters, group: '', goroutine: null, region: null, rangeOnly: false };
    this.goroutineIn.value = '';
    this.rangeBox.checked = false;
    this.searchIn.value = '';
    this.data = null;
    this.loadedFor = '';
    this.graph.setData(null);
    this.spans.clear();
    this.renderOptions();
    this.renderHead();
    this.renderZoom(0);
    this.status.textContent = '';
    if (trace !== null) this.invalidate();
  }

  private change(f: Partial<Filters>): void {
    this.filters = { ...this.filters, ...f };
    this.invalidate();
  }

  private goroutineChanged(): void {
    const t = this.goroutineIn.value.trim().replace(/^g/i, '');
    if (t === '') {
      this.goroutineIn.setCustomValidity('');
      if (this.filters.goroutine !== null) this.change({ goroutine: null });
      return;
    }
    const id = Number(t);
    if (!Number.isSafeInteger(id) || id < 0) {
      this.goroutineIn.setCustomValidity('a goroutine id: a whole number such as 42');
      this.goroutineIn.reportValidity();
      return;
    }
    this.goroutineIn.setCustomValidity('');
    if (this.filters.goroutine !== id) this.change({ goroutine: id });
  }

  private invalidate(): void {
    this.dirty = true;
    if (this.active) void this.load();
  }

  /** The request for the current filters. */
  request(): ProfileRequest {
    const f = this.filters;
    const req: ProfileRequest = { type: f.type };
    if (f.group !== '') req.group = f.group;
    if (f.goroutine !== null) req.goroutines = [f.goroutine];
    if (f.region !== null) req.region = f.region;
    const range = this.ctx.selectedRange();
    if (f.rangeOnly && range !== null) {
      req.t0 = range.t0;
      req.t1 = range.t1;
    }
    return req;
  }

  private async load(): Promise<void> {
    if (this.ctx.trace === null) return;
    const req = this.request();
    const key = JSON.stringify(req);
    this.dirty = false;
    if (key === this.loadedFor && this.data !== null) return;
    const seq = ++this.seq;
    this.el.classList.add('flame-loading');
    this.status.textContent = `Computing the ${KINDS.find((k) => k.kind === req.type)!.label.toLowerCase()} profile…`;
    this.status.className = 'flame-status';
    try {
      const p = await this.ctx.client.profile(req);
      if (seq !== this.seq) return;
      this.data = p;
      this.loadedFor = key;
      this.graph.setData(p.failure === null ? p : null);
      this.spans.clear();
      this.status.textContent = p.failure ?? p.warning ?? '';
      this.status.className = p.failure !== null ? 'flame-status flame-error' : p.warning !== null ? 'flame-status flame-warning' : 'flame-status';
      this.renderOptions();
      this.renderHead();
      this.renderZoom(0);
      if (p.failure === null && p.total[0] === 0) this.status.textContent = 'Nothing in this profile for these filters.';
    } catch (e) {
      if (seq !== this.seq) return;
      this.data = null;
      this.loadedFor = '';
      this.graph.setData(null);
      this.renderZoom(0);
      this.status.textContent = errorMessage(e);
      this.status.className = 'flame-status flame-error';
      this.renderHead();
    } finally {
      if (seq === this.seq) {
        this.el.classList.remove('flame-loading');
        // For tests: how many profiles were shown.
        this.el.dataset.loads = String(++this.loads);
      }
    }
  }

  private renderOptions(): void {
    const p = this.data;
    clear(this.groupSel);
    this.groupSel.append(h('option', { value: ANY }, 'all goroutines'));
    const groups = p?.groups ?? [];
    if (this.filters.group !== '' && !groups.some((g) => g.name === this.filters.group)) groups.unshift({ name: this.filters.group, count: 0 });
    for (const g of groups) this.groupSel.append(h('option', { value: g.name, title: g.name }, `${g.name} (${g.count})`));
    this.groupSel.value = this.filters.group === '' ? ANY : this.filters.group;

    clear(this.regionSel);
    this.regionSel.append(h('option', { value: ANY }, 'any time'));
    const regions = p?.regionTypes ?? [];
    for (const r of regions) this.regionSel.append(h('option', { value: r }, r === '' ? '(unnamed regions)' : r));
    this.regionSel.value = this.filters.region === null ? ANY : this.filters.region;
    this.regionSel.disabled = regions.length === 0 && this.filters.region === null;
    this.regionSel.title = this.regionSel.disabled ? 'This trace has no user regions' : '';

    const cpu = this.typeSel.querySelector<HTMLOptionElement>('option[value="cpu"]');
    if (cpu !== null && p !== null) cpu.textContent = p.cpuSamples > 0 ? 'CPU samples' : 'CPU samples (none in this trace)';
  }

  private renderRange(): void {
    const r = this.ctx.selectedRange();
    this.rangeBox.disabled = r === null && !this.rangeBox.checked;
    this.rangeLabel.title =
      r === null ? 'Select a time range on the timeline with Shift+drag first' : `Only ${formatDuration(r.t0)} – ${formatDuration(r.t1)} (the range selected on the timeline)`;
    this.rangeLabel.classList.toggle('flame-disabled', this.rangeBox.disabled);
  }

  /** "74.6ms" or "50 samples". */
  private value(v: number): string {
    return this.data?.unit === 'samples' ? `${formatCount(v)} sample${v === 1 ? '' : 's'}` : formatDuration(v);
  }

  private renderHead(): void {
    clear(this.head);
    const p = this.data;
    if (p === null || p.failure !== null) {
      this.graph.search('');
      return;
    }
    const total = p.total[0]!;
    const count = p.count[0]!;
    const what = p.unit === 'samples' ? '' : p.type === 'offcpu' ? ` in ${formatCount(count)} episodes and samples` : ` in ${formatCount(count)} episodes`;
    this.head.append(
      h('span', { class: 'flame-title' }, p.title),
      h(
        'span',
        { class: 'flame-total', 'data-testid': 'flame-total', 'data-value': String(total), 'data-count': String(count), title: p.unit === 'ns' ? formatTimeExact(total) : '' },
        `Total ${this.value(total)}${what}`,
      ),
    );
    if (p.type === 'offcpu' && p.cpuSamples > 0) {
      this.head.append(h('span', { class: 'gp-muted' }, `on-CPU time ≈ samples × ${formatDuration(p.cpuPeriodNs)} (the trace does not record the rate)`));
    }
    const q = this.searchIn.value;
    const m = this.graph.search(q);
    if (q.trim() !== '') {
      this.head.append(
        h(
          'span',
          { class: 'flame-matched', 'data-testid': 'flame-matched', 'data-value': String(m.matched) },
          m.frames === 0 ? 'No frame matches' : `Matched ${this.value(m.matched)} (${formatPercent(m.matched, total)}) in ${formatCount(m.frames)} frames`,
        ),
      );
    }
  }

  /** Where the graph is zoomed, or how to zoom. */
  private renderZoom(node: number): void {
    clear(this.zoomLine);
    const p = this.data;
    if (p === null || p.failure !== null || p.total[0] === 0) return;
    if (node === 0) {
      this.zoomLine.append(h('span', { class: 'gp-muted' }, 'Click a frame to zoom into it and list its contributing spans; hover for details.'));
      return;
    }
    const path: number[] = [];
    for (let a = node; a > 0; a = p.parent[a]!) path.unshift(a);
    const crumbs = h('span', { class: 'flame-crumbs' });
    const link = (n: number, label: string) => {
      const b = h('button', { type: 'button', class: 'gp-link', title: n === 0 ? 'The whole profile' : p.strings[p.func[n]!]! }, label);
      b.addEventListener('click', () => this.graph.select(n));
      return b;
    };
    crumbs.append(link(0, 'all'));
    const shown = path.length > 4 ? [path[0]!, -1, ...path.slice(-3)] : path;
    for (const n of shown) {
      crumbs.append(' › ');
      if (n < 0) crumbs.append('…');
      else crumbs.append(n === node ? h('strong', null, shortName(p.strings[p.func[n]!]!)) : link(n, shortName(p.strings[p.func[n]!]!)));
    }
    this.zoomLine.append(
      h('span', { class: 'gp-muted' }, 'Zoomed: '),
      crumbs,
      h('span', { class: 'flame-zoom-value' }, ` ${this.value(p.total[node]!)} (${formatPercent(p.total[node]!, p.total[0]!)})`),
    );
  }

  private selected(node: number): void {
    if (this.data === null) return;
    this.spans.show(this.data, node);
  }

  private hover(node: number, cx: number, cy: number): void {
    const p = this.data;
    if (p === null || node < 0) {
      this.tooltip.hidden = true;
      return;
    }
    clear(this.tooltip);
    const root = p.total[0]!;
    const func = node === 0 ? 'all stacks' : p.strings[p.func[node]!]!;
    const file = node === 0 || p.synthetic[node] === 1 ? '' : p.strings[p.file[node]!]!;
    const line = p.line[node]!;
    const count = p.count[node]!;
    this.tooltip.append(h('div', { class: 'flame-tt-func' }, func));
    if (file !== '') this.tooltip.append(h('div', { class: 'flame-tt-file' }, line > 0 ? `${file}:${line}` : `${file} (several lines)`));
    this.tooltip.append(
      h(
        'div',
        { class: 'flame-tt-values' },
        `total ${this.value(p.total[node]!)} (${formatPercent(p.total[node]!, root)})`,
        h('br'),
        `self ${this.value(p.self[node]!)} (${formatPercent(p.self[node]!, root)})`,
        p.unit === 'ns' ? h('br') : null,
        p.unit === 'ns' ? `${formatCount(count)} ${p.type === 'offcpu' ? 'episodes and samples' : 'episodes'}` : null,
      ),
    );
    this.tooltip.hidden = false;
    const host = this.el.getBoundingClientRect();
    const tw = this.tooltip.offsetWidth;
    const th = this.tooltip.offsetHeight;
    let x = cx - host.left + 14;
    let y = cy - host.top + 16;
    if (x + tw > host.width - 4) x = Math.max(4, cx - host.left - tw - 10);
    if (y + th > host.height - 4) y = Math.max(4, cy - host.top - th - 10);
    this.tooltip.style.left = `${x}px`;
    this.tooltip.style.top = `${y}px`;
  }

  private async export(): Promise<void> {
    const req = this.request();
    this.status.className = 'flame-status';
    this.status.textContent = 'Exporting the profile…';
    try {
      const r = await this.ctx.client.exportProfile(req);
      if (r.bytes !== null) {
        const url = URL.createObjectURL(new Blob([r.bytes as Uint8Array<ArrayBuffer>], { type: 'application/gzip' }));
        const a = h('a', { href: url, download: r.fileName });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        this.status.textContent = `Downloaded ${r.fileName} (${formatCount(r.bytes.length)} bytes; open it with go tool pprof).`;
      } else if (r.path !== null) {
        this.status.textContent = `Saved ${r.path} (open it with go tool pprof).`;
      } else {
        this.status.textContent = '';
      }
    } catch (e) {
      this.status.textContent = `Export failed: ${errorMessage(e)}`;
      this.status.className = 'flame-status flame-error';
    }
  }
}
