// Batched rectangle drawing: every rectangle of a layer is a particle of one
// PixiJS ParticleContainer (a scaled white texel with a colour), so a frame
// costs a few typed-array writes per rectangle and one draw call per layer;
// the count is a function of the rectangles on screen (at most a few per
// pixel column per row), not of the trace. (A Graphics path per colour,
// rebuilt each frame, spent most of the frame triangulating.)

import { Particle, ParticleContainer, Texture } from 'pixi.js';

export class RectBatch {
  /** Particles, reused frame to frame; the first `count` are this frame's. */
  private readonly pool: Particle[] = [];
  count = 0;
  /** Device pixel ratio: rectangle edges are snapped to device pixels. */
  dpr = 1;
  /** Rectangles uploaded with their static attributes (texture coordinates) so far. */
  private uploaded = 0;
  readonly view = new ParticleContainer({
    texture: Texture.WHITE,
    dynamicProperties: { position: true, vertex: true, color: true, rotation: false, uvs: false },
  });

  reset(): void {
    this.count = 0;
  }

  /** A rectangle in CSS pixels; edges snapped to device pixels, never thinner than one device pixel. */
  rect(color: number, x: number, y: number, w: number, h: number, alpha = 1): void {
    if (w <= 0 || h <= 0) return;
    const d = this.dpr;
    const x0 = Math.round(x * d) / d;
    let x1 = Math.round((x + w) * d) / d;
    if (x1 <= x0) x1 = x0 + 1 / d;
    const y0 = Math.round(y * d) / d;
    let y1 = Math.round((y + h) * d) / d;
    if (y1 <= y0) y1 = y0 + 1 / d;
    let p = this.pool[this.count];
    if (p === undefined) {
      p = new Particle({ texture: Texture.WHITE });
      this.pool.push(p);
    }
    p.x = x0;
    p.y = y0;
    p.scaleX = x1 - x0;
    p.scaleY = y1 - y0;
    // Particle's own packing of tint and alpha: BGR, alpha in the top byte.
    const bgr = ((color & 0xff) << 16) | (color & 0xff00) | ((color >> 16) & 0xff);
    p.color = bgr + (((Math.min(1, Math.max(0, alpha)) * 255) | 0) << 24);
    this.count++;
  }

  /** Shows this frame's rectangles. */
  flush(): void {
    const ch = this.view.particleChildren;
    const n = this.count;
    if (ch.length > n) ch.length = n;
    else while (ch.length < n) ch.push(this.pool[ch.length]!);
    if (n > this.uploaded) {
      // New particles need their static attributes uploaded once.
      this.uploaded = n;
      this.view.update();
    }
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
