// Time-axis ticks: a 1-2-5 step chosen from the zoom so that labels sit at
// least MIN_TICK_PX apart, and labels precise enough to tell neighbours apart
// (shared/format/duration.ts keeps three significant digits, which cannot
// distinguish 12.345ms from 12.350ms; the axis needs the step's precision).

import { formatDuration } from '../../shared/format/duration';

export const MIN_TICK_PX = 96;

export interface Ticks {
  step: number;
  first: number;
  /** Minor step (a fifth or a half of the step). */
  minor: number;
}

export function chooseTicks(t0: number, nsPerPixel: number, minPx = MIN_TICK_PX): Ticks {
  const want = nsPerPixel * minPx;
  let p = Math.pow(10, Math.floor(Math.log10(Math.max(want, 1e-3))));
  let step = p;
  for (const m of [1, 2, 5, 10]) {
    step = m * p;
    if (step >= want) break;
  }
  if (step < 1) step = 1;
  p = step;
  const lead = Math.round(step / Math.pow(10, Math.floor(Math.log10(step))));
  const minor = lead === 2 ? step / 4 : step / 5;
  return { step, first: Math.ceil(t0 / step) * step, minor: Math.max(minor, 1) };
}

const UNITS: [number, string][] = [[1e9, 's'], [1e6, 'ms'], [1e3, 'µs'], [1, 'ns']];

/** A time (ns from trace start) labelled at the precision of `step`: "12.345ms", "1.2s", "850ns". */
export function formatTick(t: number, step: number, ref = t): string {
  if (t === 0) return '0';
  // The unit follows the largest time on the axis, so neighbours share it ("0.9ms", "1.0ms").
  const a = Math.max(Math.abs(t), Math.abs(ref));
  let [u, name] = UNITS[UNITS.length - 1]!;
  for (const [uu, nn] of UNITS) {
    if (a >= uu) {
      u = uu;
      name = nn;
      break;
    }
  }
  if (u === 1e9 && a >= 60e9) {
    const m = Math.floor(Math.abs(t) / 60e9);
    const rest = Math.abs(t) - m * 60e9;
    const dec = Math.max(0, Math.min(9, Math.ceil(-Math.log10(step / 1e9) - 1e-9)));
    return `${t < 0 ? '-' : ''}${m}m${(rest / 1e9).toFixed(dec)}s`;
  }
  const dec = Math.max(0, Math.min(9, Math.ceil(Math.log10(u / step) - 1e-9)));
  return `${(t / u).toFixed(dec)}${name}`;
}

/** A time at the precision of the current zoom (cursor readouts): about a pixel's worth of digits. */
export function formatTimeAt(t: number, nsPerPixel: number): string {
  const step = Math.pow(10, Math.floor(Math.log10(Math.max(1, nsPerPixel))));
  return formatTick(t, step);
}

export { formatDuration };
