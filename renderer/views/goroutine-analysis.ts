// Goroutine analysis: groups by start function with go tool trace's full
// breakdown (owned by the goroutine analysis view's implementer).

import { PlaceholderView } from './placeholder';
import type { ViewContext } from './types';

export class GoroutineAnalysisView extends PlaceholderView {
  constructor(readonly ctx: ViewContext) {
    super('goroutine-analysis', 'Goroutine analysis', 'Goroutines by start function: execution, waits by reason, syscalls');
  }
}
