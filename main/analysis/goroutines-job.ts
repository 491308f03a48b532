// Goroutine analysis (groups by start function, full breakdown) for the app.

import type { JobContext } from './jobs';
import type { GoroutineAnalysisRequest, GoroutineAnalysisResponse } from '../../shared/ipc/analysis/goroutines';

export function goroutineAnalysisJob(_ctx: JobContext, _req: GoroutineAnalysisRequest): GoroutineAnalysisResponse {
  throw new Error('goroutine analysis: not implemented yet');
}
