// The MMU view in browser mode (Chromium): on a GC-heavy trace the tab
// shows the curve drawn by the app; hovering reads the MMU the job computes
// (main/analysis/mmu-job.ts, itself checked against Go in
// test/analysis-views/mmu-view.test.ts); clicking lists that window size's
// worst windows, exactly the job's; clicking one goes back to the timeline
// showing exactly that window (with the reveal margin). Screenshots:
// test-artifacts/ui/chromium-mmu-*.png.

import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, FIXTURES, launchChromium, serve, settle, shot, uiSkipReason, VIEWPORT, waitReady, type Served } from './harness';
import { mmuJob } from '../../main/analysis/mmu-job';
import type { JobContext } from '../../main/analysis/jobs';
import { loadTraceFile } from '../../main/node/load-trace';
import { newReader } from '../../shared/trace/reader';
import type { MMURequest } from '../../shared/ipc/analysis/mmu';
import { formatDuration } from '../../shared/format/duration';

const skip = uiSkipReason();
const T = { timeout: 120_000 };
const GC_TRACE = path.join(FIXTURES, 'traces', 'gcchurn-go1.27.trace');
const NO_GOMAXPROCS_TRACE = path.join(FIXTURES, 'traces', 'annotations-go1.15.trace');

/** The job in process, with the worker's time origin (the first event). */
function job(file: string, req: MMURequest) {
  const { data } = loadTraceFile(file);
  const open = () => newReader(data);
  const first = open().readEvent()?.time() ?? 0;
  const ctx: JobContext = { open, data, path: file, toIndexTime: (t) => t - first, toReaderTime: (t) => t + first, checkCancelled: () => {} };
  return mmuJob(ctx, req);
}

/** The view lists a window repeated by Go's Examples once. */
function distinctWindows<W extends { t0: number; t1: number }>(ws: W[]): W[] {
  return ws.filter((w, i) => ws.findIndex((x) => x.t0 === w.t0 && x.t1 === w.t1) === i);
}

const SYSTEM: MMURequest = { perGoroutine: false, stw: true, background: true, assist: true, sweep: false };

interface Readout {
  window: number;
  mmu: number;
  text: string;
}

async function readout(page: Page): Promise<Readout | null> {
  return page.evaluate(() => {
    const r = (globalThis as any).document.querySelector('[data-testid="mmu-readout"]');
    if (!r || r.dataset.window === undefined) return null;
    return { window: Number(r.dataset.window), mmu: Number(r.dataset.mmu), text: r.innerText };
  });
}

/** Moves the mouse over the curve at a fraction of the plot's width; returns the point. */
async function hoverAt(page: Page, frac: number): Promise<{ x: number; y: number }> {
  const box = (await page.locator('[data-testid="mmu-chart"]').boundingBox())!;
  // The plot area: the chart's margins (mmu-chart.ts M: left 48, right 18).
  const x = box.x + 48 + frac * (box.width - 48 - 18);
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.waitForFunction(() => ((globalThis as any).document.querySelector('[data-testid="mmu-readout"]'))?.dataset.window !== undefined, undefined, { timeout: 5000 });
  return { x, y };
}

async function waitCurve(page: Page, testid = 'mmu-curve'): Promise<void> {
  // Attached, not visible: a flat curve's box has no height.
  await page.locator(`[data-testid="${testid}"]`).waitFor({ state: 'attached', timeout: 30_000 });
  await page.waitForFunction(() => !(globalThis as any).document.querySelector('[data-testid="view-mmu"]')?.classList.contains('loading'), undefined, { timeout: 30_000 });
}

