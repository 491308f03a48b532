// Goroutine analysis (cmd/trace goroutines.go over internal/trace's
// summary.go) as the app lists it: goroutine groups by start function with
// the full breakdown, and one group's goroutines one by one.

import type { AnalysisFilter } from './common';

/**
 * What a goroutine list can be sorted by: 'id', 'total', 'creation',
 * 'start', 'end', or a breakdown column (GoroutineColumn keys:
 * 'exec', 'schedWait', 'syscall', 'syscallBlock', 'unknown',
 * 'block:<reason>', 'range:<name>').
 */
export type GoroutineSortKey = string;

/**
 * t0/t1 (both or neither): only the time inside [t0, t1] counts, each
 * goroutine's stats being snapshot(t1) − snapshot(t0), as Go computes a
 * user region's stats; goroutines without time in it are left out.
 * `region` is not supported.
 */
export interface GoroutineAnalysisRequest extends Omit<AnalysisFilter, 'region'> {
  /** Only the goroutines of this start function, listed one by one (the drill-down); "" is the unnamed group. */
  group?: string;
  /** At most this many goroutines of the group listed (default 500; 0: none, e.g. when only `ids` is wanted). */
  limit?: number;
  /** The order of the group's goroutines (default 'total'), and its direction (default descending); ties by id. */
  sortBy?: GoroutineSortKey;
  ascending?: boolean;
  /** Also every goroutine id of the group (ascending), to show them on the timeline. */
  ids?: boolean;
}

/**
 * The breakdown of cmd/trace's goroutine pages: the non-overlapping stats
 * (exec, scheduler wait, block time by reason, syscall, syscall block,
 * unknown) sum to `total`; `ranges` (special ranges: GC mark assist,
 * stop-the-world (…), GC incremental sweep) overlap them. Durations in ns.
 */
export interface GoroutineBreakdown {
  total: number;
  exec: number;
  schedWait: number;
  /** By GoBlock reason as Go names them ("chan receive", "sync", "select", ...; "" for goroutines found waiting at the trace start). Zero entries omitted. */
  blockByReason: Record<string, number>;
  syscall: number;
  syscallBlock: number;
  /** total − the others, when positive (Go's UnknownTime). */
  unknown: number;
  /** Zero entries omitted. */
  ranges: Record<string, number>;
}

export interface GoroutineGroupStats extends GoroutineBreakdown {
  /** The start function; "" = Go's "(Inactive, no stack trace sampled)". */
  name: string;
  count: number;
}

export interface GoroutineStats extends GoroutineBreakdown {
  id: number;
  /** Index times (ns from the trace's first event); null where Go has none (never ran, still alive at the end; creation: Go's time 0). */
  creation: number | null;
  start: number | null;
  end: number | null;
}

export interface GoroutineGroupDetail {
  name: string;
  /** Goroutines in the group (with time in the range, when one is given). */
  count: number;
  /** The first `limit` of them in the order asked for. */
  goroutines: GoroutineStats[];
  sortBy: GoroutineSortKey;
  ascending: boolean;
  /** Every id of the group, ascending, when asked for. */
  ids?: number[];
}

export interface GoroutineAnalysisResponse {
  /** Groups sorted as Go's /goroutines page: execution time descending, then name. */
  groups: GoroutineGroupStats[];
  /** Every goroutine together (the whole-trace row). */
  totals: GoroutineGroupStats;
  /** Block reasons and range names with any time, sorted (the columns to show). */
  blockReasons: string[];
  rangeNames: string[];
  /** The range applied (index times), or null: the whole trace. */
  range: { t0: number; t1: number } | null;
  /** Index time of the last event (the end of goroutines still alive). */
  traceEnd: number;
  /** Go's read error, when only the complete part of the trace was analysed. */
  error: string | null;
  /** The drill-down, when `group` was asked for (null when no such group). */
  group: GoroutineGroupDetail | null;
}
