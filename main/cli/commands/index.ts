// `gotrace index TRACE [--json]`: builds the timeline index exactly as the
// app does (the same buildIndex, here on the calling thread so that the
// process's peak RSS is the build's) and prints its statistics: lanes, spans,
// links, bytes per structure, build time and peak memory.

import { buildLoaded, loadForIndex } from '../../index/build-file';
import { indexStats, type IndexStats } from '../../index/stats';
import { describeTraceError } from '../../../shared/trace/errors';
import { goroutineTotals } from '../../query/goroutine-totals';
import { LaneKind, type TimelineIndex } from '../../../shared/index/layout';
import { BufferedWriter } from '../output';
import { errorContext } from '../report';
import { TraceError } from '../../../shared/trace/errors';

export interface IndexReport extends IndexStats {
  file: string;
  fileBytes: number;
  traceBytes: number;
  goVersion: string;
  loadMs: number;
  buildMs: number;
  totalMs: number;
  mbPerSec: number;
  peakRSSBytes: number;
  rssPerFileByte: number;
}

function mb(n: number): string {
  return (n / 1048576).toFixed(1) + ' MiB';
}

export function runIndex(path: string, opts: { json: boolean; progress?: boolean; goroutines?: boolean }): number {
  const t0 = performance.now();
  const loaded = loadForIndex(path);
  const trace = loaded.info;
  let result;
  try {
    result = buildLoaded(loaded, {
      onProgress: opts.progress
        ? (p) => process.stderr.write(`\r${p.phase} ${p.percent.toFixed(0)}% ${p.events} events${p.etaMs !== null ? `, ${(p.etaMs / 1000).toFixed(1)} s left` : ''}   `)
        : undefined,
    });
  } catch (e) {
    process.stderr.write(`gotrace: ${describeTraceError(path, e)}${e instanceof TraceError ? errorContext(trace, e) : ''}\n`);
    return 1;
  }
  if (opts.progress) process.stderr.write('\n');
  const t2 = performance.now();
  const t1 = t0 + trace.loadMs;
  const peak = process.resourceUsage().maxRSS * 1024;
  const st = indexStats(result.index);
  const report: IndexReport = {
    file: path,
    fileBytes: trace.fileBytes,
    traceBytes: trace.traceBytes,
    goVersion: `1.${result.index.goVersion}`, // the header's version (go 1.26 for Go 1.26 and 1.27)
    loadMs: Math.round(t1 - t0),
    buildMs: Math.round(t2 - t1),
    totalMs: Math.round(t2 - t0),
    mbPerSec: Math.round((trace.fileBytes / 1048576 / ((t2 - t0) / 1000)) * 10) / 10,
    peakRSSBytes: peak,
    rssPerFileByte: Math.round((peak / Math.max(1, trace.fileBytes)) * 100) / 100,
    ...st,
  };
  // With --goroutines the per-goroutine lines are the output; the statistics go to stderr.
  const out = opts.goroutines ? process.stderr : process.stdout;
  if (opts.goroutines) writeGoroutineTotals(result.index);
  if (opts.json) {
    out.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    const lines = [
      `${path}: go 1.${result.index.goVersion} trace format, ${mb(trace.fileBytes)}${trace.gzip ? ` (gzip, ${mb(trace.traceBytes)} decompressed)` : ''}, ${st.events} events`,
      `build: ${report.totalMs} ms (load ${report.loadMs} ms, index ${report.buildMs} ms), ${report.mbPerSec} MB/s`,
      `peak RSS: ${mb(peak)} = ${report.rssPerFileByte}x the file`,
      `lanes: ${st.lanes} (${Object.entries(st.lanesByKind).map(([k, v]) => `${k} ${v}`).join(', ')})`,
      `spans: ${st.spans} (${Object.entries(st.spansByKind).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(', ')}); points ${st.points}`,
      `links: ${st.links}; instants: ${st.instants}; counter changes: ${st.counterChanges} (heap, threads, GOMAXPROCS) + ${st.counterLogRows} goroutine transitions`,
      `regions: ${st.regions}; tasks: ${st.tasks}; logs: ${st.logs}; stacks: ${st.stacks} (${st.frames} frames); strings: ${st.strings}`,
      `index size: ${mb(st.totalBytes)} (${Object.entries(st.bytes).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${mb(v)}`).join(', ')})`,
    ];
    out.write(lines.join('\n') + '\n');
  }
  if (result.error !== null) {
    const context = result.error instanceof TraceError ? errorContext(trace, result.error) : '';
    process.stderr.write(`gotrace: ${describeTraceError(path, result.error)}${context} (the index holds what was read before)\n`);
    return 2;
  }
  if (trace.gzipError) {
    process.stderr.write(`gotrace: ${describeTraceError(path, trace.gzipError)}\n`);
    return 2;
  }
  return 0;
}

/** One JSON line per goroutine lane, by goroutine id (the names of Go's analysis, as in analyze --json). */
function writeGoroutineTotals(ix: TimelineIndex): void {
  const lanes: number[] = [];
  for (let l = 0; l < ix.laneKind.length; l++) if (ix.laneKind[l] === LaneKind.Goroutine) lanes.push(l);
  lanes.sort((a, b) => ix.laneRes[a]! - ix.laneRes[b]! || a - b);
  const w = new BufferedWriter(1);
  for (const l of lanes) {
    const t = goroutineTotals(ix, l);
    const block: Record<string, number> = {};
    for (const [r, d] of [...t.block].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (d !== 0) block[r] = d;
    w.write(
      JSON.stringify({
        id: ix.laneRes[l],
        name: ix.strings[ix.laneName[l]!] ?? '',
        exec_ns: t.exec,
        sched_wait_ns: t.sched,
        syscall_ns: t.syscall,
        syscall_block_ns: t.syscallBlock,
        block_by_reason: block,
      }) + '\n',
    );
  }
  w.flush();
}
