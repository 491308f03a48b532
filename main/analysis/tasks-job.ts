// User tasks and regions for the app's tables.

import type { JobContext } from './jobs';
import type { TasksRegionsRequest, TasksRegionsResponse } from '../../shared/ipc/analysis/tasks';

export function tasksRegionsJob(_ctx: JobContext, _req: TasksRegionsRequest): TasksRegionsResponse {
  throw new Error('tasks and regions: not implemented yet');
}
