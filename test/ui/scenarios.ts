// The UI scenarios, written once and run against each target: browser mode
// (gotrace serve + Chromium) and, where its binary exists, Electron. Each
// drives the page as a person would (keys, wheel, mouse, clicks on rows) and
// checks the result against expectations computed without the UI
// (expect.ts), with a screenshot per step in test-artifacts/ui/.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { CORRUPT_PATH, GOOD_PATH, goodExpectations, truncatedTrace } from './expect';
import { getView, settle, shot, waitReady, waitViewChange, type View } from './harness';
import { colorStats, decodePng } from './png';

export interface Session {
  page: Page;
  /** Page errors and console errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

export interface Target {
  /** 'chromium' or 'electron': prefixes the screenshot names. */
  name: string;
  /** Open the app on a trace (null: the start page). */
  open(trace: string | null): Promise<Session>;
  /** Try to open an unreadable trace as a person would; the page then shows the error. */
  openUnreadable(trace: string): Promise<Session>;
}

const text = (page: Page, sel: string) => page.locator(sel).allInnerTexts();

async function hasKeyboardFocusOnPage(page: Page): Promise<void> {
  // Keys go to the window; make sure no input has the focus.
  await page.evaluate(() => (globalThis as any).document.activeElement?.blur?.());
}

/** Canvas host rectangle on the page. */
async function canvasBox(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator('[data-testid="timeline-canvas"]').boundingBox();
  assert.ok(box, 'the timeline canvas host is on the page');
  return box;
}

// ---------------------------------------------------------------------------------------

/** Opens the good fixture: lanes, section titles and stat strips with their real labels; a drawn canvas. */
export async function opensWithLanes(target: Target): Promise<void> {
  const ex = await goodExpectations();
  const s = await target.open(GOOD_PATH);
  try {
    const { page } = s;
    await waitReady(page);
    await settle(page, 300);
    await shot(page, `${target.name}-01-open`);

    assert.deepEqual(await text(page, '[data-testid="lane-labels"] .strip-name'), ['Goroutines', 'Heap', 'Threads']);
    const sections = await text(page, '.section-header .section-title');
    assert.ok(sections.includes('Procs'), `section titles: ${sections.join(', ')}`);
    assert.ok(sections.includes(`Goroutines (${ex.goroutineCount})`), `section titles: ${sections.join(', ')} (Go's analysis: ${ex.goroutineCount} goroutines)`);
    const laneLabels = await text(page, '[data-testid="lane-labels"] .lane-label');
    for (const p of ex.procLanes) assert.ok(laneLabels.includes(p), `proc lane "${p}" labelled; labels: ${laneLabels.join(' | ')}`);
    assert.ok(laneLabels.includes(ex.firstGoroutineLabel), `goroutine lane "${ex.firstGoroutineLabel}" labelled`);
    assert.equal(await page.locator('[data-testid="trace-title"]').innerText(), path.basename(GOOD_PATH));
    const v = await getView(page);
    assert.deepEqual(v, { t0: 0, t1: ex.duration }, 'the whole trace is in view');
    if (target.name === 'chromium') assert.equal(await page.evaluate(() => (globalThis as any).crossOriginIsolated), true, 'browser mode serves a cross-origin isolated page');

    // The canvas is drawn: the lane area has many colours, not one background.
    const box = await canvasBox(page);
    const img = decodePng(await page.screenshot({ clip: { x: box.x, y: box.y + 300, width: box.width, height: Math.min(300, box.height - 300) } }));
    const st = colorStats(img);
    assert.ok(st.distinct >= 8 && st.dominantShare < 0.9, `the lane canvas looks blank: ${st.distinct} colours, ${(st.dominantShare * 100).toFixed(0)}% one colour`);
    assert.deepEqual(s.errors, []);
  } finally {
    await s.close();
  }
}

