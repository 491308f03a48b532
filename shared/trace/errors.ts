// Errors raised while reading a trace.
//
// `message` is Go's own error text (tests match it against the regular
// expressions of Go's conformance suite); `offset` is the byte offset in the
// (decompressed) trace where the problem was found, or -1 when no single
// byte is to blame (e.g. an ordering problem found after a whole generation
// was read; the offset then points at the generation's first batch).

export class TraceError extends Error {
  constructor(message: string, readonly offset: number = -1) {
    super(message);
    this.name = 'TraceError';
  }
}

/** The file/offset-qualified text shown to users: "FILE: at byte N: message". */
export function describeTraceError(file: string, err: unknown): string {
  if (err instanceof TraceError) {
    const where = err.offset >= 0 ? `at byte ${err.offset}: ` : '';
    return `${file}: ${where}${err.message}`;
  }
  return `${file}: ${err instanceof Error ? err.message : String(err)}`;
}
