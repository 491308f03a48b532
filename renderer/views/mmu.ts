// The minimum mutator utilization curve (owned by the MMU view's implementer).

import { PlaceholderView } from './placeholder';
import type { ViewContext } from './types';

export class MMUView extends PlaceholderView {
  constructor(readonly ctx: ViewContext) {
    super('mmu', 'MMU', 'Minimum mutator utilization: how much of each time window the program could run');
  }
}
