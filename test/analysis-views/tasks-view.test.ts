// The tasks and regions view's job (main/analysis/tasks-job.ts) on the real
// annotation fixtures, v1 (Go 1.15–1.21, converted) and v2 (Go 1.22+),
// against Go's own outputs: the `tasks` and `regions` of each fixture's
// analyze.json (Go 1.27's internal/trace summary, times relative to the
// first event, which is what the timeline's index times count from).
// Histograms follow cmd/trace's TimeHistogram; filters follow its
// /usertask and /userregion filters; every time is inside the trace.

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { tasksRegionsJob } from '../../main/analysis/tasks-job';
import { bucketMin, bucketOf } from '../../main/analysis/tasks-histogram';
import type { JobContext } from '../../main/analysis/jobs';
import { AnalysisService } from '../../main/analysis/service';
import { loadTraceFile } from '../../main/node/load-trace';
import { newReader } from '../../shared/trace/reader';
import type { DurationHistogram, RegionInstance, TasksRegionsRequest, TasksRegionsResponse } from '../../shared/ipc/analysis/tasks';
import { expectedAnalyze, fixturePath, loadManifest } from '../lib/fixtures';

interface GoTask {
  id: number;
  name: string;
  parent: number | null;
  start: number | null;
  end: number | null;
  complete: boolean;
  log_count: number;
}
interface GoRegion {
  g: number;
  task: number;
  name: string;
  start: number | null;
  end: number | null;
  exec_ns: number;
  sched_wait_ns: number;
  block_by_reason: Record<string, number>;
  syscall_ns: number;
  syscall_block_ns: number;
  unknown_ns: number;
}
interface GoAnalyze {
  error: string | null;
  time: { duration: number };
  tasks: GoTask[];
  regions: GoRegion[];
}

/** A JobContext as main/analysis/worker.ts makes one (index time counts from the first event). */
function contextFor(file: string): JobContext {
  const { data } = loadTraceFile(file);
  const open = () => newReader(data);
  const first = open().readEvent()?.time() ?? 0;
  return { open, data, path: file, toIndexTime: (t) => t - first, toReaderTime: (t) => t + first, checkCancelled: () => {} };
}

const ALL = { limit: 1_000_000 };

function byKey<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    m.set(k, [...(m.get(k) ?? []), x]);
  }
  return m;
}

const sortNum = (xs: number[]) => [...xs].sort((a, b) => a - b);

/** A histogram against the durations it counts, by cmd/trace's rules. */
function checkHistogram(h: DurationHistogram, durations: number[], what: string): void {
  assert.equal(h.count, durations.length, `${what}: histogram count`);
  assert.equal(h.counts.reduce((a, b) => a + b, 0), durations.length, `${what}: bucket counts sum to the count`);
  if (durations.length === 0) return;
  assert.equal(h.bounds.length, h.counts.length + 1, `${what}: bounds`);
  assert.ok(h.counts[0]! > 0 && h.counts[h.counts.length - 1]! > 0, `${what}: the first and last buckets are not empty`);
  const want = new Array<number>(h.counts.length).fill(0);
  for (const d of durations) {
    const b = bucketOf(d);
    // Go's bucket: int(ln(d) / ln(10^0.2)), five per decade, BucketMin(b) ≤ d < BucketMin(b+1)
    // (up to the float rounding of ln at exact powers of ten: 1000 ns falls in bucket 14).
    assert.ok(d <= 1 || (bucketMin(b) <= d + 1 && d <= bucketMin(b + 1)), `${what}: ${d} ns in bucket ${b} [${bucketMin(b)}, ${bucketMin(b + 1)})`);
    assert.equal(b, d > 0 ? Math.trunc(Math.log(d) / Math.log(Math.pow(10, 0.2))) : 0);
    want[b - h.minBucket]!++;
  }
  assert.deepEqual(h.counts, want, `${what}: bucket counts`);
  for (let i = 0; i < h.bounds.length; i++) assert.equal(h.bounds[i], bucketMin(h.minBucket + i));
}

