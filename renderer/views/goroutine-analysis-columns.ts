// The breakdown columns of the goroutine analysis (cmd/trace's goroutine
// pages): which are shown, their titles as Go names them, their colours in
// the stacked bar, and the CSV of a table.

import type { GoroutineAnalysisResponse, GoroutineBreakdown } from '../../shared/ipc/analysis/goroutines';
import { h } from '../panels/dom';
import { formatDuration, formatTimeExact, toCsv } from '../panels/format';
import { css, reasonFamily, shade, waitColor } from '../timeline/colors';

export interface BreakdownColumn {
  /** The request's sort key (GoroutineSortKey). */
  key: string;
  title: string;
  /** The kind shown above the title in table heads ("block", "range"). */
  over?: string;
  /** Go's name of the column, and what it counts. */
  hint: string;
  value(b: GoroutineBreakdown): number;
  /** Part of the non-overlapping breakdown (drawn in the bar); ranges overlap and are not. */
  stacked: boolean;
  /** Bar and swatch colour (CSS). */
  color: string;
}

// The timeline's state colours (renderer/static/panels.css) where a column is a state.
const RUNNING = 'var(--gp-st-running)';
const RUNNABLE = 'var(--gp-st-runnable)';
const SYSCALL = 'var(--gp-st-syscall)';
const SYSCALL_BLOCKED = 'var(--gp-st-syscall-blocked)';
const UNKNOWN = 'var(--ga-unknown)';
/** Shades of one reason family's colour, for its reasons in turn (chan receive, chan send, select...). */
const SHADES = [1, 0.75, 1.3, 0.6, 1.5];

/** The timeline's colour of each block reason, shaded apart within a family. */
function blockColors(reasons: readonly string[]): Map<string, string> {
  const used = new Map<string, number>();
  const out = new Map<string, string>();
  for (const r of reasons) {
    const f = reasonFamily(r);
    const i = used.get(f) ?? 0;
    used.set(f, i + 1);
    out.set(r, css(shade(waitColor(r), SHADES[i % SHADES.length]!)));
  }
  return out;
}

/** Go's label of an empty block reason (goroutines found waiting when the trace starts). */
export function reasonLabel(reason: string): string {
  return reason === '' ? '(unknown reason)' : reason;
}

/** The columns with any time in `b` (execution always): a group's, when listing its goroutines. */
export function presentColumns(cols: readonly BreakdownColumn[], b: GoroutineBreakdown): BreakdownColumn[] {
  return cols.filter((c) => c.key === 'exec' || c.value(b) > 0);
}

/** The columns present in a response, in display order: execution, scheduler wait, block by reason, syscall, syscall block, unknown, then the special ranges. */
export function breakdownColumns(r: GoroutineAnalysisResponse): BreakdownColumn[] {
  const t = r.totals;
  const cols: BreakdownColumn[] = [
    { key: 'exec', title: 'Execution', hint: 'Execution time: running on a P', value: (b) => b.exec, stacked: true, color: RUNNING },
  ];
  if (t.schedWait > 0) {
    cols.push({ key: 'schedWait', title: 'Sched wait', hint: 'Sched wait time: runnable, waiting for a P', value: (b) => b.schedWait, stacked: true, color: RUNNABLE });
  }
  const colors = blockColors(r.blockReasons);
  r.blockReasons.forEach((reason) => {
    cols.push({
      key: `block:${reason}`,
      title: reasonLabel(reason),
      over: 'Block',
      hint: `Block time (${reason}): waiting${reason === '' ? ' since before the trace started, reason not recorded' : ` (${reason})`}`,
      value: (b) => b.blockByReason[reason] ?? 0,
      stacked: true,
      color: colors.get(reason)!,
    });
  });
  if (t.syscall > 0) {
    cols.push({ key: 'syscall', title: 'Syscall', hint: 'Syscall execution time: in a syscall, keeping its P', value: (b) => b.syscall, stacked: true, color: SYSCALL });
  }
  if (t.syscallBlock > 0) {
    cols.push({ key: 'syscallBlock', title: 'Syscall block', hint: 'Block time (syscall): in a syscall after its P was taken away', value: (b) => b.syscallBlock, stacked: true, color: SYSCALL_BLOCKED });
  }
  if (t.unknown > 0) {
    cols.push({ key: 'unknown', title: 'Unknown', hint: 'Unknown time: the total less every time above', value: (b) => b.unknown, stacked: true, color: UNKNOWN });
  }
  for (const name of r.rangeNames) {
    cols.push({ key: `range:${name}`, title: name, over: 'Range', hint: `Special range "${name}": overlaps the times above`, value: (b) => b.ranges[name] ?? 0, stacked: false, color: '' });
  }
  return cols;
}

/** A duration cell: readable, exact ns and share of the row's total in the tooltip. */
export function durationCell(v: number, total: number): HTMLElement {
  const share = total > 0 && v > 0 ? ` (${((100 * v) / total).toFixed(1)}% of total)` : '';
  return h('span', { title: formatTimeExact(v) + share, 'data-ns': v }, v > 0 ? formatDuration(v) : '–');
}

/** The stacked bar of the non-overlapping breakdown; `scale` is the total that fills the bar. */
export function breakdownBar(b: GoroutineBreakdown, cols: readonly BreakdownColumn[], scale: number): HTMLElement {
  const bar = h('span', { class: 'ga-bar', 'aria-hidden': 'true' });
  if (scale <= 0) return bar;
  for (const c of cols) {
    const v = c.stacked ? c.value(b) : 0;
    if (v <= 0) continue;
    const seg = h('span', { class: 'ga-bar-seg', title: `${c.title}: ${formatDuration(v)}` });
    seg.style.width = `${(100 * v) / scale}%`;
    seg.style.background = c.color;
    bar.append(seg);
  }
  return bar;
}

/** Swatches naming the bar's colours. */
export function legend(cols: readonly BreakdownColumn[]): HTMLElement {
  const el = h('div', { class: 'ga-legend', 'data-testid': 'ga-legend' });
  for (const c of cols) {
    if (!c.stacked) continue;
    const sw = h('span', { class: 'ga-swatch', 'aria-hidden': 'true' });
    sw.style.background = c.color;
    el.append(h('span', { class: 'ga-legend-item', title: c.hint }, sw, c.over ? `${c.over}: ${c.title}` : c.title));
  }
  return el;
}

/** CSV of rows: leading columns, total, then every breakdown column, in ns. */
export function breakdownCsv<R extends GoroutineBreakdown>(
  rows: readonly R[],
  lead: readonly { title: string; value(r: R): string | number }[],
  cols: readonly BreakdownColumn[],
): string {
  const head = [...lead.map((l) => l.title), 'total ns', ...cols.map((c) => `${c.over ? `${c.over.toLowerCase()}: ${c.title}` : c.title.toLowerCase()} ns`)];
  return toCsv([head, ...rows.map((r) => [...lead.map((l) => l.value(r)), r.total, ...cols.map((c) => c.value(r))])]);
}
