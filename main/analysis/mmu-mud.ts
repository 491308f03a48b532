// Mutator utilization distribution quantiles, computed directly: the mean
// utilization of every window position, as piecewise-linear pieces fed to
// Go's distribution type (mud.go). Go's MMUCurve.MUD cannot be used: its
// accumulator returns early when it keeps no worst windows, before it feeds
// the distribution, so it always answers the MMU (cmd/trace's percentile
// curves coincide with the MMU curve).

import type { MutatorUtil } from '../../shared/analysis/gc';
import { Mud } from '../../shared/analysis/mud';

/**
 * The quantiles of the mean utilization over all windows of `window` ns
 * (clipped to each series' length, as Go does), weighted by position; null
 * when there is no mass (every window is a whole series).
 */
export function mudQuantiles(util: MutatorUtil[][], window: number, quantiles: readonly number[]): number[] | null {
  const mud = new Mud();
  let mass = 0;
  for (const s of util) {
    const w = Math.min(window, s[s.length - 1]!.time - s[0]!.time);
    if (w > 0) mass += addWindowed(mud, s, w);
  }
  if (mass === 0) return null;
  return quantiles.map((q) => mud.invCumulativeSum(mass * q)[0]);
}

/** Adds the windowed mean utilization of one series to `mud`; returns the mass added (the positions' extent). */
function addWindowed(mud: Mud, s: MutatorUtil[], w: number): number {
  const n = s.length;
  const cum = new Float64Array(n);
  for (let k = 1; k < n; k++) cum[k] = cum[k - 1]! + s[k - 1]!.util * (s[k]!.time - s[k - 1]!.time);
  const integral = (t: number, k: number) => cum[k]! + s[k]!.util * (t - s[k]!.time);
  const start = s[0]!.time;
  const last = s[n - 1]!.time - w;
  // i: the piece holding t, j: the piece holding t + w.
  let i = 0;
  let j = 0;
  while (j + 1 < n && s[j + 1]!.time <= start + w) j++;
  let t = start;
  let m = clamp((integral(t + w, j) - integral(t, i)) / w);
  while (t < last) {
    const nextI = i + 1 < n ? s[i + 1]!.time : Infinity;
    const nextJ = j + 1 < n ? s[j + 1]!.time - w : Infinity;
    const t2 = Math.min(nextI, nextJ, last);
    const m2 = clamp((integral(t2 + w, j) - integral(t2, i)) / w);
    mud.add(m, m2, t2 - t);
    if (t2 === nextI) i++;
    if (t2 === nextJ) j++;
    t = t2;
    m = m2;
  }
  return last - start;
}

function clamp(u: number): number {
  return u < 0 ? 0 : u > 1 ? 1 : u;
}
