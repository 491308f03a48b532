// UI tests in browser mode: `gotrace serve TRACE --no-open --port 0` driven
// by playwright-core in Debian's Chromium (headless, SwiftShader WebGL; headed
// with GOTRACE_UI_HEADED=1, e.g. `xvfb-run -a env GOTRACE_UI_HEADED=1 npm test`).
// One browser for the file, one page reused across the scenarios. Without
// Chromium the whole suite is skipped with one message.

import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectErrors, httpGet, launchChromium, serve, shot, uiSkipReason, VIEWPORT } from './harness';
import * as sc from './scenarios';

const skip = uiSkipReason();
const T = { timeout: 90_000 };

describe('UI in browser mode (Chromium)', { skip: skip ?? false }, () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[] = [];

  before(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    page = await context.newPage();
    errors = collectErrors(page);
  });
  after(async () => {
    await browser?.close();
  });

  /** Each scenario gets the same page on a fresh server; its errors start empty. */
  const target: sc.Target = {
    name: 'chromium',
    async open(trace) {
      const served = await serve(trace);
      errors.length = 0;
      await page.goto(served.url);
      return { page, errors, close: () => served.stop() };
    },
    async openUnreadable(trace) {
      // The person opens the page on the start page and picks the file with "Open a trace…".
      const served = await serve(null);
      errors.length = 0;
      await page.goto(served.url);
      const open = page.locator('[data-testid="open-button"]');
      await open.waitFor({ timeout: 15_000 });
      await shot(page, 'chromium-09a-start-page');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10_000 }), open.click()]);
      await chooser.setFiles(trace);
      return { page, errors, close: () => served.stop() };
    },
  };

  test('opens and shows proc and goroutine lanes and the Goroutines / Heap / Threads strips', T, () => sc.opensWithLanes(target));
  test('W, 0, Ctrl+wheel, drag and Ctrl+Z change the view', T, () => sc.keysAndWheelNavigate(target));
  test('the longest blocked program goroutine in Blocked shows its reason and stack in Details', T, () => sc.blockedToDetails(target));
  test('search g<N> selects goroutine N', T, () => sc.searchGoroutine(target));
  test('a corrupt trace shows an error naming the file and the byte offset', T, () => sc.corruptShowsError(target));
  test('Cancel stays clickable while the progress moves, and cancels', T, () => sc.cancelWhileProgressMoves(target));
  test('a corrupt trace on the command line opens the window with its error', T, () => sc.corruptOnCommandLineShowsError(target));
  test('a truncated trace opens with the banner', T, () => sc.truncatedShowsBanner(target));

  test('the page without the token gets 403', T, async () => {
    const served = await serve(null);
    try {
      const base = `http://127.0.0.1:${served.port}`;
      assert.equal((await httpGet(`${base}/`)).status, 403);
      assert.equal((await httpGet(`${base}/index.html`)).status, 403);
      assert.equal((await httpGet(`${base}/${'x'.repeat(served.token.length)}/`)).status, 403);
      assert.equal((await httpGet(served.url)).status, 200);
      const res = await page.goto(`${base}/`);
      assert.equal(res?.status(), 403);
      assert.match(await page.locator('body').innerText(), /forbidden/i);
      await shot(page, 'chromium-11-no-token-403');
    } finally {
      await served.stop();
    }
  });
});