/** W zooms in, 0 fits all, Ctrl+wheel zooms at the cursor, drag pans, Ctrl+Z undoes. */
export async function keysAndWheelNavigate(target: Target): Promise<void> {
  const ex = await goodExpectations();
  const s = await target.open(GOOD_PATH);
  try {
    const { page } = s;
    await waitReady(page);
    await hasKeyboardFocusOnPage(page);
    const box = await canvasBox(page);
    const full = await getView(page);
    const span = (v: View) => v.t1 - v.t0;

    // W with the mouse away from the timeline: zoom in around the middle.
    await page.mouse.move(5, 5);
    await page.keyboard.press('w');
    const zoomed = await waitViewChange(page, full);
    assert.ok(span(zoomed) < span(full) * 0.8, `W zooms in: ${span(full)} -> ${span(zoomed)}`);
    await page.keyboard.press('w');
    const zoomed2 = await waitViewChange(page, zoomed);
    assert.ok(span(zoomed2) < span(zoomed) * 0.8, `W again zooms in further: ${span(zoomed)} -> ${span(zoomed2)}`);
    await settle(page);
    await shot(page, `${target.name}-02-zoomed-w`);
    await page.keyboard.press('w');
    const zoomed3 = await waitViewChange(page, zoomed2);

    // 0 fits the whole trace. (Right after W: the Ctrl+wheel below follows within the timeline's 600 ms
    // navigation burst, and must still get its own undo point because 0 came in between.)
    await page.keyboard.press('0');
    const fit = await waitViewChange(page, zoomed3);
    assert.deepEqual(fit, { t0: 0, t1: ex.duration }, '0 fits all');

    // Ctrl+wheel at a point: zooms in, and the time under the cursor stays put.
    const cx = Math.round(box.width * 0.3);
    const cy = Math.round(box.y + box.height * 0.6);
    await page.mouse.move(box.x + cx, cy);
    const tUnder = fit.t0 + (cx / box.width) * span(fit);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -400);
    await page.keyboard.up('Control');
    const wheeled = await waitViewChange(page, fit);
    assert.ok(span(wheeled) < span(fit) * 0.7, `Ctrl+wheel zooms in: ${span(fit)} -> ${span(wheeled)}`);
    const tUnderAfter = wheeled.t0 + (cx / box.width) * span(wheeled);
    assert.ok(Math.abs(tUnderAfter - tUnder) <= span(fit) / box.width * 2, `the time under the cursor stays: ${tUnder} -> ${tUnderAfter}`);
    await settle(page);
    await shot(page, `${target.name}-03-zoomed-ctrl-wheel`);

    // Drag to the left by 200 px: the view moves later in time by 200 px worth, same span.
    await page.waitForTimeout(700); // a new navigation burst (the timeline groups undo points within 600 ms)
    const beforeDrag = await getView(page);
    const npp = span(beforeDrag) / box.width;
    const x0 = box.x + Math.round(box.width * 0.75);
    await page.mouse.move(x0, cy);
    await page.mouse.down();
    await page.mouse.move(x0 - 100, cy, { steps: 4 });
    await page.mouse.move(x0 - 200, cy, { steps: 4 });
    await page.mouse.up();
    const dragged = await getView(page);
    assert.ok(Math.abs(span(dragged) - span(beforeDrag)) < 1e-6 * span(beforeDrag) + 1, 'dragging keeps the span');
    const shift = dragged.t0 - beforeDrag.t0;
    assert.ok(Math.abs(shift - 200 * npp) <= 3 * npp, `drag pans by 200 px: shifted ${shift} ns, expected ${200 * npp}`);
    await settle(page);
    await shot(page, `${target.name}-04-panned`);

    // Ctrl+Z undoes the pan, then the Ctrl+wheel zoom.
    await page.keyboard.press('Control+z');
    const undone = await waitViewChange(page, dragged);
    assert.ok(Math.abs(undone.t0 - beforeDrag.t0) < 1 && Math.abs(undone.t1 - beforeDrag.t1) < 1, `Ctrl+Z undoes the pan: ${JSON.stringify(undone)} vs ${JSON.stringify(beforeDrag)}`);
    await page.keyboard.press('Control+z');
    const undone2 = await waitViewChange(page, undone);
    assert.deepEqual(undone2, fit, 'Ctrl+Z again undoes the Ctrl+wheel zoom, back to the fit-all view');
    assert.deepEqual(s.errors, []);
  } finally {
    await s.close();
  }
}

