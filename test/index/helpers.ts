// Shared helpers of the index tests: fixtures with Go's analysis, built indexes (cached).

import { loadManifest, readFixture, expectedAnalyze, type Fixture } from '../lib/fixtures';
import { decompressIfGzip } from '../../shared/trace/decompress';
import { buildIndex, type BuildResult } from '../../main/index/build';
import * as assert from 'node:assert/strict';
import { LaneKind, pointTime, type TimelineIndex } from '../../shared/index/layout';

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

/**
 * Asserts that each goroutine lane of `part` (an index of the beginning of a
 * trace: truncated, or stopped early) is the same goroutine's lane in `full`
 * up to where `part` ends; returns how many points were compared.
 */
export function assertLanesArePrefixes(part: TimelineIndex, full: TimelineIndex): number {
  const fullLanes = new Map<number, number>();
  for (let l = 0; l < full.laneKind.length; l++) if (full.laneKind[l] === LaneKind.Goroutine) fullLanes.set(full.laneRes[l]!, l);
  let compared = 0;
  for (let l = 0; l < part.laneKind.length; l++) {
    if (part.laneKind[l] !== LaneKind.Goroutine) continue;
    const fl = fullLanes.get(part.laneRes[l]!);
    assert.ok(fl !== undefined, `G${part.laneRes[l]} is in the full index`);
    const a0 = part.laneStart[l]!;
    const b0 = full.laneStart[fl]!;
    for (let i = a0; i < part.laneStart[l + 1]! && pointTime(part, i) < part.end; i++) {
      const j = b0 + (i - a0);
      assert.equal(pointTime(part, i), pointTime(full, j), `G${part.laneRes[l]} point ${i - a0} time`);
      assert.equal(part.state[i], full.state[j], `G${part.laneRes[l]} point ${i - a0} state`);
      compared++;
    }
  }
  return compared;
}

export { goroutineTotals as laneTotals, type GoroutineTotals as Totals } from '../../main/query/goroutine-totals';

