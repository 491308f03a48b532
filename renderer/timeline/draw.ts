// Batched rectangle drawing: rectangles are collected per colour during a
// frame and flushed into one PixiJS Graphics as one path per colour (one fill
// instruction per colour, not per rectangle), so the per-frame cost is a
// function of the rectangles on screen (at most a few per pixel column per
// row), not of the trace.

import type { Graphics } from 'pixi.js';

export class RectBatch {
  private readonly byKey = new Map<number, number[]>();
  count = 0;
  /** Device pixel ratio: rectangle edges are snapped to device pixels. */
  dpr = 1;

  reset(): void {
    for (const a of this.byKey.values()) a.length = 0;
    this.count = 0;
  }

  /** A rectangle in CSS pixels; edges snapped to device pixels, never thinner than one device pixel. */
  rect(color: number, x: number, y: number, w: number, h: number, alpha = 1): void {
    if (w <= 0 || h <= 0) return;
    const d = this.dpr;
    let x0 = Math.round(x * d) / d;
    let x1 = Math.round((x + w) * d) / d;
    if (x1 <= x0) x1 = x0 + 1 / d;
    const y0 = Math.round(y * d) / d;
    let y1 = Math.round((y + h) * d) / d;
    if (y1 <= y0) y1 = y0 + 1 / d;
    const key = alpha >= 1 ? color : color + Math.round(alpha * 100) * 0x1000000;
    let a = this.byKey.get(key);
    if (a === undefined) this.byKey.set(key, (a = []));
    a.push(x0, y0, x1 - x0, y1 - y0);
    this.count++;
  }

  flush(g: Graphics): void {
    g.clear();
    for (const [key, a] of this.byKey) {
      if (a.length === 0) continue;
      for (let i = 0; i < a.length; i += 4) g.rect(a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!);
      const color = key % 0x1000000;
      const alpha = key >= 0x1000000 ? Math.floor(key / 0x1000000) / 100 : 1;
      g.fill(alpha >= 1 ? color : { color, alpha });
    }
    // Forget colours unused for a while (goroutine colours are many).
    if (this.byKey.size > 4096) for (const [k, a] of this.byKey) if (a.length === 0) this.byKey.delete(k);
  }
}

/** A pool of absolutely positioned HTML elements reused frame to frame (labels, ticks). */
export class ElementPool<E extends HTMLElement = HTMLElement> {
  private readonly items: E[] = [];
  used = 0;

  constructor(private readonly parent: HTMLElement, private readonly make: () => E) {}

  begin(): void {
    this.used = 0;
  }

  next(): E {
    let e = this.items[this.used];
    if (e === undefined) {
      e = this.make();
      this.items.push(e);
      this.parent.appendChild(e);
    }
    if (e.style.display === 'none') e.style.display = '';
    this.used++;
    return e;
  }

  end(): void {
    for (let i = this.used; i < this.items.length; i++) {
      const e = this.items[i]!;
      if (e.style.display !== 'none') e.style.display = 'none';
    }
  }

  all(): readonly E[] {
    return this.items.slice(0, this.used);
  }
}

/** Sets text / style only when they change (DOM writes are the expensive part of HTML labels). */
export function setText(e: HTMLElement, text: string): void {
  if ((e as unknown as { _t?: string })._t !== text) {
    (e as unknown as { _t?: string })._t = text;
    e.textContent = text;
  }
}

export function setStyle(e: HTMLElement, key: 'left' | 'top' | 'width' | 'height' | 'transform', v: string): void {
  const k = `_s_${key}`;
  const o = e as unknown as Record<string, string>;
  if (o[k] !== v) {
    o[k] = v;
    e.style[key] = v;
  }
}
