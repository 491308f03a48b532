// The MMU view's job (main/analysis/mmu-job.ts) on the real fixtures, v1
// (Go 1.15–1.21, converted) and v2 (Go 1.22+), against Go's own outputs:
// the `mmu` of every fixture's analyze.json (Go 1.27's internal/trace at
// 1ms/10ms/100ms/1s, system mode, STW + background + assist), and
// data/oracle.json (Go's MMU and Examples for every flag set of cmd/trace's
// MMU page). Go's MUD always answers the MMU (see mmu-mud.ts): our
// quantiles are checked on exact cases, against sampled window positions,
// and quantile 0 against Go's MMU. Worst windows must come back in the timeline's
// time: inside the trace, and the utilization integrated over exactly that
// range of Go's utilization function must be the reported one.

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mmuJob, logSpacedWindows, utilFlagsOf, DEFAULT_MIN_WINDOW } from '../../main/analysis/mmu-job';
import type { JobContext } from '../../main/analysis/jobs';
import { AnalysisService } from '../../main/analysis/service';
import { loadTraceFile } from '../../main/node/load-trace';
import { newReader } from '../../shared/trace/reader';
import { MutatorUtilizationBuilder, UtilAssist, UtilBackground, UtilSTW, utilFlagNames, type MutatorUtil } from '../../shared/analysis/gc';
import { GoPanic } from '../../shared/analysis/panic';
import { mudQuantiles } from '../../main/analysis/mmu-mud';
import { JSON_MMU_WINDOWS } from '../../shared/analysis/analyze-json';
import type { MMURequest, MMUResponse } from '../../shared/ipc/analysis/mmu';
import { FIXTURES, expectedAnalyze, fixturePath, loadManifest, type Fixture } from '../lib/fixtures';

const TOLERANCE = 1e-9;

interface Ctx extends JobContext {
  /** Reader times of the first and last event. */
  first: number;
  last: number;
}

/** A JobContext as main/analysis/worker.ts makes one (index time counts from the first event). */
function contextFor(file: string): Ctx {
  const { data } = loadTraceFile(file);
  const open = () => newReader(data);
  let first = 0;
  let last = 0;
  try {
    const r = open();
    let n = 0;
    for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) {
      if (n++ === 0) first = ev.time();
      last = ev.time();
    }
  } catch {
    // A damaged tail: the events before it count.
  }
  return {
    open,
    data,
    path: file,
    first,
    last,
    toIndexTime: (t) => t - first,
    toReaderTime: (t) => t + first,
    checkCancelled: () => {},
  };
}

/** Go's utilization functions, straight from gc.go's port. */
function utilization(ctx: JobContext, req: MMURequest): MutatorUtil[][] {
  const b = new MutatorUtilizationBuilder(utilFlagsOf(req));
  const r = ctx.open();
  for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) b.event(ev);
  return b.finish();
}

/** The mean of a utilization step function over [a, b) (reader times), by direct integration. */
function meanUtil(util: MutatorUtil[], a: number, b: number): number {
  let sum = 0;
  for (let i = 0; i < util.length; i++) {
    const s = Math.max(a, util[i]!.time);
    const e = Math.min(b, i + 1 < util.length ? util[i + 1]!.time : util[i]!.time);
    if (e > s) sum += util[i]!.util * (e - s);
  }
  return sum / (b - a);
}

function close(got: number, want: number, msg: string): void {
  assert.ok(Math.abs(got - want) <= TOLERANCE, `${msg}: got ${got}, want ${want}`);
}

const programs = loadManifest().filter((f) => f.kind === 'program' && f.expected?.analyze && (f.format === 'v1' || f.format === 'v2'));

