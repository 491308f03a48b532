// The goroutine section of a trace too big to list in the page (more than
// LOCAL_MAX goroutines; forced here on a small fixture with ?localMax=5):
// rows are paged from the main side, which sorts and filters them. The page
// must show the main side's order and honour the filter and the goroutine
// filter set by other views.

import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, launchChromium, serve, settle, shot, uiSkipReason, waitReady, VIEWPORT, type Served } from './harness';
import { GOOD_PATH } from './expect';
import { QueryService } from '../../main/query/service';
import { buildIndexFromFile } from '../../main/index/build-file';

const skip = uiSkipReason();
const T = { timeout: 90_000 };

describe('paged goroutine lanes (Chromium)', { skip: skip ?? false }, () => {
  let browser: Browser;
  let page: Page;
  let served: Served;
  let errors: string[] = [];
  const q = new QueryService(buildIndexFromFile(GOOD_PATH).result.index);

  before(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 })).newPage();
    errors = collectErrors(page);
    served = await serve(GOOD_PATH);
    await page.goto(`${served.url}?localMax=5`);
    await waitReady(page);
  });
  after(async () => {
    await served?.stop();
    await browser?.close();
  });

  /** Goroutine ids of the goroutine rows shown, top to bottom. */
  const shownIds = async (): Promise<number[]> => {
    const names = await page.locator('.lane-label.kind-goroutine:visible').allInnerTexts();
    return names.map((n) => Number(/^G(\d+)/.exec(n)?.[1] ?? NaN));
  };
  const sectionLabel = () => page.locator('[data-testid="section-goroutines"]').innerText();

  test('sorted by time blocked, the rows follow the main side\'s order', T, async () => {
    const total = (await q.summary()).laneCountsByKind['goroutine']!;
    assert.match(await sectionLabel(), new RegExp(`Goroutines \\(${total}\\)`));
    await page.selectOption('[data-testid="goroutine-sort"]', 'blocked');
    await page.waitForFunction(() => (globalThis as any).document.querySelector('.lane-label.kind-goroutine') !== null);
    await settle(page, 400);
    const want = (await q.lanes({ goroutines: { sort: 'blocked' }, limit: 1e6 })).lanes.filter((l) => l.parent < 0).map((l) => l.resource);
    const shown = await shownIds();
    assert.ok(shown.length >= 5, `rows shown: ${shown.length}`);
    assert.deepEqual(shown, want.slice(0, shown.length), 'the first rows are the longest blocked');
    await shot(page, 'chromium-paged-01-blocked');
  });

  test('the filter box filters on the main side', T, async () => {
    await page.fill('[data-testid="goroutine-filter"]', 'mutexes');
    await page.waitForFunction(() => /\(\d+ of \d+\)/.test((globalThis as any).document.querySelector('[data-testid="section-goroutines"]')?.textContent ?? ''));
    await settle(page, 400);
    const want = (await q.lanes({ goroutines: { sort: 'blocked', filter: 'mutexes' }, limit: 1e6 })).lanes.filter((l) => l.parent < 0).map((l) => l.resource);
    assert.ok(want.length > 0);
    assert.deepEqual(await shownIds(), want);
    assert.match(await sectionLabel(), new RegExp(`\\(${want.length} of `));
    await shot(page, 'chromium-paged-02-filtered');
    await page.fill('[data-testid="goroutine-filter"]', '');
  });

  test('a goroutine filter from another view (the store) applies', T, async () => {
    const all = (await q.lanes({ goroutines: {}, limit: 1e6 })).lanes.filter((l) => l.parent < 0);
    const pick = all.slice(3, 6);
    await page.evaluate((lanes) => (globalThis as any).__gotrace.store.setGoroutineFilter(lanes), pick.map((l) => l.id));
    await page.waitForFunction((n) => new RegExp(`\\(${n} of `).test((globalThis as any).document.querySelector('[data-testid="section-goroutines"]')?.textContent ?? ''), pick.length);
    await settle(page, 300);
    assert.deepEqual((await shownIds()).sort((a, b) => a - b), pick.map((l) => l.resource).sort((a, b) => a - b));
    assert.deepEqual(errors, []);
  });
});
