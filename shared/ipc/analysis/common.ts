// What every analysis request may carry: the filters the app applies to
// profiles and tables. Times are ns relative to the trace start, as in the
// timeline index (shared/index/layout.ts), never the reader's raw times.

export interface AnalysisFilter {
  /** Only this time range (the timeline's Shift+drag selection). */
  t0?: number;
  t1?: number;
  /** Only these goroutine ids. */
  goroutines?: number[];
  /** Only goroutines whose start function is this (a goroutine group). */
  group?: string;
  /** Only time inside user regions of this type. */
  region?: string;
}

/** A goroutine span an analysis row stands for, to open on the timeline. */
export interface SpanLink {
  goroutine: number;
  /** The goroutine's lane in the index (-1: none). */
  lane: number;
  t0: number;
  t1: number;
}
