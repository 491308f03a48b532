// The goroutine analysis view in browser mode (gotrace serve + Chromium):
// the groups table against the job's numbers and Go's analysis, sorting,
// the drill-down to a group's goroutines, opening one goroutine on the
// timeline, filtering the lanes to a group, copying CSV. Expectations come
// from Go's analyze.json, the job and the query service run here, never from
// the UI. Screenshots: test-artifacts/ui/chromium-goroutines-*.png.

import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectErrors, launchChromium, serve, settle, shot, uiSkipReason, waitReady, VIEWPORT, type Served } from './harness';
import { GOOD, GOOD_PATH } from './expect';
import { expectedAnalyze } from '../lib/fixtures';
import { goroutineAnalysisJob } from '../../main/analysis/goroutines-job';
import type { JobContext } from '../../main/analysis/jobs';
import { newReader } from '../../shared/trace/reader';
import { buildIndex } from '../../main/index/build';
import { QueryService } from '../../main/query/service';
import type { GoroutineAnalysisRequest, GoroutineAnalysisResponse } from '../../shared/ipc/analysis/goroutines';

const skip = uiSkipReason();
const T = { timeout: 120_000 };
const GROUP = 'main.mutexes.func1';

function job(req: GoroutineAnalysisRequest): GoroutineAnalysisResponse {
  const data = new Uint8Array(fs.readFileSync(GOOD_PATH));
  const open = () => newReader(data);
  const first = open().readEvent()!.time();
  const ctx: JobContext = { open, data, path: GOOD_PATH, toIndexTime: (t) => t - first, toReaderTime: (t) => t + first, checkCancelled: () => {} };
  return goroutineAnalysisJob(ctx, req);
}

const VIEW = '[data-testid="view-goroutine-analysis"]';

async function cellNs(page: Page, row: string, col: string): Promise<number> {
  return Number(await page.locator(`${row} td[data-col="${col}"] [data-ns]`).getAttribute('data-ns'));
}

