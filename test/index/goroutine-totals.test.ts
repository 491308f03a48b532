// Per goroutine, the summed durations of its lane's spans by state equal Go's
// own analysis (internal/trace summary.go, via the fixtures' analyze.json):
// exec, scheduler wait, block time by reason, syscall and syscall block time.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { FIXTURES, expectedAnalyze } from '../lib/fixtures';
import { LaneKind } from '../../shared/index/layout';
import { fixtureName, indexOf, laneTotals, readableFixtures, type GoAnalysis } from './helpers';

for (const f of readableFixtures()) {
  test(`goroutine totals equal Go's analysis: ${fixtureName(f)}`, () => {
    const go = expectedAnalyze(f) as GoAnalysis;
    const { index: ix } = indexOf(f);
    const lanes = new Map<number, number>();
    for (let l = 0; l < ix.laneKind.length; l++) if (ix.laneKind[l] === LaneKind.Goroutine) lanes.set(ix.laneRes[l]!, l);
    for (const g of go.goroutines) {
      const lane = lanes.get(g.id);
      assert.ok(lane !== undefined, `G${g.id} has a lane`);
      const where = `G${g.id} (${g.name})`;
      const t = laneTotals(ix, lane);
      assert.equal(t.exec, g.exec_ns, `${where} exec`);
      assert.equal(t.sched, g.sched_wait_ns, `${where} sched wait`);
      assert.equal(t.syscall, g.syscall_ns, `${where} syscall`);
      assert.equal(t.syscallBlock, g.syscall_block_ns, `${where} syscall block`);
      const block: Record<string, number> = {};
      for (const [r, d] of t.block) if (d !== 0) block[r] = d;
      assert.deepEqual(block, g.block_by_reason, `${where} block by reason`);
      const name = ix.strings[ix.laneName[lane]!]!;
      assert.equal(name, g.name, `${where} name`);
    }
  });
}

// The CLI's per-goroutine lines (`gotrace index --goroutines`) are what a user
// compares with Go's analysis: the same numbers, under Go's field names.
test('gotrace index --goroutines prints each goroutine as Go counts it', () => {
  const cli = path.join(__dirname, '..', '..', 'main', 'cli', 'gotrace.js');
  for (const name of ['contention-go1.21.trace', 'contention-go1.22.trace', 'sched-go1.27.trace']) {
    const f = readableFixtures().find((x) => x.path.endsWith(name));
    assert.ok(f, name);
    const r = spawnSync(process.execPath, [cli, 'index', path.join(FIXTURES, f.path), '--goroutines'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /peak RSS/, 'the statistics go to stderr');
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const ids = lines.map((l) => l.id as number);
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
    const go = expectedAnalyze(f) as GoAnalysis;
    assert.equal(lines.length, go.goroutines.length, `${name}: one line per goroutine`);
    const byId = new Map(lines.map((l) => [l.id as number, l]));
    for (const g of go.goroutines) {
      const l = byId.get(g.id);
      assert.ok(l, `${name}: G${g.id}`);
      const want = { id: g.id, name: g.name, exec_ns: g.exec_ns, sched_wait_ns: g.sched_wait_ns, syscall_ns: g.syscall_ns, syscall_block_ns: g.syscall_block_ns, block_by_reason: g.block_by_reason };
      assert.deepEqual(l, want, `${name}: G${g.id}`);
    }
  }
});
