// The build's progress reports and cancellation through all its phases:
// a Go 1.11-1.21 trace's whole parse (when read in place), the events,
// and finishing (the sorts and summaries, 20-40% of a big build).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildIndex, BuildCancelled, INDEX_PERCENT, V1_PARSE_PERCENT, type BuildOptions, type BuildProgress } from '../../main/index/build';
import { FinishProgress, type FinishStage } from '../../main/index/finish-progress';
import { decompressIfGzip } from '../../shared/trace/decompress';
import { newReader } from '../../shared/trace/reader';
import { IndexBuilder } from '../../main/index/builder';
import { finishIndex } from '../../main/index/finish';
import { loadManifest, readFixture } from '../lib/fixtures';

const PHASES = ['parse', 'index', 'finish', 'done'];

function bytesOf(name: string): Uint8Array {
  const f = loadManifest().find((x) => x.path.endsWith(name));
  assert.ok(f, `fixture ${name}`);
  return decompressIfGzip(readFixture(f)).data;
}

function reports(name: string, opts: BuildOptions = {}): BuildProgress[] {
  const out: BuildProgress[] = [];
  buildIndex({ data: bytesOf(name) }, { progressIntervalMs: 0, readAhead: false, ...opts, onProgress: (p) => out.push(p) });
  return out;
}

for (const [name, opts] of [
  ['gcchurn-go1.27.trace', {}],
  ['gcchurn-go1.27.trace', { offloadMinPoints: 0 }],
  ['gcchurn-go1.21.trace', {}],
  ['gcchurn-go1.21.trace', { readAhead: true }],
  ['annotations-go1.15.trace', {}],
] as [string, BuildOptions][]) {
  test(`build progress: phases in order, percent never back, finishing reported: ${name} ${JSON.stringify(opts)}`, () => {
    const ps = reports(name, opts);
    assert.equal(ps[0]!.phase, 'parse');
    assert.equal(ps[ps.length - 1]!.phase, 'done');
    assert.equal(ps[ps.length - 1]!.percent, 100);
    for (let i = 1; i < ps.length; i++) {
      const a = ps[i - 1]!;
      const b = ps[i]!;
      assert.ok(PHASES.indexOf(b.phase) >= PHASES.indexOf(a.phase), `phase ${a.phase} → ${b.phase}`);
      assert.ok(b.percent >= a.percent, `percent ${a.percent} (${a.phase}) → ${b.percent} (${b.phase})`);
      assert.ok(b.etaMs === null || b.etaMs >= 0);
    }
    const fin = ps.filter((p) => p.phase === 'finish');
    for (const p of fin) assert.ok(p.percent >= INDEX_PERCENT && p.percent <= 100, `finish at ${p.percent}%`);
    // Every stage reports at least once when the interval is 0.
    assert.ok(new Set(fin.map((p) => p.percent)).size >= 7, `${fin.length} finishing reports: ${fin.map((p) => p.percent.toFixed(1)).join(' ')}`);
    const idx = ps.filter((p) => p.phase === 'index');
    // (The events are looked at every 4096: a smaller trace reports none.)
    if (ps[ps.length - 1]!.events >= 8192) assert.ok(idx.length > 0, 'index phase reports');
    assert.ok(idx.every((p) => p.percent <= INDEX_PERCENT));
  });
}

test('build progress: a v1 trace parsed in place reports its merge, then its events from where the parse ended', () => {
  const ps = reports('gcchurn-go1.21.trace');
  const parse = ps.filter((p) => p.phase === 'parse' && p.percent > 0);
  assert.ok(parse.length >= 2, `${parse.length} parse reports with a percentage`);
  for (const p of parse) assert.ok(p.percent <= V1_PARSE_PERCENT);
  const idx = ps.filter((p) => p.phase === 'index');
  assert.ok(idx.every((p) => p.percent >= V1_PARSE_PERCENT), 'the index phase starts where the parse ended');
});

