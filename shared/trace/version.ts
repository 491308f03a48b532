// Trace versions and the header (Go's internal/trace/version/version.go).

import { TraceError } from './errors';
import { SPECS, type EventSpec } from './tracev2/spec';
import * as ev from './tracev2/events';
import { decodeRune, decodedRune } from './utf8';

export type Version = number;

export const Go111: Version = 11; // v1
export const Go119: Version = 19; // v1
export const Go121: Version = 21; // v1
export const Go122: Version = 22; // v2
export const Go123: Version = 23; // v2
export const Go125: Version = 25; // v2
export const Go126: Version = 26; // v2
export const Current: Version = Go126;

const versions = new Map<Version, readonly EventSpec[]>([
  // Go 1.11–1.21 use a different parser and are only set here for the sake of valid().
  [Go111, []],
  [Go119, []],
  [Go121, []],
  [Go122, SPECS.slice(0, ev.EvUserLog + 1)], // All events after are Go 1.23+.
  [Go123, SPECS.slice(0, ev.EvExperimentalBatch + 1)], // All events after are Go 1.25+.
  [Go125, SPECS.slice(0, ev.EvClockSnapshot + 1)], // All events after are Go 1.26+.
  [Go126, SPECS],
]);

/** Go's Version.Specs(). */
export function versionSpecs(v: Version): readonly EventSpec[] {
  return versions.get(v) ?? [];
}

/** Go's Version.Valid(). */
export function versionValid(v: Version): boolean {
  return versions.has(v);
}

/** Go's Version.EventName(typ): the wire name of an event type for a trace version. */
export function eventName(v: Version, typ: number): string {
  if (!versionValid(v)) return '<invalid trace version>';
  const s = versionSpecs(v);
  if (s.length === 0) return '<v1 trace event type>';
  if (typ < s.length && s[typ]!.name !== '') return s[typ]!.name;
  return `Invalid(${typ})`;
}

/** Whether v is read by the generational (v2) reader. */
export function isV2(v: Version): boolean {
  return v === Go122 || v === Go123 || v === Go125 || v === Go126;
}

// ---- Header: fmt.Fscanf(r, "go 1.%d trace\x00\x00\x00", &v) on a bufio.Reader. ----

/** fmt's isSpace (scan.go). */
function isSpace(r: number): boolean {
  return (
    (r >= 0x09 && r <= 0x0d) ||
    r === 0x20 ||
    r === 0x85 ||
    r === 0xa0 ||
    r === 0x1680 ||
    (r >= 0x2000 && r <= 0x200a) ||
    r === 0x2028 ||
    r === 0x2029 ||
    r === 0x202f ||
    r === 0x205f ||
    r === 0x3000
  );
}

const EOF_RUNE = -1;
const BAD_HEADER = 'bad file format: not a Go execution trace?';

class HeaderScanner {
  pos = 0;
  private lastSize = 0;
  constructor(private readonly data: Uint8Array) {}

  getRune(): number {
    if (this.pos >= this.data.length) {
      this.lastSize = 0;
      return EOF_RUNE;
    }
    const r = decodeRune(this.data, this.pos, this.data.length);
    this.lastSize = decodedRune.size;
    this.pos += this.lastSize;
    return r;
  }

  unreadRune(): void {
    this.pos -= this.lastSize;
    this.lastSize = 0;
  }

  /** A literal rune of the format. */
  literal(c: number): boolean {
    const r = this.getRune();
    if (r === EOF_RUNE) return false; // io.ErrUnexpectedEOF
    return r === c;
  }

  /** A (non-newline) space run in the format: at least one input space, or end of input. */
  space(): boolean {
    let r = this.getRune();
    if (!isSpace(r) && r !== EOF_RUNE) return false;
    if (r === 0x0a) return false;
    while (isSpace(r) && r !== 0x0a) r = this.getRune();
    if (r !== EOF_RUNE) this.unreadRune();
    return true;
  }

  /** %d into a uint32: SkipSpace, then decimal digits. Returns -1 on failure. */
  uint32(): number {
    for (;;) {
      const r = this.getRune();
      if (r === EOF_RUNE) break;
      if (r === 0x0a) return -1; // "unexpected newline"
      if (!isSpace(r)) {
        this.unreadRune();
        break;
      }
    }
    let tok = '';
    for (;;) {
      const r = this.getRune();
      if (r >= 0x30 && r <= 0x39) {
        tok += String.fromCharCode(r);
        continue;
      }
      if (r !== EOF_RUNE) this.unreadRune();
      break;
    }
    if (tok === '') return -1; // "expected integer" (or unexpected EOF)
    const v = BigInt(tok);
    if (v >= 1n << 32n) return -1; // strconv range error or "unsigned integer overflow"
    return Number(v);
  }
}

/**
 * Go's version.ReadHeader on the start of a trace: returns the version and
 * the offset of the first byte after the header (16 for every header Go
 * writes), or throws Go's error.
 */
export function readHeader(data: Uint8Array): { version: Version; offset: number } {
  const s = new HeaderScanner(data);
  const lit = (text: string): boolean => {
    for (let i = 0; i < text.length; i++) if (!s.literal(text.charCodeAt(i))) return false;
    return true;
  };
  let v = -1;
  const ok = lit('go') && s.space() && lit('1.') && (v = s.uint32()) >= 0 && s.space() && lit('trace\x00\x00\x00');
  if (!ok) throw new TraceError(BAD_HEADER, 0);
  if (!versionValid(v)) throw new TraceError(`unknown or unsupported trace version go 1.${v}`, 0);
  return { version: v, offset: s.pos };
}
