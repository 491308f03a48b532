// The flame graph view in browser mode (gotrace serve + Chromium): the
// profiles' totals against Go's `go tool trace -pprof` outputs, zoom,
// search, the contributing spans of a clicked frame opening on the
// timeline, the selected-range filter, and the export's download decoding
// to Go's profile. Screenshots: test-artifacts/ui/chromium-flame-*.png.

import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, FIXTURES, launchChromium, serve, settle, shot, uiSkipReason, VIEWPORT, waitReady, type Served } from './harness';
import { decodeProfileGz, loadExpected, type ExpectedProfile } from '../pprof/helpers';
import { formatCount, formatDuration } from '../../shared/format/duration';

const skip = uiSkipReason();
const T = { timeout: 120_000 };

function expectation(fixture: string, type: string): ExpectedProfile {
  const e = loadExpected().find((x) => x.fixture === fixture && x.type === type);
  assert.ok(e?.profile, `Go's ${type} profile of ${fixture}`);
  return e;
}

/** Profiles the flame view has shown so far. */
async function loads(page: Page): Promise<number> {
  return Number((await page.locator('[data-testid="view-flame"]').getAttribute('data-loads')) ?? 0);
}

/** Waits until the flame view shows its profile number `after`+1 or later, and returns its total. */
async function waitTotal(page: Page, after: number): Promise<{ value: number; count: number; text: string }> {
  await page.waitForFunction(
    (n) => Number((globalThis as any).document.querySelector('[data-testid="view-flame"]')?.dataset.loads ?? 0) > n,
    after,
    { timeout: 30_000, polling: 50 },
  );
  const el = page.locator('[data-testid="flame-total"]');
  return { value: Number(await el.getAttribute('data-value')), count: Number(await el.getAttribute('data-count')), text: await el.innerText() };
}

/** The canvas point of the leftmost (largest) frame at depth d. */
async function frameAt(page: Page, depth: number): Promise<{ x: number; y: number }> {
  const box = (await page.locator('[data-testid="flame-canvas"]').boundingBox())!;
  return { x: box.x + 6, y: box.y + depth * 18 + 9 };
}

