// The flame graph's profiles (main/analysis/profile-job.ts) on the committed
// fixtures against Go 1.27's `go tool trace -pprof=TYPE` outputs
// (test/fixtures/expected/pprof): the tree's root and the values of the
// stacks ending at each node; the export through AppService, decoded; the
// filters against computeProfile and against each other; the contributing
// spans of each node against its value.

import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES } from '../lib/fixtures';
import { decodeProfileGz, loadExpected, normalizeRecords, type ExpectedProfile } from '../pprof/helpers';
import { loadTraceFile } from '../../main/node/load-trace';
import { newReader } from '../../shared/trace/reader';
import type { JobContext } from '../../main/analysis/jobs';
import { CPU_PERIOD_NS, exportProfileJob, offCpuLabel, profileJob } from '../../main/analysis/profile-job';
import { computeProfile, profileTotals, type ProfileFilter, type ProfileType } from '../../shared/analysis/profiles';
import { SPANS_PER_STACK, type ProfileRequest, type ProfileResponse } from '../../shared/ipc/analysis/profile';
import { AppService } from '../../main/app/service';
import { validateCall, ValidationError } from '../../shared/ipc/validate';

const contexts = new Map<string, JobContext>();

/** The job's context as the analysis worker makes it. */
function jobContext(rel: string): JobContext {
  let ctx = contexts.get(rel);
  if (ctx !== undefined) return ctx;
  const file = path.join(FIXTURES, rel);
  const { data } = loadTraceFile(file);
  const open = () => newReader(data);
  let first = 0;
  try {
    first = open().readEvent()?.time() ?? 0;
  } catch {
    first = 0;
  }
  ctx = { open, data, path: file, toIndexTime: (t) => t - first, toReaderTime: (t) => t + first, checkCancelled: () => {} };
  contexts.set(rel, ctx);
  return ctx;
}

function profile(rel: string, req: ProfileRequest): ProfileResponse {
  return profileJob(jobContext(rel), req);
}

function name(p: ProfileResponse, i: number): string {
  return `${p.strings[p.func[i]!]} ${p.strings[p.file[i]!]}`;
}

/** Root-first path of function+file names, per node. */
function paths(p: ProfileResponse): string[] {
  const out: string[] = [];
  for (let i = 0; i < p.parent.length; i++) out.push(i === 0 ? '' : `${out[p.parent[i]!]}/${name(p, i)}`);
  return out;
}

/** The stacks ending at each node: path → "count value" (value = ns, or samples). */
function selfValues(p: ProfileResponse): Map<string, string> {
  const ps = paths(p);
  const childCount = new Float64Array(p.parent.length);
  for (let i = 1; i < p.parent.length; i++) childCount[p.parent[i]!]! += p.count[i]!;
  const out = new Map<string, string>();
  for (let i = 0; i < p.parent.length; i++) {
    // The root's own value: records without a stack.
    const c = p.count[i]! - childCount[i]!;
    if (c !== 0 || p.self[i] !== 0) out.set(ps[i]!, p.unit === 'samples' ? `${c}` : `${c} ${p.self[i]}`);
  }
  return out;
}

/** Go's rows ("v1 v2\tfunc file:line\t...", leaf first) summed by root-first function+file path. */
function expectedSelfValues(e: ExpectedProfile): Map<string, string> {
  const sums = new Map<string, number[]>();
  for (const row of e.profile!.rows) {
    const [vals, ...frames] = row.split('\t');
    const key = frames
      .reverse()
      .map((f) => '/' + f.replace(/:\d+$/, ''))
      .join('');
    const v = vals!.split(' ').map(Number);
    const s = sums.get(key);
    if (s === undefined) sums.set(key, v);
    else v.forEach((x, i) => (s[i]! += x));
  }
  return new Map([...sums].map(([k, v]) => [k, v.join(' ')]));
}

function rootTotals(p: ProfileResponse): string {
  return p.unit === 'samples' ? `${p.count[0]}` : `${p.count[0]} ${p.total[0]}`;
}

