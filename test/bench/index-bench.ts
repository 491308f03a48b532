// `node build/test/bench/index-bench.js TRACE [TRACE...]`: load + index time
// and peak RSS of the timeline index, side by side in the same run with Go's
// own internal/trace merely reading the file (test/bench/goread, built as
// reader-bench.ts does) and with `go tool trace` until it serves (once per
// trace: about a minute and 16 GiB for 100 MB; GOTOOLTRACE=0 skips it),
// then viewport query latency (p50 / p99) over 1000 random viewports at
// random zoom levels.
//
// Each measurement runs in a fresh child process so that its peak RSS is the
// work's alone. RUNS=n repeats each (median time, largest RSS; default 1).

import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { findGoroot, buildGoread, measureRuns } from './go-reference';
import { buildGoToolTrace, measureGoToolTrace, type GoToolTraceSample } from './go-tool-trace';
import { shouldRelaunch, tunedEnv } from '../../main/node/malloc-tuning';
import { buildIndexFromFile } from '../../main/index/build-file';
import { viewport } from '../../main/query/viewport';
import { LaneKind, type TimelineIndex } from '../../shared/index/layout';

interface Sample {
  ms: number;
  events: number;
  maxRSSKiB: number;
  query?: { n: number; p50: number; p99: number; max: number; lanes: number };
}

const RUNS = Number(process.env.RUNS ?? 1);
const QUERIES = 1000;

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

/**
 * A screenful of lanes: the global ones, every proc, 16 threads, 80 distinct
 * random goroutines. The lanes are classified once per index (not per query: a
 * per-query scan of millions of lanes made garbage whose GC pauses landed in
 * the timed queries).
 */
function screenLaneChooser(ix: TimelineIndex): (r: () => number) => number[] {
  const fixed: number[] = [];
  const gs: number[] = [];
  let threads = 0;
  for (let l = 0; l < ix.laneKind.length; l++) {
    const k = ix.laneKind[l] as LaneKind;
    if (k === LaneKind.Goroutine) gs.push(l);
    else if (k === LaneKind.Thread) {
      if (threads++ < 16) fixed.push(l);
    } else if (ix.laneParent[l]! < 0) fixed.push(l);
  }
  return (r) => {
    const out = fixed.slice();
    // 80 distinct goroutines (all of them when there are fewer): a partial Fisher-Yates shuffle.
    const m = Math.min(80, gs.length);
    for (let i = 0; i < m; i++) {
      const j = i + Math.floor(r() * (gs.length - i));
      [gs[i], gs[j]] = [gs[j]!, gs[i]!];
      out.push(gs[i]!);
    }
    return out;
  };
}

