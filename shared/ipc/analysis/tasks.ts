// User tasks and regions (cmd/trace tasks.go / regions.go) as the app lists them.

/** Owned by the tasks/regions view's implementer: fill in. */
export interface TasksRegionsRequest {
  name?: string;
}

/** Owned by the tasks/regions view's implementer: fill in. */
export interface TasksRegionsResponse {
  tasks: unknown[];
}
