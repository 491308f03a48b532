// The timeline: PixiJS (WebGL2) draws the data, HTML draws every piece of
// text. Everything on screen comes from the index's viewport queries
// (store.api.viewport / lanes / hitTest / details); nothing is held for the
// whole trace except the overview strip's few hundred pixel columns.
//
// Frames are requestAnimationFrame-driven and only drawn when something
// changed (view, rows, data, selection, size). A frame lays out the visible
// rows, asks the fetcher for what is missing (one viewport query in flight at
// most; see fetcher.ts), draws the cached batches at the current view (a
// batch carries times, so a stale one is simply shifted and scaled until the
// fresh one lands), and updates the HTML labels from pools.

import 'pixi.js/unsafe-eval';
import { Application, Container } from 'pixi.js';
import { MIX_STATES, SpanState } from '../../shared/index/layout';
import type { CounterBatch, ItemDetails, ItemRef, RenderBatch } from '../../shared/index/query-types';
import { formatCount, formatDuration } from '../../shared/format/duration';
import type { Store, TimeRange } from '../app/store';
import { COLORS, css, goroutineColor, rangeColor, shade, stateColor, waitColor } from './colors';
import { ElementPool, RectBatch, setStyle, setText } from './draw';
import { ViewFetcher, type Coverage } from './fetcher';
import { GOROUTINE_H, RowModel, type GoSort, type Row, type SectionId } from './rows';
import { chooseTicks, formatTick, formatTimeAt } from './ticks';

export const LABEL_W = 232;
export const SCROLLBAR_W = 10;
const OVERVIEW_H = 30;
/** Placeholder colour of the waiting layer, replaced by the theme's --tl-wait-area. */
const WAIT_AREA = 0xc3cad4;
const AXIS_H = 22;

interface Strip {
  id: 'goroutines' | 'heap' | 'threads';
  label: string;
  height: number;
  /** Counter ids, stacked bottom to top (heap: alloc area + goal line). */
  series: { id: number; name: string; color: number }[];
  y: number;
  max: number;
}

const STRIPS: Omit<Strip, 'y' | 'max'>[] = [
  {
    id: 'goroutines', label: 'Goroutines', height: 46, series: [
      { id: 0, name: 'running', color: COLORS.running },
      { id: 1, name: 'runnable', color: COLORS.runnable },
      { id: 4, name: 'GC waiting', color: COLORS.gcWaiting },
      { id: 3, name: 'in syscall', color: COLORS.syscall },
      { id: 2, name: 'waiting', color: WAIT_AREA },
    ],
  },
  {
    id: 'heap', label: 'Heap', height: 34, series: [
      { id: 5, name: 'allocated', color: 0x4f9dc9 },
      { id: 6, name: 'goal', color: 0xc0517a },
    ],
  },
  {
    id: 'threads', label: 'Threads', height: 30, series: [
      { id: 7, name: 'running', color: COLORS.running },
      { id: 8, name: 'in syscall', color: COLORS.syscall },
    ],
  },
];

interface VisRow {
  row: Row | null;
  index: number;
  y: number;
  h: number;
}

interface Theme {
  bg: number;
  band: number;
  bandAlt: number;
  grid: number;
  gridStrong: number;
  headerBg: number;
  sel: number;
  range: number;
  placeholder: number;
  arrowIn: number;
  arrowOut: number;
  section: number;
  /** The "waiting" layer of goroutine-count areas (muted: it is usually the largest). */
  waitArea: number;
}

function cssColor(style: CSSStyleDeclaration, name: string, fallback: number): number {
  const v = style.getPropertyValue(name).trim();
  const m = /^#([0-9a-f]{6})$/i.exec(v);
  return m ? parseInt(m[1]!, 16) : fallback;
}

export interface TimelineStats {
  frameTimes: number[];
  lastViewportMs: number;
  ready: boolean;
}

export class Timeline {
  readonly app = new Application();
  readonly rows: RowModel;
  readonly fetcher: ViewFetcher;
  readonly stats: TimelineStats = { frameTimes: [], lastViewportMs: 0, ready: false };

  private readonly canvasHost: HTMLElement;
  private readonly labels: HTMLElement;
  private readonly overlay: HTMLElement;
  private readonly sectionsLayer: HTMLElement;
  private readonly scrollbar: HTMLElement;
  private readonly thumb: HTMLElement;
  private readonly cursorLine: HTMLElement;
  private readonly cursorReadout: HTMLElement;
  private readonly hoverBox: HTMLElement;
  private readonly brush: HTMLElement;
  private readonly rangeLabel: HTMLElement;
  private readonly laneLabels: ElementPool;
  private readonly axisLabels: ElementPool;
  private readonly spanLabels: ElementPool;
  private readonly stripLabels = new Map<string, { root: HTMLElement; scale: HTMLElement }>();
  private readonly sectionEls = new Map<SectionId, HTMLElement>();
  private readonly goSortSelect: HTMLSelectElement;
  private readonly goFilterInput: HTMLInputElement;

  /** Flow arrows of the selection: SVG over the canvas, antialiased by the browser (the canvas is not). */
  private readonly arrowsSvg: SVGSVGElement;
  private arrowsMarkup = '';
  private arrowsShown = '';
  private readonly mixColorsByKind = new Map<string, number[]>();
  private readonly labelColors = new Map<number, number>();
  private readonly back = new RectBatch();
  private readonly data = new RectBatch();
  private readonly header = new RectBatch();
  private readonly over = new RectBatch();

  private width = 800;
  private height = 600;
  private dpr = 1;
  private strips: Strip[] = [];
  private headerH = 0;
  /** Scroll position of the lane area, in rows (fractional). */
  private scroll = 0;
  private vis: VisRow[] = [];
  private dirty = true;
  private rafId = 0;
  private initialized = false;
  private theme!: Theme;
  private overviewData: { counters: CounterBatch[]; gc: RenderBatch | null; stw: RenderBatch | null; nsPerPixel: number; width: number } | null = null;
  private overviewGen = 0;
  private selDetails: ItemDetails | null = null;
  private mouse: { x: number; y: number; inside: boolean } = { x: 0, y: 0, inside: false };
  private drag: null | {
    mode: 'pan' | 'range' | 'scrub' | 'scroll';
    x0: number; y0: number; moved: boolean; view0: TimeRange; scroll0: number; button: number;
  } = null;
  private dragRange: TimeRange | null = null;
  private lastNav = 0;
  private navHistory = -1;
  private traceGen = 0;
  private errorShownAt = -Infinity;

