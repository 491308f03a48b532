// The query service's request and response types: the contract the renderer
// uses (over Electron IPC or, in browser mode, a WebSocket). Bulk results are
// typed arrays (transferable); objects only for what a person reads.
//
// Times are float64 ns relative to the trace start; lanes are lane ids of the
// index (0..laneCount-1); strings in render batches are ids into the index's
// string table (StatsResponse.strings / `strings` request).

import type { FrameInfo } from './stacks';

export const QUERY_API_VERSION = 1;

export interface IndexSummary {
  goVersion: number;
  start: string;
  duration: number;
  error: string | null;
  lanes: number;
  laneCountsByKind: Record<string, number>;
  points: number;
  links: number;
  instants: number;
  counters: string[];
}

export interface LaneListRequest {
  /** Lane kinds to list (LANE_KIND_NAMES); all when absent. */
  kinds?: string[];
  /** Only children of this lane. */
  parent?: number;
  offset?: number;
  limit?: number;
  /** List goroutine lanes (each followed by its children) sorted and filtered so (kinds and parent are then ignored). */
  goroutines?: GoroutineListOptions;
}

export interface GoroutineListOptions {
  /** By goroutine id (default), by time blocked (longest first), by start function. */
  sort?: 'id' | 'blocked' | 'function';
  /** `g42`, or a case-insensitive substring of "G42 start.function (label)". */
  filter?: string;
  /** Only these goroutine lanes. */
  only?: number[];
}

export interface LaneInfo {
  id: number;
  kind: string;
  /** "Proc 3", "G42 net/http.(*conn).serve", "Thread 1234", "GC", "STW", "G42 regions (depth 1)". */
  name: string;
  /** Lanes of a kind sort by this key (resource id, depth). */
  sortKey: number;
  parent: number;
  depth: number;
  /** Number of non-gap spans. */
  spanCount: number;
  instantCount: number;
  /** Goroutine / proc / thread id, -1 for global lanes. */
  resource: number;
}

export interface LaneListResponse {
  total: number;
  lanes: LaneInfo[];
  /** With `goroutines`: how many goroutines matched (total also counts their child lanes). */
  goroutines?: number;
}

export interface ViewportRequest {
  lanes: number[];
  t0: number;
  t1: number;
  nsPerPixel: number;
  /** Spans narrower than this many pixels are merged (default 3). */
  mergePx?: number;
  /** Counter series (COUNTER_NAMES indexes) to down-sample; none when absent. */
  counters?: number[];
  /**
   * Include flow arrows touching the requested lanes (default false): all of
   * them at fine zoom; at coarse zoom at most one per few pixels per lane and
   * direction, and at most one per 4 pixels of the viewport in all.
   */
  links?: boolean;
}

/**
 * One lane's items covering exactly [t0, t1]: consecutive items share their
 * boundary (end[k] === start[k+1]), start[0] === t0, end[count-1] === t1.
 * Gaps (and time outside the lane's data) are items with state None.
 */
export interface RenderBatch {
  lane: number;
  count: number;
  start: Float64Array;
  end: Float64Array;
  /** Pixels from t0. */
  x0: Float32Array;
  x1: Float32Array;
  /** SpanState; for merged blocks the state with the largest share. */
  state: Uint8Array;
  /** 1 for an aggregate block of merged narrow spans. */
  merged: Uint8Array;
  /** String id to print in the item (reason, range/region/task name, goroutine name), 0 = none. */
  label: Int32Array;
  /** The span's arg: goroutine lane on proc/thread lanes, else as `label`; -1 for none. */
  ref: Int32Array;
  /** First point (span) index of the item, for hit testing and details; -1 for padding. */
  point: Int32Array;
  /** Number of spans in the item. */
  spans: Uint32Array;
  /** Merged blocks: index k of their mix, mix[k*MIX_STATES .. +MIX_STATES); -1 for single spans (all their time is `state`). */
  mixIndex: Int32Array;
  /** Fractions of time by state (SpanState) of each merged block, MIX_STATES per block, summing to 1. */
  mix: Float32Array;
  /** Instants in [t0, t1]: time, kind (InstantKind), arg, and their index. */
  instTime: Float64Array;
  instKind: Uint8Array;
  instIndex: Int32Array;
}