/** cmd/trace's non-overlapping stats of a region, from Go's JSON fields (zeros left out). */
function goStats(r: GoRegion): Record<string, number> {
  const s: Record<string, number> = {
    'Execution time': r.exec_ns,
    'Sched wait time': r.sched_wait_ns,
    'Syscall execution time': r.syscall_ns,
    'Block time (syscall)': r.syscall_block_ns,
    'Unknown time': r.unknown_ns,
  };
  for (const [reason, ns] of Object.entries(r.block_by_reason)) s[`Block time (${reason})`] = (s[`Block time (${reason})`] ?? 0) + ns;
  for (const k of Object.keys(s)) if (s[k] === 0) delete s[k];
  return s;
}

const regionKey = (r: { goroutine?: number; g?: number; task: number; name: string; start: number }) => `${r.goroutine ?? r.g}/${r.task}/${r.name}/${r.start}`;

const fixtures = loadManifest().filter((f) => f.path.includes('annotations') && expectedAnalyze(f) !== null);

describe('tasks and regions against Go (analyze.json)', () => {
  it('covers v1 and v2 annotation fixtures', () => {
    const formats = new Set(fixtures.map((f) => f.format));
    assert.ok(formats.has('v1') && formats.has('v2'), [...formats].join(','));
    assert.ok(fixtures.length >= 9, `${fixtures.length} fixtures`);
  });

  for (const f of fixtures) {
    describe(f.path, () => {
      const go = expectedAnalyze(f) as GoAnalyze;
      const ctx = contextFor(fixturePath(f));
      const res = tasksRegionsJob(ctx, ALL);
      const end = go.time.duration;
      const goStart = (t: number | null) => t ?? 0;
      const goEnd = (t: number | null) => t ?? end;

      it('reads the whole trace; traceEnd is its duration', () => {
        assert.equal(res.error, go.error);
        assert.equal(res.traceEnd, end);
      });

      it('tasks: every task with Go’s name, parent, index times, completeness and logs', () => {
        assert.equal(res.matchedTasks, go.tasks.length);
        assert.equal(res.tasks.length, go.tasks.length);
        const ours = new Map(res.tasks.map((t) => [t.id, t]));
        for (const g of go.tasks) {
          const t = ours.get(g.id);
          assert.ok(t, `task ${g.id}`);
          assert.equal(t.name, g.name);
          assert.equal(t.parent, g.parent, `task ${g.id} parent`);
          assert.equal(t.complete, g.complete);
          assert.equal(t.hasStart, g.start !== null);
          assert.equal(t.hasEnd, g.end !== null);
          assert.equal(t.start, goStart(g.start), `task ${g.id} start`);
          assert.equal(t.end, goEnd(g.end), `task ${g.id} end`);
          assert.equal(t.duration, goEnd(g.end) - goStart(g.start));
          assert.equal(t.logs.length, g.log_count);
          for (const l of t.logs) assert.ok(l.time >= 0 && l.time <= end, `log at ${l.time}`);
          assert.deepEqual(t.logs.map((l) => l.time), sortNum(t.logs.map((l) => l.time)), 'logs sorted by time');
          // Its regions are Go's regions of that task (those with a begin or an end event).
          const goOwn = go.regions.filter((r) => r.task === g.id && r.name !== '').map((r) => regionKey({ ...r, start: goStart(r.start) }));
          const own = t.regions.filter((r) => r.name !== '').map((r) => regionKey(r));
          assert.deepEqual(own.sort(), goOwn.sort(), `regions of task ${g.id}`);
          assert.equal(t.regionCount, t.regions.length);
        }
        // Longest first.
        assert.deepEqual(res.tasks.map((t) => t.duration), sortNum(res.tasks.map((t) => t.duration)).reverse());
      });

      it('task types: counts, complete counts, histograms and durations of complete tasks', () => {
        const groups = byKey(go.tasks, (t) => t.name);
        assert.deepEqual(res.taskTypes.map((t) => t.name), [...groups.keys()].sort());
        for (const ty of res.taskTypes) {
          const g = groups.get(ty.name)!;
          const durations = g.filter((t) => t.complete).map((t) => t.end! - t.start!);
          assert.equal(ty.count, g.length, `count of ${ty.name}`);
          assert.equal(ty.complete, durations.length);
          checkHistogram(ty.histogram, durations, `task type ${JSON.stringify(ty.name)}`);
          if (durations.length > 0) {
            const s = sortNum(durations);
            assert.equal(ty.durations.total, s.reduce((a, b) => a + b, 0));
            assert.equal(ty.durations.max, s[s.length - 1]);
            assert.equal(ty.durations.min, s[0]);
            assert.equal(ty.durations.p50, s[(s.length - 1) >> 1]);
          }
        }
      });

      it('regions: every region with Go’s goroutine, task, index times and statistics', () => {
        assert.equal(res.matchedRegions, go.regions.length);
        const ours = byKey(res.regions, (r) => regionKey(r));
        for (const g of go.regions) {
          const k = regionKey({ ...g, start: goStart(g.start) });
          const rs = ours.get(k);
          assert.ok(rs && rs.length > 0, `region ${k}`);
          const r = rs.shift()!;
          assert.equal(r.end, goEnd(g.end), `end of ${k}`);
          assert.equal(r.hasStart, g.start !== null);
          assert.equal(r.hasEnd, g.end !== null);
          assert.equal(r.duration, goEnd(g.end) - goStart(g.start));
          assert.deepEqual(r.stats, goStats(g), `stats of ${k}`);
          assert.ok(r.start >= 0 && r.end <= end && r.start <= r.end);
          for (const l of r.logs) {
            assert.ok(l.time >= r.start && l.time <= r.end && l.goroutine === r.goroutine && l.task === r.task);
          }
        }
      });

      it('region types: counts and histograms per name (over every PC)', () => {
        const groups = byKey(go.regions, (r) => r.name);
        assert.deepEqual([...new Set(res.regionTypes.map((t) => t.name))], [...groups.keys()].sort());
        for (const [name, g] of groups) {
          const types = res.regionTypes.filter((t) => t.name === name);
          assert.equal(types.reduce((a, t) => a + t.count, 0), g.length, `count of ${name}`);
          const durations = g.map((r) => goEnd(r.end) - goStart(r.start));
          assert.deepEqual(sortNum(types.flatMap((t) => t.histogram.counts.flatMap((c, i) => new Array<number>(c).fill(t.histogram.minBucket + i)))), sortNum(durations.map(bucketOf)));
          for (const ty of types) {
            const mine = res.regions.filter((r) => r.name === name && r.pc === (ty.frame?.pc ?? 0)).map((r) => r.duration);
            assert.equal(ty.count, mine.length);
            checkHistogram(ty.histogram, mine, `region type ${JSON.stringify(name)}@${ty.frame?.pc}`);
          }
        }
      });

      it('filters: type, name, duration, bucket, completeness, log text', () => {
        const run = (req: TasksRegionsRequest): TasksRegionsResponse => tasksRegionsJob(ctx, { ...ALL, ...req });
        const ids = (r: TasksRegionsResponse) => r.tasks.map((t) => t.id).sort((a, b) => a - b);
        const goIds = (p: (t: GoTask) => boolean) => go.tasks.filter(p).map((t) => t.id).sort((a, b) => a - b);
        const dur = (t: GoTask) => t.end! - t.start!;

        assert.deepEqual(ids(run({ type: 'childA' })), goIds((t) => t.name === 'childA'));
        assert.deepEqual(ids(run({ name: 'child' })), goIds((t) => t.name.includes('child')));
        assert.deepEqual(ids(run({ complete: false })), goIds((t) => !t.complete));
        assert.deepEqual(ids(run({ complete: true })), goIds((t) => t.complete));
        const mid = sortNum(go.tasks.filter((t) => t.complete).map(dur));
        const cut = mid[mid.length >> 1]!;
        assert.deepEqual(ids(run({ minDuration: cut })), goIds((t) => t.complete && dur(t) >= cut));
        assert.deepEqual(ids(run({ maxDuration: cut })), goIds((t) => t.complete && dur(t) <= cut));
        for (const ty of res.taskTypes) {
          ty.histogram.counts.forEach((c, i) => {
            const got = run({ type: ty.name, bucket: ty.histogram.minBucket + i });
            assert.equal(got.tasks.length, c, `${ty.name} bucket ${ty.histogram.minBucket + i}`);
          });
        }
        assert.deepEqual(ids(run({ logText: 'nothing logs this' })), []);

        const keys = (r: TasksRegionsResponse) => r.regions.map((x) => regionKey(x)).sort();
        const goKeys = (p: (r: GoRegion) => boolean) => go.regions.filter(p).map((r) => regionKey({ ...r, start: goStart(r.start) })).sort();
        const rdur = (r: GoRegion) => goEnd(r.end) - goStart(r.start);
        assert.deepEqual(keys(run({ kind: 'regions', type: 'worker' })), goKeys((r) => r.name === 'worker'));
        assert.deepEqual(keys(run({ kind: 'regions', name: 'prepare' })), goKeys((r) => r.name.includes('prepare')));
        assert.deepEqual(keys(run({ kind: 'regions', minDuration: 100_000 })), goKeys((r) => rdur(r) >= 100_000));
        assert.deepEqual(keys(run({ kind: 'regions', maxDuration: 100_000 })), goKeys((r) => rdur(r) <= 100_000));
        for (const ty of res.regionTypes) {
          const pc = ty.frame?.pc ?? 0;
          assert.equal(run({ kind: 'regions', type: ty.name, pc }).regions.length, ty.count);
          ty.histogram.counts.forEach((c, i) => {
            assert.equal(run({ kind: 'regions', type: ty.name, pc, bucket: ty.histogram.minBucket + i }).regions.length, c);
          });
        }
        // The fixture program's workers log "worker N done" inside their "worker" region (and the unnamed region they inherited).
        if (f.path.includes('traces/annotations-')) {
          // cmd/trace's logtext: the task's name, its regions' names, its logs' categories and messages.
          assert.deepEqual(ids(run({ logText: 'worker 1 done' })), goIds((t) => t.name === 'childA'));
          assert.deepEqual(ids(run({ logText: 'worker-step' })), goIds((t) => t.name === 'childA'));
          assert.deepEqual(ids(run({ logText: 'grand' })), goIds((t) => t.name === 'grandchild'));
          assert.deepEqual(ids(run({ logText: 'no task' })), goIds((t) => t.id === 0));
          const logged = run({ kind: 'regions', logText: 'worker 1 done' });
          assert.deepEqual(logged.regions.map((r) => r.name).sort(), ['', 'worker']);
          assert.equal(new Set(logged.regions.map((r) => r.goroutine)).size, 1);
          assert.deepEqual(run({ kind: 'tasks', logText: 'x' }).regions, []);
          assert.deepEqual(run({ kind: 'regions' }).tasks, []);
        }
        // The limit keeps the longest.
        const two = run({ kind: 'regions', limit: 2 });
        assert.equal(two.regions.length, Math.min(2, go.regions.length));
        assert.equal(two.matchedRegions, go.regions.length);
        const longest = sortNum(go.regions.map(rdur)).reverse().slice(0, 2);
        assert.deepEqual(two.regions.map((r: RegionInstance) => r.duration), longest);
      });
    });
  }
});

describe('tasks and regions in the analysis worker', () => {
  it('the worker gives what the job gives', async () => {
    const file = fixturePath(fixtures.find((f) => f.path.endsWith('annotations-go1.27.trace'))!);
    const service = new AnalysisService(file);
    try {
      const req: TasksRegionsRequest = { kind: 'regions', type: 'worker' };
      const got = await service.run<TasksRegionsResponse>('tasksRegions', req);
      assert.deepEqual(got, tasksRegionsJob(contextFor(file), req));
      assert.equal(got.regions.length, 3);
    } finally {
      service.dispose();
    }
  });
});