for (const [name, opts] of [
  ['gcchurn-go1.27.trace', {}],
  ['gcchurn-go1.27.trace', { offloadMinPoints: 0 }],
  ['gcchurn-go1.21.trace', { readAhead: true }],
] as [string, BuildOptions][]) {
  test(`build cancellation while finishing: ${name} ${JSON.stringify(opts)}`, () => {
    // Cancelled in the middle of the points' drains (the third finishing stage).
    const at = INDEX_PERCENT + (100 - INDEX_PERCENT) * 0.4;
    let last: BuildProgress | null = null;
    assert.throws(
      () =>
        buildIndex(
          { data: bytesOf(name) },
          { progressIntervalMs: 0, readAhead: false, ...opts, onProgress: (p) => (last = p), shouldCancel: () => last !== null && last.phase === 'finish' && last.percent >= at },
        ),
      BuildCancelled,
    );
    assert.equal(last!.phase, 'finish');
    assert.ok(last!.percent >= at && last!.percent < 100);
  });
}

test('build cancellation while a v1 trace is parsed in place', () => {
  let last: BuildProgress | null = null;
  // Asked twice while the merge reports (the index phase, 4096 events later, would be asked once first).
  let asked = 0;
  assert.throws(
    () =>
      buildIndex(
        { data: bytesOf('gcchurn-go1.21.trace') },
        { progressIntervalMs: 0, readAhead: false, onProgress: (p) => (last = p), shouldCancel: () => last !== null && last.phase === 'parse' && last.percent > 0 && ++asked >= 2 },
      ),
    BuildCancelled,
  );
  assert.equal(last!.phase, 'parse');
  assert.ok(last!.percent < V1_PARSE_PERCENT);
});

test('FinishProgress: stages add up, ticks stay within their stage, waiting repeats the last fraction', () => {
  const seen: number[] = [];
  const fp = new FinishProgress((f) => seen.push(f), 0);
  const stages: FinishStage[] = ['prepare', 'links', 'points', 'link sources', 'lanes', 'levels', 'counters'];
  const starts: number[] = [];
  for (const s of stages) {
    fp.stage(s);
    starts.push(seen[seen.length - 1]!);
    fp.tick(1, 2);
    fp.tick(5, 2); // past the end: clamped to the stage
    fp.waiting();
  }
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! >= seen[i - 1]!, `fraction back: ${seen[i - 1]} → ${seen[i]}`);
  assert.equal(starts[0], 0);
  for (let i = 1; i < starts.length; i++) assert.ok(starts[i]! > starts[i - 1]!, `stage ${stages[i]} starts after ${stages[i - 1]}`);
  // The last stage ends the whole: the weights add up to 1.
  assert.ok(Math.abs(seen[seen.length - 1]! - 1) < 1e-9, `ends at ${seen[seen.length - 1]}`);
  // With an interval, ticks in between are not reported.
  const few: number[] = [];
  const slow = new FinishProgress((f) => few.push(f), 60_000);
  slow.stage('prepare');
  for (let i = 0; i < 100; i++) slow.tick(i, 100);
  assert.equal(few.length, 0);
});


test('finishIndex announces every stage, in order, with or without the helper thread', () => {
  for (const offloadMinPoints of [0, Infinity]) {
    const b = new IndexBuilder();
    const r = newReader(bytesOf('gcchurn-go1.27.trace'));
    for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) b.event(ev);
    const stages: FinishStage[] = [];
    const fp = new (class extends FinishProgress {
      override stage(s: FinishStage): void {
        stages.push(s);
        super.stage(s);
      }
    })(() => {}, 0);
    finishIndex(b, { goVersion: r.version, error: null, bytesRead: 0, offloadMinPoints, progress: fp });
    assert.deepEqual(stages, ['prepare', 'links', 'points', 'link sources', 'lanes', 'levels', 'counters']);
  }
});