/** Per pixel column px covering [t0 + px*nsPerPixel, t0 + (px+1)*nsPerPixel). NaN: no value yet. */
export interface CounterBatch {
  counter: number;
  name: string;
  pixels: number;
  first: Float64Array;
  min: Float64Array;
  max: Float64Array;
  last: Float64Array;
}

export interface ArrowBatch {
  count: number;
  kind: Uint8Array;
  fromLane: Int32Array;
  fromTime: Float64Array;
  toLane: Int32Array;
  toTime: Float64Array;
  link: Int32Array;
}

export interface ViewportResponse {
  t0: number;
  t1: number;
  nsPerPixel: number;
  batches: RenderBatch[];
  counters: CounterBatch[];
  arrows: ArrowBatch | null;
}

export type ItemRef = { type: 'span'; lane: number; point: number } | { type: 'instant'; lane: number; instant: number };

export interface HitTestRequest {
  lane: number;
  time: number;
  /** Instants within this many pixels win over spans (needs nsPerPixel). */
  tolerancePx?: number;
  nsPerPixel?: number;
}

export interface LinkDetails {
  kind: string;
  fromLane: number;
  fromName: string;
  fromTime: number;
  toLane: number;
  toName: string;
  toTime: number;
  reason: string;
  stack: FrameInfo[];
}

export interface ItemDetails {
  ref: ItemRef;
  lane: number;
  laneName: string;
  kind: string;
  start: number;
  end: number;
  duration: number;
  state: string;
  /** Block / stop reason, range name, region / task name, log text. */
  label: string;
  goroutine: number | null;
  proc: number | null;
  thread: number | null;
  /** Stack of the event that began the item, frames leaf first. */
  beginStack: FrameInfo[];
  /** Stack of the event that ended it. */
  endStack: FrameInfo[];
  /** Who created / unblocked it (into the item) and whom it woke (out of it). */
  linksIn: LinkDetails[];
  linksOut: LinkDetails[];
  extra: Record<string, string | number | null>;
}

export interface BlockingRequest {
  /** How many episodes (per group when grouped). */
  n: number;
  groupBy?: 'none' | 'reason' | 'goroutine' | 'function';
  reason?: string;
  goroutine?: number;
  /** Start function substring. */
  function?: string;
  minDuration?: number;
  /** Include syscall-blocked time (default true). */
  syscalls?: boolean;
  /** Include the runtime's own goroutines (start function runtime.*, Go's isSystemGoroutine; default false). */
  runtime?: boolean;
}

export interface BlockingEpisode {
  lane: number;
  goroutine: number;
  name: string;
  start: number;
  end: number;
  duration: number;
  reason: string;
  state: string;
  point: number;
  stack: FrameInfo[];
  unblockedBy: number | null;
}

export interface BlockingResponse {
  groups: { key: string; total: number; count: number; episodes: BlockingEpisode[] }[];
}

export interface SearchRequest {
  /** "g42" / "G42": that goroutine; otherwise a case-insensitive substring of start functions, stack functions, region / task names, log text. */
  query: string;
  limit?: number;
}

export interface SearchHit {
  kind: 'goroutine' | 'function' | 'region' | 'task' | 'log';
  lane: number;
  time: number;
  end: number;
  label: string;
  /** Region / task / log index, or point index for function hits, or -1. */
  index: number;
}

export interface SearchResponse {
  hits: SearchHit[];
  truncated: boolean;
}

export interface RangeStatsRequest {
  t0: number;
  t1: number;
  /** Limit to these goroutine lanes (all when absent). */
  lanes?: number[];
}

export interface RangeStatsResponse {
  t0: number;
  t1: number;
  goroutines: number;
  /** ns per goroutine state (SPAN_STATE_NAMES). */
  byState: Record<string, number>;
  /** ns blocked per reason (Waiting and GC waiting). */
  byReason: Record<string, number>;
  /** Per start function: goroutine count and ns per state. */
  byGroup: { name: string; count: number; byState: Record<string, number> }[];
}
