// Shared helpers of the index tests: fixtures with Go's analysis, built indexes (cached).

import { loadManifest, readFixture, expectedAnalyze, type Fixture } from '../lib/fixtures';
import { decompressIfGzip } from '../../shared/trace/decompress';
import { buildIndex, type BuildResult } from '../../main/index/build';

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

export { goroutineTotals as laneTotals, type GoroutineTotals as Totals } from '../../main/query/goroutine-totals';

