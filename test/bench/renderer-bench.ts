// `node build/test/bench/renderer-bench.js [--small TRACE] [--big TRACE] [TRACE...]`:
// the timeline's frame times on a small and a big trace in one run, in
// browser mode (gotrace serve + Debian's Chromium, 1280x800, WebGL through
// SwiftShader), under the same scripted navigation: 60 steps (zoom in 10x
// around the middle in 20 steps, pan right in 20 steps, zoom back out in 20),
// one step every other animation frame, as fast as a person's wheel. Both
// traces are opened first (each in its own page and server), then swept in
// turns, RENDERER_BENCH_ROUNDS times each (default 3): a single sweep draws
// only ~65 frames, too few for a steady median on a 2-core machine where
// SwiftShader's rasterizer competes with the page for the CPU.
//
// Per trace: the timeline's own render times (window.__gotrace.frameTimes,
// the CPU time of each drawn frame) and the intervals between animation
// frames (what the person sees: render + GPU + everything else on the main
// thread): median, p95, max, frames over 50 ms; the viewport query latency;
// and the time from starting `gotrace serve` to the first complete frame
// (window.__gotrace.ready). Targets: big/small median ≤ 1.2, no frame over 50 ms.
//
// Traces: --small (default: $GOTRACE_BENCH_DIR/manyg-go1.27-1mb.trace, the
// same program as the big default, written by BIG_MB=1 scripts/gen-fixtures.sh
// big; else the committed 57 KB manyg fixture, with a note), --big (default: the largest TRACE given, else
// $GOTRACE_BENCH_DIR/manyg-go1.27-500mb.trace, else the 100 MB one, with a note).
// Prints a table, then one JSON line. Needs Chromium (CHROMIUM_PATH or
// /usr/bin/chromium); without it, says so and exits 0.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, FIXTURES, launchChromium, RENDERER, serve, VIEWPORT, waitReady } from '../ui/harness';

const STEPS_PER_PHASE = 20;
const ZOOM = 10;
const PAN_FRACTION = 0.05;
/** Sweeps per trace, alternating between the two traces. */
const ROUNDS = Math.max(1, Number(process.env.RENDERER_BENCH_ROUNDS) || 3);

interface Dist {
  n: number;
  median: number;
  mean: number;
  p95: number;
  max: number;
  over50: number;
}

interface TraceResult {
  trace: string;
  bytes: number;
  serveMs: number;
  pageMs: number;
  firstFrameMs: number;
  render: Dist;
  raf: Dist;
  /** Main-thread tasks over 50 ms during the sweeps, in ms. */
  longTasks: number[];
  viewportQueryMs: Dist;
  lanes: number;
}

function dist(xs: number[]): Dist {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => (s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))]!);
  return { n: s.length, median: q(0.5), mean: s.reduce((a, x) => a + x, 0) / Math.max(1, s.length), p95: q(0.95), max: s.length ? s[s.length - 1]! : NaN, over50: s.filter((x) => x > 50).length };
}

function parseArgs(argv: string[]): { small: string; big: string; note: string | null } {
  let small: string | null = null;
  let big: string | null = null;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--small') small = argv[++i] ?? null;
    else if (argv[i] === '--big') big = argv[++i] ?? null;
    else rest.push(argv[i]!);
  }
  let note: string | null = null;
  const dir = process.env.GOTRACE_BENCH_DIR || '/tmp/gotrace-bench';
  if (small === null) {
    // The issue's ~1 MB trace of the same program as the big one; the
    // committed 57 KB fixture (sparser, so cheaper to draw) when absent.
    const want = path.join(dir, 'manyg-go1.27-1mb.trace');
    if (fs.existsSync(want)) small = want;
    else {
      small = path.join(FIXTURES, 'traces', 'manyg-go1.27.trace');
      note = `${want} not found: measured the committed ${path.basename(small)} (57 KB) instead (BIG_MB=1 scripts/gen-fixtures.sh big writes it)`;
    }
  }
  if (big === null && rest.length > 0) big = rest.map((f) => ({ f, size: fs.statSync(f).size })).sort((a, b) => b.size - a.size)[0]!.f;
  if (big === null) {
    const want = path.join(dir, 'manyg-go1.27-500mb.trace');
    const fallback = path.join(dir, 'manyg-go1.27-100mb.trace');
    if (fs.existsSync(want)) big = want;
    else if (fs.existsSync(fallback)) {
      big = fallback;
      note = [note, `${want} not found: measured ${fallback} instead (BIG_MB=500 scripts/gen-fixtures.sh big writes it)`].filter(Boolean).join('; ');
    } else throw new Error(`no big trace: give --big TRACE, or run scripts/gen-fixtures.sh big (expected ${want})`);
  }
  return { small, big, note };
}

