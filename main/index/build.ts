// Building an index from trace bytes, synchronously, with progress reports
// and cancellation. The worker (worker.ts) runs this off the main thread;
// tests and the CLI may call it in-process.

import { newReader } from '../../shared/trace/reader';
import type { TraceReader } from '../../shared/trace/reader-api';
import { TraceError } from '../../shared/trace/errors';
import type { TimelineIndex } from '../../shared/index/layout';
import { IndexBuilder } from './builder';
import { finishIndex } from './finish';
import { FinishProgress } from './finish-progress';
import { prebuildCounterBuckets } from '../query/prebuild';
import { READ_AHEAD_MIN_BYTES, ReadAheadReader, ReadRestarted, readAheadAvailable } from './read-ahead';
import type { LiveV1Options } from '../../shared/trace/reader';
import { Go122 } from '../../shared/trace/version';
import { defaultMemoryLimit, memoryLimitError } from './memory-limit';

export type BuildPhase = 'parse' | 'index' | 'finish' | 'done';

export interface BuildProgress {
  phase: BuildPhase;
  /** Bytes of the trace consumed so far (estimated for v1 traces, whose events come in merge order). */
  bytes: number;
  totalBytes: number;
  /** 0..100. */
  percent: number;
  /** Estimated milliseconds left, null when unknown. */
  etaMs: number | null;
  events: number;
  elapsedMs: number;
}

export interface BuildOptions {
  onProgress?: (p: BuildProgress) => void;
  /** At most this long between progress reports (default 100 ms). */
  progressIntervalMs?: number;
  /** Polled every few thousand events; returning true aborts with BuildCancelled. */
  shouldCancel?: () => boolean;
  /** A full garbage collection, called between the finishing phases to bound the memory peak (main/index/gc.ts). */
  collect?: () => void;
  /**
   * Read the trace on a second thread while this one indexes (read-ahead.ts).
   * Only with a TraceBytes holder, whose bytes it takes. Default: for traces
   * of READ_AHEAD_MIN_BYTES or more.
   */
  readAhead?: boolean;
  /** Builds with at least this many points finish their lanes on a helper thread (finish.ts; default OFFLOAD_MIN_POINTS). */
  offloadMinPoints?: number;
  /** Reuse an ended goroutine's build-state slot (default true; tests compare with false). */
  reuseGoroutineSlots?: boolean;
  /** With read-ahead, Go 1.11-1.21 traces are read live (their merge overlaps the build); tests set its knobs. */
  liveV1?: LiveV1Options;
  /**
   * Process RSS in bytes past which the build stops reading and finishes
   * with the events read so far (memory-limit.ts; default: a share of the
   * memory available at the start). The result's error says so.
   */
  memoryLimitBytes?: number;
}

export class BuildCancelled extends Error {
  constructor() {
    super('index build cancelled');
    this.name = 'BuildCancelled';
  }
}

export interface BuildResult {
  index: TimelineIndex;
  /** The reader's error (damaged / truncated trace); the index holds the events read before it. */
  error: TraceError | Error | null;
  buildMs: number;
}

const CHECK_EVERY = 4096;
/** The memory is checked at every progress report and at least every this many events (a check costs ~7 µs). */
const MEMORY_CHECK_EVERY = 4 * CHECK_EVERY;

/**
 * The index phase's share of the percentage, finishing has the rest: on the
 * bench traces finishing takes 21-27% of the build at ~100 MB, ~37% at 500 MB.
 */
export const INDEX_PERCENT = 75;
/** A Go 1.11-1.21 trace read in place is parsed whole first (its merge): that part's share, out of INDEX_PERCENT. */
export const V1_PARSE_PERCENT = 30;

/** Holds the trace bytes so that the build can drop them once read (before its memory peak). */
export interface TraceBytes {
  data: Uint8Array | null;
}

/**
 * Builds the index of a whole (decompressed) trace. Throws TraceError when
 * nothing is readable. Given a TraceBytes holder, empties it once the events
 * are read, so the bytes can be freed before the finishing sorts.
 */
