// The goroutine-group table (start function, count, time per state), used by
// the Goroutines tab (whole trace) and the Range tab (the selected range).

import type { RangeStatsResponse } from '../../shared/index/query-types';
import { h } from './dom';
import { GOROUTINE_STATES, formatDuration, formatTimeExact, stateClass, sumValues, toCsv } from './format';
import { SortTable, type Column } from './table';

export type GroupRow = RangeStatsResponse['byGroup'][number] & { total: number };

export function groupRows(r: RangeStatsResponse): GroupRow[] {
  return r.byGroup.map((g) => ({ ...g, total: sumValues(g.byState) }));
}

/** Stacked bar of time per state. */
export function stateBar(byState: Record<string, number>, total: number): HTMLElement {
  const bar = h('span', { class: 'gp-bar', 'aria-hidden': 'true' });
  if (total > 0) {
    for (const s of GOROUTINE_STATES) {
      const v = byState[s] ?? 0;
      if (v <= 0) continue;
      const seg = h('span', { class: `gp-bar-seg ${stateClass(s)}`, title: `${s}: ${formatDuration(v)}` });
      seg.style.width = `${(100 * v) / total}%`;
      bar.append(seg);
    }
  }
  return bar;
}

function durCell(v: number): HTMLElement {
  return h('span', { title: formatTimeExact(v), 'data-ns': v }, v > 0 ? formatDuration(v) : '–');
}

export function groupColumns(statesPresent: readonly string[]): Column<GroupRow>[] {
  const cols: Column<GroupRow>[] = [
    { key: 'name', title: 'Start function', value: (r) => r.name || '(unknown)', cls: 'gp-function', render: (r) => h('span', { title: r.name }, r.name || '(unknown)') },
    { key: 'count', title: 'Count', titleHint: 'Sort by the number of goroutines', value: (r) => r.count, numeric: true, cls: 'gp-count' },
    { key: 'total', title: 'Total', value: (r) => r.total, numeric: true, render: (r) => durCell(r.total), cls: 'gp-total' },
    { key: 'mix', title: 'Mix', value: (r) => (r.total > 0 ? (r.byState.running ?? 0) / r.total : 0), numeric: true, render: (r) => stateBar(r.byState, r.total), titleHint: 'Sort by the share of time running' },
  ];
  for (const s of statesPresent) {
    cols.push({ key: `state:${s}`, title: s, value: (r) => r.byState[s] ?? 0, numeric: true, render: (r) => durCell(r.byState[s] ?? 0), cls: `gp-col-state ${stateClass(s)}-col` });
  }
  return cols;
}

/** The states with any time in the response, in display order. */
export function presentStates(r: RangeStatsResponse): string[] {
  return GOROUTINE_STATES.filter((s) => (r.byState[s] ?? 0) > 0);
}

export function groupsCsv(rows: GroupRow[], states: readonly string[]): string {
  const head = ['start function', 'goroutines', 'total ns', ...states.map((s) => `${s} ns`)];
  return toCsv([head, ...rows.map((r) => [r.name, r.count, r.total, ...states.map((s) => r.byState[s] ?? 0)])]);
}

export function makeGroupTable(r: RangeStatsResponse, opts: { onActivate?(g: GroupRow): void; isCurrent?(g: GroupRow): boolean; caption: string }): SortTable<GroupRow> {
  const t = new SortTable<GroupRow>({
    columns: groupColumns(presentStates(r)),
    sortKey: 'total',
    sortDesc: true,
    caption: opts.caption,
    onActivate: opts.onActivate,
    isCurrent: opts.isCurrent,
    rowAttrs: (g) => ({ 'data-testid': 'group-row', 'data-group': g.name }),
    empty: 'No goroutines.',
  });
  t.setRows(groupRows(r));
  return t;
}
