// Lossless UTF-8 <-> JavaScript string conversion for trace strings.
//
// Go strings are arbitrary bytes. Trace strings are decoded as UTF-8 with
// Go's exact validity rules (unicode/utf8.DecodeRune); every byte that is not
// part of a valid sequence becomes the lone surrogate U+DC80+byte
// ("surrogateescape"). Valid UTF-8 never decodes to a surrogate, so the
// mapping is injective: equal strings <=> equal bytes, goQuote() prints such
// bytes as \xNN like Go's %q, and encodeTraceString() restores the bytes.

/** Go's utf8.RuneError. */
export const RUNE_ERROR = 0xfffd;

/** Result of decodeRune's last call: the rune's width in bytes. */
export const decodedRune = { size: 0 };

/**
 * Go's utf8.DecodeRune on data[pos:end]: returns the rune and sets
 * decodedRune.size; an invalid or truncated sequence gives (RuneError, 1),
 * and an empty input (RuneError, 0).
 */
export function decodeRune(data: Uint8Array, pos: number, end: number): number {
  if (pos >= end) {
    decodedRune.size = 0;
    return RUNE_ERROR;
  }
  const b0 = data[pos]!;
  if (b0 < 0x80) {
    decodedRune.size = 1;
    return b0;
  }
  decodedRune.size = 1;
  let sz: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 < 0xc2) return RUNE_ERROR;
  if (b0 < 0xe0) sz = 2;
  else if (b0 < 0xf0) {
    sz = 3;
    if (b0 === 0xe0) lo = 0xa0;
    else if (b0 === 0xed) hi = 0x9f;
  } else if (b0 < 0xf5) {
    sz = 4;
    if (b0 === 0xf0) lo = 0x90;
    else if (b0 === 0xf4) hi = 0x8f;
  } else return RUNE_ERROR;
  if (end - pos < sz) return RUNE_ERROR;
  const b1 = data[pos + 1]!;
  if (b1 < lo || hi < b1) return RUNE_ERROR;
  if (sz === 2) {
    decodedRune.size = 2;
    return ((b0 & 0x1f) << 6) | (b1 & 0x3f);
  }
  const b2 = data[pos + 2]!;
  if (b2 < 0x80 || 0xbf < b2) return RUNE_ERROR;
  if (sz === 3) {
    decodedRune.size = 3;
    return ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
  }
  const b3 = data[pos + 3]!;
  if (b3 < 0x80 || 0xbf < b3) return RUNE_ERROR;
  decodedRune.size = 4;
  return ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
}

const CHUNK = 4096;

/** Decodes data[start:end] losslessly (see the file comment). */
export function decodeTraceString(data: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (data[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    if (end - start <= CHUNK) return String.fromCharCode.apply(null, data.subarray(start, end) as unknown as number[]);
    let s = '';
    for (let i = start; i < end; i += CHUNK) {
      s += String.fromCharCode.apply(null, data.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[]);
    }
    return s;
  }
  const units: number[] = [];
  let s = '';
  let pos = start;
  while (pos < end) {
    const r = decodeRune(data, pos, end);
    const size = decodedRune.size;
    if (size === 1 && r === RUNE_ERROR) {
      units.push(0xdc00 + data[pos]!);
    } else if (r >= 0x10000) {
      const v = r - 0x10000;
      units.push(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
    } else {
      units.push(r);
    }
    pos += size;
    if (units.length >= CHUNK) {
      s += String.fromCharCode.apply(null, units);
      units.length = 0;
    }
  }
  return s + String.fromCharCode.apply(null, units);
}

/** Decodes a whole byte array (see decodeTraceString). */
export function decodeTraceBytes(data: Uint8Array): string {
  return decodeTraceString(data, 0, data.length);
}

/**
 * The bytes Go holds for a string produced by decodeTraceString (escaped
 * bytes U+DC80..U+DCFF restored; everything else encoded as UTF-8; any other
 * lone surrogate becomes U+FFFD). Use it to write dumps and error messages.
 */
export function encodeTraceString(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out.push(c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
        continue;
      }
    }
    if (c >= 0xdc80 && c <= 0xdcff) {
      out.push(c - 0xdc00);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) c = RUNE_ERROR;
    if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

/** Length in bytes of the Go string (len(s)) a decoded trace string stands for. */
export function traceStringByteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c >= 0xdc80 && c <= 0xdcff) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}
