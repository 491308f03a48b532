// The same UI scenarios against the desktop app: playwright-core's _electron
// on the compiled main process (build/main/electron/main.js TRACE), when an
// Electron binary is installed (node_modules/electron/path.txt + dist/, or
// ELECTRON_OVERRIDE_DIST_PATH). Where it is not, says so once and skips:
// browser.test.ts has run the scenarios in Chromium.

import { describe, test } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSkipReason, collectErrors, electronPath, ELECTRON_MAIN, launchElectron, uiSkipReason } from './harness';
import * as sc from './scenarios';

const exe = electronPath();
const NOT_INSTALLED = 'Electron binary not installed: UI tests ran in Chromium (browser mode) only';
const skip = buildSkipReason() ?? (exe === null ? 'Electron binary not installed (node_modules/electron/path.txt + dist/, or ELECTRON_OVERRIDE_DIST_PATH)' : !fs.existsSync(ELECTRON_MAIN) ? `${ELECTRON_MAIN} is not built` : null);
if (exe === null && uiSkipReason() === null) console.log(NOT_INSTALLED);
const T = { timeout: 120_000 };

describe('UI in Electron', { skip: skip ?? false }, () => {
  const target: sc.Target = {
    name: 'electron',
    async open(trace) {
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gotrace-electron-'));
      const run = await launchElectron(exe!, trace, profile);
      const errors = collectErrors(run.page);
      return {
        page: run.page,
        errors,
        close: async () => {
          await run.close();
          fs.rmSync(profile, { recursive: true, force: true });
        },
      };
    },
    // The desktop app opens the file given on its command line; a failure reaches the page as a load error.
    openUnreadable(trace) {
      return this.open(trace);
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
});
