// The goroutine analysis job (main/analysis/goroutines-job.ts) against Go's
// own numbers: the goroutine sections of the fixtures' analyze.json, written
// by the reference program with Go 1.27's internal/trace (summary.go). Every
// group's breakdown is the sum of its goroutines' there; every drilled-down
// goroutine equals Go's line, with times as the timeline counts them (ns from
// the first event, the JSON's origin too).

import { describe, it, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { goroutineAnalysisJob } from '../../main/analysis/goroutines-job';
import type { JobContext } from '../../main/analysis/jobs';
import { AnalysisService } from '../../main/analysis/service';
import { newReader } from '../../shared/trace/reader';
import { decompressIfGzip } from '../../shared/trace/decompress';
import { validateCall } from '../../shared/ipc/validate';
import type {
  GoroutineAnalysisRequest,
  GoroutineAnalysisResponse,
  GoroutineBreakdown,
  GoroutineStats,
} from '../../shared/ipc/analysis/goroutines';
import { loadManifest, readFixture, expectedAnalyze, fixturePath, type Fixture } from '../lib/fixtures';

interface GoLine {
  id: number;
  name: string;
  creation: number | null;
  start: number | null;
  end: number | null;
  exec_ns: number;
  sched_wait_ns: number;
  block_by_reason: Record<string, number>;
  syscall_ns: number;
  syscall_block_ns: number;
  total_ns: number;
  unknown_ns: number;
  range_ns: Record<string, number>;
}
interface GoJSON {
  error: string | null;
  time: { duration: number } | null;
  goroutines: GoLine[];
  goroutine_groups: { name: string; count: number; exec_ns: number }[];
}

const FIXTURES = loadManifest();

function fixture(p: string): Fixture {
  const f = FIXTURES.find((x) => x.path === p);
  assert.ok(f, `no fixture ${p} in the manifest`);
  return f;
}

/** What worker.ts gives a job, over the fixture's bytes. */
function context(f: Fixture): JobContext {
  const { data } = decompressIfGzip(readFixture(f));
  const open = () => newReader(data);
  let first = 0;
  try {
    first = open().readEvent()?.time() ?? 0;
  } catch {
    first = 0;
  }
  return {
    open,
    data,
    path: f.path,
    toIndexTime: (t) => t - first,
    toReaderTime: (t) => t + first,
    checkCancelled: () => {},
  };
}

function run(f: Fixture, req: GoroutineAnalysisRequest = {}): GoroutineAnalysisResponse {
  validateCall('goroutineAnalysis', [req]); // every request the tests make is one the app accepts
  return goroutineAnalysisJob(context(f), req);
}

function breakdownOf(g: GoLine): GoroutineBreakdown {
  return {
    total: g.total_ns,
    exec: g.exec_ns,
    schedWait: g.sched_wait_ns,
    blockByReason: { ...g.block_by_reason },
    syscall: g.syscall_ns,
    syscallBlock: g.syscall_block_ns,
    unknown: g.unknown_ns,
    ranges: { ...g.range_ns },
  };
}

function sumBreakdowns(lines: GoLine[]): GoroutineBreakdown {
  const s: GoroutineBreakdown = { total: 0, exec: 0, schedWait: 0, blockByReason: {}, syscall: 0, syscallBlock: 0, unknown: 0, ranges: {} };
  for (const g of lines) {
    const b = breakdownOf(g);
    s.total += b.total;
    s.exec += b.exec;
    s.schedWait += b.schedWait;
    s.syscall += b.syscall;
    s.syscallBlock += b.syscallBlock;
    s.unknown += b.unknown;
    for (const [k, v] of Object.entries(b.blockByReason)) s.blockByReason[k] = (s.blockByReason[k] ?? 0) + v;
    for (const [k, v] of Object.entries(b.ranges)) s.ranges[k] = (s.ranges[k] ?? 0) + v;
  }
  return s;
}

function goRow(g: GoLine): GoroutineStats {
  return { id: g.id, creation: g.creation, start: g.start, end: g.end, ...breakdownOf(g) };
}

const COMPARED = [
  'traces/contention-go1.15.trace',
  'traces/contention-go1.19.trace',
  'traces/contention-go1.21.trace',
  'traces/contention-go1.22.trace',
  'traces/contention-go1.27.trace',
  'traces/contention-go1.27.trace.gz',
  'traces/sched-go1.15.trace',
  'traces/sched-go1.21.trace',
  'traces/sched-go1.27.trace',
  'traces/gcchurn-go1.15.trace',
  'traces/gcchurn-go1.19.trace',
  'traces/gcchurn-go1.22-multigen.trace',
  'traces/gcchurn-go1.27.trace',
  'traces/manyg-go1.21.trace',
  'traces/manyg-go1.27.trace',
  'traces/netio-go1.23.trace',
  'traces/cgo-go1.27.trace',
  'broken/dropgen-go1.22.trace',
];

describe('goroutine analysis equals Go (analyze.json goroutine sections)', () => {
  for (const p of COMPARED) {
    it(p, () => {
      const f = fixture(p);
      const want = expectedAnalyze(f) as GoJSON;
      assert.ok(want, `${p}: no analyze.json`);
      const r = run(f);

      assert.equal(r.error, want.error, 'read error');
      assert.equal(r.range, null);
      if (want.time !== null) assert.equal(r.traceEnd, want.time.duration, 'traceEnd is the last event in index time');

      // Groups: Go's /goroutines list, in its order, with the whole breakdown of their goroutines.
      assert.deepEqual(
        r.groups.map((g) => ({ name: g.name, count: g.count, exec_ns: g.exec })),
        want.goroutine_groups,
        'groups (name, count, exec) in Go order',
      );
      for (const g of r.groups) {
        const lines = want.goroutines.filter((x) => x.name === g.name);
        assert.deepEqual({ ...g }, { name: g.name, count: lines.length, ...sumBreakdowns(lines) }, `group ${JSON.stringify(g.name)}`);
      }
      assert.deepEqual(r.totals, { name: '', count: want.goroutines.length, ...sumBreakdowns(want.goroutines) }, 'totals');
      assert.deepEqual(r.blockReasons, Object.keys(r.totals.blockByReason).sort());
      assert.deepEqual(r.rangeNames, Object.keys(r.totals.ranges).sort());
      assert.equal(r.group, null, 'no drill-down without group');

      // The non-overlapping stats and Go's unknown time add up to the total.
      for (const g of want.goroutines) {
        const b = breakdownOf(g);
        const sum = b.exec + b.schedWait + b.syscall + b.syscallBlock + Object.values(b.blockByReason).reduce((a, x) => a + x, 0);
        assert.equal(b.unknown, Math.max(0, b.total - sum), `Go's unknown time of g${g.id}`);
      }

      // Drill-down: exactly the group's goroutines, each equal to Go's line.
      for (const g of r.groups) {
        const d = run(f, { group: g.name, sortBy: 'id', ascending: true, limit: 1_000_000, ids: true });
        const lines = want.goroutines.filter((x) => x.name === g.name).sort((a, b) => a.id - b.id);
        assert.ok(d.group);
        assert.equal(d.group.name, g.name);
        assert.equal(d.group.count, lines.length);
        assert.deepEqual(d.group.goroutines, lines.map(goRow), `goroutines of ${JSON.stringify(g.name)}`);
        assert.deepEqual(d.group.ids, lines.map((x) => x.id));
        assert.deepEqual(d.groups, r.groups, 'the groups come with the drill-down');
      }
    });
  }
});

describe('the drill-down: order, limit and count', () => {
  const f = fixture('traces/manyg-go1.27.trace');
  const want = expectedAnalyze(f) as GoJSON;
  const name = 'main.round.func2';
  const lines = want.goroutines.filter((x) => x.name === name);

  it('defaults to total time descending (Go\'s sortby), ties by id, at most 500', () => {
    const d = run(f, { group: name }).group!;
    assert.equal(d.count, 2000);
    assert.equal(d.goroutines.length, 500);
    assert.equal(d.sortBy, 'total');
    assert.equal(d.ascending, false);
    const order = [...lines].sort((a, b) => b.total_ns - a.total_ns || a.id - b.id).slice(0, 500);
    assert.deepEqual(d.goroutines, order.map(goRow));
    assert.equal(d.ids, undefined, 'ids only when asked for');
  });

  it('sorts by any column, both ways, and limits', () => {
    const cases: [string, (g: GoLine) => number][] = [
      ['exec', (g) => g.exec_ns],
      ['schedWait', (g) => g.sched_wait_ns],
      ['block:chan receive', (g) => g.block_by_reason['chan receive'] ?? 0],
      ['start', (g) => g.start ?? Infinity],
      ['id', (g) => g.id],
    ];
    for (const [key, value] of cases) {
      for (const ascending of [false, true]) {
        const d = run(f, { group: name, sortBy: key, ascending, limit: 7 }).group!;
        const dir = ascending ? 1 : -1;
        const order = [...lines].sort((a, b) => dir * (value(a) - value(b)) || a.id - b.id).slice(0, 7);
        assert.deepEqual(d.goroutines.map((g) => g.id), order.map((g) => g.id), `${key} ${ascending ? 'asc' : 'desc'}`);
        assert.equal(d.count, 2000);
      }
    }
  });

  it('limit 0 lists none but still counts them, and ids lists all', () => {
    const d = run(f, { group: name, limit: 0, ids: true }).group!;
    assert.equal(d.goroutines.length, 0);
    assert.equal(d.count, 2000);
    assert.deepEqual(d.ids, lines.map((g) => g.id).sort((a, b) => a - b));
  });

  it('an unknown group gives no drill-down; the unnamed group is ""', () => {
    assert.equal(run(f, { group: 'no.such' }).group, null);
    const s = fixture('traces/sched-go1.22.trace');
    const unnamed = (expectedAnalyze(s) as GoJSON).goroutines.filter((g) => g.name === '');
    assert.ok(unnamed.length > 0);
    const d = run(s, { group: '', sortBy: 'id', ascending: true }).group!;
    assert.deepEqual(d.goroutines, unnamed.map(goRow));
  });

  it('a goroutine filter keeps only those goroutines', () => {
    const ids = [1, lines[0]!.id, lines[1]!.id];
    const r = run(f, { goroutines: ids });
    assert.equal(r.totals.count, 3);
    assert.deepEqual(r.totals, { name: '', count: 3, ...sumBreakdowns(want.goroutines.filter((g) => ids.includes(g.id))) });
  });

  it('unknown sort keys and half ranges are refused', () => {
    assert.throws(() => goroutineAnalysisJob(context(f), { group: name, sortBy: 'block' }), /unknown sort key/);
    assert.throws(() => validateCall('goroutineAnalysis', [{ sortBy: 'color' }]), /sortBy/);
    assert.throws(() => validateCall('goroutineAnalysis', [{ t0: 5 }]), /both t0 and t1/);
    assert.throws(() => validateCall('goroutineAnalysis', [{ region: 'x' }]), /unexpected key "region"/);
    assert.throws(() => validateCall('goroutineAnalysis', [{ limit: -1 }]), /limit/);
  });
});

describe('a selected range: snapshot(t1) − snapshot(t0) per goroutine', () => {
  const cols = (b: GoroutineBreakdown) => [b.exec, b.schedWait, b.syscall, b.syscallBlock, ...Object.values(b.blockByReason)];
  for (const p of ['traces/contention-go1.27.trace', 'traces/gcchurn-go1.19.trace', 'traces/sched-go1.22.trace']) {
    it(p, () => {
      const f = fixture(p);
      const want = expectedAnalyze(f) as GoJSON;
      const whole = run(f);
      const end = whole.traceEnd;
      const all = run(f, { t0: 0, t1: end, group: 'main.main' });
      assert.deepEqual(all.range, { t0: 0, t1: end });
      // The whole trace as a range: Go's numbers (no goroutine of these ends in a blocked syscall).
      assert.deepEqual(all.groups, whole.groups);
      assert.deepEqual(all.group!.goroutines, want.goroutines.filter((g) => g.name === 'main.main').map(goRow));

      // Additivity: [0, m] + [m, end] = [0, end] per goroutine and column; totals are clipped lifetimes.
      const m = Math.round(end * 0.43);
      const a = run(f, { t0: 0, t1: m });
      const b = run(f, { t0: m, t1: end });
      for (const g of whole.groups) {
        const ga = a.groups.find((x) => x.name === g.name);
        const gb = b.groups.find((x) => x.name === g.name);
        const sum = (k: 'total' | 'exec' | 'schedWait' | 'syscall' | 'syscallBlock') => (ga?.[k] ?? 0) + (gb?.[k] ?? 0);
        for (const k of ['total', 'exec', 'schedWait', 'syscall', 'syscallBlock'] as const) assert.equal(sum(k), g[k], `${g.name} ${k}`);
        for (const [reason, v] of Object.entries(g.blockByReason)) {
          assert.equal((ga?.blockByReason[reason] ?? 0) + (gb?.blockByReason[reason] ?? 0), v, `${g.name} block ${reason}`);
        }
      }
      for (const r of [a, b]) {
        for (const g of r.groups) {
          for (const v of cols(g)) assert.ok(v >= 0, `${g.name}: no negative time in a range`);
          assert.ok(g.total <= g.count * (r.range!.t1 - r.range!.t0), `${g.name}: at most the range per goroutine`);
        }
      }
      // A goroutine's total inside the range is its lifetime clipped to it.
      const d = run(f, { t0: m, t1: end, group: 'main.main' }).group!.goroutines[0]!;
      assert.equal(d.total, end - Math.max(m, d.creation ?? 0));
    });
  }

  it('a range after the last event counts nothing', () => {
    const f = fixture('traces/contention-go1.27.trace');
    const end = run(f).traceEnd;
    const r = run(f, { t0: end + 10, t1: end + 1000 });
    assert.equal(r.groups.length, 0);
    assert.equal(r.totals.count, 0);
  });
});

describe('through the app\'s analysis service (a worker thread reading the file)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gotrace-goroutines-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('gives the job\'s answer, structured-cloned', async () => {
    const f = fixture('traces/contention-go1.27.trace.gz');
    const file = path.join(tmp, 'c.trace.gz');
    fs.copyFileSync(fixturePath(f), file);
    const svc = new AnalysisService(file);
    try {
      const req = { group: 'main.mutexes.func1', sortBy: 'exec', ids: true };
      const got = await svc.run<GoroutineAnalysisResponse>('goroutineAnalysis', req);
      assert.deepEqual(got, run(f, req));
      await assert.rejects(svc.run('goroutineAnalysis', { sortBy: 'nope' }), /unknown sort key/);
    } finally {
      svc.dispose();
    }
  });
});
