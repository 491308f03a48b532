// Minimum mutator utilization for the app's MMU view.

import type { JobContext } from './jobs';
import type { MMURequest, MMUResponse } from '../../shared/ipc/analysis/mmu';

export function mmuJob(_ctx: JobContext, _req: MMURequest): MMUResponse {
  throw new Error('mmu: not implemented yet');
}
