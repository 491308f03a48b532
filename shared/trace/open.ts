// Small conveniences around the header, for callers that need the version
// even when the rest of the trace cannot be read.

import { readHeader } from './version';

/** The header's Go 1.N version N, or undefined when the header is not a known trace header. */
export function tryHeaderVersion(data: Uint8Array): number | undefined {
  try {
    return readHeader(data).version;
  } catch {
    return undefined;
  }
}
