// `go tool trace` (Go 1.27's cmd/trace) until it serves: the time from its
// start to its "Trace viewer is listening" line (it parses the whole trace,
// then splits it for the viewer, before it listens), and its peak RSS. It
// needs ~160x the trace's size in memory, so it is stopped once its RSS
// passes a cap (default: 18 GiB or 3/4 of the machine's memory, whichever
// is less) and reported as killed there, as the OOM killer would.

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface GoToolTraceSample {
  outcome: 'ready' | 'rss cap' | 'timeout' | 'failed';
  /** Until it served, or until it was stopped. */
  ms: number;
  maxRSSKiB: number;
  message?: string;
}

/** Builds cmd/trace of the GOROOT (what `go tool trace` runs) and returns its path, or null (the reason on stderr). */
export function buildGoToolTrace(goroot: string): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gotrace-cmdtrace-'));
  const srcDir = path.join(goroot, 'src');
  const bin = path.join(dir, 'trace');
  const r = spawnSync(path.join(goroot, 'bin', 'go'), ['build', '-o', bin, 'cmd/trace'], {
    cwd: srcDir,
    encoding: 'utf8',
    env: { ...process.env, PWD: srcDir, GOROOT: goroot, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '' },
  });
  if (r.status !== 0) {
    process.stderr.write(`could not build go tool trace: ${r.stderr}\n`);
    return null;
  }
  return bin;
}

export function defaultRssCapKiB(): number {
  return Math.min(18 * 1024 * 1024, Math.floor((os.totalmem() / 1024) * 0.75));
}

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Runs the measurement (asynchronously: the output and the RSS are watched together). */
export function measureGoToolTrace(bin: string, file: string, capKiB = defaultRssCapKiB(), timeoutMs = 600_000): Promise<GoToolTraceSample> {
  return new Promise((resolve) => {
    const start = performance.now();
    // BROWSER=true: its "open a browser" step succeeds at once.
    const p = spawn(bin, ['-http=127.0.0.1:0', file], { env: { ...process.env, BROWSER: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let peak = 0;
    let done = false;
    let err = '';
    const finish = (s: Omit<GoToolTraceSample, 'ms' | 'maxRSSKiB'>) => {
      if (done) return;
      done = true;
      const ms = performance.now() - start;
      peak = Math.max(peak, statusKiB(p.pid!, 'VmHWM'));
      clearInterval(poll);
      p.kill('SIGKILL');
      resolve({ ...s, ms, maxRSSKiB: peak });
    };
    const poll = setInterval(() => {
      const rss = statusKiB(p.pid!, 'VmRSS');
      peak = Math.max(peak, rss, statusKiB(p.pid!, 'VmHWM'));
      if (rss > capKiB) finish({ outcome: 'rss cap', message: `stopped at ${(rss / 1048576).toFixed(1)} GiB of RSS` });
      else if (performance.now() - start > timeoutMs) finish({ outcome: 'timeout' });
    }, 50);
    p.stderr.setEncoding('utf8');
    p.stderr.on('data', (d: string) => {
      err += d;
      if (err.includes('Trace viewer is listening on')) finish({ outcome: 'ready' });
    });
    p.on('exit', (code, signal) => finish({ outcome: 'failed', message: `exited (${signal ?? code}) before serving: ${err.trim().split('\n').pop() ?? ''}` }));
  });
}
