// The human-readable `gotrace analyze` report, rendered from the same object
// that `--json` prints, so both always agree.

import { formatCount, formatDuration, formatPercent } from '../../shared/format/duration';

/** The analyze JSON object (README: analyze --json; fields as Go computes them). */
export interface AnalysisJSON {
  version: string;
  format: 'v1' | 'v2';
  error: string | null;
  time: { first: number; last: number; duration: number };
  events_by_kind: Record<string, number>;
  goroutine_transitions: { by_pair: Record<string, number>; by_reason: Record<string, number> };
  gc: {
    cycles: number;
    mark_total_ns: number;
    stw_count: number;
    stw_total_ns: number;
    mark_assist_count: number;
    mark_assist_total_ns: number;
    sweep_count: number;
    sweep_total_ns: number;
  };
  metrics: Record<string, { count: number; min: number; max: number; first: number; last: number }>;
  cpu_samples: { count: number };
  goroutines: GoroutineJSON[];
  goroutine_groups: { name: string; count: number; exec_ns: number }[];
  tasks: unknown[];
  regions: unknown[];
  mmu: Record<string, number> | null;
}

export interface GoroutineJSON {
  id: number;
  name: string;
  creation: number | null;
  start: number | null;
  end: number | null;
  exec_ns: number;
  sched_wait_ns: number;
  block_by_reason: Record<string, number>;
  syscall_ns: number;
  syscall_block_ns: number;
  total_ns: number;
  unknown_ns: number;
  range_ns: Record<string, number>;
}

const MMU_WINDOWS = ['1ms', '10ms', '100ms', '1s'];

/** Goroutines the runtime owns (Go's own rule for synthetic regions: runtime.* except runtime.main, or no name). */
function isSystemGoroutine(name: string): boolean {
  return name === '' || (name.startsWith('runtime.') && name !== 'runtime.main');
}

/** A block reason for people: Go leaves it empty for goroutines already waiting when tracing began (and for v1's generic GoBlock). */
function reasonLabel(r: string): string {
  return r === '' ? 'unspecified' : r;
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

function table(rows: string[][], right: boolean[]): string[] {
  const w = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (right[c] ? cell.padStart(w[c]!) : cell.padEnd(w[c]!))).join('  ').trimEnd());
}

export function renderAnalysisText(a: AnalysisJSON, file: string, line: (s: string) => void): void {
  const events = sum(a.events_by_kind);
  line(`${file}: Go execution trace, format go 1.${a.version.replace(/^1\./, '')} (${a.format}), ${formatDuration(a.time.duration)}, ${formatCount(events)} events`);
  if (a.error) line(`warning: the trace is damaged; what follows covers its complete part only (${a.error})`);
  line('');

  const totalExec = a.goroutines.reduce((s, g) => s + g.exec_ns, 0);
  const groups = new Map<string, { count: number; exec: number; sched: number; block: Record<string, number>; syscall: number; sysblock: number }>();
  for (const g of a.goroutines) {
    let e = groups.get(g.name);
    if (!e) groups.set(g.name, (e = { count: 0, exec: 0, sched: 0, block: {}, syscall: 0, sysblock: 0 }));
    e.count++;
    e.exec += g.exec_ns;
    e.sched += g.sched_wait_ns;
    e.syscall += g.syscall_ns;
    e.sysblock += g.syscall_block_ns;
    for (const [r, ns] of Object.entries(g.block_by_reason)) e.block[r] = (e.block[r] ?? 0) + ns;
  }
  line(`Goroutine groups by start function (${formatCount(a.goroutines.length)} goroutines)`);
  const rows = [['start function', 'count', 'exec', 'exec %', 'sched wait', 'blocked', 'top block reason', 'syscall', 'syscall block']];
  const sorted = [...groups.entries()].sort((x, y) => y[1].exec - x[1].exec || x[0].localeCompare(y[0]));
  for (const [name, g] of sorted.slice(0, 25)) {
    const top = Object.entries(g.block).sort((x, y) => y[1] - x[1])[0];
    rows.push([
      name || '(inactive, no stack trace sampled)',
      String(g.count),
      formatDuration(g.exec),
      formatPercent(g.exec, totalExec),
      formatDuration(g.sched),
      formatDuration(sum(g.block)),
      top ? `${reasonLabel(top[0])} ${formatDuration(top[1])}` : '-',
      formatDuration(g.syscall),
      formatDuration(g.sysblock),
    ]);
  }
  for (const r of table(rows, [false, true, true, true, true, true, false, true, true])) line('  ' + r);
  if (sorted.length > 25) line(`  ... ${sorted.length - 25} more groups (see --json)`);
  line('');

  line('Longest-blocked goroutines (runtime and unnamed goroutines omitted)');
  const blocked = a.goroutines
    .filter((g) => !isSystemGoroutine(g.name))
    .map((g) => ({ g, blocked: sum(g.block_by_reason) + g.syscall_block_ns }))
    .filter((x) => x.blocked > 0)
    .sort((x, y) => y.blocked - x.blocked || x.g.id - y.g.id)
    .slice(0, 10);
  const brows = [['goroutine', 'start function', 'blocked', 'by reason']];
  for (const { g, blocked: b } of blocked) {
    const reasons = Object.entries(g.block_by_reason)
      .concat(g.syscall_block_ns ? [['syscall', g.syscall_block_ns]] : [])
      .sort((x, y) => (y[1] as number) - (x[1] as number))
      .slice(0, 3)
      .map(([r, ns]) => `${reasonLabel(r as string)} ${formatDuration(ns as number)}`)
      .join(', ');
    brows.push([`G${g.id}`, g.name || '-', formatDuration(b), reasons]);
  }
  if (blocked.length === 0) line('  (none)');
  else for (const r of table(brows, [false, false, true, false])) line('  ' + r);
  line('');

  const gc = a.gc;
  line('Garbage collection');
  line(`  ${gc.cycles} GC cycles, concurrent mark ${formatDuration(gc.mark_total_ns)} in total (${formatPercent(gc.mark_total_ns, a.time.duration)} of the trace)`);
  line(`  ${gc.stw_count} stop-the-world pauses, ${formatDuration(gc.stw_total_ns)} in total${gc.stw_count ? `, ${formatDuration(Math.round(gc.stw_total_ns / gc.stw_count))} on average` : ''}`);
  line(`  ${gc.mark_assist_count} mark assists (${formatDuration(gc.mark_assist_total_ns)}), ${gc.sweep_count} incremental sweeps (${formatDuration(gc.sweep_total_ns)})`);
  if (a.mmu) {
    const parts = MMU_WINDOWS.filter((w) => a.mmu![w] !== undefined).map((w) => `${w} ${(a.mmu![w]! * 100).toFixed(1)}%`);
    line(`  minimum mutator utilization: ${parts.join(', ')}`);
  } else {
    line('  minimum mutator utilization: not available (the trace has no GOMAXPROCS information)');
  }
  if (a.cpu_samples.count) line(`  ${formatCount(a.cpu_samples.count)} CPU profile samples`);
}
