// Until a view is built: says so in its place.

import type { OpenedTrace } from '../../shared/ipc/api';
import type { AnalysisView } from './types';

export class PlaceholderView implements AnalysisView {
  readonly el = document.createElement('div');
  constructor(readonly id: AnalysisView['id'], readonly label: string, readonly title: string) {
    this.el.className = 'view-placeholder';
    this.el.textContent = `${label}: coming soon.`;
  }
  setActive(_active: boolean): void {}
  traceChanged(_trace: OpenedTrace | null): void {}
}
