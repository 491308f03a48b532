// The human-readable `gotrace analyze` report, rendered from the typed
// analysis result (the same numbers `--json` prints). It never materializes
// the JSON: a trace with millions of goroutines has a JSON text longer than
// a JavaScript string may be.

import { formatCount, formatDuration, formatPercent } from '../../shared/format/duration';
import { jsonMMU, type AnalyzeResult } from '../../shared/analysis/analyze-json';
import { isSystemGoroutine } from '../../shared/analysis/summary';

/** A block reason for people: Go leaves it empty for goroutines already waiting when tracing began (and for v1's generic GoBlock). */
function reasonLabel(r: string): string {
  return r === '' ? 'unspecified' : r;
}

function sumMap(m: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}

function table(rows: string[][], right: boolean[]): string[] {
  const w = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (right[c] ? cell.padStart(w[c]!) : cell.padEnd(w[c]!))).join('  ').trimEnd());
}

interface Group {
  count: number;
  exec: number;
  sched: number;
  block: Map<string, number>;
  syscall: number;
  sysblock: number;
}

const TOP_GROUPS = 25;
const TOP_BLOCKED = 10;

export function renderAnalysisText(a: AnalyzeResult, file: string, line: (s: string) => void): void {
  const duration = a.firstTime !== null && a.lastTime !== null ? a.lastTime - a.firstTime : 0;
  const fmtName = a.format === 'v1' ? 'v1, Go 1.11-1.21' : 'v2, Go 1.22+';
  line(`${file}: Go execution trace "go 1.${a.version ?? '?'}" (${fmtName}), ${formatDuration(duration)}, ${formatCount(a.eventCount)} event${a.eventCount === 1 ? '' : 's'}`);
  if (a.error) line(`warning: the trace is damaged; what follows covers its complete part only (${a.error})`);
  line('');

  const gs = a.summary?.goroutines;
  if (gs) {
    let totalExec = 0;
    const groups = new Map<string, Group>();
    const top: { id: number; name: string; blocked: number; reasons: [string, number][] }[] = [];
    for (const g of gs.values()) {
      totalExec += g.execTime;
      let e = groups.get(g.name);
      if (!e) groups.set(g.name, (e = { count: 0, exec: 0, sched: 0, block: new Map(), syscall: 0, sysblock: 0 }));
      e.count++;
      e.exec += g.execTime;
      e.sched += g.schedWaitTime;
      e.syscall += g.syscallTime;
      e.sysblock += g.syscallBlockTime;
      for (const [r, ns] of g.blockTimeByReason) e.block.set(r, (e.block.get(r) ?? 0) + ns);
      if (isSystemGoroutine(g.name)) continue;
      const blocked = sumMap(g.blockTimeByReason) + g.syscallBlockTime;
      if (blocked <= 0) continue;
      // Keep only the current top N (a trace may hold millions of goroutines).
      if (top.length < TOP_BLOCKED || blocked > top[top.length - 1]!.blocked) {
        const reasons = [...g.blockTimeByReason.entries()];
        if (g.syscallBlockTime > 0) reasons.push(['syscall', g.syscallBlockTime]);
        top.push({ id: g.id, name: g.name, blocked, reasons });
        top.sort((x, y) => y.blocked - x.blocked || x.id - y.id);
        if (top.length > TOP_BLOCKED) top.pop();
      }
    }

    line(`Goroutine groups by start function (${formatCount(gs.size)} goroutines)`);
    const rows = [['start function', 'count', 'exec', 'exec %', 'sched wait', 'blocked', 'top block reason', 'syscall', 'syscall block']];
    const sorted = [...groups.entries()].sort((x, y) => y[1].exec - x[1].exec || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    for (const [name, g] of sorted.slice(0, TOP_GROUPS)) {
      const topReason = [...g.block.entries()].sort((x, y) => y[1] - x[1])[0];
      rows.push([
        name || '(inactive, no stack trace sampled)',
        formatCount(g.count),
        formatDuration(g.exec),
        formatPercent(g.exec, totalExec),
        formatDuration(g.sched),
        formatDuration(sumMap(g.block)),
        topReason ? `${reasonLabel(topReason[0])} ${formatDuration(topReason[1])}` : '-',
        formatDuration(g.syscall),
        formatDuration(g.sysblock),
      ]);
    }
    for (const r of table(rows, [false, true, true, true, true, true, false, true, true])) line('  ' + r);
    if (sorted.length > TOP_GROUPS) line(`  ... ${sorted.length - TOP_GROUPS} more groups (see --json)`);
    line('');

    line('Longest-blocked goroutines (runtime and unnamed goroutines omitted)');
    const brows = [['goroutine', 'start function', 'blocked', 'by reason']];
    for (const g of top) {
      const reasons = g.reasons
        .sort((x, y) => y[1] - x[1])
        .slice(0, 3)
        .map(([r, ns]) => `${reasonLabel(r)} ${formatDuration(ns)}`)
        .join(', ');
      brows.push([`G${g.id}`, g.name || '-', formatDuration(g.blocked), reasons]);
    }
    if (top.length === 0) line('  (none)');
    else for (const r of table(brows, [false, false, true, false])) line('  ' + r);
    line('');
  } else if (a.summaryPanic) {
    line(`Goroutine analysis unavailable: Go's summarizer rejects this trace (${a.summaryPanic})`);
    line('');
  }

  const gc = a.stats.gc;
  line('Garbage collection');
  line(`  ${gc.cycles} GC cycles, concurrent mark ${formatDuration(gc.markTotalNs)} in total (${formatPercent(gc.markTotalNs, duration)} of the trace)`);
  line(`  ${gc.stwCount} stop-the-world pauses, ${formatDuration(gc.stwTotalNs)} in total${gc.stwCount ? `, ${formatDuration(Math.round(gc.stwTotalNs / gc.stwCount))} on average` : ''}`);
  line(`  ${gc.markAssistCount} mark assists (${formatDuration(gc.markAssistTotalNs)}), ${gc.sweepCount} incremental sweeps (${formatDuration(gc.sweepTotalNs)})`);
  const mmu = jsonMMU(a);
  if (mmu) {
    const parts = [...mmu.entries()].sort((x, y) => windowNs(x[0]) - windowNs(y[0])).map(([w, u]) => `${w} ${(u * 100).toFixed(1)}%`);
    line(`  minimum mutator utilization (STW, background workers, assists): ${parts.join(', ')}`);
  } else {
    line('  minimum mutator utilization: not available for this trace (as in go tool trace)');
  }
  if (a.stats.cpuSamples) line(`  ${formatCount(a.stats.cpuSamples)} CPU profile samples`);
}

function windowNs(w: string): number {
  const m = /^(\d+)(ms|s)$/.exec(w);
  return m ? Number(m[1]) * (m[2] === 's' ? 1e9 : 1e6) : 0;
}
