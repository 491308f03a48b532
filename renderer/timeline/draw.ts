// Batched rectangle drawing: every rectangle of a layer is a quad in one
// vertex buffer that the layer writes itself (8 floats of position, 4 packed
// RGBA words per rectangle), drawn by one PixiJS Mesh with a colour-only
// shader: one draw call per layer, a few typed-array writes per rectangle.
// The count is a function of the rectangles on screen (at most a few per
// pixel column per row), not of the trace. (A Graphics path per colour spent
// most of the frame triangulating; a ParticleContainer spent ~0.6 µs per
// rectangle in its own attribute packing and upload.)

import { Buffer, BufferUsage, Geometry, GlProgram, Mesh, Shader } from 'pixi.js';

const VERTEX = `in vec2 aPosition;
in vec4 aColor;
uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform mat3 uTransformMatrix;
out vec4 vColor;
void main(void) {
  mat3 m = uProjectionMatrix * uWorldTransformMatrix * uTransformMatrix;
  gl_Position = vec4((m * vec3(aPosition, 1.0)).xy, 0.0, 1.0);
  vColor = vec4(aColor.rgb * aColor.a, aColor.a);
}`;

const FRAGMENT = `in vec4 vColor;
out vec4 finalColor;
void main(void) {
  finalColor = vColor;
}`;

let sharedProgram: GlProgram | null = null;
function program(): GlProgram {
  sharedProgram ??= GlProgram.from({ vertex: VERTEX, fragment: FRAGMENT, name: 'gotrace-rects' });
  return sharedProgram;
}

export class RectBatch {
  /** Rectangles written this frame. */
  count = 0;
  /** Device pixel ratio: rectangle edges are snapped to device pixels. */
  dpr = 1;
  private capacity = 0;
  private pos = new Float32Array(0);
  private col = new Uint32Array(0);
  private readonly posBuffer = new Buffer({ data: new Float32Array(8), usage: BufferUsage.VERTEX | BufferUsage.COPY_DST, shrinkToFit: false });
  private readonly colBuffer = new Buffer({ data: new Uint32Array(4), usage: BufferUsage.VERTEX | BufferUsage.COPY_DST, shrinkToFit: false });
  private readonly indexBuffer = new Buffer({ data: new Uint32Array(6), usage: BufferUsage.INDEX | BufferUsage.COPY_DST, shrinkToFit: false });
  private readonly geometry = new Geometry({
    attributes: {
      aPosition: { buffer: this.posBuffer, format: 'float32x2' },
      aColor: { buffer: this.colBuffer, format: 'unorm8x4' },
    },
    indexBuffer: this.indexBuffer,
  });
  readonly view = new Mesh({ geometry: this.geometry, shader: new Shader({ glProgram: program(), resources: {} }) });

  constructor() {
    this.view.eventMode = 'none';
    this.view.visible = false;
    this.grow(1024);
  }

  reset(): void {
    this.count = 0;
  }

  private grow(min: number): void {
    let cap = Math.max(1024, this.capacity);
    while (cap < min) cap *= 2;
    const pos = new Float32Array(cap * 8);
    pos.set(this.pos.subarray(0, this.count * 8));
    const col = new Uint32Array(cap * 4);
    col.set(this.col.subarray(0, this.count * 4));
    const idx = new Uint32Array(cap * 6);
    for (let i = 0, v = 0, o = 0; i < cap; i++, v += 4, o += 6) {
      idx[o] = v;
      idx[o + 1] = v + 1;
      idx[o + 2] = v + 2;
      idx[o + 3] = v;
      idx[o + 4] = v + 2;
      idx[o + 5] = v + 3;
    }
    this.pos = pos;
    this.col = col;
    this.capacity = cap;
    this.posBuffer.data = pos;
    this.colBuffer.data = col;
    this.indexBuffer.data = idx;
  }

  /** A rectangle in CSS pixels; edges snapped to device pixels, never thinner than one device pixel. */
  rect(color: number, x: number, y: number, w: number, h: number, alpha = 1): void {
    if (!(w > 0 && h > 0)) return;
    const d = this.dpr;
    const x0 = Math.round(x * d) / d;
    let x1 = Math.round((x + w) * d) / d;
    if (x1 <= x0) x1 = x0 + 1 / d;
    const y0 = Math.round(y * d) / d;
    let y1 = Math.round((y + h) * d) / d;
    if (y1 <= y0) y1 = y0 + 1 / d;
    if (this.count === this.capacity) this.grow(this.count + 1);
    const p = this.pos;
    let o = this.count * 8;
    p[o] = x0;
    p[o + 1] = y0;
    p[o + 2] = x1;
    p[o + 3] = y0;
    p[o + 4] = x1;
    p[o + 5] = y1;
    p[o + 6] = x0;
    p[o + 7] = y1;
    // Little-endian RGBA bytes: red in the low byte, alpha in the high one.
    const a = alpha >= 1 ? 255 : alpha <= 0 ? 0 : (alpha * 255) | 0;
    const rgba = (((color >> 16) & 0xff) | (color & 0xff00) | ((color & 0xff) << 16) | (a << 24)) >>> 0;
    const c = this.col;
    o = this.count * 4;
    c[o] = rgba;
    c[o + 1] = rgba;
    c[o + 2] = rgba;
    c[o + 3] = rgba;
    this.count++;
  }

  /** Shows this frame's rectangles: uploads only the part of the buffers written. */
  flush(): void {
    const n = this.count;
    this.view.visible = n > 0;
    if (n === 0) return;
    this.posBuffer.update(n * 8 * 4);
    this.colBuffer.update(n * 4 * 4);
    this.geometry.indexCount = n * 6;
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