  constructor(private readonly root: HTMLElement, private readonly store: Store) {
    root.classList.add('timeline');
    root.dataset.testid = 'timeline';
    root.innerHTML = '';
    this.canvasHost = el('div', 'tl-canvas-host', root);
    this.canvasHost.dataset.testid = 'timeline-canvas';
    this.labels = el('div', 'tl-labels', root);
    this.labels.dataset.testid = 'lane-labels';
    this.overlay = el('div', 'tl-overlay', root);
    this.sectionsLayer = el('div', 'tl-sections', root);
    this.scrollbar = el('div', 'tl-scrollbar', root);
    this.thumb = el('div', 'tl-scroll-thumb', this.scrollbar);
    this.arrowsSvg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    this.arrowsSvg.classList.add('tl-arrows');
    this.arrowsSvg.dataset.testid = 'flow-arrows';
    this.overlay.appendChild(this.arrowsSvg);
    this.cursorLine = el('div', 'tl-cursor', this.overlay);
    this.cursorReadout = el('div', 'tl-cursor-readout', this.overlay);
    this.cursorReadout.dataset.testid = 'cursor-time';
    this.hoverBox = el('div', 'tl-hover', this.overlay);
    this.hoverBox.dataset.testid = 'hover-readout';
    this.brush = el('div', 'tl-brush', this.overlay);
    this.brush.dataset.testid = 'overview-brush';
    this.rangeLabel = el('div', 'tl-range-label', this.overlay);
    this.rangeLabel.dataset.testid = 'range-label';
    const axisLayer = el('div', 'tl-axis', this.overlay);
    axisLayer.dataset.testid = 'axis';
    this.axisLabels = new ElementPool(axisLayer, () => {
      const e = document.createElement('div');
      e.className = 'axis-label';
      return e;
    });
    const spanLayer = el('div', 'tl-span-labels', this.overlay);
    this.spanLabels = new ElementPool(spanLayer, () => {
      const e = document.createElement('div');
      e.className = 'span-label';
      return e;
    });
    const laneLabelLayer = el('div', 'tl-lane-labels', this.labels);
    this.laneLabels = new ElementPool(laneLabelLayer, () => {
      const e = document.createElement('div');
      e.className = 'lane-label';
      return e;
    });

    // Fixed label column entries: overview, axis, strips.
    const ov = el('div', 'strip-label overview-label', this.labels);
    ov.textContent = 'Overview';
    ov.dataset.testid = 'overview-label';
    ov.style.top = '0px';
    ov.style.height = `${OVERVIEW_H}px`;
    const ax = el('div', 'strip-label axis-label-head', this.labels);
    ax.dataset.testid = 'axis-label';
    ax.textContent = 'Time';
    ax.style.top = `${OVERVIEW_H}px`;
    ax.style.height = `${AXIS_H}px`;
    let y = OVERVIEW_H + AXIS_H;
    for (const s of STRIPS) {
      const strip: Strip = { ...s, y, max: 0 };
      this.strips.push(strip);
      const root = el('div', `strip-label strip-${s.id}`, this.labels);
      root.dataset.testid = `strip-${s.id}`;
      root.style.top = `${y}px`;
      root.style.height = `${s.height}px`;
      const name = el('div', 'strip-name', root);
      name.textContent = s.label;
      const legend = el('div', 'strip-legend', root);
      for (const ser of s.series) {
        const item = el('span', 'strip-series', legend);
        const sw = el('i', 'swatch', item);
        sw.style.background = css(ser.color);
        item.append(ser.name);
      }
      const scale = el('div', 'strip-scale', root);
      this.stripLabels.set(s.id, { root, scale });
      y += s.height + 1;
    }
    this.headerH = y + 2;
    // Lane labels, span labels and section headers are clipped below the fixed header.
    laneLabelLayer.style.top = `${this.headerH}px`;
    spanLayer.style.top = `${this.headerH}px`;
    this.sectionsLayer.style.top = `${this.headerH}px`;

    // Section headers (persistent elements, positioned per frame).
    for (const id of ['procs', 'threads', 'goroutines'] as SectionId[]) {
      const h = el('div', `section-header section-${id}`, this.sectionsLayer);
      h.dataset.testid = `section-${id}`;
      h.dataset.section = id;
      const caret = el('button', 'section-toggle', h);
      caret.type = 'button';
      caret.title = 'Collapse / expand';
      el('span', 'section-title', h);
      caret.addEventListener('click', () => this.rows.toggle(id));
      h.querySelector('.section-title')!.addEventListener('click', () => this.rows.toggle(id));
      this.sectionEls.set(id, h);
    }
    const gh = this.sectionEls.get('goroutines')!;
    const controls = el('div', 'section-controls', gh);
    const sortLabel = el('label', 'go-sort-label', controls);
    sortLabel.textContent = 'Sort ';
    this.goSortSelect = el('select', 'go-sort', sortLabel) as HTMLSelectElement;
    this.goSortSelect.dataset.testid = 'goroutine-sort';
    for (const [v, t] of [['id', 'by id'], ['blocked', 'by blocked time'], ['function', 'by function']]) {
      const o = document.createElement('option');
      o.value = v!;
      o.textContent = t!;
      this.goSortSelect.appendChild(o);
    }
    this.goFilterInput = el('input', 'go-filter', controls) as HTMLInputElement;
    this.goFilterInput.type = 'search';
    this.goFilterInput.placeholder = 'Filter: g42, function…';
    this.goFilterInput.dataset.testid = 'goroutine-filter';
    this.goSortSelect.addEventListener('change', () => {
      this.rows.sort = this.goSortSelect.value as GoSort;
      this.scroll = 0;
      void this.rows.applyGoroutineOptions();
    });
    let filterTimer = 0;
    this.goFilterInput.addEventListener('input', () => {
      clearTimeout(filterTimer);
      filterTimer = window.setTimeout(() => {
        this.rows.filter = this.goFilterInput.value;
        void this.rows.applyGoroutineOptions();
      }, 150);
    });

    this.rows = new RowModel(store);
    this.rows.onChange = () => this.invalidate();
    this.fetcher = new ViewFetcher(store);
    this.fetcher.onData = () => {
      this.stats.lastViewportMs = this.fetcher.lastViewportMs;
      this.invalidate();
    };
    this.fetcher.onError = (e) => {
      // Back off for a second, then try again.
      this.errorShownAt = performance.now();
      console.error('viewport query failed:', e);
      setTimeout(() => this.invalidate(), 1100);
    };
  }

