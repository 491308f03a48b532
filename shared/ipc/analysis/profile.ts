// Profiles (cmd/trace pprof.go semantics) as the app shows them: a call tree
// for flame graphs, and the pprof export.

import type { AnalysisFilter } from './common';

export type ProfileKind = 'net' | 'sync' | 'syscall' | 'sched' | 'cpu';

export interface ProfileRequest extends AnalysisFilter {
  type: ProfileKind;
}

/** Owned by the profile view's implementer: fill in. */
export interface ProfileResponse {
  type: ProfileKind;
}

export interface ExportProfileResult {
  /** Where it was written (Electron, CLI-like save); null when the bytes are returned for the page to download (browser mode) or the user cancelled. */
  path: string | null;
  /** Suggested file name, e.g. "trace.sync.pb.gz". */
  fileName: string;
  /** Browser mode: the gzipped profile.proto to download. */
  bytes: Uint8Array | null;
}
