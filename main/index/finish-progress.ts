// Progress and cancellation while finishIndex runs. On a 100 MB trace
// finishing takes 1.2-1.5 s, on a 500 MB one ~15 s: without reports the
// progress stood still at its last value for that long and the build could
// not be cancelled. finish.ts announces its stages in order and ticks within
// the long ones (per block of rows, per chunk drained, while waiting for the
// helper thread); a tick reports at most once per interval.

/** The finishing stages, in the order finish.ts runs them. */
export type FinishStage = 'prepare' | 'links' | 'points' | 'link sources' | 'lanes' | 'levels' | 'counters';

/**
 * Each stage's share of finishing time, measured on the 100 MB bench traces
 * (manyg Go 1.27, chan Go 1.21; the points' drains are a third to a half).
 */
const WEIGHTS: Record<FinishStage, number> = {
  prepare: 0.12,
  links: 0.18,
  points: 0.42,
  'link sources': 0.09,
  lanes: 0.08,
  levels: 0.05,
  counters: 0.06,
};

/**
 * Iterations between two ticks in loops over points or links: a few ms of
 * work, ~50 ms at worst where each one misses the cache (a 500 MB trace's
 * 90M points into 17M lanes; 2^20 took 212 ms there).
 */
export const TICK_BLOCK = 1 << 18;

export class FinishProgress {
  private base = 0;
  private width = 0;
  private fraction = 0;
  private last: number;

  /**
   * report(fraction of finishing done, 0..1) is called at most once per
   * intervalMs; it may throw (a cancelled build), which ends finishing.
   */
  constructor(
    private readonly report: (fraction: number) => void,
    readonly intervalMs = 100,
  ) {
    this.last = performance.now();
  }

  /** The next stage begins (the previous one is done). */
  stage(s: FinishStage): void {
    this.base = Math.min(1, this.base + this.width);
    this.width = WEIGHTS[s];
    this.tick(0, 1);
  }

  /** The current stage is done/total of the way. */
  tick(done: number, total: number): void {
    const now = performance.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    const f = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
    this.fraction = Math.max(this.fraction, Math.min(1, this.base + this.width * f));
    this.report(this.fraction);
  }

  /** Waiting (for the helper thread): reports again where it stands, once per interval. */
  waiting(): void {
    const now = performance.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    this.report(this.fraction);
  }
}

/** For finishing without reports (tests, callers without progress). */
export const NO_PROGRESS = new FinishProgress(() => {}, Infinity);
