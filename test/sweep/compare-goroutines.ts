// Compares `gotrace index --goroutines` (one JSON line per goroutine) with
// Go's analysis of the same trace (the reference oracle's `analyze` JSON,
// test/fixtures/reference): per goroutine, exec, scheduler wait, syscall,
// syscall block and block time by reason must be equal.
//
// usage: node build/test/sweep/compare-goroutines.js GO_ANALYZE.json OURS.jsonl
// Prints "N goroutines, K differ" (and the first differences); exit 1 when any differ.

import * as fs from 'node:fs';

interface Totals {
  id: number;
  name: string;
  exec_ns: number;
  sched_wait_ns: number;
  syscall_ns: number;
  syscall_block_ns: number;
  block_by_reason: Record<string, number>;
}

const FIELDS = ['name', 'exec_ns', 'sched_wait_ns', 'syscall_ns', 'syscall_block_ns'] as const;

function sortedReasons(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The differences between Go's goroutines and ours, as lines. */
export function compareGoroutines(go: Totals[], ours: Totals[]): string[] {
  const mine = new Map(ours.map((g) => [g.id, g]));
  const out: string[] = [];
  for (const g of go) {
    const m = mine.get(g.id);
    if (m === undefined) {
      out.push(`G${g.id} (${g.name}): missing`);
      continue;
    }
    for (const f of FIELDS) if (g[f] !== m[f]) out.push(`G${g.id} (${g.name}): ${f} Go ${g[f]}, ours ${m[f]}`);
    const a = JSON.stringify(sortedReasons(g.block_by_reason));
    const b = JSON.stringify(sortedReasons(m.block_by_reason));
    if (a !== b) out.push(`G${g.id} (${g.name}): block_by_reason Go ${a}, ours ${b}`);
  }
  if (ours.length !== go.length) out.push(`goroutines: Go ${go.length}, ours ${ours.length}`);
  return out;
}

if (require.main === module) {
  const [goFile, oursFile] = process.argv.slice(2);
  if (goFile === undefined || oursFile === undefined) {
    process.stderr.write('usage: compare-goroutines GO_ANALYZE.json OURS.jsonl\n');
    process.exit(2);
  }
  const go = (JSON.parse(fs.readFileSync(goFile, 'utf8')) as { goroutines: Totals[] }).goroutines;
  const text = fs.readFileSync(oursFile, 'utf8').trim();
  const ours = text === '' ? [] : text.split('\n').map((l) => JSON.parse(l) as Totals);
  const diffs = compareGoroutines(go, ours);
  const ids = new Set(diffs.map((d) => d.split(' ')[0]));
  for (const d of diffs.slice(0, 10)) process.stdout.write(`  ${d}\n`);
  process.stdout.write(`${go.length} goroutines, ${diffs.length === 0 ? 0 : ids.size} differ\n`);
  process.exit(diffs.length === 0 ? 0 : 1);
}