export function buildIndex(input: Uint8Array | TraceBytes, opts: BuildOptions = {}): BuildResult {
  const holder: TraceBytes = input instanceof Uint8Array ? { data: input } : input;
  let data: Uint8Array | null = holder.data;
  if (data === null) throw new Error('buildIndex: no trace bytes');
  const t0 = performance.now();
  const interval = opts.progressIntervalMs ?? 100;
  // Reports fall due after half the interval: the next chance to report
  // (every 4096 events, every block or chunk while finishing, every wait)
  // comes within the other half.
  const due = interval / 2;
  const total = data.length;
  const newBuilder = (): IndexBuilder => {
    const nb = new IndexBuilder({ reuseSlots: opts.reuseGoroutineSlots ?? true });
    // Every event takes at least 2 bytes (v2: type and one argument; v1 too), so bytes / 2 bounds lanes, goroutines and links.
    nb.reserve(Math.ceil(total / 2));
    return nb;
  };
  let b = newBuilder();
  let lastReport = t0;
  const report = (phase: BuildPhase, bytes: number, percent: number) => {
    const now = performance.now();
    lastReport = now;
    const elapsed = now - t0;
    const eta = percent > 1 && phase !== 'done' ? (elapsed * (100 - percent)) / percent : phase === 'done' ? 0 : null;
    opts.onProgress?.({ phase, bytes, totalBytes: total, percent, etaMs: eta, events: b.events, elapsedMs: elapsed });
  };
  report('parse', 0, 0);
  const readAhead = input instanceof Uint8Array ? false : (opts.readAhead ?? total >= READ_AHEAD_MIN_BYTES) && readAheadAvailable();
  let ahead: ReadAheadReader | null = null;
  let reader: TraceReader | null;
  if (readAhead) {
    // The worker takes the bytes: this thread keeps no reference to them.
    const bytes = data;
    data = null;
    holder.data = null;
    ahead = ReadAheadReader.start(bytes, {
      liveV1: opts.liveV1,
      waitMs: Math.max(1, due),
      onWait: () => {
        if (opts.shouldCancel?.()) throw new BuildCancelled();
        if (ahead === null) report('parse', 0, 0);
        else report('index', Math.round(ahead.progress() * total), INDEX_PERCENT * ahead.progress());
      },
    });
    reader = ahead;
  } else {
    // v1: parses the whole trace here (live only with read-ahead: it needs a second thread).
    const size = data.length;
    reader = newReader(data, {
      onV1Merged: (f) => {
        if (performance.now() - lastReport < due) return;
        if (opts.shouldCancel?.()) throw new BuildCancelled();
        report('parse', Math.round(f * size), V1_PARSE_PERCENT * f);
      },
    });
  }
  const version = reader.version;
  // Where the index phase's percentage starts (after a v1 trace's whole parse).
  const indexFrom = !readAhead && version < Go122 ? V1_PARSE_PERCENT : 0;
  let error: TraceError | Error | null = null;
  let n = 0;
  const memoryLimit = opts.memoryLimitBytes ?? defaultMemoryLimit();
  try {
    for (;;) {
      let ev;
      try {
        ev = reader.readEvent();
      } catch (e) {
        if (!(e instanceof ReadRestarted)) throw e;
        // The reader starts over (a v1 trace's live merge could not be used): so does the index.
        b = newBuilder();
        continue;
      }
      if (ev === null) break;
      b.event(ev);
      if (++n % CHECK_EVERY === 0) {
        if (opts.shouldCancel?.()) throw new BuildCancelled();
        const reporting = performance.now() - lastReport >= due;
        if (reporting || n % MEMORY_CHECK_EVERY === 0) {
          const rss = process.memoryUsage.rss();
          if (rss > memoryLimit) {
            error = memoryLimitError(rss, memoryLimit, reader.progress(), total);
            break;
          }
        }
        if (reporting) {
          const frac = reader.progress();
          report('index', Math.round(frac * total), indexFrom + (INDEX_PERCENT - indexFrom) * frac);
        }
      }
    }
  } catch (e) {
    if (e instanceof BuildCancelled) throw e;
    if (b.events === 0) throw e;
    error = e instanceof Error ? e : new Error(String(e));
  } finally {
    ahead?.close();
  }
  reader = null;
  ahead = null;
  data = null;
  holder.data = null;
  report('finish', total, INDEX_PERCENT);
  if (opts.shouldCancel?.()) throw new BuildCancelled();
  const bytesRead = error instanceof TraceError && error.offset >= 0 ? error.offset : total;
  const progress = new FinishProgress((f) => {
    if (opts.shouldCancel?.()) throw new BuildCancelled();
    report('finish', total, INDEX_PERCENT + (100 - INDEX_PERCENT) * f);
  }, due);
  const index = finishIndex(b, { goVersion: version, error: error ? error.message : null, bytesRead, collect: opts.collect, offloadMinPoints: opts.offloadMinPoints, progress });
  prebuildCounterBuckets(index);
  report('done', total, 100);
  return { index, error, buildMs: performance.now() - t0 };
}