  async init(): Promise<void> {
    this.dpr = window.devicePixelRatio || 1;
    const r = this.canvasHost.getBoundingClientRect();
    this.width = Math.max(100, Math.floor(r.width));
    this.height = Math.max(100, Math.floor(r.height));
    await this.app.init({
      width: this.width,
      height: this.height,
      antialias: false,
      backgroundAlpha: 0,
      preference: 'webgl',
      preferWebGLVersion: 2,
      resolution: this.dpr,
      autoDensity: true,
      autoStart: false,
      sharedTicker: false,
      hello: false,
      eventFeatures: { move: false, globalMove: false, click: false, wheel: false },
    });
    this.app.ticker?.stop();
    this.app.stage.eventMode = 'none';
    this.canvasHost.appendChild(this.app.canvas);
    const layer = new Container();
    layer.addChild(this.back.view, this.data.view, this.header.view, this.over.view);
    this.app.stage.addChild(layer);
    this.readTheme();
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
      this.readTheme();
      this.invalidate();
    });
    new ResizeObserver(() => this.resize()).observe(this.canvasHost);
    this.bindInput();
    this.store.subscribe('trace', () => this.traceChanged());
    this.store.subscribe('view', () => this.invalidate());
    this.store.subscribe('range', () => this.invalidate());
    this.store.subscribe('goroutineFilter', () => {
      this.scroll = 0;
      void this.rows.applyGoroutineOptions();
    });
    this.store.subscribe('selection', () => this.selectionChanged());
    this.initialized = true;
    this.traceChanged();
  }

  private readTheme(): void {
    const s = getComputedStyle(this.root);
    this.theme = {
      bg: cssColor(s, '--tl-bg', 0xffffff),
      band: cssColor(s, '--tl-band', 0xf6f7f9),
      bandAlt: cssColor(s, '--tl-band-alt', 0xffffff),
      grid: cssColor(s, '--tl-grid', 0xe3e6ea),
      gridStrong: cssColor(s, '--tl-grid-strong', 0xc5cad1),
      headerBg: cssColor(s, '--tl-header-bg', 0xfbfbfc),
      sel: cssColor(s, '--tl-sel', 0x111111),
      range: cssColor(s, '--tl-range', 0x2f81f7),
      placeholder: cssColor(s, '--tl-placeholder', 0xe9ecef),
      arrowIn: cssColor(s, '--tl-arrow-in', 0xd63384),
      arrowOut: cssColor(s, '--tl-arrow-out', 0x0b7285),
      section: cssColor(s, '--tl-section', 0xeef0f3),
      waitArea: cssColor(s, '--tl-wait-area', 0xc3cad4),
    };
  }

  private resize(): void {
    const r = this.canvasHost.getBoundingClientRect();
    const w = Math.max(100, Math.floor(r.width));
    const h = Math.max(100, Math.floor(r.height));
    const dpr = window.devicePixelRatio || 1;
    if (w === this.width && h === this.height && dpr === this.dpr) return;
    const widthChanged = w !== this.width;
    this.width = w;
    this.height = h;
    if (dpr !== this.dpr) {
      this.dpr = dpr;
      this.app.renderer.resolution = dpr;
    }
    this.app.renderer.resize(w, h, dpr);
    if (widthChanged) void this.loadOverview();
    this.invalidate();
  }

  private traceChanged(): void {
    if (!this.initialized) return;
    this.traceGen++;
    this.stats.ready = false;
    this.scroll = 0;
    this.selDetails = null;
    this.rows.reset();
    this.fetcher.reset();
    this.labelColors.clear();
    this.overviewData = null;
    this.goFilterInput.value = '';
    this.goSortSelect.value = 'id';
    this.rows.filter = '';
    this.rows.sort = 'id';
    this.root.classList.toggle('empty', !this.store.state.trace);
    if (!this.store.state.trace) {
      this.invalidate();
      return;
    }
    void this.rows.load().catch((e) => console.error('lane list failed:', e));
    void this.loadOverview();
    this.invalidate();
  }

  private async loadOverview(): Promise<void> {
    const trace = this.store.state.trace;
    if (!trace) return;
    const gen = ++this.overviewGen;
    const dur = Math.max(1, trace.summary.duration);
    const w = this.width;
    const npp = dur / w;
    const lanes = await this.store.api.lanes({ kinds: ['gc', 'stw'], limit: 2 });
    const gcLane = lanes.lanes.find((l) => l.kind === 'gc' && l.parent < 0)?.id;
    const stwLane = lanes.lanes.find((l) => l.kind === 'stw' && l.parent < 0)?.id;
    const resp = await this.store.api.viewport({
      lanes: [gcLane, stwLane].filter((x): x is number => x !== undefined), t0: 0, t1: npp * w, nsPerPixel: npp, counters: [0, 1, 2, 3, 4], mergePx: 1,
    });
    if (gen !== this.overviewGen) return;
    this.overviewData = {
      counters: resp.counters, nsPerPixel: npp, width: w,
      gc: resp.batches.find((b) => b.lane === gcLane) ?? null,
      stw: resp.batches.find((b) => b.lane === stwLane) ?? null,
    };
    this.invalidate();
  }

  private async selectionChanged(): Promise<void> {
    const sel = this.store.state.selection;
    this.selDetails = null;
    this.invalidate();
    if (!sel) return;
    try {
      // For a wait, linksIn includes the unblock that ended it.
      const d = await this.store.api.details(sel);
      if (this.store.state.selection !== sel) return;
      this.selDetails = d;
      if (d) this.ensureLaneVisible(d.lane);
      this.invalidate();
    } catch (e) {
      console.error('details failed:', e);
    }
  }

  /** Scrolls the lane area so that a lane's row is visible (when the row is known). */
  ensureLaneVisible(lane: number): void {
    if (this.vis.some((v) => v.row?.lane === lane && v.y >= this.headerH && v.y + v.h <= this.height)) return;
    const i = this.rows.indexOfLane(lane);
    if (i < 0) return;
    this.scroll = Math.max(0, i - 3);
    this.clampScroll();
    this.invalidate();
  }

  invalidate(): void {
    this.dirty = true;
    if (this.rafId === 0) this.rafId = requestAnimationFrame(() => this.frame());
  }

  // ---- Geometry -----------------------------------------------------------

  get nsPerPixel(): number {
    const v = this.store.state.view;
    return (v.t1 - v.t0) / this.width;
  }

  /** The cursor's x in the canvas when it is over the timeline, else the middle (keyboard zoom centre). */
  cursorX(): number {
    return this.mouse.inside ? this.mouse.x : this.width / 2;
  }

  timeAt(x: number): number {
    return this.store.state.view.t0 + x * this.nsPerPixel;
  }

  xOf(t: number): number {
    const v = this.store.state.view;
    return ((t - v.t0) / (v.t1 - v.t0)) * this.width;
  }

  private laneAreaH(): number {
    return this.height - this.headerH;
  }

  private maxScroll(): number {
    const n = this.rows.count();
    let h = 0;
    let i = n - 1;
    const area = this.laneAreaH() - 8;
    for (; i >= 0; i--) {
      const rh = this.rows.height(i);
      if (h + rh > area) break;
      h += rh;
    }
    if (i < 0) return 0;
    // Row i is partly visible at the top: scroll so that the rest fits exactly.
    return i + 1 - (area - h) / this.rows.height(i);
  }

  private clampScroll(): void {
    this.scroll = Math.max(0, Math.min(this.scroll, this.maxScroll()));
  }

  /** Scrolls by a number of CSS pixels (rows have different heights). */
  scrollByPixels(dy: number): void {
    let s = this.scroll;
    let rem = dy;
    let guard = 0;
    while (Math.abs(rem) > 1e-6 && guard++ < 100000) {
      if (rem > 0) {
        const i = Math.floor(s);
        const h = this.rows.height(i);
        const left = (1 - (s - i)) * h;
        if (rem < left) {
          s += rem / h;
          rem = 0;
        } else {
          s = i + 1;
          rem -= left;
          if (s >= this.rows.count()) break;
        }
      } else {
        const i = s === Math.floor(s) ? s - 1 : Math.floor(s);
        if (i < 0) {
          s = 0;
          break;
        }
        const h = this.rows.height(i);
        const part = (s - i) * h;
        if (-rem < part) {
          s -= -rem / h;
          rem = 0;
        } else {
          s = i;
          rem += part;
        }
      }
    }
    this.scroll = s;
    this.clampScroll();
    this.invalidate();
  }

  private layoutRows(): void {
    this.clampScroll();
    const out: VisRow[] = [];
    const n = this.rows.count();
    let i = Math.floor(this.scroll);
    let y = this.headerH - (this.scroll - i) * this.rows.height(i);
    while (i < n && y < this.height) {
      const row = this.rows.row(i);
      const h = row?.height ?? GOROUTINE_H;
      out.push({ row, index: i, y, h });
      y += h;
      i++;
    }
    this.vis = out;
  }

  private rowAtY(y: number): VisRow | null {
    if (y < this.headerH) return null;
    for (const v of this.vis) if (y >= v.y && y < v.y + v.h) return v;
    return null;
  }

  // ---- Frame ----------------------------------------------------------------

  private frame(): void {
    this.rafId = 0;
    if (!this.dirty) return;
    this.dirty = false;
    const t0 = performance.now();
    const trace = this.store.state.trace;
    this.back.dpr = this.data.dpr = this.header.dpr = this.over.dpr = this.dpr;
    this.back.reset();
    this.data.reset();
    this.header.reset();
    this.over.reset();
    this.arrowsMarkup = '';
    this.spanLabels.begin();
    this.laneLabels.begin();
    this.axisLabels.begin();
    if (trace) {
      this.layoutRows();
      const view = this.store.state.view;
      const npp = this.nsPerPixel;
      const lanes: number[] = [];
      for (const v of this.vis) if (v.row && v.row.lane >= 0) lanes.push(v.row.lane);
      if (performance.now() - this.errorShownAt > 1000) this.fetcher.want({ t0: view.t0, t1: view.t1, nsPerPixel: npp, lanes }, this.width);
      this.drawLanes();
      this.drawHeader();
      this.drawOverlay();
      this.placeSections();
      this.updateScrollbar();
      const c = this.fetcher.cov;
      if (!this.stats.ready && c && this.fetcher.counters?.cov === c && this.vis.every((v) => !v.row || v.row.lane < 0 || this.fetcher.batches.get(v.row.lane)?.cov === c) && this.vis.length > 0) {
        this.stats.ready = true;
      }
    } else {
      this.vis = [];
      for (const e of this.sectionEls.values()) e.style.display = 'none';
    }
    this.back.flush();
    this.data.flush();
    this.header.flush();
    this.over.flush();
    if (this.arrowsMarkup !== this.arrowsShown) {
      this.arrowsShown = this.arrowsMarkup;
      this.arrowsSvg.innerHTML = this.arrowsMarkup;
    }
    this.spanLabels.end();
    this.laneLabels.end();
    this.axisLabels.end();
    this.app.render();
    this.updateCursor();
    const ft = performance.now() - t0;
    const ftimes = this.stats.frameTimes;
    ftimes.push(ft);
    if (ftimes.length > 2000) ftimes.splice(0, ftimes.length - 1000);
  }

  // ---- Lanes ----------------------------------------------------------------

  private drawLanes(): void {
    const W = this.width;
    const th = this.theme;
    const view = this.store.state.view;
    const npp = this.nsPerPixel;
    const scale = 1 / npp;
    const B = this.back;
    const D = this.data;
    const store = this.store;
    const ticks = chooseTicks(view.t0, npp);
    // Grid lines behind the lanes.
    for (let t = ticks.first; t <= view.t1; t += ticks.step) B.rect(th.grid, (t - view.t0) * scale, this.headerH, 1, this.height - this.headerH);
    let labelBudget = 800;
    for (const v of this.vis) {
      const row = v.row;
      const label = this.laneLabels.next();
      if (!row) {
        label.className = 'lane-label placeholder';
        setText(label, '…');
        setStyle(label, 'top', `${v.y - this.headerH}px`);
        setStyle(label, 'height', `${v.h}px`);
        label.removeAttribute('data-lane-id');
        B.rect(th.placeholder, 0, v.y + 3, W, v.h - 5, 0.5);
        continue;
      }
      if (row.type === 'section') {
        label.className = 'lane-label section-spacer';
        setText(label, '');
        setStyle(label, 'top', `${v.y - this.headerH}px`);
        setStyle(label, 'height', `${v.h}px`);
        label.removeAttribute('data-lane-id');
        B.rect(th.section, 0, v.y, W, v.h);
        B.rect(th.gridStrong, 0, v.y + v.h - 1, W, 1);
        continue;
      }
      const kind = row.info?.kind ?? '';
      label.className = `lane-label kind-${kind}${row.child ? ' child' : ''}${store.state.focusLane === row.lane ? ' focus' : ''}`;
      label.dataset.laneId = String(row.lane);
      setText(label, row.label);
      if (label.title !== (row.info?.name ?? row.label)) label.title = row.info?.name ?? row.label;
      setStyle(label, 'top', `${v.y - this.headerH}px`);
      setStyle(label, 'height', `${v.h}px`);
      label.style.lineHeight = `${v.h}px`;
      // Band: alternate by goroutine group / row index, children share their parent's band.
      const alt = (row.section === 'goroutines' ? row.group : v.index - (row.child ? 1 : 0)) % 2 === 1;
      if (alt) B.rect(th.band, 0, v.y, W, v.h);
      if (!row.child) B.rect(th.grid, 0, v.y, W, 1);
      const entry = this.fetcher.batches.get(row.lane);
      const padTop = row.child ? 1 : 3;
      const barY = v.y + padTop;
      const barH = v.h - padTop - (row.child ? 1 : 2);
      if (!entry) {
        B.rect(th.placeholder, 0, barY, W, barH, 0.6);
        continue;
      }
      const b = entry.batch;
      const mixColors = this.mixColors(kind);
      const labelled = v.h >= 14;
      for (let i = 0; i < b.count; i++) {
        const st = b.state[i]!;
        if (st === SpanState.None) continue;
        let x0 = (b.start[i]! - view.t0) * scale;
        let x1 = (b.end[i]! - view.t0) * scale;
        if (x1 < 0 || x0 > W) continue;
        if (x0 < -1) x0 = -1;
        if (x1 > W + 1) x1 = W + 1;
        const w = x1 - x0;
        if (b.merged[i] === 1 && b.mixIndex[i]! >= 0) {
          // A merged block: the states' shares stacked bottom to top.
          const o = b.mixIndex[i]! * MIX_STATES;
          let acc = 0;
          for (let k = 1; k < MIX_STATES; k++) {
            const f = b.mix[o + k]!;
            if (f <= 0) continue;
            const yTop = barY + barH * (1 - acc - f);
            D.rect(mixColors[k]!, x0, yTop, w, barH * f + 0.01);
            acc += f;
          }
          continue;
        }
        const color = this.spanColor(kind, b, i);
        const gap = w >= 5 ? 1 : 0;
        D.rect(color, x0, barY, w - gap, barH);
        if (labelled && w >= 36 && labelBudget > 0) {
          const text = this.spanText(kind, b, i);
          if (text) {
            labelBudget--;
            const sl = this.spanLabels.next();
            const lx = Math.max(0, x0) + 3;
            const lw = Math.min(W, x1) - lx - 3;
            if (lw < 18) {
              labelBudget++;
              this.spanLabels.used--;
              continue;
            }
            setText(sl, text);
            setStyle(sl, 'transform', `translate(${lx.toFixed(1)}px, ${(barY - this.headerH).toFixed(1)}px)`);
            setStyle(sl, 'width', `${lw.toFixed(0)}px`);
            setStyle(sl, 'height', `${barH}px`);
            sl.className = `span-label${dark(color) ? ' on-dark' : ''}`;
            sl.style.lineHeight = `${barH}px`;
          }
        }
      }
      // Instants: ticks at the bottom (CPU samples at the top, logs full height).
      const instOnly = kind === 'network' || kind === 'syscalls';
      for (let k = 0; k < b.instTime.length; k++) {
        const x = (b.instTime[k]! - view.t0) * scale;
        if (x < -2 || x > W + 2) continue;
        const ik = b.instKind[k]!;
        if (ik === 3) D.rect(COLORS.sample, x, v.y + 1, 1, 3, 0.9);
        else if (ik === 4) D.rect(COLORS.log, x - 0.5, barY, 2, barH);
        else if (instOnly || ik === 6 || ik === 7) D.rect(COLORS.instant, x, barY, 1, barH);
      }
    }
  }

  /** Per lane kind, the colour of each state's share in a merged block. */
  private mixColors(kind: string): readonly number[] {
    let c = this.mixColorsByKind.get(kind);
    if (c === undefined) {
      c = [];
      for (let st = 0; st < MIX_STATES; st++) {
        if (st === SpanState.Range) c.push(kind === 'stw' ? COLORS.rangeSTW : kind === 'gc' ? COLORS.rangeGC : COLORS.rangeOther);
        else if (st === SpanState.Waiting) c.push(COLORS.waitOther);
        else if (st === SpanState.Running && (kind === 'proc' || kind === 'thread')) c.push(shade(COLORS.running, 0.95));
        else c.push(stateColor(st));
      }
      this.mixColorsByKind.set(kind, c);
    }
    return c;
  }

  private spanColor(kind: string, b: RenderBatch, i: number): number {
    const st = b.state[i]!;
    switch (st) {
      case SpanState.Running:
        return (kind === 'proc' || kind === 'thread') && b.ref[i]! >= 0 ? goroutineColor(b.ref[i]!) : COLORS.running;
      case SpanState.Waiting:
      case SpanState.Range: {
        if (st === SpanState.Range && kind === 'stw') return COLORS.rangeSTW;
        if (st === SpanState.Range && kind === 'gc') return COLORS.rangeGC;
        // Keyed by state and string id: the colour follows from the reason's or range's name.
        const key = b.label[i]! * 2 + (st === SpanState.Range ? 1 : 0);
        let c = this.labelColors.get(key);
        if (c === undefined) {
          const name = this.store.str(b.label[i]!);
          c = st === SpanState.Range ? rangeColor(name) : waitColor(name);
          this.labelColors.set(key, c);
        }
        return c;
      }
      default:
        return stateColor(st);
    }
  }

  private spanText(kind: string, b: RenderBatch, i: number): string {
    const st = b.state[i]!;
    const s = this.store.str(b.label[i]!);
    if ((kind === 'proc' || kind === 'thread') && b.ref[i]! >= 0) {
      const info = this.rows.infoByLane.get(b.ref[i]!);
      const g = info ? `G${info.resource}` : '';
      if (st === SpanState.Syscall || st === SpanState.SyscallBlocked) return `${g} syscall`;
      return s ? `${g} ${s}` : g;
    }
    if (kind === 'goroutine') {
      if (st === SpanState.Waiting || st === SpanState.GCWaiting) return s || 'blocked';
      if (st === SpanState.Syscall) return 'syscall';
      if (st === SpanState.SyscallBlocked) return 'syscall (blocked)';
      if (st === SpanState.Runnable) return 'runnable';
      return '';
    }
    return s;
  }

  // ---- Header: overview, axis, strips ---------------------------------------

  private drawHeader(): void {
    const H = this.header;
    const th = this.theme;
    const W = this.width;
    const view = this.store.state.view;
    const npp = this.nsPerPixel;
    const trace = this.store.state.trace!;
    const dur = Math.max(1, trace.summary.duration);
    H.rect(th.headerBg, 0, 0, W, this.headerH);
    H.rect(th.gridStrong, 0, this.headerH - 1, W, 1);

    // Overview: goroutine counts over the whole trace, GC / STW marks.
    const ov = this.overviewData;
    if (ov) {
      const sx = ov.width / W;
      const s = (x: number) => x / sx;
      for (const [lb, color] of [[ov.gc, COLORS.rangeGC], [ov.stw, COLORS.rangeSTW]] as const) {
        if (!lb) continue;
        for (let i = 0; i < lb.count; i++) {
          if (lb.state[i] === SpanState.None) continue;
          H.rect(color, s(lb.x0[i]!), OVERVIEW_H - 4, Math.max(1, s(lb.x1[i]!) - s(lb.x0[i]!)), 3);
        }
      }
      this.drawStacked(ov.counters, [0, 1, 4, 3, 2], [COLORS.running, COLORS.runnable, COLORS.gcWaiting, COLORS.syscall, WAIT_AREA], { t0: 0, t1: dur, nsPerPixel: ov.nsPerPixel }, 0, dur / W, 2, OVERVIEW_H - 7, H, null);
    }
    H.rect(th.gridStrong, 0, OVERVIEW_H - 1, W, 1);
    const bx0 = Math.max(0, (view.t0 / dur) * W);
    const bx1 = Math.min(W, (view.t1 / dur) * W);
    setStyle(this.brush, 'left', `${bx0}px`);
    setStyle(this.brush, 'width', `${Math.max(2, bx1 - bx0)}px`);
    setStyle(this.brush, 'height', `${OVERVIEW_H - 1}px`);

    // Axis.
    const ay = OVERVIEW_H;
    const ticks = chooseTicks(view.t0, npp);
    for (let t = Math.ceil(view.t0 / ticks.minor) * ticks.minor; t <= view.t1; t += ticks.minor) {
      H.rect(th.gridStrong, (t - view.t0) / npp, ay + AXIS_H - 4, 1, 4);
    }
    for (let t = ticks.first; t <= view.t1; t += ticks.step) {
      const x = (t - view.t0) / npp;
      H.rect(th.gridStrong, x, ay + 2, 1, AXIS_H - 2);
      const e = this.axisLabels.next();
      setText(e, formatTick(t, ticks.step, Math.max(Math.abs(view.t0), Math.abs(view.t1))));
      setStyle(e, 'transform', `translate(${(x + 3).toFixed(1)}px, ${ay}px)`);
    }
    // Trace start / end marks.
    for (const t of [0, dur]) {
      const x = (t - view.t0) / npp;
      if (x >= 0 && x <= W) H.rect(th.sel, x, ay, 1, AXIS_H, 0.6);
    }
    H.rect(th.gridStrong, 0, ay + AXIS_H - 1, W, 1);

    // Strips.
    const cs = this.fetcher.counters;
    for (const strip of this.strips) {
      const top = strip.y + 2;
      const h = strip.height - 3;
      H.rect(th.grid, 0, strip.y + strip.height, W, 1);
      if (!cs) continue;
      const ids = strip.series.map((s) => s.id);
      const colors = strip.series.map((s) => s.color);
      if (strip.id === 'heap') strip.max = this.drawHeap(cs.batches, cs.cov, view.t0, npp, top, h, H);
      else strip.max = this.drawStacked(cs.batches, ids, colors, cs.cov, view.t0, npp, top, h, H, strip);
      const lab = this.stripLabels.get(strip.id)!;
      setText(lab.scale, strip.max > 0 ? (strip.id === 'heap' ? bytes(strip.max) : formatCount(strip.max)) : '');
    }
  }

  /** Stacked areas of counter series (per pixel column: the max of each series), returns the scale's maximum. */
  private drawStacked(batches: CounterBatch[], ids: number[], colors: number[], cov: Coverage, t0: number, npp: number, top: number, h: number, R: RectBatch, strip: Strip | null): number {
    const series = ids.map((id) => batches.find((b) => b.counter === id) ?? null);
    const first = series.find((s) => s !== null);
    if (!first) return 0;
    // Visible columns and the scale.
    const { k, off, a, z } = counterColumns(first.pixels, cov, t0, npp, this.width);
    let max = 0;
    for (let px = a; px < z; px++) {
      let tot = 0;
      for (const s of series) {
        const v = s ? s.max[px]! : NaN;
        if (v > 0) tot += v;
      }
      if (tot > max) max = tot;
    }
    const scaleMax = niceCeil(max);
    if (scaleMax <= 0) return 0;
    if (strip) strip.max = scaleMax;
    // Runs of equal columns become one rectangle per series.
    let px = a;
    while (px < z) {
      let q = px + 1;
      while (q < z && sameColumn(series, q, px)) q++;
      const x = off + px * k;
      const w = (q - px) * k;
      let base = 0;
      for (let j = 0; j < series.length; j++) {
        const s = series[j];
        const v = s ? s.max[px]! : NaN;
        if (!(v > 0)) continue;
        const y1 = top + h - (base / scaleMax) * h;
        const y0 = top + h - ((base + v) / scaleMax) * h;
        R.rect(colors[j] === WAIT_AREA ? this.theme.waitArea : colors[j]!, x, y0, w, y1 - y0);
        base += v;
      }
      px = q;
    }
    return scaleMax;
  }

  private drawHeap(batches: CounterBatch[], cov: Coverage, t0: number, npp: number, top: number, h: number, R: RectBatch): number {
    const alloc = batches.find((b) => b.counter === 5);
    const goal = batches.find((b) => b.counter === 6);
    if (!alloc) return 0;
    const { k, off, a, z } = counterColumns(alloc.pixels, cov, t0, npp, this.width);
    let max = 0;
    for (let px = a; px < z; px++) {
      if (alloc.max[px]! > max) max = alloc.max[px]!;
      if (goal && goal.max[px]! > max) max = goal.max[px]!;
    }
    const scaleMax = niceCeil(max);
    if (scaleMax <= 0) return 0;
    const y = (v: number) => top + h - (v / scaleMax) * h;
    let px = a;
    while (px < z) {
      let q = px + 1;
      while (q < z && sameNum(alloc.max[q]!, alloc.max[px]!)) q++;
      const v = alloc.max[px]!;
      if (v > 0) R.rect(0x4f9dc9, off + px * k, y(v), (q - px) * k, top + h - y(v), 0.75);
      px = q;
    }
    if (goal) {
      // One segment per run of equal goals, a riser where it changes.
      let prev = NaN;
      px = a;
      while (px < z) {
        const v = goal.last[px]!;
        let q = px + 1;
        while (q < z && sameNum(goal.last[q]!, v)) q++;
        if (v > 0) {
          const x = off + px * k;
          R.rect(0xc0517a, x, y(v) - 0.5, Math.max((q - px) * k, 1), 1.5);
          if (prev > 0 && prev !== v) R.rect(0xc0517a, x, Math.min(y(prev), y(v)), 1, Math.abs(y(prev) - y(v)));
          prev = v;
        }
        px = q;
      }
    }
    return scaleMax;
  }

  // ---- Overlay: selection, range, arrows --------------------------------------

  private drawOverlay(): void {
    const O = this.over;
    const th = this.theme;
    const view = this.store.state.view;
    const npp = this.nsPerPixel;
    const W = this.width;
    // Range (Shift+drag), live while dragging.
    const range = this.dragRange ?? this.store.state.range;
    if (range) {
      const x0 = (range.t0 - view.t0) / npp;
      const x1 = (range.t1 - view.t0) / npp;
      const a = Math.max(-1, x0);
      const b = Math.min(W + 1, x1);
      if (b > a) {
        O.rect(th.range, a, OVERVIEW_H, b - a, this.height - OVERVIEW_H, 0.1);
        O.rect(th.range, x0, OVERVIEW_H, 1, this.height - OVERVIEW_H, 0.9);
        O.rect(th.range, x1, OVERVIEW_H, 1, this.height - OVERVIEW_H, 0.9);
      }
      const cx = Math.max(4, Math.min(W - 80, (a + b) / 2));
      this.rangeLabel.style.display = 'block';
      setText(this.rangeLabel, formatDuration(Math.round(range.t1 - range.t0)));
      setStyle(this.rangeLabel, 'transform', `translate(${cx.toFixed(0)}px, ${this.headerH + 2}px) translateX(-50%)`);
    } else this.rangeLabel.style.display = 'none';

    // Selection outline.
    const d = this.selDetails;
    if (d) {
      const row = this.vis.find((v) => v.row?.lane === d.lane);
      if (row && row.y + row.h > this.headerH) {
        const pad = row.row!.child ? 1 : 3;
        const y = row.y + pad - 1;
        const h = row.h - pad - (row.row!.child ? 1 : 2) + 2;
        if (d.ref.type === 'instant') {
          const x = (d.start - view.t0) / npp;
          O.rect(th.sel, x - 3, y, 7, 2);
          O.rect(th.sel, x - 0.5, y, 2, h);
        } else {
          const x0 = Math.max(-3, (d.start - view.t0) / npp) - 1;
          const x1 = Math.min(W + 3, (d.end - view.t0) / npp) + 1;
          if (x1 > 0 && x0 < W) {
            const w = Math.max(2, x1 - x0);
            O.rect(th.sel, x0, y, w, 2);
            O.rect(th.sel, x0, y + h - 2, w, 2);
            O.rect(th.sel, x0, y, 2, h);
            O.rect(th.sel, x0 + w - 2, y, 2, h);
          }
        }
      }
      this.drawArrows(d);
    }
  }

  private laneY(lane: number): number | null {
    const v = this.vis.find((r) => r.row?.lane === lane);
    if (!v) return null;
    return v.y + v.h / 2;
  }

  private drawArrows(d: ItemDetails): void {
    const view = this.store.state.view;
    const npp = this.nsPerPixel;
    const th = this.theme;
    const links = [...d.linksIn.map((l) => ({ l, dir: 'in' as const })), ...d.linksOut.map((l) => ({ l, dir: 'out' as const }))].slice(0, 400);
    const f = (x: number) => x.toFixed(1);
    let m = '';
    for (const { l, dir } of links) {
      const color = css(dir === 'in' ? th.arrowIn : th.arrowOut);
      const fy = l.fromLane >= 0 ? this.laneY(l.fromLane) : null;
      const ty = this.laneY(l.toLane);
      if (fy === null && ty === null) continue;
      const fx = (l.fromTime - view.t0) / npp;
      const tx = (l.toTime - view.t0) / npp;
      // An end whose lane is off screen is drawn at the lane area's edge.
      const edge = this.headerH + 2;
      const y0 = fy ?? edge;
      const y1 = ty ?? edge;
      const alpha = fy === null || ty === null ? 0.5 : 0.95;
      const ang = Math.atan2(y1 - y0, tx - fx);
      const s = 6;
      m += `<g data-dir="${dir}"><line x1="${f(fx)}" y1="${f(y0)}" x2="${f(tx)}" y2="${f(y1)}" stroke="${color}" stroke-width="1.5" stroke-opacity="${alpha}"/>`;
      m += `<polygon points="${f(tx)},${f(y1)} ${f(tx - s * Math.cos(ang - 0.4))},${f(y1 - s * Math.sin(ang - 0.4))} ${f(tx - s * Math.cos(ang + 0.4))},${f(y1 - s * Math.sin(ang + 0.4))}" fill="${color}"/>`;
      m += `<circle cx="${f(fx)}" cy="${f(y0)}" r="2" fill="${color}"/></g>`;
    }
    this.arrowsMarkup += m;
  }

  private placeSections(): void {
    const seen = new Set<SectionId>();
    for (const v of this.vis) {
      const row = v.row;
      if (!row || row.type !== 'section') continue;
      const e = this.sectionEls.get(row.section);
      if (!e) continue;
      seen.add(row.section);
      e.style.display = '';
      setStyle(e, 'top', `${v.y - this.headerH}px`);
      setStyle(e, 'height', `${v.h}px`);
      e.classList.toggle('collapsed', this.rows.collapsed.has(row.section));
      setText(e.querySelector('.section-title') as HTMLElement, row.label);
    }
    for (const [id, e] of this.sectionEls) {
      if (seen.has(id)) continue;
      // Keep a focused filter input alive (hidden rather than removed).
      if (e.style.display !== 'none') e.style.display = 'none';
    }
  }

  private updateScrollbar(): void {
    const max = this.maxScroll();
    const n = this.rows.count();
    const trackH = this.height - this.headerH;
    if (max <= 0 || n === 0) {
      this.scrollbar.style.display = 'none';
      return;
    }
    this.scrollbar.style.display = '';
    const visibleRows = Math.max(1, this.vis.length);
    const thumbH = Math.max(24, Math.min(trackH, (visibleRows / n) * trackH));
    const pos = (this.scroll / max) * (trackH - thumbH);
    setStyle(this.scrollbar, 'top', `${this.headerH}px`);
    setStyle(this.thumb, 'height', `${thumbH}px`);
    setStyle(this.thumb, 'transform', `translateY(${pos.toFixed(1)}px)`);
  }

  // ---- Cursor and hover readouts (HTML only, no canvas redraw) ----------------

  private updateCursor(): void {
    const m = this.mouse;
    const trace = this.store.state.trace;
    if (!trace || !m.inside || this.drag?.mode === 'scrub') {
      this.cursorLine.style.display = 'none';
      this.cursorReadout.style.display = 'none';
      this.hoverBox.style.display = 'none';
      return;
    }
    const npp = this.nsPerPixel;
    const t = this.timeAt(m.x);
    this.cursorLine.style.display = 'block';
    setStyle(this.cursorLine, 'transform', `translateX(${Math.round(m.x)}px)`);
    setStyle(this.cursorLine, 'top', `${OVERVIEW_H}px`);
    this.cursorReadout.style.display = 'block';
    setText(this.cursorReadout, formatTimeAt(t, npp));
    const rx = Math.min(this.width - 90, Math.max(0, m.x + 6));
    setStyle(this.cursorReadout, 'transform', `translate(${rx.toFixed(0)}px, ${OVERVIEW_H + 1}px)`);
    // Strip readouts.
    const strip = this.strips.find((s) => m.y >= s.y && m.y < s.y + s.height);
    const cs = this.fetcher.counters;
    let text = '';
    if (strip && cs) {
      const px = Math.floor((t - cs.cov.t0) / cs.cov.nsPerPixel);
      const parts: string[] = [];
      for (const ser of strip.series) {
        const b = cs.batches.find((x) => x.counter === ser.id);
        if (!b || px < 0 || px >= b.pixels) continue;
        const fmt = strip.id === 'heap' ? bytes : formatCount;
        const lo = b.min[px]!;
        const hi = b.max[px]!;
        if (Number.isNaN(hi)) continue;
        parts.push(`<span class="hv"><i class="swatch" style="background:${css(ser.color)}"></i>${ser.name} <b>${lo === hi ? fmt(hi) : `${fmt(lo)}–${fmt(hi)}`}</b></span>`);
      }
      text = parts.join('');
    } else if (m.y < OVERVIEW_H && this.overviewData) {
      const ov = this.overviewData;
      const px = Math.floor((m.x / this.width) * ov.width);
      const names = ['running', 'runnable', 'waiting', 'in syscall', 'GC waiting'];
      const parts: string[] = [];
      for (const b of ov.counters) {
        const v = b.max[px];
        if (v === undefined || Number.isNaN(v)) continue;
        parts.push(`${names[b.counter]} <b>${formatCount(v)}</b>`);
      }
      text = parts.length ? `at ${formatTimeAt(px * ov.nsPerPixel, ov.nsPerPixel)}: ${parts.join(' · ')}` : '';
    }
    if (text) {
      this.hoverBox.style.display = 'block';
      if (this.hoverBox.innerHTML !== text) this.hoverBox.innerHTML = text;
      const bw = this.hoverBox.offsetWidth;
      const x = m.x + 14 + bw > this.width ? m.x - 14 - bw : m.x + 14;
      setStyle(this.hoverBox, 'transform', `translate(${Math.max(0, x).toFixed(0)}px, ${(m.y + 12).toFixed(0)}px)`);
    } else this.hoverBox.style.display = 'none';
  }

  // ---- Navigation ---------------------------------------------------------------

  /** Records an undo point at the start of a burst of navigation (wheel, keys). */
  private navMark(): void {
    const now = performance.now();
    // A new burst after a pause, or after anything else touched the history (fit all, undo, a panel's reveal).
    if (now - this.lastNav > 600 || this.store.historyVersion !== this.navHistory) this.store.markHistory();
    this.lastNav = now;
    this.navHistory = this.store.historyVersion;
  }

  private clampView(t0: number, t1: number): TimeRange {
    const dur = Math.max(1, this.store.state.trace?.summary.duration ?? 1);
    const minSpan = Math.min(50, dur);
    const maxSpan = dur * 1.2;
    let span = Math.min(maxSpan, Math.max(minSpan, t1 - t0));
    const c = (t0 + t1) / 2;
    let a = c - span / 2;
    const lo = -dur * 0.1;
    const hi = dur * 1.1;
    if (a < lo) a = lo;
    if (a + span > hi) a = hi - span;
    if (span > hi - lo) span = hi - lo;
    return { t0: a, t1: a + span };
  }

  /** Zooms by `factor` (< 1 zooms in) keeping the time at x (CSS px in the canvas) in place. */
  zoomAt(factor: number, x = this.width / 2, record = true): void {
    if (!this.store.state.trace) return;
    const v = this.store.state.view;
    const span = v.t1 - v.t0;
    const tx = v.t0 + (x / this.width) * span;
    const ns = Math.min(Math.max(span * factor, 50), Math.max(1, this.store.state.trace.summary.duration) * 1.2);
    let t0 = tx - (x / this.width) * ns;
    const dur = this.store.state.trace.summary.duration;
    t0 = Math.max(-dur * 0.1, Math.min(t0, dur * 1.1 - ns));
    if (record) this.navMark();
    this.store.setView({ t0, t1: t0 + ns }, false);
  }

  /** Pans by a fraction of the visible span (negative: left). */
  panBy(frac: number, record = true): void {
    if (!this.store.state.trace) return;
    const v = this.store.state.view;
    const d = (v.t1 - v.t0) * frac;
    if (record) this.navMark();
    this.store.setView(this.clampView(v.t0 + d, v.t1 + d), false);
  }

  fitAll(): void {
    const trace = this.store.state.trace;
    if (!trace) return;
    this.store.setView({ t0: 0, t1: Math.max(1, trace.summary.duration) });
  }

  /** F: fit the selected item (or the selected range). */
  fitSelection(): void {
    const d = this.selDetails;
    if (d) {
      this.store.reveal(d.start, Math.max(d.end, d.start + 1));
      return;
    }
    const r = this.store.state.range;
    if (r) this.store.setView({ t0: r.t0, t1: r.t1 });
  }

  /** `.` / `,`: select the next / previous span on the focused lane. */
  async stepSpan(dir: 1 | -1): Promise<void> {
    const store = this.store;
    const lane = store.state.focusLane ?? store.state.selection?.lane ?? null;
    if (lane === null || !store.state.trace) return;
    const d = this.selDetails;
    const view = store.state.view;
    let from = d && d.lane === lane ? (dir > 0 ? d.end : d.start) : dir > 0 ? view.t0 : view.t1;
    const dur = store.state.trace.summary.duration;
    for (let tries = 0; tries < 64; tries++) {
      if (from < 0 || from > dur) return;
      const t = dir > 0 ? from : from - 1;
      const hit = await store.api.hitTest({ lane, time: t });
      if (hit && hit.type === 'span' && !(d && sameRef(hit, d.ref))) {
        const det = await store.api.details(hit);
        if (!det) return;
        store.select(hit);
        const span = view.t1 - view.t0;
        if (det.start < view.t0 || det.end > view.t1) {
          if (det.end - det.start < span * 0.8) {
            const c = (det.start + det.end) / 2;
            store.setView({ t0: c - span / 2, t1: c + span / 2 });
          } else store.reveal(det.start, det.end);
        }
        return;
      }
      // A gap: jump over it using the lane's cached batch when there is one.
      const entry = this.fetcher.batches.get(lane);
      let next = NaN;
      if (entry) {
        const b = entry.batch;
        if (dir > 0) {
          for (let i = 0; i < b.count; i++) if (b.state[i] !== SpanState.None && b.start[i]! > from) { next = b.start[i]!; break; }
        } else {
          for (let i = b.count - 1; i >= 0; i--) if (b.state[i] !== SpanState.None && b.end[i]! < from) { next = b.end[i]!; break; }
        }
      }
      if (Number.isNaN(next)) {
        if (!hit) return;
        const det = await store.api.details(hit);
        if (!det) return;
        next = dir > 0 ? det.end : det.start;
        if (next === from) return;
      }
      from = next;
    }
  }

  // ---- Input ----------------------------------------------------------------------

  private bindInput(): void {
    const host = this.root;
    const local = (e: MouseEvent) => {
      const r = this.canvasHost.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top, r };
    };
    host.addEventListener('wheel', (e) => {
      if (!this.store.state.trace) return;
      const t = e.target as HTMLElement;
      if (t.closest('.section-controls')) return;
      e.preventDefault();
      const { x } = local(e);
      const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? this.height : 1;
      const dx = e.deltaX * unit;
      const dy = e.deltaY * unit;
      if (e.ctrlKey || e.metaKey) {
        // Pinch gestures arrive as ctrl+wheel with small deltas.
        this.zoomAt(Math.exp(dy * 0.0025), Math.max(0, Math.min(this.width, x)));
      } else if (e.shiftKey || Math.abs(dx) > Math.abs(dy)) {
        this.panBy((e.shiftKey ? dy || dx : dx) / this.width);
      } else {
        this.scrollByPixels(dy);
      }
    }, { passive: false });

    host.addEventListener('mousemove', (e) => {
      const { x, y } = local(e);
      this.mouse = { x, y, inside: x >= 0 && x < this.width && y >= 0 && y < this.height };
      if (!this.drag) this.updateCursor();
    });
    host.addEventListener('mouseleave', () => {
      this.mouse.inside = false;
      this.updateCursor();
    });

    this.canvasHost.addEventListener('mousedown', (e) => {
      if (!this.store.state.trace || e.button !== 0) return;
      const { x, y } = local(e);
      e.preventDefault();
      (document.activeElement as HTMLElement | null)?.blur?.();
      const mode = y < OVERVIEW_H ? 'scrub' : e.shiftKey ? 'range' : 'pan';
      this.drag = { mode, x0: x, y0: y, moved: false, view0: { ...this.store.state.view }, scroll0: this.scroll, button: e.button };
      if (mode === 'scrub') {
        this.store.markHistory();
        this.scrubTo(x);
      }
      const move = (ev: MouseEvent) => this.dragMove(ev, local(ev));
      const up = (ev: MouseEvent) => {
        window.removeEventListener('mousemove', move);
        window.removeEventListener('mouseup', up);
        this.dragEnd(ev, local(ev));
      };
      window.addEventListener('mousemove', move);
      window.addEventListener('mouseup', up);
    });

    // Scrollbar.
    this.thumb.addEventListener('mousedown', (e) => {
      e.preventDefault();
      e.stopPropagation();
      const y0 = e.clientY;
      const s0 = this.scroll;
      const max = this.maxScroll();
      const trackH = this.height - this.headerH - this.thumb.offsetHeight;
      const move = (ev: MouseEvent) => {
        this.scroll = s0 + ((ev.clientY - y0) / Math.max(1, trackH)) * max;
        this.clampScroll();
        this.invalidate();
      };
      const up = () => {
        window.removeEventListener('mousemove', move);
        window.removeEventListener('mouseup', up);
      };
      window.addEventListener('mousemove', move);
      window.addEventListener('mouseup', up);
    });
    this.scrollbar.addEventListener('mousedown', (e) => {
      if (e.target !== this.scrollbar) return;
      const r = this.scrollbar.getBoundingClientRect();
      const frac = (e.clientY - r.top) / r.height;
      this.scroll = frac * this.maxScroll();
      this.clampScroll();
      this.invalidate();
    });

    // Lane labels: click focuses the lane (`.`/`,` step through it); double-click fits the lane's extent.
    this.labels.addEventListener('click', (e) => {
      const t = (e.target as HTMLElement).closest('.lane-label') as HTMLElement | null;
      const id = t?.dataset.laneId;
      if (id === undefined) return;
      this.store.state.focusLane = Number(id);
      this.invalidate();
    });
  }

  private scrubTo(x: number): void {
    const trace = this.store.state.trace!;
    const dur = Math.max(1, trace.summary.duration);
    const v = this.store.state.view;
    const span = v.t1 - v.t0;
    const c = (x / this.width) * dur;
    this.store.setView(this.clampView(c - span / 2, c + span / 2), false);
  }

  private dragMove(e: MouseEvent, p: { x: number; y: number }): void {
    const d = this.drag;
    if (!d) return;
    this.mouse = { x: p.x, y: p.y, inside: p.x >= 0 && p.x < this.width && p.y >= 0 && p.y < this.height };
    const dx = p.x - d.x0;
    const dy = p.y - d.y0;
    if (!d.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!d.moved) {
      d.moved = true;
      if (d.mode === 'pan') this.store.markHistory();
      this.root.classList.add(d.mode === 'range' ? 'selecting' : 'panning');
    }
    if (d.mode === 'scrub') {
      this.scrubTo(p.x);
    } else if (d.mode === 'pan') {
      const npp = (d.view0.t1 - d.view0.t0) / this.width;
      const shift = -dx * npp;
      // Keep pans on whole pixels of the start view so the picture does not shimmer.
      this.store.setView({ t0: d.view0.t0 + shift, t1: d.view0.t1 + shift }, false);
      if (d.y0 >= this.headerH) {
        const target = d.scroll0;
        this.scroll = target;
        this.scrollByPixels(-dy);
      }
    } else if (d.mode === 'range') {
      const a = this.timeAt(d.x0 - (this.store.state.view.t0 - d.view0.t0) / this.nsPerPixel);
      const b = this.timeAt(p.x);
      this.dragRange = { t0: Math.min(a, b), t1: Math.max(a, b) };
      this.invalidate();
    }
    this.updateCursor();
    void e;
  }

  private dragEnd(e: MouseEvent, p: { x: number; y: number }): void {
    const d = this.drag;
    this.drag = null;
    this.root.classList.remove('panning', 'selecting');
    if (!d) return;
    if (d.mode === 'range') {
      if (d.moved && this.dragRange) {
        this.store.setRange(this.dragRange);
        this.dragRange = null;
      } else {
        this.dragRange = null;
        this.store.setRange(null);
      }
      this.invalidate();
      return;
    }
    if (d.mode === 'scrub' || d.moved) return;
    // A click: select what is under the cursor.
    void this.clickAt(p.x, p.y, e);
  }

  private async clickAt(x: number, y: number, e: MouseEvent): Promise<void> {
    const v = this.rowAtY(y);
    if (!v || !v.row || v.row.lane < 0) {
      if (y >= this.headerH) this.store.select(null);
      return;
    }
    const lane = v.row.lane;
    const time = this.timeAt(x);
    try {
      const hit = await this.store.api.hitTest({ lane, time, tolerancePx: 3, nsPerPixel: this.nsPerPixel });
      if (hit) {
        this.store.select(hit);
        if (e.ctrlKey || e.metaKey) {
          const det = await this.store.api.details(hit);
          if (det) this.store.reveal(det.start, det.end);
        }
      } else {
        this.store.select(null);
        this.store.state.focusLane = lane;
      }
    } catch (err) {
      console.error('hit test failed:', err);
    }
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, parent: HTMLElement): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  parent.appendChild(e);
  return e;
}

