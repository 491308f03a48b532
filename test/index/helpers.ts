// Shared helpers of the index tests: fixtures with Go's analysis, built indexes (cached).

import { loadManifest, readFixture, expectedAnalyze, type Fixture } from '../lib/fixtures';
import { decompressIfGzip } from '../../shared/trace/decompress';
import { buildIndex, type BuildResult } from '../../main/index/build';
import { SpanState, type TimelineIndex } from '../../shared/index/layout';
import { pointTime } from '../../shared/index/layout';

export interface GoAnalysisGoroutine {
  id: number;
  name: string;
  creation: number | null;
  end: number | null;
  exec_ns: number;
  sched_wait_ns: number;
  block_by_reason: Record<string, number>;
  syscall_ns: number;
  syscall_block_ns: number;
}

export interface GoAnalysis {
  error: string | null;
  time: { first: number; last: number; duration: number } | null;
  goroutines: GoAnalysisGoroutine[];
  metrics: Record<string, { count: number; min: number; max: number; first: number; last: number }>;
}

/** Fixtures Go reads without error that have Go's analysis. */
export function readableFixtures(): Fixture[] {
  return loadManifest().filter((f) => !f.expectError && expectedAnalyze(f) !== null);
}

const cache = new Map<string, BuildResult>();

export function indexOf(f: Fixture): BuildResult {
  let r = cache.get(f.path);
  if (r === undefined) {
    r = buildIndex(decompressIfGzip(readFixture(f)).data);
    cache.set(f.path, r);
  }
  return r;
}

export function fixtureName(f: Fixture): string {
  return f.path.replace(/^.*\//, '');
}

export interface Totals {
  exec: number;
  sched: number;
  syscall: number;
  syscallBlock: number;
  block: Map<string, number>;
}

/**
 * Sums a goroutine lane's spans the way Go's Summarizer accounts for them,
 * including its documented quirks: time after a "forever" block is not
 * counted (Go treats it as the goroutine's end), and a syscall still blocked
 * at the end of the trace counts as syscall time and, from the moment the P
 * was lost, as scheduler wait too (summary.go snapshotStat).
 */
export function laneTotals(ix: TimelineIndex, lane: number): Totals {
  const out: Totals = { exec: 0, sched: 0, syscall: 0, syscallBlock: 0, block: new Map() };
  const s0 = ix.laneStart[lane]!;
  const s1 = ix.laneStart[lane + 1]!;
  for (let i = s0; i + 1 < s1; i++) {
    const d = pointTime(ix, i + 1) - pointTime(ix, i);
    const openAtEnd = i + 2 === s1 && pointTime(ix, i + 1) === ix.end;
    switch (ix.state[i]) {
      case SpanState.Running:
        out.exec += d;
        break;
      case SpanState.Runnable:
      case SpanState.NotStarted:
        out.sched += d;
        break;
      case SpanState.Waiting:
      case SpanState.GCWaiting: {
        const r = ix.strings[ix.arg[i]!]!;
        if (r === 'forever') break;
        out.block.set(r, (out.block.get(r) ?? 0) + d);
        break;
      }
      case SpanState.Syscall:
        out.syscall += d;
        break;
      case SpanState.SyscallBlocked:
        if (openAtEnd) {
          out.syscall += d;
          out.sched += d;
        } else out.syscallBlock += d;
        break;
    }
  }
  return out;
}

