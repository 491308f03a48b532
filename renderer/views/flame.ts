// Flame graphs of the profiles (owned by the flame graph's implementer).

import { PlaceholderView } from './placeholder';
import type { ViewContext } from './types';

export class FlameView extends PlaceholderView {
  constructor(readonly ctx: ViewContext) {
    super('flame', 'Flame graph', 'Profiles as flame graphs: CPU samples and blocking by reason');
  }
}