/** The totals of computeProfile with the same filter. */
function computeTotals(rel: string, type: ProfileType, filter: ProfileFilter): string {
  const r = computeProfile(jobContext(rel).open, type, { filter });
  assert.equal(r.failure, null);
  const t = profileTotals(r.records);
  return type === 'cpu' ? `${t.count}` : `${t.count} ${t.time}`;
}

const expected = loadExpected();
function expectation(fixture: string, type: ProfileType): ExpectedProfile {
  const e = expected.find((x) => x.fixture === fixture && x.type === type);
  assert.ok(e !== undefined && e.profile !== null, `no Go expectation for ${fixture} ${type}`);
  return e;
}

/** Every node: its spans (those of the stacks in its subtree) against its value. */
function checkSpans(p: ProfileResponse, duration: number): void {
  assert.equal(p.spanNode.length, p.spanGoroutine.length);
  for (let s = 1; s < p.spanNode.length; s++) assert.ok(p.spanNode[s - 1]! <= p.spanNode[s]!, 'spans are sorted by node');
  for (let i = 0; i < p.parent.length; i++) {
    let sum = 0;
    let n = 0;
    for (let s = 0; s < p.spanNode.length; s++) {
      const node = p.spanNode[s]!;
      if (node < i || node >= p.end[i]!) continue;
      n++;
      sum += p.spanValue[s]!;
      const t0 = p.spanT0[s]!;
      const t1 = p.spanT1[s]!;
      assert.ok(t0 <= t1 && t0 >= 0 && t1 <= duration, `span ${s} [${t0}, ${t1}] within the trace (${duration})`);
      if (p.unit === 'samples') assert.equal(p.spanValue[s], 1);
      else assert.ok(p.spanValue[s]! > 0 && p.spanValue[s]! <= t1 - t0, `span ${s} adds ${p.spanValue[s]} of its ${t1 - t0} ns`);
    }
    if (p.type !== 'offcpu') assert.ok(n <= p.count[i]!, `node ${i}: ${n} spans for ${p.count[i]} episodes`);
    // Every episode is kept while its stack has at most SPANS_PER_STACK of them.
    if (p.count[i]! <= SPANS_PER_STACK && p.type !== 'offcpu') {
      assert.equal(n, p.count[i], `node ${i} (${name(p, i)}): every episode is listed`);
      assert.equal(sum, p.unit === 'samples' ? p.count[i] : p.total[i], `node ${i}: the spans add up to its value`);
    } else {
      assert.ok(sum <= p.total[i]! + 1e-6, `node ${i}: the spans add at most its value`);
    }
  }
}

function traceDuration(rel: string): number {
  const r = computeProfile(jobContext(rel).open, 'cpu');
  return r.lastTime - r.firstTime;
}

describe('profile view: trees equal go tool trace -pprof (Go 1.27)', () => {
  const pairs = expected.filter((e) => e.profile !== null || e.error !== null);
  it('covers v1 and v2 traces, CPU samples and every blocking type', () => {
    assert.ok(pairs.some((e) => /go1\.(15|19|21)\b/.test(e.fixture) && e.profile !== null && e.profile.rows.length > 0));
    assert.ok(pairs.some((e) => /go1\.2[2-7]/.test(e.fixture) && e.profile !== null && e.profile.rows.length > 0));
    for (const t of ['net', 'sync', 'syscall', 'sched', 'cpu']) assert.ok(pairs.some((e) => e.type === t && e.profile !== null && e.profile.rows.length > 0), t);
  });
  for (const e of pairs) {
    it(`${e.fixture} ${e.type}`, () => {
      const p = profile(e.trace, { type: e.type });
      if (e.error !== null) {
        assert.equal(p.failure, e.error);
        assert.equal(p.parent.length, 1);
        return;
      }
      assert.equal(p.failure, null);
      assert.equal(p.unit, e.type === 'cpu' ? 'samples' : 'ns');
      assert.equal(rootTotals(p), e.profile!.total);
      assert.deepEqual(selfValues(p), expectedSelfValues(e));
      // Preorder: a node's subtree follows it; totals add up.
      for (let i = 1; i < p.parent.length; i++) {
        const par = p.parent[i]!;
        assert.ok(par < i && p.end[par]! >= p.end[i]! && p.depth[i] === p.depth[par]! + 1);
      }
      const kids = new Float64Array(p.parent.length);
      for (let i = 1; i < p.parent.length; i++) kids[p.parent[i]!]! += p.total[i]!;
      for (let i = 0; i < p.parent.length; i++) assert.equal(p.total[i], p.self[i]! + kids[i]!, `node ${i}`);
    });
  }
});

