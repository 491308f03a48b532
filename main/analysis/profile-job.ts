// Profiles for the app: a call tree for flame graphs, and the pprof export.

import type { JobContext } from './jobs';
import type { ProfileRequest, ProfileResponse } from '../../shared/ipc/analysis/profile';

export function profileJob(_ctx: JobContext, req: ProfileRequest): ProfileResponse {
  throw new Error(`profile ${req.type}: not implemented yet`);
}

/** The gzipped profile.proto bytes. */
export function exportProfileJob(_ctx: JobContext, req: ProfileRequest): Uint8Array {
  throw new Error(`export ${req.type}: not implemented yet`);
}
