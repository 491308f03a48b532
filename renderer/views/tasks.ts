// User tasks and regions tables (owned by the tasks/regions view's implementer).

import { PlaceholderView } from './placeholder';
import type { ViewContext } from './types';

export class TasksView extends PlaceholderView {
  constructor(readonly ctx: ViewContext) {
    super('tasks', 'Tasks & regions', 'User tasks and regions: durations, histograms, logs');
  }
}