describe('profile view: contributing spans', () => {
  for (const [rel, type] of [
    ['traces/contention-go1.27.trace', 'sync'],
    ['traces/contention-go1.15.trace', 'sched'],
    ['traces/netio-go1.27.trace', 'net'],
    ['traces/cpuprof-go1.27.trace', 'cpu'],
    ['traces/cpuprof-go1.27.trace', 'syscall'],
  ] as const) {
    it(`${rel} ${type}: each node's spans add up to its value`, () => {
      const p = profile(rel, { type });
      assert.ok(p.spanNode.length > 0);
      checkSpans(p, traceDuration(rel));
    });
  }
});

describe('profile view: filters', () => {
  const rel = 'traces/contention-go1.27.trace';
  const all = profile(rel, { type: 'sync' });
  const duration = traceDuration(rel);

  it('lists the goroutine groups and region types', () => {
    assert.ok(all.groups.length > 1);
    assert.ok(all.groups.some((g) => g.name.startsWith('main.')));
    const ann = profile('traces/annotations-go1.27.trace', { type: 'sched' });
    assert.ok(ann.regionTypes.length > 0);
  });

  it('a group counts what computeProfile counts for it; the groups partition the profile', () => {
    let count = 0;
    let time = 0;
    for (const g of all.groups) {
      const p = profile(rel, { type: 'sync', group: g.name });
      if (p.failure !== null) continue;
      assert.equal(rootTotals(p), computeTotals(rel, 'sync', { group: g.name }), g.name);
      count += p.count[0]!;
      time += p.total[0]!;
      checkSpans(p, duration);
    }
    assert.equal(`${count} ${time}`, rootTotals(all));
  });

  it('goroutines partition the profile, and their spans are theirs', () => {
    const ids = new Set<number>();
    for (let s = 0; s < all.spanGoroutine.length; s++) ids.add(all.spanGoroutine[s]!);
    assert.ok(ids.size > 1);
    let time = 0;
    let count = 0;
    for (const g of ids) {
      const p = profile(rel, { type: 'sync', goroutines: [g] });
      assert.equal(rootTotals(p), computeTotals(rel, 'sync', { goroutines: [g] }));
      for (let s = 0; s < p.spanGoroutine.length; s++) assert.equal(p.spanGoroutine[s], g);
      time += p.total[0]!;
      count += p.count[0]!;
    }
    // Every episode's goroutine shows among the spans (this profile has few episodes per stack).
    assert.equal(`${count} ${time}`, rootTotals(all));
  });

  it('a time range: two halves add up to the whole; the spans overlap their half', () => {
    const mid = Math.floor(duration / 2);
    const a = profile(rel, { type: 'sync', t0: 0, t1: mid });
    const b = profile(rel, { type: 'sync', t0: mid, t1: duration });
    assert.ok(a.total[0]! > 0 && b.total[0]! > 0);
    assert.equal(a.total[0]! + b.total[0]!, all.total[0]);
    const ctx = jobContext(rel);
    assert.equal(rootTotals(a), computeTotals(rel, 'sync', { timeRange: { start: ctx.toReaderTime(0), end: ctx.toReaderTime(mid) } }));
    for (let s = 0; s < a.spanT0.length; s++) assert.ok(a.spanT0[s]! < mid && a.spanValue[s]! <= Math.min(a.spanT1[s]!, mid) - a.spanT0[s]!);
    for (let s = 0; s < b.spanT0.length; s++) assert.ok(b.spanT1[s]! > mid && b.spanValue[s]! <= b.spanT1[s]! - Math.max(b.spanT0[s]!, mid));
    // CPU samples: the halves partition the samples (none sits exactly on mid here).
    const cpu = 'traces/cpuprof-go1.27.trace';
    const cd = traceDuration(cpu);
    const c = profile(cpu, { type: 'cpu' });
    const c1 = profile(cpu, { type: 'cpu', t0: 0, t1: cd / 2 });
    const c2 = profile(cpu, { type: 'cpu', t0: cd / 2, t1: cd });
    assert.equal(c1.count[0]! + c2.count[0]!, c.count[0]);
    assert.ok(c1.count[0]! > 0 && c2.count[0]! > 0);
  });

  it('a region type counts time inside those regions only', () => {
    const ann = 'traces/annotations-go1.27.trace';
    const whole = profile(ann, { type: 'sched' });
    let some = false;
    for (const region of whole.regionTypes) {
      const p = profile(ann, { type: 'sched', region });
      assert.equal(p.failure, null);
      assert.equal(rootTotals(p), computeTotals(ann, 'sched', { region: { name: region } }), region);
      some ||= p.total[0]! > 0;
    }
    assert.ok(some, 'some region has scheduler latency');
  });

  it('no matching goroutine is the failure Go reports', () => {
    const p = profile(rel, { type: 'sync', goroutines: [987654321] });
    assert.equal(p.failure, 'failed to generate pprof: failed to find matching goroutines for name: ');
    assert.equal(p.parent.length, 1);
  });
});