/** The Blocked tab lists episodes as the query service orders them; choosing the longest blocked program goroutine shows its reason and stack in Details. */
export async function blockedToDetails(target: Target): Promise<void> {
  const ex = await goodExpectations();
  const s = await target.open(GOOD_PATH);
  try {
    const { page } = s;
    await waitReady(page);
    await page.locator('[data-tab="blocked"]').click();
    const rows = page.locator('[data-testid="blocked-row"]');
    await rows.first().waitFor({ timeout: 10_000 });
    await shot(page, `${target.name}-05-blocked-list`);

    // The list's first row is the longest episode of all.
    const first = rows.first();
    assert.equal(await first.getAttribute('data-lane'), String(ex.topEpisode.lane));
    assert.equal(await first.getAttribute('data-point'), String(ex.topEpisode.point));
    assert.equal(await first.locator('.gp-goroutine').innerText(), `G${ex.topEpisode.goroutine}`);
    assert.equal(await first.locator('.gp-duration').getAttribute('data-ns'), String(ex.topEpisode.duration));

    // Choose the longest-blocked program goroutine (the top rows are runtime goroutines parked for the whole trace).
    const ep = ex.userEpisode;
    const row = page.locator(`[data-testid="blocked-row"][data-lane="${ep.lane}"][data-point="${ep.point}"]`);
    assert.equal(await row.count(), 1, `the Blocked list has G${ep.goroutine}'s ${ep.reason} episode`);
    assert.equal(await row.locator('.gp-reason').innerText(), ep.reason);
    await row.click();

    const details = page.locator('[data-testid="details"]');
    await details.locator('[data-testid="details-reason"]').waitFor({ timeout: 10_000 });
    assert.equal(await details.locator('[data-testid="details-reason"]').innerText(), ep.reason);
    assert.match(await details.locator('.gp-title').innerText(), new RegExp(`^G${ep.goroutine}\\b`));
    const frames = await details.locator('[data-testid="details-begin-stack"] .gp-func').allInnerTexts();
    assert.deepEqual(frames, ep.stack.map((f) => f.func), 'Details shows the blocking stack');
    assert.ok(frames.includes(ex.userFunction), `the stack names ${ex.userFunction}`);
    const sel = await page.evaluate(() => (globalThis as any).__gotrace.store.state.selection);
    assert.deepEqual(sel, { type: 'span', lane: ep.lane, point: ep.point });
    const v = await getView(page);
    assert.ok(v.t0 <= ep.start && v.t1 >= ep.end, 'the episode is in view');
    await settle(page, 300);
    await shot(page, `${target.name}-06-blocked-details`);
    assert.deepEqual(s.errors, []);
  } finally {
    await s.close();
  }
}

