// The MMU curve as SVG: window duration on a log axis, utilization 0–1,
// decade gridlines; one line per series (the MMU, then percentile curves).
// Hover (mouse or Left/Right) picks the nearest sampled window, click
// (or Enter) selects it; the marker of the selected window stays.

import { formatDuration } from '../panels/format';

const SVG = 'http://www.w3.org/2000/svg';
const HEIGHT = 320;
const M = { l: 48, r: 18, t: 14, b: 42 };

export interface ChartSeries {
  label: string;
  /** Class of the line (its colour: view-mmu.css). */
  cls: string;
  values: Float64Array;
}

export interface ChartData {
  windows: Float64Array;
  /** The MMU first. */
  series: ChartSeries[];
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  parent?.append(el);
  return el;
}

export class MMUChart {
  readonly el: HTMLDivElement;
  private readonly svg: SVGSVGElement;
  private readonly hoverLayer: SVGGElement;
  private data: ChartData | null = null;
  private width = 0;
  private hover: number | null = null;
  /** The selected window (ns), drawn even where it is not a sample of the current data. */
  private selected: number | null = null;
  private x0 = 1;
  private x1 = 10;

  /** The hovered sample (null: none). */
  onHover: (i: number | null) => void = () => {};
  /** A sample chosen by click or Enter. */
  onSelect: (i: number) => void = () => {};

  constructor() {
    this.el = document.createElement('div');
    this.el.className = 'mmu-chart';
    this.svg = svg('svg', { height: HEIGHT, tabindex: 0, role: 'img', 'data-testid': 'mmu-chart' });
    this.svg.setAttribute('aria-label', 'Minimum mutator utilization by window duration. Left and Right move along the curve, Enter lists the worst windows.');
    this.el.append(this.svg);
    this.hoverLayer = svg('g', { class: 'mmu-hover' });
    this.svg.addEventListener('mousemove', (e) => this.setHover(this.nearest(e)));
    this.svg.addEventListener('mouseleave', () => this.setHover(null));
    // A click selects without focusing (no focus ring); the keyboard reaches it with Tab.
    this.svg.addEventListener('mousedown', (e) => e.preventDefault());
    this.svg.addEventListener('click', (e) => {
      const i = this.nearest(e);
      if (i !== null) this.onSelect(i);
    });
    this.svg.addEventListener('keydown', (e) => this.key(e));
    new ResizeObserver(() => {
      const w = Math.floor(this.el.clientWidth);
      if (w > 0 && w !== this.width) {
        this.width = w;
        this.render();
      }
    }).observe(this.el);
  }

  setData(data: ChartData | null): void {
    this.data = data;
    this.hover = null;
    this.render();
  }

  setSelected(window: number | null): void {
    this.selected = window;
    this.render();
  }

  /** The pixel position of a sample (tests hover it), relative to the chart element. */
  pointOf(i: number): { x: number; y: number } | null {
    const d = this.data;
    if (d === null || i < 0 || i >= d.windows.length) return null;
    return { x: this.x(d.windows[i]!), y: this.y(d.series[0]!.values[i]!) };
  }

  private get plotW(): number {
    return Math.max(10, this.width - M.l - M.r);
  }
  private x(w: number): number {
    const t = (Math.log(w) - Math.log(this.x0)) / (Math.log(this.x1) - Math.log(this.x0));
    return M.l + t * this.plotW;
  }
  private y(u: number): number {
    return M.t + (1 - u) * (HEIGHT - M.t - M.b);
  }

  private nearest(e: MouseEvent): number | null {
    const d = this.data;
    if (d === null || d.windows.length === 0) return null;
    const px = e.clientX - this.svg.getBoundingClientRect().left;
    if (px < M.l - 8 || px > M.l + this.plotW + 8) return null;
    let best = 0;
    for (let i = 1; i < d.windows.length; i++) {
      if (Math.abs(this.x(d.windows[i]!) - px) < Math.abs(this.x(d.windows[best]!) - px)) best = i;
    }
    return best;
  }

  private key(e: KeyboardEvent): void {
    const n = this.data?.windows.length ?? 0;
    if (n === 0) return;
    const cur = this.hover ?? this.selectedIndex() ?? 0;
    let next: number | null = null;
    if (e.key === 'ArrowRight') next = Math.min(n - 1, cur + 1);
    else if (e.key === 'ArrowLeft') next = Math.max(0, cur - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.onSelect(cur);
      return;
    }
    if (next === null) return;
    e.preventDefault();
    this.setHover(next);
  }

  private selectedIndex(): number | null {
    const d = this.data;
    if (d === null || this.selected === null) return null;
    const i = d.windows.indexOf(this.selected);
    return i < 0 ? null : i;
  }

  private setHover(i: number | null): void {
    if (i === this.hover) return;
    this.hover = i;
    this.drawHover();
    this.onHover(i);
  }

