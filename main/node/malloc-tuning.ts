// glibc's malloc raises its mmap threshold (up to 32 MiB) each time a large
// mmapped block is freed, and from then on serves blocks up to that size
// from its heap, where freed blocks below live ones never go back to the OS.
// Building an index frees hundreds of MiB of such blocks between phases (row
// chunks drained into columns, logs merged), so they stayed resident and
// raised the peak. Setting the threshold pins it (glibc then makes no
// adjustment): peak RSS of `gotrace index` on the 82-107 MB bench traces
// fell 5-16% (manyg Go 1.21: 1374 -> 1161 MiB; chan Go 1.21: 1340 -> 1160;
// manyg Go 1.27: 1086 -> 1038). The C library reads the variable only at
// start, so a command that is about to read a big trace relaunches itself
// with it. Other C libraries ignore it.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

export const MALLOC_ENV = 'MALLOC_MMAP_THRESHOLD_';
/** glibc's initial threshold, kept. */
export const MALLOC_THRESHOLD = String(128 * 1024);
/** Commands that read a whole trace, and the trace size from which a relaunch (~50 ms) pays. */
const BATCH_COMMANDS = new Set(['index', 'analyze', 'dump', 'pprof']);
const MIN_BYTES = 32 * 1024 * 1024;

/** The environment a child process that may build an index should get (Electron, relaunches). */
export function tunedEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return process.platform === 'linux' && env[MALLOC_ENV] === undefined ? { ...env, [MALLOC_ENV]: MALLOC_THRESHOLD } : env;
}

/** Whether `gotrace argv` should run again with the tuned environment: a batch command on a trace of at least 32 MiB, on Linux, not already tuned. */
export function shouldRelaunch(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, platform = process.platform): boolean {
  if (platform !== 'linux' || env[MALLOC_ENV] !== undefined || !BATCH_COMMANDS.has(argv[0] ?? '')) return false;
  return argv.slice(1).some((a) => {
    try {
      return fs.statSync(a).size >= MIN_BYTES;
    } catch {
      return false;
    }
  });
}

/** Runs `script argv` again in a child process with the tuned environment; its exit status. */
export function relaunch(script: string, argv: readonly string[]): number {
  const r = spawnSync(process.execPath, [...process.execArgv, script, ...argv], { stdio: 'inherit', env: tunedEnv(process.env) });
  if (r.error) throw r.error;
  if (r.signal) process.kill(process.pid, r.signal);
  return r.status ?? 1;
}