/**
 * The scripted sweep, in the page: returns the rAF intervals seen during it
 * and the page's long tasks (main-thread tasks over 50 ms, whoever ran them:
 * a long rAF interval without one is the compositor falling behind).
 */
async function sweep(page: Page): Promise<{ raf: number[]; longTasks: number[] }> {
  return page.evaluate(
    ({ steps, zoom, pan }) =>
      new Promise<{ raf: number[]; longTasks: number[] }>((resolve) => {
        const g = globalThis as any;
        const longTasks: number[] = [];
        const obs = new g.PerformanceObserver((l: any) => {
          for (const e of l.getEntries()) longTasks.push(e.duration);
        });
        obs.observe({ type: 'longtask' });
        const tl = g.__gotrace.timeline;
        const f = Math.pow(1 / zoom, 1 / steps);
        const plan: (() => void)[] = [];
        for (let i = 0; i < steps; i++) plan.push(() => tl.zoomAt(f, undefined, false));
        for (let i = 0; i < steps; i++) plan.push(() => tl.panBy(pan, false));
        for (let i = 0; i < steps; i++) plan.push(() => tl.zoomAt(1 / f, undefined, false));
        const deltas: number[] = [];
        let last = performance.now();
        let frame = 0;
        let k = 0;
        let tail = 0;
        const tick = (now: number) => {
          deltas.push(now - last);
          last = now;
          frame++;
          if (k < plan.length) {
            if (frame % 2 === 0) plan[k++]!();
          } else if (++tail > 30) {
            // Half a second more for the last answers to arrive and be drawn.
            obs.disconnect();
            resolve({ raf: deltas, longTasks });
            return;
          }
          g.requestAnimationFrame(tick);
        };
        g.requestAnimationFrame((now: number) => {
          last = now;
          g.requestAnimationFrame(tick);
        });
      }),
    { steps: STEPS_PER_PHASE, zoom: ZOOM, pan: PAN_FRACTION },
  );
}

interface Opened {
  trace: string;
  page: Page;
  served: Awaited<ReturnType<typeof serve>>;
  serveMs: number;
  pageMs: number;
  firstFrameMs: number;
  lanes: number;
  frames: number[];
  raf: number[];
  longTasks: number[];
  queries: number[];
}

async function open(browser: Browser, trace: string): Promise<Opened> {
  const t0 = performance.now();
  const served = await serve(trace, 15 * 60_000);
  const serveMs = performance.now() - t0;
  const page = await (await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 })).newPage();
  const t1 = performance.now();
  await page.goto(served.url);
  await waitReady(page, 5 * 60_000);
  const pageMs = performance.now() - t1;
  const firstFrameMs = performance.now() - t0;
  const lanes = await page.evaluate(() => (globalThis as any).document.querySelectorAll('[data-testid="lane-labels"] .lane-label[data-lane-id]').length as number);
  // Frame times are ~2 ms: without isolation performance.now() ticks in 100 µs.
  if (!(await page.evaluate(() => (globalThis as any).crossOriginIsolated as boolean))) console.log(`note: ${trace}: the page is not cross-origin isolated, frame times are rounded to 0.1 ms`);
  return { trace, page, served, serveMs, pageMs, firstFrameMs, lanes, frames: [], raf: [], longTasks: [], queries: [] };
}

