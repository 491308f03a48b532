// While an analysis view covers the timeline, the timeline's navigation keys
// do nothing (they would move a view the user cannot see); back on the
// timeline they work again.

import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, getView, launchChromium, serve, settle, uiSkipReason, waitReady, waitViewChange, VIEWPORT, type Served } from './harness';
import { GOOD_PATH } from './expect';

const skip = uiSkipReason();
const T = { timeout: 60_000 };

describe('keys and the analysis views (Chromium)', { skip: skip ?? false }, () => {
  let browser: Browser;
  let page: Page;
  let served: Served;
  let errors: string[] = [];

  before(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 })).newPage();
    errors = collectErrors(page);
    served = await serve(GOOD_PATH);
    await page.goto(served.url);
    await waitReady(page);
  });
  after(async () => {
    await served?.stop();
    await browser?.close();
  });

  test('W, D and Ctrl+Z leave the hidden timeline alone; on the timeline W zooms', T, async () => {
    await page.evaluate(() => (globalThis as any).document.activeElement?.blur?.());
    await page.click('.view-tab[data-view="tasks"]');
    await settle(page);
    const before = await getView(page);
    for (const k of ['w', 'w', 'd', 'Control+z']) await page.keyboard.press(k);
    await settle(page, 300);
    assert.deepEqual(await getView(page), before, 'the view did not move');
    await page.click('.view-tab[data-view="timeline"]');
    await page.evaluate(() => (globalThis as any).document.activeElement?.blur?.());
    await page.keyboard.press('w');
    const after = await waitViewChange(page, before);
    assert.ok(after.t1 - after.t0 < before.t1 - before.t0, 'W zooms in on the timeline');
    assert.deepEqual(errors, []);
  });
});
