// How much memory an index build may fill before it stops reading events.
// An index takes ~7-18x its trace's size at its peak (manyg Go 1.27: 9.5x;
// a Go 1.27 runtime/pprof test trace of 2.5 bytes an event: 18x), so a big
// enough trace would take all the memory there is and be killed by the OS,
// taking the app with it. Past the limit the build stops reading and
// finishes with what it has, like a truncated trace: the app shows the
// beginning and says why (MemoryLimitReached).

import * as fs from 'node:fs';
import * as os from 'node:os';
import { TraceError } from '../../shared/trace/errors';

/**
 * The share of the memory available at the start that the event phase may
 * fill: finishing needs the rest. Its peak is above the event phase's
 * highest RSS by 5% (manyg Go 1.27, 101 MiB), 10% (chan Go 1.21, 82 MiB),
 * 13% (manyg Go 1.27, 544 MiB) and 18% (a Go 1.27 runtime/pprof test trace,
 * 207 MiB, 2.5 bytes an event): 0.8 x 1.18 leaves ~6% to spare.
 */
export const EVENT_PHASE_SHARE = 0.8;

/** Environment variable overriding the limit, in bytes (suffixes K, M, G): for users and tests. */
export const MEMORY_LIMIT_ENV = 'GOTRACE_MAX_MEMORY';

export class MemoryLimitReached extends TraceError {
  constructor(message: string, offset: number) {
    super(message, offset);
    this.name = 'MemoryLimitReached';
  }
}

/** A size like "512M", "8G" or "1000000" in bytes; null when it is not one. */
export function parseSize(s: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(s);
  if (m === null) return null;
  const unit = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Math.floor(Number(m[1]) * unit);
}

/**
 * The process RSS past which a build started now stops reading: its share
 * of what the process has plus what the system can still give it (Linux:
 * MemAvailable, and the cgroup's limit when there is one; elsewhere the
 * free figure leaves out reclaimable caches, so the total memory).
 */
export function defaultMemoryLimit(env: NodeJS.ProcessEnv = process.env): number {
  const set = env[MEMORY_LIMIT_ENV];
  if (set !== undefined && set !== '') {
    const n = parseSize(set);
    if (n !== null) return n;
  }
  const total = os.totalmem();
  let cap = total;
  if (process.platform === 'linux') {
    cap = Math.min(total, process.memoryUsage.rss() + os.freemem());
    const cg = cgroupLimit();
    if (cg !== null) cap = Math.min(cap, cg);
  }
  return Math.floor(cap * EVENT_PHASE_SHARE);
}

/** The cgroup's memory limit (v2, else v1), null when there is none. */
function cgroupLimit(): number | null {
  for (const f of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    try {
      // "max" (v2) is no limit; v1 writes a huge number, which the minimum with the total memory absorbs.
      const n = Number(fs.readFileSync(f, 'utf8').trim());
      if (Number.isFinite(n) && n > 0) return n;
    } catch {
      // no such file: not this cgroup version
    }
  }
  return null;
}

function size(n: number): string {
  return n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GiB` : `${Math.round(n / 2 ** 20)} MiB`;
}

/** The error a build that stopped at the limit reports (the index holds the events before it). */
export function memoryLimitError(rss: number, limit: number, fraction: number, totalBytes: number): MemoryLimitReached {
  return new MemoryLimitReached(
    `stopped after about ${Math.floor(fraction * 100)}% of the trace: indexing all of it needs more memory than this build may use ` +
      `(it reached ${size(rss)} of its ${size(limit)}: ${Math.round(EVENT_PHASE_SHARE * 100)}% of the memory available when it started, or ${MEMORY_LIMIT_ENV})`,
    Math.round(fraction * totalBytes),
  );
}