async function groupNames(page: Page): Promise<string[]> {
  return page.locator(`${VIEW} [data-testid="ga-group-row"]`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-group') ?? ''));
}

async function openView(page: Page): Promise<void> {
  await page.locator('.view-tab[data-view="goroutine-analysis"]').click();
  await page.locator(`${VIEW} [data-testid="ga-group-row"]`).first().waitFor({ timeout: 30_000 });
  await settle(page);
}

describe('Goroutine analysis view (Chromium)', { skip: skip ?? false }, () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[] = [];
  let served: Served;
  const whole = skip ? null : job({});
  const go = expectedAnalyze(GOOD) as { goroutines: { id: number; name: string; exec_ns: number; total_ns: number }[]; goroutine_groups: { name: string; count: number; exec_ns: number }[] };

  before(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    page = await context.newPage();
    errors = collectErrors(page);
    served = await serve(GOOD_PATH);
    await page.goto(served.url);
    await waitReady(page);
  });
  after(async () => {
    await served?.stop();
    await browser?.close();
  });

  test('the groups table shows the job\'s numbers (Go\'s), with the totals row', T, async () => {
    await openView(page);
    assert.equal(await page.locator(VIEW).isVisible(), true);
    assert.equal(await page.locator('.timeline-host').evaluate((e) => e.classList.contains('view-hidden')), true, 'the view takes the timeline\'s place');
    await shot(page, 'chromium-goroutines-01-groups');

    // Go's /goroutines order: execution time descending, then name.
    assert.deepEqual(await groupNames(page), go.goroutine_groups.map((g) => g.name));
    const g = whole!.groups.find((x) => x.name === GROUP)!;
    const goGroup = go.goroutine_groups.find((x) => x.name === GROUP)!;
    const row = `${VIEW} tr[data-group="${GROUP}"]`;
    assert.equal(await page.locator(`${row} td[data-col="count"]`).innerText(), String(goGroup.count));
    assert.equal(await cellNs(page, row, 'exec'), goGroup.exec_ns, 'execution = Go\'s');
    assert.equal(await cellNs(page, row, 'total'), g.total);
    for (const [reason, v] of Object.entries(g.blockByReason)) assert.equal(await cellNs(page, row, `block:${reason}`), v, `block ${reason}`);
    assert.equal(await cellNs(page, row, 'schedWait'), g.schedWait);
    // Every column of the whole trace: block reasons and ranges as Go names them.
    const heads = await page.locator(`${VIEW} thead th`).allInnerTexts();
    for (const reason of whole!.blockReasons) assert.ok(heads.some((t) => t.includes(reason === '' ? '(unknown reason)' : reason)), `a column for block reason "${reason}"; heads: ${heads.join(' | ')}`);
    for (const name of whole!.rangeNames) assert.ok(heads.some((t) => t.includes(name)), `a column for range "${name}"`);
    const totals = `${VIEW} [data-testid="ga-totals-row"]`;
    assert.equal(await cellNs(page, totals, 'exec'), go.goroutines.reduce((a, x) => a + x.exec_ns, 0), 'the totals row: every goroutine\'s execution');
    assert.equal(await cellNs(page, totals, 'total'), go.goroutines.reduce((a, x) => a + x.total_ns, 0));
    assert.equal(await page.locator(`${row} .ga-bar .ga-bar-seg`).count() > 1, true, 'a stacked bar of the breakdown');
    assert.deepEqual(errors, []);
  });

  test('sorting by a column orders the groups by it; Copy CSV copies the table', T, async () => {
    await page.locator(`${VIEW} thead button[data-sort="schedWait"]`).click();
    await settle(page);
    const want = [...whole!.groups].sort((a, b) => b.schedWait - a.schedWait).map((x) => x.schedWait);
    const shown = await page.locator(`${VIEW} tbody [data-testid="ga-group-row"] td[data-col="schedWait"] [data-ns]`).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-ns'))));
    assert.deepEqual(shown, want, 'descending by scheduler wait');
    assert.equal(await page.locator(`${VIEW} thead th[aria-sort="descending"]`).innerText(), 'Sched wait ▼');
    await shot(page, 'chromium-goroutines-02-sorted');

    await page.locator(`${VIEW} [data-testid="ga-copy-csv"]`).click();
    const csv = await page.evaluate(() => (globalThis as any).navigator.clipboard.readText() as Promise<string>);
    const lines = csv.trim().split('\n');
    assert.match(lines[0]!, /^start function,goroutines,total ns,execution ns,sched wait ns,/);
    assert.equal(lines.length, whole!.groups.length + 1);
    const mine = lines.find((l) => l.startsWith(`${GROUP},`))!;
    const g = whole!.groups.find((x) => x.name === GROUP)!;
    assert.ok(mine.startsWith(`${GROUP},${g.count},${g.total},${g.exec},${g.schedWait},`), mine);
    // Back to Go's order for the next steps.
    await page.locator(`${VIEW} thead button[data-sort="exec"]`).click();
  });

  test('a group drills down to exactly its goroutines; one opens on the timeline', T, async () => {
    await page.locator(`${VIEW} tr[data-group="${GROUP}"] td[data-col="name"]`).click();
    await page.locator(`${VIEW} [data-testid="ga-goroutine-row"]`).first().waitFor({ timeout: 30_000 });
    await settle(page);
    await shot(page, 'chromium-goroutines-03-group');
    assert.match(await page.locator(`${VIEW} [data-testid="ga-breadcrumb"]`).innerText(), new RegExp(`All groups\\s*›\\s*${GROUP.replace(/\./g, '\\.')}`));

    const d = job({ group: GROUP }).group!;
    const ids = await page.locator(`${VIEW} [data-testid="ga-goroutine-row"]`).evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-goroutine'))));
    assert.deepEqual(ids, d.goroutines.map((x) => x.id), 'the group\'s goroutines, by total descending (Go\'s default)');
    assert.deepEqual([...ids].sort((a, b) => a - b), go.goroutines.filter((x) => x.name === GROUP).map((x) => x.id).sort((a, b) => a - b), 'exactly Go\'s goroutines of the group');
    for (const x of d.goroutines) {
      const row = `${VIEW} tr[data-goroutine="${x.id}"]`;
      assert.equal(await cellNs(page, row, 'exec'), go.goroutines.find((y) => y.id === x.id)!.exec_ns, `G${x.id} execution`);
      assert.equal(await cellNs(page, row, 'total'), x.total);
    }

    // Sorting the goroutines asks the job again, in that order (ids: descending first, as every number).
    await page.locator(`${VIEW} thead button[data-sort="id"]`).click();
    await page.waitForFunction(
      () => {
        const doc = (globalThis as any).document;
        const th = doc.querySelector('[data-testid="view-goroutine-analysis"] thead button[data-sort="id"]')?.closest('th');
        return th?.getAttribute('aria-sort') === 'descending' && !doc.querySelector('[data-testid="view-goroutine-analysis"]').hasAttribute('aria-busy');
      },
      undefined,
      { timeout: 15_000 },
    );
    await settle(page);
    const byId = await page.locator(`${VIEW} [data-testid="ga-goroutine-row"]`).evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-goroutine'))));
    assert.deepEqual(byId, [...ids].sort((a, b) => b - a));

    // Open the longest-lived one on the timeline.
    const target = [...d.goroutines].sort((a, b) => b.total - a.total || a.id - b.id)[0]!;
    const built = buildIndex(new Uint8Array(fs.readFileSync(GOOD_PATH)));
    const [lane] = await new QueryService(built.index).goroutineLanes([target.id]);
    assert.ok(lane !== undefined && lane >= 0);
    await page.locator(`${VIEW} tr[data-goroutine="${target.id}"] [data-testid="ga-open-goroutine"]`).click();
    await page.waitForFunction((l: number) => (globalThis as any).__gotrace.store.state.selection?.lane === l, lane, { timeout: 15_000 });
    await settle(page, 400);
    await shot(page, 'chromium-goroutines-04-goroutine-on-timeline');
    assert.equal(await page.locator('.timeline-host').evaluate((e) => e.classList.contains('view-hidden')), false, 'the timeline shows');
    assert.equal(await page.locator(VIEW).isVisible(), false);
    assert.equal(await page.locator('.views-host').isVisible(), false);
    const st = await page.evaluate(() => {
      const s = (globalThis as any).__gotrace.store.state;
      return { view: s.view as { t0: number; t1: number }, sel: s.selection as { lane: number } };
    });
    const t0 = target.creation ?? 0;
    const t1 = target.end ?? whole!.traceEnd;
    assert.equal(st.sel.lane, lane, 'the goroutine\'s lane is selected');
    assert.ok(st.view.t0 <= t0 && st.view.t1 >= t1, `the view [${st.view.t0}, ${st.view.t1}] holds G${target.id}'s life [${t0}, ${t1}]`);
    assert.ok(st.view.t1 - st.view.t0 <= (t1 - t0) * 1.5 + 2000, 'zoomed to it');
    assert.deepEqual(errors, []);
  });

  test('"Show on timeline" of a group shows only its goroutines\' lanes', T, async () => {
    await page.locator('.view-tab[data-view="goroutine-analysis"]').click();
    // The view kept its place: the group's goroutines; back to all groups by the breadcrumb.
    await page.locator(`${VIEW} [data-testid="ga-back"]`).click();
    await page.locator(`${VIEW} [data-testid="ga-group-row"]`).first().waitFor();
    const ids = go.goroutines.filter((x) => x.name === GROUP).map((x) => x.id);
    const built = buildIndex(new Uint8Array(fs.readFileSync(GOOD_PATH)));
    const lanes = await new QueryService(built.index).goroutineLanes(ids);
    await page.locator(`${VIEW} tr[data-group="${GROUP}"] [data-testid="ga-show-group"]`).click();
    await page.waitForFunction(() => (globalThis as any).__gotrace.store.state.goroutineFilter !== null, undefined, { timeout: 15_000 });
    await settle(page, 400);
    await shot(page, 'chromium-goroutines-05-group-on-timeline');
    const filter = await page.evaluate(() => (globalThis as any).__gotrace.store.state.goroutineFilter as number[]);
    assert.deepEqual([...filter].sort((a, b) => a - b), [...lanes].sort((a, b) => a - b));
    const sections = await page.locator('.section-header .section-title').allInnerTexts();
    assert.ok(sections.some((t) => new RegExp(`^Goroutines \\(${ids.length} of \\d+\\)$`).test(t)), `the goroutine section says it is filtered: ${sections.join(' | ')}`);
    const labels = await page.locator('[data-testid="lane-labels"] .lane-label:visible').allInnerTexts();
    const gLabels = labels.filter((l) => /^G\d+/.test(l));
    assert.equal(gLabels.length, ids.length, `goroutine lanes shown: ${gLabels.join(' | ')}`);
    for (const l of gLabels) assert.ok(ids.includes(Number(/^G(\d+)/.exec(l)![1])), l);
    assert.deepEqual(errors, []);
  });

  test('selected range only: the groups count the time inside the range', T, async () => {
    const end = whole!.traceEnd;
    const range = { t0: Math.round(end * 0.25), t1: Math.round(end * 0.5) };
    await page.evaluate((r: { t0: number; t1: number }) => (globalThis as any).__gotrace.store.setRange(r), range);
    await page.locator('.view-tab[data-view="goroutine-analysis"]').click();
    await page.locator(`${VIEW} [data-testid="ga-range-toggle"]`).check();
    const want = job(range);
    await page.waitForFunction((n: number) => (globalThis as any).document.querySelectorAll('[data-testid="ga-group-row"]').length === n && !(globalThis as any).document.querySelector('[data-testid="view-goroutine-analysis"]').getAttribute('aria-busy'), want.groups.length);
    await settle(page);
    await shot(page, 'chromium-goroutines-06-range');
    const totals = `${VIEW} [data-testid="ga-totals-row"]`;
    assert.equal(await cellNs(page, totals, 'exec'), want.totals.exec);
    assert.equal(await cellNs(page, totals, 'total'), want.totals.total);
    assert.ok(want.totals.total < whole!.totals.total);
    assert.deepEqual(errors, []);
  });
});
