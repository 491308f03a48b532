// The Tasks & regions view in browser mode (gotrace serve + Chromium), on
// the annotations fixture: the type tables against the job's own answer
// (main/analysis/tasks-job.ts, itself checked against Go in
// test/analysis-views/tasks-view.test.ts), a type, a histogram bar, a row,
// its details, then each way back to the timeline lands on the right range.
// Screenshots: test-artifacts/ui/chromium-tasks-*.png.

import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, FIXTURES, getView, launchChromium, serve, settle, shot, uiSkipReason, VIEWPORT, waitReady, type Served } from './harness';
import { tasksRegionsJob } from '../../main/analysis/tasks-job';
import { loadTraceFile } from '../../main/node/load-trace';
import { newReader } from '../../shared/trace/reader';
import type { TasksRegionsRequest, TasksRegionsResponse } from '../../shared/ipc/analysis/tasks';

const TRACE = path.join(FIXTURES, 'traces', 'annotations-go1.27.trace');
const skip = uiSkipReason();
const T = { timeout: 120_000 };

function job(req: TasksRegionsRequest): TasksRegionsResponse {
  const { data } = loadTraceFile(TRACE);
  const open = () => newReader(data);
  const first = open().readEvent()!.time();
  return tasksRegionsJob({ open, data, path: TRACE, toIndexTime: (t) => t - first, toReaderTime: (t) => t + first, checkCancelled: () => {} }, req);
}

/** store.reveal's range for [t0, t1] (a 15% margin each side, at least 1µs wide). */
function revealed(t0: number, t1: number): { t0: number; t1: number } {
  const m = Math.max(t1 - t0, 1000) * 0.15;
  return { t0: Math.max(0, t0 - m), t1: t1 + m };
}

async function timelineShownAt(page: Page, want: { t0: number; t1: number }, what: string): Promise<void> {
  await page.waitForFunction(
    (w) => {
      const v = (globalThis as any).__gotrace.store.state.view;
      return Math.abs(v.t0 - w.t0) < 1 && Math.abs(v.t1 - w.t1) < 1;
    },
    want,
    { timeout: 10_000, polling: 50 },
  ).catch(async () => assert.fail(`${what}: view ${JSON.stringify(await getView(page))}, want ${JSON.stringify(want)}`));
  assert.equal(await page.locator('[data-testid="view-tasks"]').isHidden(), true, `${what}: the tasks view is hidden`);
  assert.equal(await page.locator('.view-tab[data-view="timeline"]').getAttribute('aria-selected'), 'true');
}

async function openTasksTab(page: Page): Promise<void> {
  await page.locator('.view-tab[data-view="tasks"]').click();
  await page.locator('[data-testid="view-tasks"]').waitFor({ state: 'visible' });
}

/** Waits until the view's last answer is in (no "Loading…"). */
async function loaded(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as any).document.querySelector('[data-testid="tasks-status"]')?.textContent !== 'Loading…', undefined, { timeout: 30_000, polling: 50 });
  await settle(page, 100);
}

const typeRows = (page: Page) => page.locator('[data-testid="tasks-types"] tbody tr[data-type]');
const instanceRows = (page: Page) => page.locator('[data-testid="tasks-instances"] tbody tr[data-key]');