function niceCeil(x: number): number {
  if (!(x > 0)) return 0;
  const p = Math.pow(10, Math.floor(Math.log10(x)));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

function sameNum(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

function sameRef(a: ItemRef, b: ItemRef): boolean {
  if (a.type !== b.type || a.lane !== b.lane) return false;
  return a.type === 'span' ? a.point === (b as { point: number }).point : a.instant === (b as { instant: number }).instant;
}

function dark(c: number): boolean {
  const r = c >> 16;
  const g = (c >> 8) & 255;
  const b = c & 255;
  return 0.299 * r + 0.587 * g + 0.114 * b < 150;
}

export function bytes(n: number): string {
  const a = Math.abs(n);
  if (a < 1024) return `${Math.round(n)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[u]}`;
}

/** Whether every series has the same value in columns q and p. */
function sameColumn(series: (CounterBatch | null)[], q: number, p: number): boolean {
  for (let j = 0; j < series.length; j++) {
    const s = series[j];
    if (s && !sameNum(s.max[q]!, s.max[p]!)) return false;
  }
  return true;
}

/**
 * Where a counter batch's columns fall at the current view: column px is
 * drawn at x = off + px * k (k screen pixels wide); [a, z) are the visible ones.
 */
function counterColumns(pixels: number, cov: Coverage, t0: number, npp: number, width: number): { k: number; off: number; a: number; z: number } {
  const k = cov.nsPerPixel / npp;
  const off = (cov.t0 - t0) / npp;
  return { k, off, a: Math.max(0, Math.floor(-off / k)), z: Math.min(pixels, Math.ceil((width - off) / k) + 1) };
}
