// User tasks and regions (cmd/trace tasks.go / regions.go) as the app lists them.
//
// Every time is an index time (ns since the trace's first event, as the
// timeline counts); every duration is integer ns. Where a task or region has
// no begin (end) event, cmd/trace uses the trace's start (end): so do `start`
// and `end` here, with `hasStart` / `hasEnd` false.

/** What to list. The type tables (taskTypes, regionTypes) are never filtered. */
export interface TasksRegionsRequest {
  /** List only tasks or only regions (default both). */
  kind?: 'tasks' | 'regions';
  /** Only instances of this type: a task name, or a region name (exact). */
  type?: string;
  /** With a region type: only regions whose type frame has this PC (cmd/trace's region fingerprint; 0 = no stack). */
  pc?: number;
  /** Only names containing this (case-sensitive, as cmd/trace's filters). */
  name?: string;
  /** Only durations ≥ minDuration / ≤ maxDuration ns (cmd/trace's latmin/latmax; for tasks they imply complete, as there). */
  minDuration?: number;
  maxDuration?: number;
  /** Only durations in this histogram bucket (DurationHistogram's bucket index; tasks: complete ones only). */
  bucket?: number;
  /**
   * Only tasks whose name, a region's name, or a log's category or message
   * contains this (cmd/trace's logtext); only regions whose name, or a log's
   * category or message, contains it.
   */
  logText?: string;
  /** Only complete (true) or incomplete (false) tasks (cmd/trace's complete=1|0). */
  complete?: boolean;
  /** At most this many tasks and this many regions, the longest first (default 1000). */
  limit?: number;
}

/**
 * cmd/trace's TimeHistogram (traceviewer/histogram.go): log buckets, 5 per
 * decade; a duration d > 0 is in bucket floor(ln(d) / ln(10^0.2)), d ≤ 0 in
 * bucket 0.
 */
export interface DurationHistogram {
  /** Durations counted. */
  count: number;
  /** The bucket of counts[0]: the lowest non-empty bucket (0 when count is 0). */
  minBucket: number;
  /** Durations per bucket, from minBucket to the highest non-empty bucket. */
  counts: number[];
  /**
   * bounds[i] = Go's BucketMin(minBucket + i): ns, truncated as Go's
   * time.Duration; counts.length + 1 values (the last is the top bucket's end).
   */
  bounds: number[];
}

/** Summary statistics of the durations of a histogram. */
export interface DurationStats {
  total: number;
  mean: number;
  /** The lower median. */
  p50: number;
  min: number;
  max: number;
}

/** One row of cmd/trace's /usertasks: the tasks of one name. */
export interface TaskTypeSummary {
  name: string;
  /** Complete and incomplete tasks (cmd/trace's Count). */
  count: number;
  complete: number;
  /** Durations (end - begin) of the complete tasks only, as cmd/trace's. */
  histogram: DurationHistogram;
  durations: DurationStats;
}

/** The last (outermost) frame of a region's begin stack: cmd/trace groups regions by it. */
export interface RegionFrame {
  pc: number;
  func: string;
  file: string;
  line: number;
}

/** One row of cmd/trace's /userregions: the regions of one name and begin frame. */
export interface RegionTypeSummary {
  name: string;
  /** null: no begin event or no stack (pc 0 in requests). */
  frame: RegionFrame | null;
  /** Every region, with or without its begin and end. */
  count: number;
  /** Durations of every region (trace bounds where the begin or end is missing). */
  histogram: DurationHistogram;
  durations: DurationStats;
}

/** A user log event (trace.Log). */
export interface TaskLog {
  time: number;
  goroutine: number;
  /** 0: logged without a task. */
  task: number;
  category: string;
  message: string;
}

export interface RegionInstance {
  /** "" for the unnamed region a goroutine inherits from its creator's region. */
  name: string;
  goroutine: number;
  /** 0: no task. */
  task: number;
  start: number;
  end: number;
  hasStart: boolean;
  hasEnd: boolean;
  duration: number;
  /** Its DurationHistogram bucket. */
  bucket: number;
  /** Its type's frame PC (0: none). */
  pc: number;
  /** cmd/trace's non-overlapping statistics of the goroutine inside the region ("Execution time", "Block time (chan receive)", ...; zeros left out). */
  stats: Record<string, number>;
  /** Its task's logs written on its goroutine between its start and end. */
  logs: TaskLog[];
}

export interface TaskInstance {
  id: number;
  /** "" for the background task 0 (logs and regions without a task). */
  name: string;
  parent: number | null;
  children: number[];
  start: number;
  end: number;
  hasStart: boolean;
  hasEnd: boolean;
  complete: boolean;
  /** end - start (trace bounds where the begin or end is missing, as cmd/trace's task interval). */
  duration: number;
  /** Its DurationHistogram bucket (-1 when incomplete: the histograms count complete tasks only). */
  bucket: number;
  /** The goroutines of its begin and end events (null: missing). */
  startGoroutine: number | null;
  endGoroutine: number | null;
  /** Every goroutine that began, ended or logged in the task or ran one of its regions, ascending. */
  goroutines: number[];
  /** Sorted by time. */
  logs: TaskLog[];
  /** Sorted by start; the first 1000 at most. */
  regions: RegionInstance[];
  /** How many regions it has. */
  regionCount: number;
}

export interface TasksRegionsResponse {
  /** The trace's end (index time of its last event; its start is 0). */
  traceEnd: number;
  /** The read error, when only part of the trace was read (then everything describes the part before it). */
  error: string | null;
  /** By name. */
  taskTypes: TaskTypeSummary[];
  /** By name, then PC. */
  regionTypes: RegionTypeSummary[];
  /** The matching tasks, longest first, at most `limit`. */
  tasks: TaskInstance[];
  /** The matching regions, longest first, at most `limit`. */
  regions: RegionInstance[];
  /** How many matched (before the limit). */
  matchedTasks: number;
  matchedRegions: number;
}
