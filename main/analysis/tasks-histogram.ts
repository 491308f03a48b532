// cmd/trace's duration histograms (internal/trace/traceviewer/histogram.go):
// log buckets, five per power of ten.

import type { DurationHistogram, DurationStats } from '../../shared/ipc/analysis/tasks';

// Go: var logDiv = math.Log(math.Pow(10, 1.0/5))
const LOG_DIV = Math.log(Math.pow(10, 1 / 5));

/** TimeHistogram.Add's bucket: int(math.Log(float64(d)) / logDiv) for d > 0, else 0. */
export function bucketOf(d: number): number {
  return d > 0 ? Math.trunc(Math.log(d) / LOG_DIV) : 0;
}

/** TimeHistogram.BucketMin: time.Duration(math.Exp(float64(bucket) * logDiv)). */
export function bucketMin(bucket: number): number {
  return Math.trunc(Math.exp(bucket * LOG_DIV));
}

export function histogramOf(durations: readonly number[]): DurationHistogram {
  if (durations.length === 0) return { count: 0, minBucket: 0, counts: [], bounds: [] };
  let lo = Infinity;
  let hi = -Infinity;
  const buckets = durations.map(bucketOf);
  for (const b of buckets) {
    if (b < lo) lo = b;
    if (b > hi) hi = b;
  }
  const counts = new Array<number>(hi - lo + 1).fill(0);
  for (const b of buckets) counts[b - lo]!++;
  const bounds: number[] = [];
  for (let b = lo; b <= hi + 1; b++) bounds.push(bucketMin(b));
  return { count: durations.length, minBucket: lo, counts, bounds };
}

export function statsOf(durations: readonly number[]): DurationStats {
  const n = durations.length;
  if (n === 0) return { total: 0, mean: 0, p50: 0, min: 0, max: 0 };
  const sorted = [...durations].sort((a, b) => a - b);
  let total = 0;
  for (const d of sorted) total += d;
  return { total, mean: total / n, p50: sorted[(n - 1) >> 1]!, min: sorted[0]!, max: sorted[n - 1]! };
}