describe('MMU view (Chromium, browser mode)', { skip: skip ?? false }, () => {
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];
  const servers: Served[] = [];
  const open = async (trace: string) => {
    const served = await serve(trace);
    servers.push(served);
    await page.goto(served.url);
    await waitReady(page);
  };

  before(async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    page = await context.newPage();
    errors = collectErrors(page);
  });
  after(async () => {
    for (const s of servers) await s.stop();
    await browser?.close();
  });

  test('curve, readout, worst windows, and a worst window opened on the timeline', T, async () => {
    await open(GC_TRACE);
    await page.locator('.view-tab[data-view="mmu"]').click();
    await waitCurve(page);
    await settle(page);
    await shot(page, 'chromium-mmu-01-curve');

    const want = job(GC_TRACE, SYSTEM);
    assert.equal(want.unavailable, null);
    // The drawn curve has a point per sample.
    const points = await page.locator('[data-testid="mmu-curve"]').evaluate((p) => (p.getAttribute('d') ?? '').split('L').length);
    assert.equal(points, want.windows.length);

    // Hover: the readout is the job's value at one of its windows.
    const at = await hoverAt(page, 0.3);
    const r = (await readout(page))!;
    const i = want.windows.indexOf(r.window);
    assert.ok(i >= 0, `readout window ${r.window} is one of the job's windows`);
    assert.equal(r.mmu, want.mmu[i], 'readout MMU = the job\'s');
    assert.ok(r.text.includes(`Window ${formatDuration(r.window)}`), r.text);
    assert.ok(r.text.includes(want.mmu[i]!.toFixed(4)), r.text);
    await settle(page, 50);
    await shot(page, 'chromium-mmu-02-hover');

    // Click: the worst windows of that size, exactly the job's.
    await page.mouse.click(at.x, at.y);
    await page.locator('[data-testid="mmu-worst"] tbody tr[data-t0]').first().waitFor({ timeout: 30_000 });
    await waitCurve(page);
    const worst = distinctWindows(job(GC_TRACE, { ...SYSTEM, window: r.window, worst: 10 }).worst);
    assert.ok(worst.length > 0);
    const rows = await page.locator('[data-testid="mmu-worst"] tbody tr[data-t0]').evaluateAll((trs) =>
      trs.map((tr) => ({ t0: Number((tr as any).dataset.t0), t1: Number((tr as any).dataset.t1), text: (tr as any).innerText })),
    );
    assert.deepEqual(rows.map(({ t0, t1 }) => ({ t0, t1 })), worst.map(({ t0, t1 }) => ({ t0, t1 })));
    rows.forEach((row, k) => assert.ok(row.text.includes(`${(worst[k]!.util * 100).toFixed(2)}%`), row.text));
    assert.ok((await page.locator('.mmu-worst-head').innerText()).includes(`Worst ${formatDuration(r.window)} windows`));
    await page.mouse.move(10, 10);
    await settle(page);
    await shot(page, 'chromium-mmu-03-worst-windows');

    // Click the second worst: the timeline on exactly that window, with the reveal margin.
    const pick = worst[Math.min(1, worst.length - 1)]!;
    await page.locator(`[data-testid="mmu-worst"] tbody tr[data-t0="${pick.t0}"]`).click();
    const span = Math.max(pick.t1 - pick.t0, 1000);
    const margin = span * 0.15;
    const wantView = { t0: Math.max(0, pick.t0 - margin), t1: pick.t1 + margin };
    await page.waitForFunction((v) => {
      const s = (globalThis as any).__gotrace.store.state.view;
      return s.t0 === v.t0 && s.t1 === v.t1;
    }, wantView, { timeout: 10_000 });
    const state = await page.evaluate(() => {
      const s = (globalThis as any).__gotrace.store.state;
      return { view: s.view, range: s.range, hostHidden: ((globalThis as any).document.querySelector('[data-testid="views-host"]'))?.hidden ?? null };
    });
    assert.deepEqual(state.view, wantView);
    assert.deepEqual(state.range, { t0: pick.t0, t1: pick.t1 }, 'the window itself is marked as the range');
    assert.equal(state.hostHidden, true, 'the timeline is shown');
    assert.equal(await page.locator('.view-tab[data-view="timeline"]').getAttribute('aria-selected'), 'true');
    await settle(page, 400);
    await shot(page, 'chromium-mmu-04-window-on-timeline');
    assert.deepEqual(errors, []);
  });

  test('percentiles and per-goroutine mode', T, async () => {
    await page.locator('.view-tab[data-view="mmu"]').click();
    await waitCurve(page);
    await page.locator('[data-testid="mmu-percentiles"]').check();
    await page.locator('[data-testid="mmu-mode-goroutine"]').check();
    await waitCurve(page, 'mmu-curve-5');
    await waitCurve(page);
    const req: MMURequest = { ...SYSTEM, perGoroutine: true, quantiles: [0.01, 0.05, 0.1, 0.25, 0.5] };
    const want = job(GC_TRACE, req);
    await hoverAt(page, 0.6);
    const r = (await readout(page))!;
    const i = want.windows.indexOf(r.window);
    assert.ok(i >= 0);
    assert.equal(r.mmu, want.mmu[i]);
    for (const [k, name] of ['p1', 'p5', 'p10', 'p25', 'p50'].entries()) {
      assert.ok(r.text.includes(`${name} ${want.mud[k]![i]!.toFixed(4)}`), `${name} in ${r.text}`);
    }
    assert.equal(await page.locator('.mmu-legend .mmu-key').count(), 6);
    await settle(page, 50);
    await shot(page, 'chromium-mmu-05-percentiles-per-goroutine');

    // Nothing counted as GC: the mutator had the whole machine.
    for (const f of ['stw', 'background', 'assist']) await page.locator(`[data-testid="mmu-flag-${f}"]`).uncheck();
    await page.locator('[data-testid="mmu-percentiles"]').uncheck();
    await page.waitForFunction(() => !(globalThis as any).document.querySelector('[data-testid="mmu-curve-1"]'), undefined, { timeout: 30_000 });
    await waitCurve(page);
    await hoverAt(page, 0.55);
    assert.equal((await readout(page))!.mmu, 1);
    assert.deepEqual(errors, []);
  });

  test('a v1 trace without GC work (cmd/trace panics on it) shows the flat 100% curve and says why', T, async () => {
    await open(NO_GOMAXPROCS_TRACE);
    await page.locator('.view-tab[data-view="mmu"]').click();
    await page.waitForFunction(() => /No garbage collection/.test(((globalThis as any).document.querySelector('[data-testid="mmu-status"]'))?.innerText ?? ''), undefined, { timeout: 30_000 });
    await waitCurve(page);
    await hoverAt(page, 0.5);
    assert.equal((await readout(page))!.mmu, 1);
    await settle(page);
    await shot(page, 'chromium-mmu-06-no-gc');
    assert.deepEqual(errors, []);
  });
});
