// What the UI must show for the fixtures, computed without the UI: Go 1.27's
// own analysis of the trace (test/fixtures, manifest `expected.analyze`) and
// the in-process index and query service built here from the same bytes.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildIndex } from '../../main/index/build';
import { QueryService } from '../../main/query/service';
import type { BlockingEpisode } from '../../shared/index/query-types';
import { expectedAnalyze, fixturePath, loadManifest, type Fixture } from '../lib/fixtures';

interface GoGoroutine {
  id: number;
  name: string;
  block_by_reason: Record<string, number>;
}

function fixture(rel: string): Fixture {
  const f = loadManifest().find((x) => x.path === rel);
  if (!f) throw new Error(`${rel} is not in test/fixtures/manifest.json`);
  return f;
}

/** A Go 1.27 trace with blocking of every kind (test/fixtures/programs/contention). */
export const GOOD = fixture('traces/contention-go1.27.trace');
/** Nothing readable: Go fails at once (manifest expectError, analyzeExit 1). */
export const CORRUPT = fixture('broken/hdr121-go1.27.trace');
/** A multi-generation trace, cut to make a truncated one. */
export const MULTIGEN = fixture('traces/cpuprof-go1.27-multigen.trace');

export const GOOD_PATH = fixturePath(GOOD);
export const CORRUPT_PATH = fixturePath(CORRUPT);

/** Runtime goroutines (Go's analysis omits them from its longest-blocked list too). */
export function isSystemGoroutine(name: string): boolean {
  return /^(G\d+ )?runtime[./]/.test(name);
}

/** The first frame of a stack that is the program's own (not runtime, sync, time). */
export function userFunction(funcs: readonly string[]): string | undefined {
  return funcs.find((f) => !/^(runtime|sync|time|internal\/[\w/]+)[./]/.test(f));
}

export interface GoodExpectations {
  /** Goroutines in Go's analysis. */
  goroutineCount: number;
  /** "G1 main.main": the first goroutine lane label, from Go's analysis. */
  firstGoroutineLabel: string;
  procLanes: string[];
  duration: number;
  /** The first row of the Blocked list (the longest episode of all). */
  topEpisode: BlockingEpisode;
  /** The longest episode of a program goroutine with a recorded reason, and the program function in its stack. */
  userEpisode: BlockingEpisode;
  userFunction: string;
  /** A program goroutine to search for (Go's analysis: the most-blocked one after main). */
  searchGoroutine: { id: number; name: string };
}

let cached: GoodExpectations | null = null;

export async function goodExpectations(): Promise<GoodExpectations> {
  if (cached) return cached;
  const go = expectedAnalyze(GOOD) as { goroutines: GoGoroutine[] };
  const built = buildIndex(new Uint8Array(fs.readFileSync(GOOD_PATH)));
  const q = new QueryService(built.index);
  const summary = await q.summary();
  const lanes = await q.lanes({});
  const procLanes = lanes.lanes.filter((l) => l.kind === 'proc').map((l) => l.name);
  const blocking = await q.blocking({ n: 200, groupBy: 'none' });
  const episodes = blocking.groups.flatMap((g) => g.episodes);
  const topEpisode = episodes[0]!;
  const userEpisode = episodes.find((e) => e.reason !== '' && !isSystemGoroutine(e.name) && userFunction(e.stack.map((f) => f.func)) !== undefined);
  if (!userEpisode) throw new Error('the fixture has no blocked program goroutine');
  const fn = userFunction(userEpisode.stack.map((f) => f.func))!;
  // Go's analysis must know that goroutine by the same start function.
  const goG = go.goroutines.find((g) => g.id === userEpisode.goroutine);
  if (!goG || !userEpisode.name.endsWith(goG.name)) throw new Error(`Go's analysis disagrees about G${userEpisode.goroutine}: ${goG?.name}`);
  const blockedTotal = (g: GoGoroutine) => Object.values(g.block_by_reason).reduce((a, b) => a + b, 0);
  const candidates = go.goroutines.filter((g) => g.name.startsWith('main.') && g.name !== 'main.main').sort((a, b) => blockedTotal(b) - blockedTotal(a) || a.id - b.id);
  const g1 = go.goroutines.find((g) => g.id === 1)!;
  cached = {
    goroutineCount: go.goroutines.length,
    firstGoroutineLabel: `G1 ${g1.name}`,
    procLanes,
    duration: summary.duration,
    topEpisode,
    userEpisode,
    userFunction: fn,
    searchGoroutine: { id: candidates[0]!.id, name: candidates[0]!.name },
  };
  return cached;
}

/** The first 60% of a multi-generation trace in `dir`: readable in part, opens with a warning. */
export function truncatedTrace(dir: string): string {
  const bytes = fs.readFileSync(fixturePath(MULTIGEN));
  const p = path.join(dir, 'cut-multigen.trace');
  fs.writeFileSync(p, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  return p;
}
