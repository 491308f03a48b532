// Harness of the UI tests and the renderer benchmark: the app as a person
// runs it. Browser mode: `gotrace serve TRACE --no-open --port 0` in a child
// process (its URL read from stdout), driven by playwright-core in Debian's
// Chromium (headless, WebGL through SwiftShader). Electron: playwright-core's
// _electron on the compiled main process, when an Electron binary exists.
// Paths are relative to this compiled file, so any build directory works
// (build/, build-xyz/): BUILD/test/ui/harness.js.
//
// Never require('electron') here: its index.js tries to download the binary.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, _electron, type Browser, type ElectronApplication, type Page } from 'playwright-core';

/** The build directory this file was compiled into (build/, build-h4/, ...). */
export const BUILD = path.resolve(__dirname, '..', '..');
/** The checkout (fixtures, assets, node_modules). */
export const REPO = path.resolve(BUILD, '..');
export const CLI = path.join(BUILD, 'main', 'cli', 'gotrace.js');
export const ELECTRON_MAIN = path.join(BUILD, 'main', 'electron', 'main.js');
export const RENDERER = path.join(BUILD, 'renderer', 'app.js');
export const FIXTURES = path.join(REPO, 'test', 'fixtures');
export const ARTIFACTS = path.join(REPO, 'test-artifacts', 'ui');

export const VIEWPORT = { width: 1280, height: 800 };
export const HEADED = process.env.GOTRACE_UI_HEADED === '1';
export const CHROMIUM_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'];

/** Debian's Chromium (or $CHROMIUM_PATH), or null when it is not installed. */
export function chromiumPath(): string | null {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return fs.existsSync(p) ? p : null;
}

/** Why the browser-mode UI tests cannot run here (null: they can). */
export function uiSkipReason(): string | null {
  if (chromiumPath() === null) {
    return `Chromium not found at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} (install Debian's chromium or set CHROMIUM_PATH): UI tests skipped`;
  }
  return buildSkipReason();
}

/** Why no UI test can run: the app is not built (null: it is). */
export function buildSkipReason(): string | null {
  if (!fs.existsSync(CLI)) return `${CLI} is not built: UI tests skipped`;
  if (!fs.existsSync(RENDERER)) return `the renderer is not built (${RENDERER}; run npm run build): UI tests skipped`;
  return null;
}

/**
 * The Electron binary, found the way node_modules/electron/index.js finds it
 * but without its download: ELECTRON_OVERRIDE_DIST_PATH, or
 * node_modules/electron/path.txt + dist/. Null when absent.
 */
export function electronPath(): string | null {
  const pkg = path.join(REPO, 'node_modules', 'electron');
  let rel: string | null = null;
  try {
    rel = fs.readFileSync(path.join(pkg, 'path.txt'), 'utf8').trim();
  } catch {
    rel = null;
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const p = override ? path.join(override, rel || 'electron') : rel ? path.join(pkg, 'dist', rel) : null;
  return p !== null && fs.existsSync(p) ? p : null;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath() ?? '/usr/bin/chromium',
    headless: !HEADED,
    args: CHROMIUM_ARGS,
  });
}

// ---- gotrace serve ------------------------------------------------------------------

export interface Served {
  url: string;
  port: number;
  token: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  stop(): Promise<void>;
}

let configHome: string | null = null;

/**
 * A private $XDG_CONFIG_HOME for the apps the tests start, removed at exit, so
 * the tests never touch the user's recent files or settings (nor see them).
 */
export function privateConfigHome(): string {
  if (configHome === null) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gotrace-ui-config-'));
    configHome = dir;
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return configHome;
}

/** `gotrace serve [TRACE] --no-open --port 0`; resolves with the URL it prints (or rejects with its stderr). */
export function serve(trace: string | null, timeoutMs = 60_000, extraArgs: string[] = []): Promise<Served> {
  const args = [CLI, 'serve', ...(trace === null ? [] : [trace]), '--no-open', '--port', '0', ...extraArgs];
  const env = { ...process.env, XDG_CONFIG_HOME: privateConfigHome() };
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: REPO, env });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    }
  };
  return new Promise<Served>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`gotrace serve printed no URL in ${timeoutMs} ms; stdout: ${out} stderr: ${err}`));
    }, timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:(\d+)\/([\w-]+)\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, port: Number(m[2]), token: m[3]!, child, stdout: () => out, stderr: () => err, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gotrace serve exited with ${code} before printing a URL: ${err.trim()}`));
    });
  });
}

/** GET a URL: status and body. */
export function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

// ---- Electron -------------------------------------------------------------------------

export interface ElectronRun {
  app: ElectronApplication;
  page: Page;
  close(): Promise<void>;
}

/** Launches the desktop app on a trace (a fresh, private profile). */
export async function launchElectron(executablePath: string, trace: string | null, userDataDir: string): Promise<ElectronRun> {
  const args = [ELECTRON_MAIN, ...(trace === null ? [] : [trace]), `--user-data-dir=${userDataDir}`, ...CHROMIUM_ARGS];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const env = { ...process.env, XDG_CONFIG_HOME: privateConfigHome() } as Record<string, string>;
  const app = await _electron.launch({ executablePath, args, cwd: REPO, env, timeout: 60_000 });
  const page = await app.firstWindow();
  await page.setViewportSize(VIEWPORT).catch(() => {});
  return { app, page, close: () => app.close().catch(() => {}) };
}

// ---- Page helpers ------------------------------------------------------------------------

/** Waits until the timeline drew its first complete frame (window.__gotrace.ready). */
export async function waitReady(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(() => (globalThis as any).__gotrace?.ready === true, undefined, { timeout: timeoutMs, polling: 50 });
}

export interface View {
  t0: number;
  t1: number;
}

export async function getView(page: Page): Promise<View> {
  return page.evaluate(() => {
    const v = (globalThis as any).__gotrace.store.state.view;
    return { t0: v.t0 as number, t1: v.t1 as number };
  });
}

/** Waits until the view differs from `before` (navigation may be animated or debounced). */
export async function waitViewChange(page: Page, before: View, timeoutMs = 5000): Promise<View> {
  await page.waitForFunction(
    (b: View) => {
      const v = (globalThis as any).__gotrace.store.state.view;
      return v.t0 !== b.t0 || v.t1 !== b.t1;
    },
    before,
    { timeout: timeoutMs, polling: 20 },
  );
  return getView(page);
}

/** Lets the page draw and settle (two animation frames plus pending viewport answers). */
export async function settle(page: Page, ms = 150): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((r) => (globalThis as any).requestAnimationFrame(() => (globalThis as any).requestAnimationFrame(() => r()))),
  );
  await page.waitForTimeout(ms);
}

/** Screenshot into test-artifacts/ui/NAME.png; returns the path. */
export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Console errors and page errors, for assertion messages. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}