describe('profile view: off-CPU by reason', () => {
  for (const fixture of ['contention-go1.27', 'cpuprof-go1.27']) {
    it(`${fixture}: the reasons add up to Go's blocking profiles, plus the CPU samples`, () => {
      const rel = `traces/${fixture}.trace`;
      const p = profile(rel, { type: 'offcpu' });
      assert.equal(p.failure, null);
      assert.equal(p.unit, 'ns');
      const byLabel = new Map<string, number>();
      for (let i = 1; i < p.parent.length; i++) {
        if (p.parent[i] !== 0) continue;
        assert.equal(p.synthetic[i], 1);
        byLabel.set(p.strings[p.func[i]!]!, p.total[i]!);
      }
      const goTime = (type: ProfileType): number => {
        const e = expected.find((x) => x.fixture === fixture && x.type === type);
        if (e?.profile) return Number(e.profile.total.split(' ')[1]);
        return profileTotals(computeProfile(jobContext(rel).open, type).records).time;
      };
      let sync = 0;
      let net = 0;
      for (const [label, v] of byLabel) {
        if (label === offCpuLabel('net', 'network')) net += v;
        else if (label.startsWith('blocked: ')) sync += v;
      }
      assert.equal(sync, goTime('sync'));
      assert.equal(net, goTime('net'));
      assert.equal(byLabel.get(offCpuLabel('syscall', '')) ?? 0, goTime('syscall'));
      assert.equal(byLabel.get(offCpuLabel('sched', '')) ?? 0, goTime('sched'));
      const cpu = expected.find((x) => x.fixture === fixture && x.type === 'cpu');
      if (cpu?.profile) {
        assert.ok(p.cpuSamples > 0);
        assert.equal(byLabel.get(offCpuLabel('cpu', '')), Number(cpu.profile.total) * CPU_PERIOD_NS);
      }
      let rootSum = 0;
      for (const v of byLabel.values()) rootSum += v;
      assert.equal(p.total[0], rootSum);
    });
  }
});