/** One sweep from the whole trace; its frames, rAF intervals and query latencies are added to `o`. */
async function sweepOnce(o: Opened): Promise<void> {
  const page = o.page;
  await page.evaluate(() => (globalThis as any).__gotrace.timeline.fitAll());
  // Let the first frames settle, then start from the whole trace.
  await page.waitForTimeout(1000);
  const before = await page.evaluate(() => (globalThis as any).__gotrace.frameTimes.length as number);
  const queries: number[] = [];
  const poll = setInterval(() => {
    // lastViewportMs is the latest answer's latency: sampled, each new value once.
    page.evaluate(() => (globalThis as any).__gotrace.lastViewportMs as number).then((ms) => {
      if (ms !== queries[queries.length - 1]) queries.push(ms);
    }, () => {});
  }, 100);
  const { raf, longTasks } = await sweep(page);
  clearInterval(poll);
  const frames = await page.evaluate((from: number) => ((globalThis as any).__gotrace.frameTimes as number[]).slice(from), before);
  if (process.env.BENCH_FRAMES) console.log(path.basename(o.trace), frames.map((x) => x.toFixed(1)).join(' '));
  o.frames.push(...frames);
  o.raf.push(...raf);
  o.longTasks.push(...longTasks);
  o.queries.push(...queries.filter((x) => x > 0));
}

function result(o: Opened): TraceResult {
  return {
    trace: o.trace,
    bytes: fs.statSync(o.trace).size,
    serveMs: o.serveMs,
    pageMs: o.pageMs,
    firstFrameMs: o.firstFrameMs,
    render: dist(o.frames),
    raf: dist(o.raf),
    longTasks: o.longTasks,
    viewportQueryMs: dist(o.queries),
    lanes: o.lanes,
  };
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');

function table(rs: TraceResult[]): string {
  const rows = [
    ['trace', 'MiB', 'serve s', 'first frame s', 'render med', 'mean', 'p95', 'max', '>50ms', 'rAF med', 'p95', 'max', '>50ms', 'query med ms'],
    ...rs.map((r) => [
      path.basename(r.trace), (r.bytes / 2 ** 20).toFixed(1), (r.serveMs / 1000).toFixed(1), (r.firstFrameMs / 1000).toFixed(1),
      f1(r.render.median), f1(r.render.mean), f1(r.render.p95), f1(r.render.max), String(r.render.over50),
      f1(r.raf.median), f1(r.raf.p95), f1(r.raf.max), String(r.raf.over50), f1(r.viewportQueryMs.median),
    ]),
  ];
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ')).join('\n');
}

async function main(): Promise<void> {
  if (chromiumPath() === null) {
    console.log(`renderer bench skipped: Chromium not found at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} (set CHROMIUM_PATH)`);
    return;
  }
  if (!fs.existsSync(RENDERER)) throw new Error(`the renderer is not built (${RENDERER}): run npm run build`);
  const { small, big, note } = parseArgs(process.argv.slice(2));
  if (note) console.log(`note: ${note}`);
  console.log(`renderer bench: ${VIEWPORT.width}x${VIEWPORT.height}, SwiftShader WebGL, ${3 * STEPS_PER_PHASE} steps (zoom in ${ZOOM}x, pan, zoom out), ${ROUNDS} sweeps per trace taking turns; times in ms`);
  const browser = await launchChromium();
  const opened: Opened[] = [];
  try {
    for (const t of [small, big]) {
      console.log(`opening ${t} ...`);
      opened.push(await open(browser, t));
    }
    // Both stay open and take turns, so that whatever else the machine does
    // falls on both alike.
    for (let r = 0; r < ROUNDS; r++) for (const o of opened) await sweepOnce(o);
    const results = opened.map(result);
    const [s, b] = results as [TraceResult, TraceResult];
    console.log(table(results));
    const ratio = b.render.median / s.render.median;
    const rafRatio = b.raf.median / s.raf.median;
    console.log(`big/small median render time: ${ratio.toFixed(2)} (target <= 1.2), mean ${(b.render.mean / s.render.mean).toFixed(2)}; rAF interval ratio ${rafRatio.toFixed(2)}; frames over 50 ms: render ${s.render.over50} / ${b.render.over50}, rAF ${s.raf.over50} / ${b.raf.over50} (target none); long tasks (main thread > 50 ms): ${s.longTasks.length} / ${b.longTasks.length}; big trace from serve start to first frame: ${(b.firstFrameMs / 1000).toFixed(1)} s`);
    process.stdout.write(JSON.stringify({ bench: 'renderer', viewport: VIEWPORT, steps: 3 * STEPS_PER_PHASE, rounds: ROUNDS, note, small: s, big: b, ratioMedianRender: ratio, ratioMedianRaf: rafRatio }) + '\n');
  } finally {
    await browser.close();
    for (const o of opened) await o.served.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
