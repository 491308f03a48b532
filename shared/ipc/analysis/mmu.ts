// Minimum mutator utilization (cmd/trace mmu.go / internal/trace gc.go) as the app draws it.
//
// Times are ns relative to the trace start as the index counts them (the
// timeline's time), window sizes are ns.

/** What counts as GC time (Go's UtilFlags); absent fields take the defaults of cmd/trace's MMU page. */
export interface MMUInclude {
  /** Stop-the-world pauses (default true). */
  stw?: boolean;
  /** Background mark workers, dedicated and fractional (default true). */
  background?: boolean;
  /** Mark assists (default true). */
  assist?: boolean;
  /** Incremental sweeping (default false: Go's page calls it "may be very slow"). */
  sweep?: boolean;
}

export interface MMURequest extends MMUInclude {
  /** One utilization function per P (cmd/trace's "Per-goroutine" view, Go's UtilPerProc) instead of the system-wide one. */
  perGoroutine?: boolean;
  /**
   * The window sizes to sample the curve at, ascending. Absent: `points`
   * log-spaced sizes from `minWindow` to `maxWindow`.
   */
  windows?: number[];
  /** Number of log-spaced samples (default 100; 0: no curve, e.g. to ask only for worst windows). */
  points?: number;
  /** Smallest window of the log-spaced samples (default 1µs). */
  minWindow?: number;
  /** Largest window of the log-spaced samples (default: the trace's length). */
  maxWindow?: number;
  /**
   * Quantiles of the mutator utilization distribution (the mean utilization
   * of every window position) to sample as well, e.g. 0.01: 1% of the
   * windows have a lower utilization. (cmd/trace's "show percentiles" asks
   * Go's MUD for 0.001, 0.01, 0.05, which always answers the MMU.)
   */
  quantiles?: number[];
  /** The window size to list the worst windows for (Go's Examples). */
  window?: number;
  /** How many worst windows (default 10, as cmd/trace). */
  worst?: number;
}

/** One of the worst windows: [t0, t1) on the timeline and its mean mutator utilization. */
export interface MMUWindow {
  t0: number;
  t1: number;
  util: number;
}

export interface MMUResponse {
  /** Null when there is a curve; otherwise why not (e.g. a v1 trace without GOMAXPROCS information, where cmd/trace panics). */
  unavailable: string | null;
  /** A read error: the curve covers the trace up to its last complete part. */
  error: string | null;
  /** How this curve departs from Go's (Go's analysis fails on the trace; the trace has no GC at all), or null. */
  note: string | null;
  /** Number of utilization functions (1 system-wide, one per P per-goroutine). */
  series: number;
  /**
   * Where the utilization functions begin and end on the timeline. Go's
   * functions end at their last change, often before the trace ends; windows
   * longer than t1 - t0 are clipped to it (as Go does).
   */
  t0: number;
  t1: number;
  /** The sampled window sizes (ns) and the MMU at each. */
  windows: Float64Array;
  mmu: Float64Array;
  /** The quantiles asked for, and per quantile the MUD at each window. */
  quantiles: number[];
  mud: Float64Array[];
  /** The window the worst windows are for (null when none was asked for). */
  window: number | null;
  /** The worst disjoint windows of that size, lowest utilization first. */
  worst: MMUWindow[];
}