describe('profile export', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gotrace-profile-view-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('AppService: profile() and exportProfile(savePath) equal Go; the file decodes to the same totals', async () => {
    const app = new AppService({ configDir: path.join(dir, 'config'), tempDir: dir });
    try {
      for (const [fixture, type] of [
        ['contention-go1.27', 'sync'],
        ['contention-go1.15', 'sched'],
        ['cpuprof-go1.27', 'cpu'],
        ['cpuprof-go1.19', 'cpu'],
      ] as const) {
        const e = expectation(fixture, type);
        const trace = path.join(FIXTURES, e.trace);
        const opened = await app.open(trace);
        const p = await app.profile({ type });
        assert.equal(rootTotals(p), e.profile!.total);
        assert.ok(p.total instanceof Float64Array);
        const out = path.join(dir, `${fixture}.${type}.pb.gz`);
        const r = await app.exportProfile({ type }, out);
        assert.deepEqual(r, { path: out, fileName: `${opened.name.replace(/\.trace$/, '')}.${type}.pb.gz`, bytes: null });
        assert.deepEqual(decodeProfileGz(fs.readFileSync(out)).normalized, e.profile);
        assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
        // Filtered: what computeProfile gives with that filter.
        const mid = Math.floor(traceDuration(e.trace) / 2);
        const filtered = await app.exportProfile({ type, t0: mid }, out);
        assert.equal(filtered.path, out);
        const ctx = jobContext(e.trace);
        const want = computeProfile(ctx.open, type, { filter: { timeRange: { start: ctx.toReaderTime(mid), end: Infinity } } });
        assert.deepEqual(decodeProfileGz(fs.readFileSync(out)).normalized, normalizeRecords(type, want.records));
        await assert.rejects(app.exportProfile({ type }, trace), /refusing to write the profile over the trace file/);
        assert.ok(fs.statSync(trace).size > 0);
      }
    } finally {
      app.close();
    }
  });

  it('browser mode returns the bytes; a save dialog chooses the path, or cancels', async () => {
    const asked: string[] = [];
    let answer: string | null = null;
    const app = new AppService({
      configDir: path.join(dir, 'config2'),
      tempDir: dir,
      saveDialog: async (n) => {
        asked.push(n);
        return answer;
      },
    });
    const browser = new AppService({ configDir: path.join(dir, 'config3'), tempDir: dir });
    try {
      const e = expectation('contention-go1.27', 'sync');
      const trace = path.join(FIXTURES, e.trace);
      await browser.open(trace);
      const r = await browser.exportProfile({ type: 'sync' });
      assert.equal(r.path, null);
      assert.equal(r.fileName, 'contention-go1.27.sync.pb.gz');
      assert.deepEqual(decodeProfileGz(r.bytes!).normalized, e.profile);

      await app.open(trace);
      assert.deepEqual(await app.exportProfile({ type: 'sync' }), { path: null, fileName: 'contention-go1.27.sync.pb.gz', bytes: null });
      answer = path.join(dir, 'chosen.pb.gz');
      assert.equal((await app.exportProfile({ type: 'sync' })).path, answer);
      assert.deepEqual(asked, ['contention-go1.27.sync.pb.gz', 'contention-go1.27.sync.pb.gz']);
      assert.deepEqual(decodeProfileGz(fs.readFileSync(answer)).normalized, e.profile);
    } finally {
      app.close();
      browser.close();
    }
  });

  it('the off-CPU export has the reasons as outermost frames and the tree\'s totals', () => {
    const rel = 'traces/cpuprof-go1.27.trace';
    const p = profile(rel, { type: 'offcpu' });
    const dec = decodeProfileGz(exportProfileJob(jobContext(rel), { type: 'offcpu' }));
    assert.equal(dec.normalized.sampleType, 'contentions/count delay/nanoseconds');
    assert.equal(dec.normalized.total, `${p.count[0]} ${p.total[0]}`);
    const roots = new Set<string>();
    for (const row of dec.normalized.rows) roots.add(row.split('\t').at(-1)!.replace(/ :0$/, ''));
    const labels = new Set<string>();
    for (let i = 1; i < p.parent.length; i++) if (p.parent[i] === 0) labels.add(p.strings[p.func[i]!]!);
    assert.deepEqual(roots, labels);
  });

  it('requests are validated', () => {
    assert.doesNotThrow(() => validateCall('profile', [{ type: 'offcpu', t0: 1, t1: 2, group: 'main.f', goroutines: [1, 2] }]));
    assert.throws(() => validateCall('profile', [{ type: 'offcpu', t0: 5, t1: 1 }]), ValidationError);
    assert.throws(() => validateCall('profile', [{ type: 'heap' }]), ValidationError);
    assert.throws(() => validateCall('exportProfile', [{ type: 'sync', extra: 1 }]), ValidationError);
  });
});
