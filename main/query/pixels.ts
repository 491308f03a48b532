// Pixel columns of a viewport [t0, t1] at nsPerPixel: pixel q is
// [t0 + q·nsPerPixel, t0 + (q+1)·nsPerPixel), the last one ending at t1.

/** The last pixel from px on (px at least) that ends at or before `next`: the pixels a value set at px holds over, up to a change at `next`. */
export function pixelsUntil(px: number, pixels: number, t0: number, t1: number, nsPerPixel: number, next: number): number {
  let q = px;
  while (q + 1 < pixels) {
    const end = q + 1 === pixels - 1 ? t1 : t0 + (q + 2) * nsPerPixel;
    if (end > next) break;
    q++;
  }
  return q;
}