  private render(): void {
    const s = this.svg;
    while (s.firstChild) s.removeChild(s.firstChild);
    s.setAttribute('width', String(this.width));
    s.setAttribute('viewBox', `0 0 ${this.width} ${HEIGHT}`);
    const d = this.data;
    if (d === null || d.windows.length === 0 || this.width === 0) return;
    this.x0 = d.windows[0]!;
    this.x1 = d.windows[d.windows.length - 1]!;
    if (this.x1 <= this.x0) {
      this.x0 /= 10;
      this.x1 *= 10;
    }
    this.drawGrid();
    const first = d.series[0]!;
    // A faint area under the MMU.
    const pts = Array.from(d.windows, (w, i) => `${this.x(w).toFixed(1)},${this.y(first.values[i]!).toFixed(1)}`);
    svg('path', { class: 'mmu-area', d: `M${this.x(d.windows[0]!).toFixed(1)},${this.y(0)}L${pts.join('L')}L${this.x(d.windows[d.windows.length - 1]!).toFixed(1)},${this.y(0)}Z` }, s);
    for (let k = d.series.length - 1; k >= 0; k--) {
      const ser = d.series[k]!;
      const line = Array.from(d.windows, (w, i) => `${this.x(w).toFixed(1)},${this.y(ser.values[i]!).toFixed(1)}`);
      svg('path', { class: `mmu-line ${ser.cls}`, d: `M${line.join('L')}`, 'data-testid': k === 0 ? 'mmu-curve' : `mmu-curve-${k}` }, s);
    }
    this.drawSelected();
    s.append(this.hoverLayer);
    this.drawHover();
  }

  private drawGrid(): void {
    const s = this.svg;
    const g = svg('g', { class: 'mmu-grid' }, s);
    const left = M.l;
    const right = M.l + this.plotW;
    const bottom = this.y(0);
    for (let k = 0; k <= 10; k++) {
      const u = k / 10;
      const y = this.y(u).toFixed(1);
      svg('line', { x1: left, x2: right, y1: y, y2: y, class: k % 5 === 0 ? 'mmu-grid-major' : 'mmu-grid-minor' }, g);
      if (k % 2 === 0) {
        const t = svg('text', { x: left - 6, y, class: 'mmu-tick mmu-tick-y' }, g);
        t.textContent = u.toFixed(1);
      }
    }
    // Decades and their 2..9 multiples.
    const lo = Math.floor(Math.log10(this.x0));
    const hi = Math.ceil(Math.log10(this.x1));
    for (let e = lo; e <= hi; e++) {
      for (let m = 1; m < 10; m++) {
        const w = m * 10 ** e;
        if (w < this.x0 * (1 - 1e-9) || w > this.x1 * (1 + 1e-9)) continue;
        const x = this.x(w).toFixed(1);
        svg('line', { x1: x, x2: x, y1: M.t, y2: bottom, class: m === 1 ? 'mmu-grid-major' : 'mmu-grid-minor' }, g);
        if (m === 1) {
          const t = svg('text', { x, y: bottom + 16, class: 'mmu-tick mmu-tick-x' }, g);
          t.textContent = formatDuration(w);
        }
      }
    }
    svg('rect', { x: left, y: M.t, width: this.plotW, height: bottom - M.t, class: 'mmu-frame' }, g);
    const xt = svg('text', { x: left + this.plotW / 2, y: HEIGHT - 4, class: 'mmu-axis-title' }, g);
    xt.textContent = 'Window duration (log scale)';
    const yt = svg('text', { x: 0, y: 0, class: 'mmu-axis-title', transform: `translate(12 ${(M.t + bottom) / 2}) rotate(-90)` }, g);
    yt.textContent = 'Mutator utilization';
  }

  private drawSelected(): void {
    if (this.selected === null || this.selected < this.x0 || this.selected > this.x1) return;
    const g = svg('g', { class: 'mmu-selected', 'data-testid': 'mmu-selected' }, this.svg);
    const x = this.x(this.selected).toFixed(1);
    svg('line', { x1: x, x2: x, y1: M.t, y2: this.y(0) }, g);
    const i = this.selectedIndex();
    if (i !== null) {
      const p = this.pointOf(i)!;
      svg('circle', { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: 4.5 }, g);
    }
  }

  private drawHover(): void {
    const g = this.hoverLayer;
    while (g.firstChild) g.removeChild(g.firstChild);
    const d = this.data;
    const i = this.hover;
    if (d === null || i === null || i >= d.windows.length) return;
    const x = this.x(d.windows[i]!);
    svg('line', { x1: x.toFixed(1), x2: x.toFixed(1), y1: M.t, y2: this.y(0), class: 'mmu-crosshair' }, g);
    for (const ser of d.series) {
      svg('circle', { cx: x.toFixed(1), cy: this.y(ser.values[i]!).toFixed(1), r: 3.5, class: `mmu-dot ${ser.cls}` }, g);
    }
  }
}
