// The flame graph itself: an icicle (root at the top) drawn on a canvas from
// ProfileResponse's preorder arrays. Click a frame to zoom into it (its
// ancestors stay above it, full width), hover for a tooltip, search to
// highlight frames whose function matches.

import type { ProfileResponse } from '../../shared/ipc/analysis/profile';

export const ROW_HEIGHT = 18;
const MIN_LABEL_PX = 28;
const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

export interface FlameGraphEvents {
  /** A frame was clicked (it is now the zoomed and selected one). */
  select(node: number): void;
  /** The zoomed frame changed (0: the whole profile). */
  zoom(node: number): void;
  /** The pointer is over a frame (-1: none), at client coordinates. */
  hover(node: number, clientX: number, clientY: number): void;
}

/** The function's name without its package path ("github.com/a/b.F" → "b.F"). */
export function shortName(func: string): string {
  const slash = func.lastIndexOf('/', func.indexOf('(') >= 0 ? func.indexOf('(') : func.length);
  return slash >= 0 ? func.slice(slash + 1) : func;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The package part of a function name ("a/b.(*T).M" → "a/b"), for colouring. */
function packageOf(func: string): string {
  const slash = func.lastIndexOf('/');
  const dot = func.indexOf('.', slash + 1);
  return dot > 0 ? func.slice(0, dot) : func;
}

export class FlameGraph {
  readonly el: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private p: ProfileResponse | null = null;
  /** Left edge of each node as a fraction of the root's total. */
  private x = new Float64Array(0);
  private maxDepth = 0;
  private zoomed = 0;
  private selected = -1;
  private hovered = -1;
  /** Search matches (1 per node), or null without a search. */
  private matches: Uint8Array | null = null;
  /** 1 where a node's subtree (itself excluded) has a match: frames too narrow to draw still show it. */
  private matchBelow: Uint8Array | null = null;
  private colors: string[] = [];
  private dark = false;
  private raf = 0;
  private readonly resize: ResizeObserver;

  constructor(private readonly events: FlameGraphEvents) {
    this.el = document.createElement('div');
    this.el.className = 'flame-graph';
    this.el.dataset.testid = 'flame-graph';
    this.canvas = document.createElement('canvas');
    this.canvas.dataset.testid = 'flame-canvas';
    this.canvas.setAttribute('role', 'img');
    this.el.append(this.canvas);
    this.canvas.addEventListener('mousemove', (e) => this.onMove(e));
    this.canvas.addEventListener('mouseleave', () => this.setHover(-1, 0, 0));
    this.canvas.addEventListener('click', (e) => {
      const n = this.nodeAt(e.offsetX, e.offsetY);
      if (n >= 0) this.select(n);
    });
    this.resize = new ResizeObserver(() => this.redraw());
    this.resize.observe(this.el);
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    this.dark = mq.matches;
    mq.addEventListener('change', () => {
      this.dark = mq.matches;
      this.colors = [];
      this.redraw();
    });
  }

  get zoom(): number {
    return this.zoomed;
  }

  get selection(): number {
    return this.selected;
  }

  setData(p: ProfileResponse | null): void {
    this.p = p;
    this.zoomed = 0;
    this.selected = -1;
    this.hovered = -1;
    this.matches = null;
    this.matchBelow = null;
    this.colors = [];
    const n = p?.parent.length ?? 0;
    this.x = new Float64Array(n);
    this.maxDepth = 0;
    if (p !== null && n > 0) {
      const root = p.total[0]! || 1;
      // Children follow their parent in order: each starts where its previous sibling ended.
      const next = new Float64Array(n);
      for (let i = 1; i < n; i++) {
        const par = p.parent[i]!;
        this.x[i] = this.x[par]! + next[par]!;
        next[par]! += p.total[i]! / root;
        if (p.depth[i]! > this.maxDepth) this.maxDepth = p.depth[i]!;
      }
    }
    this.canvas.setAttribute('aria-label', p === null ? 'No profile' : `Flame graph: ${n} frames`);
    this.redraw();
  }

  /** Zooms into node (0: the whole profile) and selects it. */
  select(node: number): void {
    if (this.p === null || node < 0 || node >= this.p.parent.length) return;
    this.zoomed = node;
    this.selected = node;
    this.redraw();
    this.events.select(node);
    this.events.zoom(node);
  }

  resetZoom(): void {
    this.zoomed = 0;
    this.redraw();
    this.events.zoom(0);
  }

  /** Highlights the frames whose function contains `text` (case-insensitive); returns the total they cover (nested matches counted once). */
  search(text: string): { matched: number; frames: number } {
    const p = this.p;
    const q = text.trim().toLowerCase();
    if (p === null || q === '') {
      this.matches = null;
      this.matchBelow = null;
      this.redraw();
      return { matched: 0, frames: 0 };
    }
    const n = p.parent.length;
    const m = new Uint8Array(n);
    const hit = p.strings.map((s) => s.toLowerCase().includes(q));
    let matched = 0;
    let frames = 0;
    for (let i = 1; i < n; i++) {
      if (!hit[p.func[i]!]) continue;
      m[i] = 1;
      frames++;
    }
    // Count a match only when no ancestor matched (preorder: skip its subtree).
    for (let i = 1; i < n; ) {
      if (m[i] === 1) {
        matched += p.total[i]!;
        i = p.end[i]!;
      } else {
        i++;
      }
    }
    const below = new Uint8Array(n);
    for (let i = n - 1; i > 0; i--) if (m[i] === 1 || below[i] === 1) below[p.parent[i]!] = 1;
    this.matches = m;
    this.matchBelow = below;
    this.redraw();
    return { matched, frames };
  }

  /** The node under the canvas point (CSS px), or -1. */
  nodeAt(px: number, py: number): number {
    const p = this.p;
    if (p === null) return -1;
    const depth = Math.floor(py / ROW_HEIGHT);
    const w = this.canvas.clientWidth;
    const z = this.zoomed;
    // Ancestors of the zoomed node span the whole width.
    if (depth <= p.depth[z]!) {
      for (let a = z; a >= 0; a = p.parent[a]!) if (p.depth[a] === depth) return a;
      return -1;
    }
    const x0 = this.x[z]!;
    const scale = p.total[z]! > 0 ? (w * p.total[0]!) / p.total[z]! : 0;
    const root = p.total[0]! || 1;
    for (let i = z + 1; i < p.end[z]!; ) {
      const left = (this.x[i]! - x0) * scale;
      const width = (p.total[i]! / root) * scale;
      if (width < 0.5 || px < left || px >= left + width) {
        i = p.end[i]!;
        continue;
      }
      if (p.depth[i] === depth) return i;
      i++;
    }
    return -1;
  }

  /** The canvas rectangle of a node (CSS px, relative to the canvas), or null when it is not drawn. */
  rectOf(node: number): { x: number; y: number; w: number; h: number } | null {
    const p = this.p;
    if (p === null || node < 0 || node >= p.parent.length) return null;
    const z = this.zoomed;
    const w = this.canvas.clientWidth;
    const y = p.depth[node]! * ROW_HEIGHT;
    if (node <= z && p.end[node]! >= p.end[z]!) return { x: 0, y, w, h: ROW_HEIGHT - 1 };
    if (node < z || node >= p.end[z]!) return null;
    const scale = p.total[z]! > 0 ? (w * p.total[0]!) / p.total[z]! : 0;
    const root = p.total[0]! || 1;
    const width = (p.total[node]! / root) * scale;
    return width < 0.5 ? null : { x: (this.x[node]! - this.x[z]!) * scale, y, w: width, h: ROW_HEIGHT - 1 };
  }

  redraw(): void {
    if (this.raf !== 0) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.draw();
    });
  }

  private onMove(e: MouseEvent): void {
    const n = this.nodeAt(e.offsetX, e.offsetY);
    this.setHover(n, e.clientX, e.clientY);
  }

  private setHover(n: number, cx: number, cy: number): void {
    const changed = n !== this.hovered;
    this.hovered = n;
    this.canvas.style.cursor = n >= 0 ? 'pointer' : 'default';
    if (changed) this.redraw();
    this.events.hover(n, cx, cy);
  }

  private colorOf(i: number): string {
    const p = this.p!;
    let c = this.colors[i];
    if (c !== undefined) return c;
    const func = i === 0 ? '' : p.strings[p.func[i]!]!;
    if (i === 0) c = this.dark ? 'hsl(220 10% 34%)' : 'hsl(220 12% 80%)';
    else if (p.synthetic[i] === 1) c = func.startsWith('on CPU') ? (this.dark ? 'hsl(140 40% 36%)' : 'hsl(140 45% 62%)') : this.dark ? 'hsl(212 38% 40%)' : 'hsl(212 55% 72%)';
    else {
      const hv = hash(packageOf(func));
      const runtime = func.startsWith('runtime.') || func.startsWith('internal/') || func.startsWith('sync.') || func.startsWith('syscall.');
      // Warm hues for the program's code, cooler sand for the runtime and standard library.
      const hue = runtime ? 35 + (hv % 20) : (hv % 40) + 5;
      const sat = runtime ? 35 + (hv % 15) : 60 + (hv % 20);
      const light = this.dark ? 34 + ((hv >> 8) % 10) : 60 + ((hv >> 8) % 12);
      c = `hsl(${hue} ${sat}% ${light}%)`;
    }
    this.colors[i] = c;
    return c;
  }

  private draw(): void {
    const cv = this.canvas;
    const p = this.p;
    const cssW = Math.max(1, this.el.clientWidth);
    const rows = p === null ? 0 : this.maxDepth + 1;
    const cssH = Math.max(rows * ROW_HEIGHT, 1);
    const dpr = window.devicePixelRatio || 1;
    cv.style.width = `${cssW}px`;
    cv.style.height = `${cssH}px`;
    if (cv.width !== Math.round(cssW * dpr) || cv.height !== Math.round(cssH * dpr)) {
      cv.width = Math.round(cssW * dpr);
      cv.height = Math.round(cssH * dpr);
    }
    const g = cv.getContext('2d');
    if (g === null) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, cssW, cssH);
    if (p === null || p.parent.length === 0 || p.total[0]! <= 0) return;
    g.font = FONT;
    g.textBaseline = 'middle';
    const z = this.zoomed;
    const fg = this.dark ? '#eef0f3' : '#1b1f27';
    const dimFg = this.dark ? '#9aa3b1' : '#4b5260';
    const matchFill = this.dark ? 'hsl(300 55% 48%)' : 'hsl(300 70% 70%)';
    const dimFill = this.dark ? 'hsl(220 8% 26%)' : 'hsl(220 10% 88%)';
    const box = (i: number, x: number, w: number, ancestor: boolean) => {
      const y = p.depth[i]! * ROW_HEIGHT;
      const m = this.matches;
      g.fillStyle = m !== null && i > 0 ? (m[i] === 1 ? matchFill : dimFill) : this.colorOf(i);
      g.globalAlpha = ancestor && i !== z ? 0.6 : 1;
      g.fillRect(x, y, Math.max(w - 1, 0.5), ROW_HEIGHT - 1);
      g.globalAlpha = 1;
      if (i === this.selected || i === this.hovered) {
        g.strokeStyle = i === this.selected ? (this.dark ? '#ffffff' : '#111418') : dimFg;
        g.lineWidth = i === this.selected ? 2 : 1;
        g.strokeRect(x + 0.5, y + 0.5, Math.max(w - 2, 0.5), ROW_HEIGHT - 2);
      }
      if (w < MIN_LABEL_PX) return;
      const label = this.labelFor(g, i, w - 6);
      if (label === '') return;
      g.fillStyle = m !== null && i > 0 && m[i] !== 1 ? dimFg : fg;
      g.fillText(label, x + 3, y + ROW_HEIGHT / 2);
    };
    for (let a = z; a >= 0; a = p.parent[a]!) box(a, 0, cssW, true);
    const root = p.total[0]!;
    const scale = p.total[z]! > 0 ? (cssW * root) / p.total[z]! : 0;
    const x0 = this.x[z]!;
    const m = this.matches;
    const below = this.matchBelow;
    for (let i = z + 1; i < p.end[z]!; ) {
      const w = (p.total[i]! / root) * scale;
      if (w < 0.5) {
        if (m !== null && (m[i] === 1 || below![i] === 1)) {
          // A match too narrow to draw: a tick where it is.
          g.fillStyle = matchFill;
          g.fillRect((this.x[i]! - x0) * scale, p.depth[i]! * ROW_HEIGHT, 2, ROW_HEIGHT - 1);
        }
        i = p.end[i]!;
        continue;
      }
      box(i, (this.x[i]! - x0) * scale, w, false);
      i++;
    }
  }

  private labelFor(g: CanvasRenderingContext2D, i: number, room: number): string {
    const p = this.p!;
    const full = i === 0 ? 'all' : p.strings[p.func[i]!]!;
    if (g.measureText(full).width <= room) return full;
    const short = shortName(full);
    if (g.measureText(short).width <= room) return short;
    // Cut the short name to fit, with an ellipsis.
    let lo = 0;
    let hi = short.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (g.measureText(short.slice(0, mid) + '…').width <= room) lo = mid;
      else hi = mid - 1;
    }
    return lo < 2 ? '' : short.slice(0, lo) + '…';
  }
}