/** Ctrl+K, "g<N>", Enter selects goroutine N: Details shows G<N>; "/" opens search too. */
export async function searchGoroutine(target: Target): Promise<void> {
  const ex = await goodExpectations();
  const g = ex.searchGoroutine;
  const s = await target.open(GOOD_PATH);
  try {
    const { page } = s;
    await waitReady(page);
    await hasKeyboardFocusOnPage(page);
    await page.keyboard.press('/');
    const input = page.locator('[data-testid="search-input"]');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await page.keyboard.press('Escape');
    await input.waitFor({ state: 'hidden', timeout: 5000 });

    await page.keyboard.press('Control+k');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await page.keyboard.type(`g${g.id}`);
    const hit = page.locator('[data-testid="search-hit"]').first();
    await hit.waitFor({ timeout: 5000 });
    assert.match(await hit.innerText(), new RegExp(`G${g.id} ${g.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    await shot(page, `${target.name}-07-search`);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 5000 });
    const title = page.locator('[data-testid="details"] .gp-title');
    await title.waitFor({ timeout: 10_000 });
    assert.match(await title.innerText(), new RegExp(`^G${g.id} `));
    assert.equal(await page.locator('[data-testid="details"] dd.gp-goroutine').innerText(), `G${g.id}`);
    await settle(page, 300);
    await shot(page, `${target.name}-08-search-selected`);
    assert.deepEqual(s.errors, []);
  } finally {
    await s.close();
  }
}

/** An unreadable trace: the error names the file and a byte offset. */
export async function corruptShowsError(target: Target): Promise<void> {
  const s = await target.openUnreadable(CORRUPT_PATH);
  try {
    const { page } = s;
    const err = page.locator('[data-testid="load-error"]');
    await err.waitFor({ timeout: 15_000 });
    const msg = await err.innerText();
    assert.ok(msg.includes(path.basename(CORRUPT_PATH)), `the error names the file: ${msg}`);
    assert.match(msg, /at byte \d+/, 'the error gives the byte offset');
    await shot(page, `${target.name}-09-corrupt-error`);
  } finally {
    await s.close();
  }
}

/**
 * Cancel works while the progress keeps moving (20 reports a second while
 * an index is built): the button stays the same element across reports. A
 * capture from a real HTTP endpoint that sends the start of a trace and then
 * holds the connection open keeps a load in progress for as long as needed.
 */
export async function cancelWhileProgressMoves(target: Target): Promise<void> {
  const bytes = fs.readFileSync(GOOD_PATH);
  const srv = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.write(bytes.subarray(0, 1000));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  const s = await target.open(null);
  try {
    const { page } = s;
    await page.locator('[data-testid="start-page"] summary').filter({ hasText: 'Capture' }).click();
    await page.locator('#gp-capture-url').fill(`http://127.0.0.1:${port}/debug/pprof/trace`);
    await page.locator('#gp-capture-secs').fill('30');
    await page.locator('[data-testid="capture-form"] button[type="submit"]').click();
    const progress = page.locator('[data-testid="load-progress"]');
    await progress.waitFor({ timeout: 15_000 });
    const button = await page.waitForSelector('[data-testid="cancel-load"]');
    // Three different reports while holding on to the button.
    const seen = new Set<string>();
    for (let i = 0; i < 100 && seen.size < 3; i++) {
      seen.add((await progress.textContent()) ?? '');
      await page.waitForTimeout(60);
    }
    assert.ok(seen.size >= 3, `the progress moved: ${[...seen].join(' | ')}`);
    assert.equal(await button.evaluate((b) => (b as unknown as { isConnected: boolean }).isConnected), true, 'the Cancel button is still the one on the page');
    await shot(page, `${target.name}-10-capture-progress`);
    await button.click();
    await page.getByText('Loading cancelled.').waitFor({ timeout: 10_000 });
    assert.equal(await progress.count(), 0, 'the progress is gone');
  } finally {
    await s.close();
    srv.closeAllConnections();
    srv.close();
  }
}

/** An unreadable trace given on the command line: the window opens and shows the error, naming the file and offset. */
export async function corruptOnCommandLineShowsError(target: Target): Promise<void> {
  const s = await target.open(CORRUPT_PATH);
  try {
    const { page } = s;
    const err = page.locator('[data-testid="load-error"]');
    await err.waitFor({ timeout: 30_000 });
    const msg = await err.innerText();
    assert.ok(msg.includes(path.basename(CORRUPT_PATH)), `the error names the file: ${msg}`);
    assert.match(msg, /at byte \d+/, 'the error gives the byte offset');
    assert.equal(await page.locator('[data-testid="open-button"]').isVisible(), true, 'the start page offers to open another trace');
    await shot(page, `${target.name}-09b-corrupt-command-line`);
  } finally {
    await s.close();
  }
}

/** A truncated trace opens (what was complete) with the banner saying so. */
export async function truncatedShowsBanner(target: Target): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gotrace-ui-'));
  try {
    const cut = truncatedTrace(dir);
    const s = await target.open(cut);
    try {
      const { page } = s;
      await waitReady(page);
      const banner = page.locator('.gp-banner[data-testid="banner"]');
      await banner.waitFor({ state: 'visible', timeout: 10_000 });
      const msg = await banner.innerText();
      assert.ok(msg.includes(path.basename(cut)), `the banner names the file: ${msg}`);
      assert.match(msg, /byte \d+/, 'the banner gives the byte offset');
      assert.ok((await text(page, '[data-testid="lane-labels"] .lane-label')).some((l) => /^Proc \d+$/.test(l)), 'lanes of the readable part are shown');
      await settle(page, 300);
      await shot(page, `${target.name}-10-truncated-banner`);
    } finally {
      await s.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}