describe('Tasks & regions view (Chromium)', { skip: skip ?? false }, () => {
  let browser: Browser;
  let page: Page;
  let served: Served;
  let errors: string[] = [];
  const all = job({ limit: 1_000_000 });

  before(async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    page = await context.newPage();
    errors = collectErrors(page);
    served = await serve(TRACE);
    await page.goto(served.url);
    await waitReady(page);
  });
  after(async () => {
    await served?.stop();
    await browser?.close();
  });

  test('the task types table has the job’s types and counts', T, async () => {
    await openTasksTab(page);
    await loaded(page);
    await shot(page, 'chromium-tasks-01-task-types');
    const names = await typeRows(page).evaluateAll((rs) => rs.map((r) => r.getAttribute('data-type')));
    assert.deepEqual(names, all.taskTypes.map((t) => t.name));
    const counts = await page.locator('[data-testid="tasks-types"] tbody tr[data-type] td.tv-count').allInnerTexts();
    assert.deepEqual(counts.map(Number), all.taskTypes.map((t) => t.count));
    // Every complete task type has a bar per non-empty bucket.
    for (const ty of all.taskTypes) {
      const bars = await page.locator(`[data-testid="tasks-types"] tr[data-type="${ty.name}"] .tv-spark-bar`).count();
      assert.equal(bars, ty.histogram.counts.filter((c) => c > 0).length, `bars of ${ty.name}`);
    }
    assert.equal(await instanceRows(page).count(), all.tasks.length);
    assert.deepEqual(errors, []);
  });

  test('a task type, a task, its details, then the timeline at the task', T, async () => {
    const childA = all.tasks.find((t) => t.name === 'childA')!;
    await typeRows(page).filter({ has: page.locator('td', { hasText: /^childA$/ }) }).click();
    await loaded(page);
    assert.equal(await instanceRows(page).count(), 1);
    assert.match(await page.locator('[data-testid="tasks-instances-count"]').innerText(), /^1 task$/);
    await page.locator(`[data-testid="tasks-instances"] tr[data-id="${childA.id}"]`).click();
    const details = page.locator('[data-testid="tasks-details"]');
    await details.waitFor();
    assert.match(await details.innerText(), new RegExp(`Task ${childA.id}\\s+childA`));
    const events = page.locator('[data-testid="tasks-events"] tbody tr');
    // cmd/trace's event list: begin, end, logs, region begins and ends.
    const own = childA.regions.reduce((n, r) => n + (r.hasStart ? 1 : 0) + (r.hasEnd ? 1 : 0), 0);
    assert.equal(await events.count(), 2 + childA.logs.length + own);
    await settle(page);
    await shot(page, 'chromium-tasks-02-task-details');

    await page.locator('[data-testid="tasks-open-timeline"]').click();
    await timelineShownAt(page, revealed(childA.start, childA.end), 'task → timeline');
    await settle(page, 300);
    await shot(page, 'chromium-tasks-03-task-on-timeline');
  });

  test('a log of a task opens the timeline around it', T, async () => {
    await openTasksTab(page);
    const childA = all.tasks.find((t) => t.name === 'childA')!;
    const log = childA.logs[0]!;
    const row = page.locator('[data-testid="tasks-events"] tbody tr', { hasText: `"${log.message}"` });
    await row.click();
    await timelineShownAt(page, revealed(Math.max(0, log.time - 5000), log.time + 5000), 'log → timeline');
  });

  test('regions: a histogram bar lists its bucket; a region opens on its goroutine', T, async () => {
    await openTasksTab(page);
    await page.locator('[data-testid="tasks-mode-regions"]').click();
    await loaded(page);
    const names = await typeRows(page).evaluateAll((rs) => rs.map((r) => `${r.getAttribute('data-type')}@${r.getAttribute('data-pc')}`));
    assert.deepEqual(names, all.regionTypes.map((t) => `${t.name}@${t.frame?.pc ?? 0}`));
    await shot(page, 'chromium-tasks-04-region-types');

    const worker = all.regionTypes.find((t) => t.name === 'worker')!;
    const bucket = worker.histogram.minBucket + worker.histogram.counts.findIndex((c) => c > 0);
    await page.locator(`[data-testid="tasks-types"] tr[data-type="worker"] .tv-spark-bar[data-bucket="${bucket}"]`).click();
    await loaded(page);
    const inBucket = all.regions.filter((r) => r.name === 'worker' && r.bucket === bucket);
    assert.equal(await instanceRows(page).count(), inBucket.length);
    await page.locator('[data-testid="tasks-bucket-chip"]').waitFor();
    // The chosen type's cmd/trace histogram: a row per bucket from its lowest to its highest, plus the end label.
    const buckets = page.locator('[data-testid="tasks-histogram"] tr');
    assert.equal(await buckets.count(), worker.histogram.counts.length + 1);
    assert.equal(await page.locator(`[data-testid="tasks-histogram"] tr.tv-current[data-bucket="${bucket}"]`).count(), 1);
    await shot(page, 'chromium-tasks-05-region-bucket');

    const longest = inBucket.sort((a, b) => b.duration - a.duration)[0]!;
    await page.locator(`[data-testid="tasks-instances"] tr[data-goroutine="${longest.goroutine}"]`).first().click();
    const details = page.locator('[data-testid="tasks-details"]');
    await details.waitFor();
    assert.match(await details.innerText(), new RegExp(`G${longest.goroutine}`));
    assert.equal(await page.locator('[data-testid="tasks-logs"] tbody tr').count(), Math.max(1, longest.logs.length));
    await settle(page);
    await shot(page, 'chromium-tasks-06-region-details');

    await page.locator('[data-testid="tasks-open-timeline"]').click();
    await timelineShownAt(page, revealed(longest.start, longest.end), 'region → timeline');
    const sel = await page.evaluate(() => (globalThis as any).__gotrace.store.state.selection);
    assert.ok(sel !== null, 'a span of the region’s goroutine is selected');
    await settle(page, 300);
    await shot(page, 'chromium-tasks-07-region-on-timeline');
  });

  test('filters: log text and duration', T, async () => {
    await openTasksTab(page);
    await page.locator('[data-testid="tasks-mode-tasks"]').click();
    await loaded(page);
    await page.locator('[data-testid="tasks-filter-log"]').fill('worker 1 done');
    await page.waitForTimeout(400);
    await loaded(page);
    const want = job({ kind: 'tasks', logText: 'worker 1 done' }).tasks.map((t) => String(t.id));
    assert.deepEqual(await instanceRows(page).evaluateAll((rs) => rs.map((r) => r.getAttribute('data-id'))), want);
    await page.locator('[data-testid="tasks-filter-clear"]').click();
    await loaded(page);
    await page.locator('[data-testid="tasks-filter-min"]').fill('1ms');
    await page.waitForTimeout(400);
    await loaded(page);
    const long = job({ kind: 'tasks', minDuration: 1e6 }).tasks.map((t) => String(t.id));
    assert.deepEqual(await instanceRows(page).evaluateAll((rs) => rs.map((r) => r.getAttribute('data-id'))), long);
    await page.locator('[data-testid="tasks-filter-max"]').fill('nonsense');
    await page.waitForTimeout(400);
    assert.match((await page.locator('[data-testid="tasks-filter-max"]').getAttribute('class')) ?? '', /tv-invalid/);
    await shot(page, 'chromium-tasks-08-filters');
    assert.deepEqual(errors, []);
  });
});
