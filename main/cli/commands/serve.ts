// `gotrace serve [TRACE] [--port N] [--no-open]`: browser mode. Serves the
// app on 127.0.0.1 with a token in the URL, prints that URL, opens the
// system browser, then opens the trace (or captures it, for an http:// URL)
// while the page shows the progress — and, if the trace cannot be read, the
// error, which is also printed here. Runs until Ctrl+C. Without TRACE the
// page shows the start page.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LoadProgress } from '../../../shared/ipc/api';
import { AppService } from '../../app/service';
import { startServer } from '../../server/server';

export interface ServeOptions {
  port: number;
  open: boolean;
}

/** Is this argument a capture URL rather than a file? */
export function isCaptureUrl(arg: string): boolean {
  return /^https?:\/\//i.test(arg);
}

/** Seconds of a capture URL (its ?seconds=, default 5). */
export function captureSeconds(url: string): number {
  try {
    const s = Number(new URL(url).searchParams.get('seconds') ?? '5');
    return Number.isFinite(s) && s > 0 ? s : 5;
  } catch {
    return 5;
  }
}

/** Starts serving; resolves when the server runs (it keeps the process alive). Failures set process.exitCode. */
export async function runServe(trace: string | undefined, opts: ServeOptions): Promise<number> {
  if (trace !== undefined && !isCaptureUrl(trace)) {
    try {
      if (fs.statSync(trace).isDirectory()) throw new Error('is a directory, not a trace file');
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
      process.stderr.write(`gotrace: ${trace}: ${why}\n`);
      return 1;
    }
  }
  const app = new AppService();
  const tty = process.stderr.isTTY === true;
  app.onEvent((e) => {
    if (e.type === 'progress' && tty) process.stderr.write(`\r${progressLine(e.progress)}\x1b[K`);
  });
  let server;
  try {
    server = await startServer({ app, port: opts.port });
  } catch (e) {
    process.stderr.write(`gotrace: cannot listen on 127.0.0.1:${opts.port}: ${(e as Error).message}\n`);
    app.dispose();
    return 1;
  }
  const what = trace === undefined ? 'the start page' : isCaptureUrl(trace) ? 'the capture' : path.basename(trace);
  process.stdout.write(`gotrace: serving ${what} at ${server.url}\n`);
  if (opts.open) openBrowser(server.url);
  if (trace !== undefined) void load(app, trace, tty);
  const stop = () => {
    app.dispose();
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 0;
}

/** Opens (or captures) the trace; its progress shows in the page and, on a terminal, here; so do its warnings and errors. */
async function load(app: AppService, trace: string, tty: boolean): Promise<void> {
  try {
    const opened = isCaptureUrl(trace) ? await app.capture(trace, captureSeconds(trace)) : await app.open(trace);
    if (tty) process.stderr.write('\r\x1b[K');
    process.stderr.write(`gotrace: opened ${opened.name} (${(opened.buildMs / 1000).toFixed(1)} s)\n`);
    if (opened.warning !== null) process.stderr.write(`gotrace: warning: ${opened.warning}\n`);
  } catch (e) {
    if (tty) process.stderr.write('\r\x1b[K');
    process.stderr.write(`gotrace: ${(e as Error).message}\n`);
  }
}

function progressLine(p: LoadProgress): string {
  const eta = p.etaMs !== null ? `, ${(p.etaMs / 1000).toFixed(1)} s left` : '';
  return `gotrace: ${p.phase} ${p.name} ${p.percent.toFixed(0)}%${eta}`;
}

/** Opens `url` in the system browser; a failure is reported, not fatal. */
export function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', (e) => process.stderr.write(`gotrace: could not start a browser (${cmd}: ${e.message}); open the URL above yourself\n`));
    child.unref();
  } catch (e) {
    process.stderr.write(`gotrace: could not start a browser (${(e as Error).message}); open the URL above yourself\n`);
  }
}