describe("MMU view job: Go's analyze.json MMU on every program fixture", () => {
  it('covers v1 and v2 traces with and without a curve', () => {
    const withCurve = programs.filter((f) => (expectedAnalyze(f) as { mmu: unknown }).mmu !== null);
    assert.ok(withCurve.some((f) => f.format === 'v1') && withCurve.some((f) => f.format === 'v2'));
    assert.ok(programs.some((f) => (expectedAnalyze(f) as { mmu: unknown }).mmu === null));
  });
  for (const f of programs) {
    it(`${f.path} (${f.format}, Go ${f.go})`, () => {
      const go = expectedAnalyze(f) as { mmu: Record<string, number> | null; gc: Record<string, number>; events_by_kind: Record<string, number> };
      const want = go.mmu;
      const ctx = contextFor(fixturePath(f));
      const windows = JSON_MMU_WINDOWS.map(([, w]) => w);
      const got = mmuJob(ctx, { windows, window: 1e6 });
      if (want === null) {
        // Go has no MMU. Where the trace has no GC work at all (by Go's own
        // count), ours is the flat 100% that is true of it, and says why;
        // elsewhere either Go's analysis panicked (ours leaves out what Go
        // cannot place, and says so) or there is none, with the reason.
        const events = Object.values(go.events_by_kind).reduce((a, x) => a + x, 0);
        const noGC = events > 0 && go.gc.cycles === 0 && go.gc.stw_count === 0 && go.gc.mark_assist_count === 0 && go.gc.sweep_count === 0;
        if (noGC) {
          assert.equal(got.unavailable, null);
          assert.match(got.note ?? '', /No garbage collection/);
          assert.ok(got.mmu.length > 0 && got.mmu.every((x) => x === 1), 'MMU 1 at every window');
        } else if (got.unavailable === null) assert.match(got.note ?? '', /Go's own analysis fails/);
        else assert.equal(got.windows.length, 0);
        return;
      }
      assert.equal(got.unavailable, null);
      assert.equal(got.note, null, 'where Go has a curve, ours is Go\'s');
      assert.equal(got.series, 1);
      JSON_MMU_WINDOWS.forEach(([name], i) => close(got.mmu[i]!, want[name]!, `MMU(${name})`));
      checkWorst(ctx, got, {});
    });
  }
});

/**
 * Worst windows: in the timeline's time, inside the trace, and with the
 * utilization of exactly that range. (Not always disjoint: Go's Examples
 * checks a new window against the first overlapping one only.)
 */
function checkWorst(ctx: Ctx, got: MMUResponse, req: MMURequest): void {
  const window = got.window!;
  assert.ok(got.worst.length > 0, 'worst windows listed');
  const end = ctx.last - ctx.first;
  assert.ok(got.t0 >= 0 && got.t1 <= end, `curve extent [${got.t0}, ${got.t1}] inside [0, ${end}]`);
  const [util] = utilization(ctx, req);
  for (const w of got.worst) {
    assert.ok(w.t0 >= 0 && w.t1 <= end && w.t0 < w.t1, `window [${w.t0}, ${w.t1}] inside [0, ${end}]`);
    assert.equal(w.t1 - w.t0, Math.min(window, got.t1 - got.t0), 'window length');
    close(meanUtil(util!, ctx.toReaderTime(w.t0), ctx.toReaderTime(w.t1)), w.util, `utilization over [${w.t0}, ${w.t1}]`);
  }
  for (let i = 1; i < got.worst.length; i++) assert.ok(got.worst[i - 1]!.util <= got.worst[i]!.util, 'lowest first');
}

interface OracleMMU {
  panic?: string;
  series: unknown[] | null;
  mmu: Record<string, number>;
  examples: Record<string, [number, number][] | null>;
  mud: Record<string, number[]>;
}
const oracle = JSON.parse(fs.readFileSync(path.join(FIXTURES, '..', 'analysis', 'data', 'oracle.json'), 'utf8')) as Record<string, { error?: string; mmu: Record<string, OracleMMU> }>;

/** An oracle flag-set name ("perProc|stw|background|assist", "none") as the view's request. */
function requestOf(name: string): MMURequest {
  const names = name === 'none' ? [] : name.split('|');
  for (const n of names) assert.ok(utilFlagNames[n] !== undefined, n);
  return {
    perGoroutine: names.includes('perProc'),
    stw: names.includes('stw'),
    background: names.includes('background'),
    assist: names.includes('assist'),
    sweep: names.includes('sweep'),
  };
}

const ORACLE_TRACES = [
  'traces/gcchurn-go1.15.trace',
  'traces/gcchurn-go1.19.trace',
  'traces/gcchurn-go1.21.trace',
  'traces/cpuprof-go1.21.trace',
  'traces/gcchurn-go1.22.trace',
  'traces/gcchurn-go1.26.trace',
  'traces/gcchurn-go1.27.trace',
  'traces/gcchurn-go1.27-multigen.trace',
  'traces/annotations-go1.15.trace',
];
const GO_QUANTILES = [1 - 0.999, 1 - 0.99, 1 - 0.95];

describe("MMU view job: every include flag and mode against Go's MMU, Examples and MUD (oracle.json)", () => {
  for (const rel of ORACLE_TRACES) {
    it(rel, () => {
      const want = oracle[rel];
      assert.ok(want && want.error === undefined, `${rel} in the oracle`);
      const ctx = contextFor(path.join(FIXTURES, rel));
      for (const [name, w] of Object.entries(want.mmu)) {
        const at = `${rel} ${name}`;
        const req = requestOf(name);
        const wins = Object.keys(w.mmu).map(Number);
        if (w.panic !== undefined || wins.length === 0) {
          const got = mmuJob(ctx, { ...req, points: 10 });
          assert.ok(got.unavailable !== null || got.note !== null, `${at}: no curve in Go: none here, or one that says how it departs from Go`);
          continue;
        }
        const got = mmuJob(ctx, { ...req, windows: wins, quantiles: [0, ...GO_QUANTILES] });
        assert.equal(got.unavailable, null, at);
        assert.equal(got.series, w.series!.length, `${at}: series`);
        wins.forEach((win, i) => {
          const mmu = w.mmu[String(win)]!;
          assert.equal(got.mmu[i], mmu, `${at}: MMU(${win})`);
          // Go's MUD never fills its distribution: every quantile is the MMU.
          assert.deepEqual(w.mud[String(win)], [mmu, mmu, mmu, mmu], `${at}: Go's MUD(${win})`);
          // Ours: quantile 0 of the direct distribution is the MMU (per P, Ps whose function is
          // shorter than the window add no positions: it may lie above); the others above it, in order.
          if (req.perGoroutine) assert.ok(got.mud[0]![i]! >= mmu - TOLERANCE, `${at}: quantile 0 at ${win}`);
          else close(got.mud[0]![i]!, mmu, `${at}: quantile 0 at ${win}`);
          for (let k = 1; k < got.mud.length; k++) assert.ok(got.mud[k]![i]! >= got.mud[k - 1]![i]! - TOLERANCE, `${at}: quantiles in order at ${win}`);
        });
        for (const win of wins) {
          const ex = mmuJob(ctx, { ...req, points: 0, window: win, worst: 5 });
          assert.equal(ex.windows.length, 0, 'points: 0 gives no curve');
          const examples = w.examples[String(win)] ?? [];
          // Go's times are relative to the first event: the timeline's time.
          assert.deepEqual(
            ex.worst.map((x) => [x.t0, x.util]),
            examples,
            `${at}: Examples(${win})`,
          );
          for (const x of ex.worst) assert.equal(x.t1, x.t0 + Math.min(win, ex.t1 - ex.t0), `${at}: window end`);
          if (!req.perGoroutine && ex.worst.length > 0) checkWorst(ctx, ex, req);
        }
      }
    });
  }

  it('the include flags change the curve as in Go (gcchurn-go1.27, 1ms)', () => {
    const ctx = contextFor(path.join(FIXTURES, 'traces/gcchurn-go1.27.trace'));
    const at = (req: MMURequest) => mmuJob(ctx, { ...req, windows: [1e6] }).mmu[0]!;
    const none = at({ stw: false, background: false, assist: false });
    const defaults = at({});
    const sweep = at({ stw: false, background: false, assist: false, sweep: true });
    assert.equal(none, 1, 'nothing counted as GC: the mutator had every P');
    assert.ok(defaults < 1 && sweep < 1);
    assert.equal(defaults, oracle['traces/gcchurn-go1.27.trace']!.mmu['stw|background|assist']!.mmu['1000000']);
    assert.equal(sweep, oracle['traces/gcchurn-go1.27.trace']!.mmu['sweep']!.mmu['1000000']);
    assert.notEqual(at({ perGoroutine: true }), defaults, 'per-goroutine differs from system');
  });
});

describe('utilization distribution quantiles (mmu-mud.ts)', () => {
  // Go's TestMMU series: 1 and 0 alternating every second for 5 s.
  const series: MutatorUtil[][] = [[0, 1, 0, 1, 0, 0].map((u, i) => ({ time: i * 1e9, util: i === 5 ? 0 : 1 - (i % 2) }))];
  const qs = [0, 0.01, 0.25, 0.5, 0.9];
  it('1 s windows: utilization uniform on [0, 1]', () => {
    mudQuantiles(series, 1e9, qs)!.forEach((v, k) => close(v, qs[k]!, `q${qs[k]}`));
  });
  it('2 s windows: always 1/2', () => {
    mudQuantiles(series, 2e9, qs)!.forEach((v, k) => close(v, 0.5, `q${qs[k]}`));
  });
  it('3 s windows: uniform on [1/3, 2/3]', () => {
    mudQuantiles(series, 3e9, qs)!.forEach((v, k) => close(v, 1 / 3 + qs[k]! / 3, `q${qs[k]}`));
  });
  it('a window as long as the series: no distribution', () => {
    assert.equal(mudQuantiles(series, 5e9, qs), null);
  });
  it('a real trace: the quantiles of 20,001 sampled window positions (gcchurn-go1.19, sweep included, 1 ms)', () => {
    const ctx = contextFor(path.join(FIXTURES, 'traces/gcchurn-go1.19.trace'));
    const req: MMURequest = { sweep: true };
    const [util] = utilization(ctx, req);
    const w = 1e6;
    const start = util![0]!.time;
    const last = util![util!.length - 1]!.time - w;
    const n = 20_000;
    const sample = Float64Array.from({ length: n + 1 }, (_, k) => meanUtil(util!, start + ((last - start) * k) / n, start + ((last - start) * k) / n + w)).sort();
    const got = mmuJob(ctx, { ...req, windows: [w], quantiles: qs });
    qs.forEach((q, k) => {
      const want = sample[Math.round(q * n)]!;
      assert.ok(Math.abs(got.mud[k]![0]! - want) < 0.01, `q${q}: got ${got.mud[k]![0]}, sampled ${want}`);
    });
    assert.ok(got.mud[4]![0]! > got.mmu[0]! + 0.1, 'the distribution is not just its minimum');
  });
});

describe('MMU view job: the default curve', () => {
  it('samples 100 log-spaced windows from 1µs to the trace length, as Go samples its plot', () => {
    const ctx = contextFor(path.join(FIXTURES, 'traces/gcchurn-go1.27.trace'));
    const got = mmuJob(ctx, { quantiles: GO_QUANTILES });
    const length = ctx.last - ctx.first;
    // Go's utilization function ends at its last change, well before the trace does.
    assert.ok(got.t1 - got.t0 < length);
    assert.equal(got.windows.length, 100);
    assert.equal(got.windows[0], DEFAULT_MIN_WINDOW);
    assert.equal(got.windows[99], length);
    assert.deepEqual([...got.windows], logSpacedWindows(DEFAULT_MIN_WINDOW, length, 100));
    // Past the end of the function the MMU is that of the whole function (Go clips the window).
    assert.equal(got.mmu[99], mmuJob(ctx, { windows: [got.t1 - got.t0] }).mmu[0]);
    for (let i = 1; i < 100; i++) assert.ok(got.windows[i]! > got.windows[i - 1]!);
    for (let i = 0; i < 100; i++) {
      assert.ok(got.mmu[i]! >= 0 && got.mmu[i]! <= 1);
      // Each percentile curve lies above the MMU and the lower percentiles above the higher.
      assert.ok(got.mud[0]![i]! >= got.mmu[i]! - TOLERANCE && got.mud[1]![i]! >= got.mud[0]![i]! - TOLERANCE && got.mud[2]![i]! >= got.mud[1]![i]! - TOLERANCE);
    }
    assert.equal(got.window, null);
    assert.deepEqual(got.worst, []);
  });

  it('a v1 trace without GC work (where cmd/trace panics) gets the flat 100% curve, saying why', () => {
    const ctx = contextFor(path.join(FIXTURES, 'traces/annotations-go1.15.trace'));
    const got = mmuJob(ctx, {});
    assert.equal(got.unavailable, null);
    assert.match(got.note ?? '', /No garbage collection/);
    assert.ok(got.mmu.length > 10 && got.mmu.every((x) => x === 1));
  });
});

describe('MMU view job through the analysis service (worker thread)', () => {
  it('gives the same answer as the job in process, typed arrays intact', async () => {
    const f: Fixture | undefined = programs.find((p) => p.path === 'traces/gcchurn-go1.21.trace');
    assert.ok(f);
    const file = fixturePath(f);
    const service = new AnalysisService(file);
    try {
      const req: MMURequest = { points: 20, quantiles: GO_QUANTILES, window: 1e6 };
      const got = await service.run<MMUResponse>('mmu', req);
      const want = mmuJob(contextFor(file), req);
      assert.ok(got.windows instanceof Float64Array && got.mmu instanceof Float64Array);
      assert.deepEqual(got, want);
    } finally {
      service.dispose();
    }
  });
});

describe('MMU where Go panics (GC work on an event without a P)', () => {
  it('strict mode panics as Go does; lenient mode (the view) leaves the event out and counts it', () => {
    const strict = new MutatorUtilizationBuilder(UtilSTW | UtilBackground | UtilAssist);
    const lenient = new MutatorUtilizationBuilder(UtilSTW | UtilBackground | UtilAssist, true);
    const addGC = (b: MutatorUtilizationBuilder, p: number) => (b as unknown as { addGC(p: number, d: number): void }).addGC(p, 1);
    assert.throws(() => addGC(strict, -1), (e: Error) => e instanceof GoPanic && /index out of range \[-1\] with length 0/.test(e.message));
    addGC(lenient, -1);
    addGC(lenient, 3);
    assert.equal(lenient.ignored, 2);
  });
});