function queryBench(ix: TimelineIndex): Sample['query'] {
  const r = rng(12345);
  const screenLanes = screenLaneChooser(ix);
  const times: number[] = [];
  const end = Math.max(1, ix.end);
  let lanes = 0;
  for (let q = 0; q < QUERIES; q++) {
    const ls = screenLanes(r);
    lanes = ls.length;
    const width = Math.max(1000, end * Math.pow(10, -6 * r()));
    const t0 = r() * Math.max(0, end - width);
    const px = 1000 + Math.floor(r() * 2000);
    const s = performance.now();
    viewport(ix, { lanes: ls, t0, t1: t0 + width, nsPerPixel: width / px, counters: [0, 1, 2, 5, 7], links: true });
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
  return { n: QUERIES, p50: pct(50), p99: pct(99), max: times[times.length - 1]!, lanes };
}

function child(file: string): void {
  const start = performance.now();
  const { result: r } = buildIndexFromFile(file);
  const ms = performance.now() - start;
  const maxRSSKiB = process.resourceUsage().maxRSS;
  const out: Sample = { ms, events: r.index.events, maxRSSKiB, query: queryBench(r.index) };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function measure(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Sample | null {
  return measureRuns<Sample>(cmd, args, RUNS, env);
}

/** go tool trace until it serves, watched from a child process (the watch is asynchronous). */
function measureGoTool(bin: string, file: string): GoToolTraceSample | null {
  const r = spawnSync(process.execPath, [__filename, '--go-tool-trace', bin, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    process.stderr.write(`  go tool trace measurement failed: ${r.stderr || r.error}\n`);
    return null;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as GoToolTraceSample;
}

const f1 = (x: number, d = 1) => x.toFixed(d);

function bench(files: string[]): void {
  const goroot = findGoroot();
  const goread = goroot ? buildGoread(goroot) : null;
  if (!goread) process.stdout.write('Go toolchain not found (set GOROOT): measuring gotrace only.\n');
  const goTool = goroot && process.env.GOTOOLTRACE !== '0' ? buildGoToolTrace(goroot) : null;
  const results: unknown[] = [];
  for (const file of files) {
    const mb = fs.statSync(file).size / (1 << 20);
    process.stdout.write(`\n${file}: ${f1(mb)} MiB\n`);
    process.stdout.write('  what                       time ms    MB/s  peak RSS MiB  RSS/file\n');
    // With the malloc tuning `gotrace index` relaunches itself with on big traces (main/node/malloc-tuning.ts).
    const env = shouldRelaunch(['index', file], {}) ? tunedEnv(process.env) : process.env;
    const ours = measure(process.execPath, ['--max-old-space-size=16384', __filename, '--child', file], env);
    const theirs = goread ? measure(goread, ['read', file]) : null;
    const row = (who: string, s: Sample) =>
      `  ${who.padEnd(24)} ${f1(s.ms, 0).padStart(9)} ${f1(mb / (s.ms / 1000)).padStart(7)} ${f1(s.maxRSSKiB / 1024, 0).padStart(13)} ${f1(s.maxRSSKiB / 1024 / mb, 2).padStart(9)}\n`;
    if (ours) process.stdout.write(row('gotrace load+index', ours));
    if (theirs) process.stdout.write(row('go internal/trace read', theirs));
    if (ours && theirs) process.stdout.write(`  → load+index at ${f1(theirs.ms / ours.ms, 2)}x the speed of Go only reading (target ≥ 1)\n`);
    const tool = goTool ? measureGoTool(goTool, file) : null;
    if (tool?.outcome === 'ready') {
      process.stdout.write(row('go tool trace until ready', { ms: tool.ms, events: 0, maxRSSKiB: tool.maxRSSKiB }));
      if (ours) process.stdout.write(`  → load+index ${f1(tool.ms / ours.ms, 1)}x faster than go tool trace gets ready (target ≥ 40), ${f1(tool.maxRSSKiB / ours.maxRSSKiB, 1)}x less memory\n`);
    } else if (tool) {
      process.stdout.write(`  go tool trace: ${tool.outcome} after ${f1(tool.ms / 1000)} s, peak RSS ${f1(tool.maxRSSKiB / 1048576, 1)} GiB, not serving${tool.message ? ` (${tool.message})` : ''}\n`);
    }
    if (ours?.query) {
      const q = ours.query;
      process.stdout.write(`  viewport (${q.lanes} lanes, 5 counters, arrows) over ${q.n} random viewports: p50 ${f1(q.p50, 2)} ms, p99 ${f1(q.p99, 2)} ms, max ${f1(q.max, 2)} ms (target p99 < 10)\n`);
    }
    results.push({ file, mb, ours, go: theirs, goToolTrace: tool });
  }
  process.stdout.write('\n' + JSON.stringify(results) + '\n');
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') child(argv[1]!);
else if (argv[0] === '--go-tool-trace') void measureGoToolTrace(argv[1]!, argv[2]!).then((s) => process.stdout.write(JSON.stringify(s) + '\n'));
else if (argv.length === 0) {
  process.stderr.write('usage: node build/test/bench/index-bench.js TRACE [TRACE...]\n(scripts/gen-fixtures.sh big writes ~100 MB traces to /tmp/gotrace-bench)\n');
  process.exitCode = 1;
} else bench(argv);
