// Go's strconv.Quote (what fmt's %q prints for a string), for strings decoded
// with utf8.ts: lone surrogates U+DC80..U+DCFF stand for invalid bytes and
// print as \xNN, exactly as Go prints the byte it could not decode.

import { isNotPrint16, isNotPrint32, isPrint16, isPrint32 } from './isprint';

function bsearch(s: readonly number[], v: number): number {
  let i = 0;
  let j = s.length;
  while (i < j) {
    const h = i + ((j - i) >> 1);
    if (s[h]! < v) i = h + 1;
    else j = h;
  }
  return i;
}

/** Go's strconv.IsPrint (= unicode.IsPrint): letters, marks, numbers, punctuation, symbols, ASCII space. */
export function isPrint(r: number): boolean {
  if (r <= 0xff) {
    if (0x20 <= r && r <= 0x7e) return true;
    if (0xa1 <= r && r <= 0xff) return r !== 0xad;
    return false;
  }
  if (r < 0x10000) {
    const i = bsearch(isPrint16, r);
    if (i >= isPrint16.length || r < isPrint16[i & ~1]! || isPrint16[i | 1]! < r) return false;
    const j = bsearch(isNotPrint16, r);
    return !(j < isNotPrint16.length && isNotPrint16[j] === r);
  }
  const i = bsearch(isPrint32, r);
  if (i >= isPrint32.length || r < isPrint32[i & ~1]! || isPrint32[i | 1]! < r) return false;
  if (r >= 0x20000) return true;
  const x = r - 0x10000;
  const j = bsearch(isNotPrint32, x);
  return !(j < isNotPrint32.length && isNotPrint32[j] === x);
}

const HEX = '0123456789abcdef';
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function hex(v: number, digits: number): string {
  let s = '';
  for (let sh = (digits - 1) * 4; sh >= 0; sh -= 4) s += HEX[(v >>> sh) & 0xf];
  return s;
}

/** Go's strconv.Quote(s) (= fmt.Sprintf("%q", s)). */
export function goQuote(s: string): string {
  if (PLAIN.test(s)) return '"' + s + '"';
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    let r = s.charCodeAt(i);
    if (r >= 0xd800 && r <= 0xdfff) {
      if (r <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          r = 0x10000 + ((r - 0xd800) << 10) + (d - 0xdc00);
          i++;
        }
      }
      if (r >= 0xdc80 && r <= 0xdcff) {
        // An invalid byte of the original string.
        out += '\\x' + hex(r - 0xdc00, 2);
        continue;
      }
      if (r < 0x10000) {
        // Any other lone surrogate cannot come from a Go string; show it as Go shows invalid runes.
        out += '\\ufffd';
        continue;
      }
    }
    if (r === 0x22 || r === 0x5c) {
      out += '\\' + String.fromCharCode(r);
      continue;
    }
    if (isPrint(r)) {
      out += String.fromCodePoint(r);
      continue;
    }
    switch (r) {
      case 0x07:
        out += '\\a';
        continue;
      case 0x08:
        out += '\\b';
        continue;
      case 0x0c:
        out += '\\f';
        continue;
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x09:
        out += '\\t';
        continue;
      case 0x0b:
        out += '\\v';
        continue;
    }
    if (r < 0x20 || r === 0x7f) out += '\\x' + hex(r, 2);
    else if (r < 0x10000) out += '\\u' + hex(r, 4);
    else out += '\\U' + hex(r, 8);
  }
  return out + '"';
}