describe('flame graph view in browser mode (Chromium)', { skip: skip ?? false }, () => {
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];
  let served: Served | null = null;
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'gotrace-flame-ui-'));

  before(async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, acceptDownloads: true });
    page = await context.newPage();
    errors = collectErrors(page);
  });
  after(async () => {
    await served?.stop();
    await browser?.close();
    fs.rmSync(downloads, { recursive: true, force: true });
  });

  async function open(rel: string): Promise<void> {
    await served?.stop();
    served = await serve(path.join(FIXTURES, rel));
    errors.length = 0;
    await page.goto(served.url);
    await waitReady(page);
    await page.locator('.view-tab[data-view="flame"]').click();
    await page.locator('[data-testid="view-flame"]').waitFor({ state: 'visible' });
  }

  test('sync blocking: Go\'s total, zoom, tooltip, search, contributing spans open on the timeline', T, async () => {
    const sync = expectation('contention-go1.27', 'sync');
    await open(sync.trace);
    // The default profile: off-CPU by reason.
    const off = await waitTotal(page, 0);
    assert.ok(off.value > 0);
    await settle(page, 200);
    await shot(page, 'chromium-flame-01-offcpu');

    const before = await loads(page);
    await page.locator('[data-testid="flame-type"]').selectOption('sync');
    const t = await waitTotal(page, before);
    const [count, time] = sync.profile!.total.split(' ').map(Number) as [number, number];
    assert.equal(t.value, time, "the root total is Go's");
    assert.equal(t.count, count);
    assert.equal(t.text, `Total ${formatDuration(time)} in ${formatCount(count)} episodes`);
    await settle(page, 200);
    await shot(page, 'chromium-flame-02-sync');

    // Hover the largest frame under the root: the tooltip names it with its share.
    const f1 = await frameAt(page, 1);
    await page.mouse.move(f1.x, f1.y);
    const tip = page.locator('[data-testid="flame-tooltip"]');
    await tip.waitFor({ state: 'visible' });
    assert.match(await tip.innerText(), /total .*\(\d+(\.\d)?%\)\s*self .*episodes/s);
    await shot(page, 'chromium-flame-03-tooltip');

    // Click two levels down: zoomed there, its spans listed.
    const f2 = await frameAt(page, 2);
    await page.mouse.click(f2.x, f2.y);
    const spans = page.locator('[data-testid="flame-span"]');
    await spans.first().waitFor({ timeout: 10_000 });
    assert.ok((await spans.count()) > 0);
    assert.match(await page.locator('[data-testid="flame-zoom"]').innerText(), /^Zoomed: all › \S+ › \S+ .*\(\d+(\.\d)?%\)$/);
    await page.mouse.move(f2.x + 300, f2.y + 200);
    await settle(page, 150);
    await shot(page, 'chromium-flame-04-zoom-spans');

    // Search highlights matches and totals them.
    await page.locator('[data-testid="flame-reset"]').click();
    assert.match(await page.locator('[data-testid="flame-zoom"]').innerText(), /^Click a frame/);
    await page.locator('[data-testid="flame-search"]').fill('waitgroup');
    const matched = page.locator('[data-testid="flame-matched"]');
    await matched.waitFor();
    const m = Number(await matched.getAttribute('data-value'));
    assert.ok(m > 0 && m <= time, `matched ${m} of ${time}`);
    // Go's rows through a frame whose function names WaitGroup (case-insensitive).
    let want = 0;
    for (const row of sync.profile!.rows) if (/\t[^\t ]*waitgroup/i.test(row)) want += Number(row.split('\t')[0]!.split(' ')[1]);
    assert.equal(m, want, 'the matched total is that of the stacks through WaitGroup functions');
    await settle(page, 150);
    await shot(page, 'chromium-flame-05-search');
    await page.locator('[data-testid="flame-search"]').fill('');

    // A contributing span opens on the timeline with the span selected.
    const first = spans.first();
    const g = Number(await first.getAttribute('data-goroutine'));
    const t0 = Number(await first.getAttribute('data-t0'));
    const t1 = Number(await first.getAttribute('data-t1'));
    await first.click();
    await page.locator('[data-testid="view-flame"]').waitFor({ state: 'hidden' });
    await page.waitForFunction(() => (globalThis as any).__gotrace.store.state.selection !== null, undefined, { timeout: 10_000 });
    const st = await page.evaluate(() => {
      const s = (globalThis as any).__gotrace.store.state;
      return { view: s.view as { t0: number; t1: number }, selection: s.selection };
    });
    assert.ok(st.view.t0 <= t0 && st.view.t1 >= t1, `the span [${t0}, ${t1}] of G${g} is in view`);
    const details = page.locator('[data-testid="details"] .gp-title');
    await details.waitFor({ timeout: 10_000 });
    assert.match(await details.innerText(), new RegExp(`^G${g}\\b`));
    await settle(page, 300);
    await shot(page, 'chromium-flame-06-span-on-timeline');

    // The selected range: only what falls in it.
    await page.evaluate(([a, b]) => (globalThis as any).__gotrace.store.setRange({ t0: a, t1: b }), [t0, t1]);
    await page.locator('.view-tab[data-view="flame"]').click();
    const beforeRange = await loads(page);
    await page.locator('[data-testid="flame-range"]').check();
    const r = await waitTotal(page, beforeRange);
    assert.ok(r.value > 0 && r.value < time, `the range's total ${r.value} is part of ${time}`);
    await settle(page, 150);
    await shot(page, 'chromium-flame-07-range');
    const beforeUncheck = await loads(page);
    await page.locator('[data-testid="flame-range"]').uncheck();
    await waitTotal(page, beforeUncheck);

    // Export: the download is Go's profile.
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.locator('[data-testid="flame-export"]').click()]);
    assert.equal(dl.suggestedFilename(), 'contention-go1.27.sync.pb.gz');
    const file = path.join(downloads, 'sync.pb.gz');
    await dl.saveAs(file);
    assert.deepEqual(decodeProfileGz(fs.readFileSync(file)).normalized, sync.profile);
    assert.deepEqual(errors, []);
  });

  test('CPU samples and a goroutine group on a cpuprof trace', T, async () => {
    const cpu = expectation('cpuprof-go1.27', 'cpu');
    await open(cpu.trace);
    const off = await waitTotal(page, 0);
    assert.ok(off.value > 0);
    await settle(page, 200);
    await shot(page, 'chromium-flame-08-cpuprof-offcpu');
    const beforeCpu = await loads(page);
    await page.locator('[data-testid="flame-type"]').selectOption('cpu');
    const t = await waitTotal(page, beforeCpu);
    assert.equal(String(t.count), cpu.profile!.total, "Go's sample count");
    assert.equal(t.value, t.count);
    assert.match(t.text, new RegExp(`^Total ${cpu.profile!.total} samples$`));
    await settle(page, 200);
    await shot(page, 'chromium-flame-09-cpu');

    // A frame's samples, each opening its goroutine at that time.
    const f = await frameAt(page, 1);
    await page.mouse.click(f.x, f.y);
    const spans = page.locator('[data-testid="flame-span"]');
    await spans.first().waitFor({ timeout: 10_000 });
    assert.match(await spans.first().innerText(), /sample/);
    await page.mouse.move(f.x + 200, f.y + 500);
    await settle(page, 150);
    await shot(page, 'chromium-flame-10-cpu-samples');

    // A goroutine group: the total shrinks to that group's samples.
    const groups = await page.locator('[data-testid="flame-group"] option').evaluateAll((os) => os.map((o) => (o as any).value as string));
    const main = groups.find((g) => g.startsWith('main.'));
    assert.ok(main !== undefined, `a main. group among ${groups.join(', ')}`);
    const beforeGroup = await loads(page);
    await page.locator('[data-testid="flame-group"]').selectOption(main);
    const gt = await waitTotal(page, beforeGroup);
    assert.ok(gt.count <= t.count);
    await settle(page, 150);
    await shot(page, 'chromium-flame-11-cpu-group');
    assert.deepEqual(errors, []);
  });
});
