// Goroutine analysis (cmd/trace goroutines.go) as the app lists it.

import type { AnalysisFilter } from './common';

/** Owned by the goroutine analysis view's implementer: fill in. */
export interface GoroutineAnalysisRequest extends AnalysisFilter {
  /** Only the goroutines of this start function, listed one by one (the drill-down). */
  group?: string;
}

/** Owned by the goroutine analysis view's implementer: fill in. */
export interface GoroutineAnalysisResponse {
  groups: unknown[];
}
