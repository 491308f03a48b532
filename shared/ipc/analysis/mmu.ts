// Minimum mutator utilization (cmd/trace mmu.go / internal/trace gc.go) as the app draws it.

/** Owned by the MMU view's implementer: fill in. */
export interface MMURequest {
  perGoroutine?: boolean;
}

/** Owned by the MMU view's implementer: fill in. */
export interface MMUResponse {
  windows: number[];
}
