// Human-readable durations and counts, shared by the CLI and the UI.

/** Nanoseconds as "850ns", "12.3µs", "4.56ms", "1.23s", "2m3.4s". Three significant digits. */
export function formatDuration(ns: number): string {
  const a = Math.abs(ns);
  const sign = ns < 0 ? '-' : '';
  if (a < 1e3) return `${sign}${a}ns`;
  if (a < 1e6) return `${sign}${sig(a / 1e3)}µs`;
  if (a < 1e9) return `${sign}${sig(a / 1e6)}ms`;
  if (a < 60e9) return `${sign}${sig(a / 1e9)}s`;
  const m = Math.floor(a / 60e9);
  return `${sign}${m}m${sig((a - m * 60e9) / 1e9)}s`;
}

function sig(x: number): string {
  const d = x >= 100 ? 0 : x >= 10 ? 1 : 2;
  const t = x.toFixed(d);
  return d === 0 ? t : t.replace(/\.?0+$/, '');
}

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A share as "12.3%". */
export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return '-';
  return `${((100 * part) / whole).toFixed(1)}%`;
}
