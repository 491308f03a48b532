// goQuote = Go's strconv.Quote on strings decoded losslessly from trace bytes.

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { goQuote, isPrint } from '../../shared/trace/quote';
import { decodeTraceBytes, encodeTraceString, traceStringByteLength } from '../../shared/trace/utf8';

// [hex of the Go string's bytes, strconv.Quote(s)] as printed by Go 1.27.
const CASES: [string, string][] = [
  ['', '""'],
  ['706c61696e', '"plain"'],
  ['6122625c63', '"a\\"b\\\\c"'],
  ['07080c0a0d090b00011f7f', '"\\a\\b\\f\\n\\r\\t\\v\\x00\\x01\\x1f\\x7f"'],
  ['c3a920c3b120e697a5e69cac20f09f9880', '"é ñ 日本 😀"'],
  ['fffe', '"\\xff\\xfe"'],
  ['eda080', '"\\xed\\xa0\\x80"'],
  ['c3', '"\\xc3"'],
  ['e282', '"\\xe2\\x82"'],
  ['e282ac', '"€"'],
  ['c2a0c2ade2808be280a8e280a9efbbbfefbfbd', '"\\u00a0\\u00ad\\u200b\\u2028\\u2029\\ufeff�"'],
  ['f09f9880f3a08081f48fbfbf', '"😀\\U000e0001\\U0010ffff"'],
  ['f4908080', '"\\xf4\\x90\\x80\\x80"'],
  ['f0808080', '"\\xf0\\x80\\x80\\x80"'],
  ['c0af', '"\\xc0\\xaf"'],
  ['61ff62c3a963', '"a\\xffbéc"'],
  ['cdb8cdb9d880e1a08ee38080f09d85b3', '"\\u0378\\u0379\\u0600\\u180e\\u3000\\U0001d173"'],
  ['7461620968657265', '"tab\\there"'],
  ['c285c2a1', '"\\u0085¡"'],
];

describe('goQuote', () => {
  for (const [h, want] of CASES) {
    it(`quotes ${want}`, () => {
      const bytes = Uint8Array.from(Buffer.from(h, 'hex'));
      const s = decodeTraceBytes(bytes);
      assert.equal(goQuote(s), want);
      // Lossless: the bytes come back, and the Go length is the byte length.
      assert.deepEqual(Buffer.from(encodeTraceString(s)).toString('hex'), h);
      assert.equal(traceStringByteLength(s), bytes.length);
    });
  }

  it('agrees with unicode.IsPrint on a few runes', () => {
    assert.equal(isPrint(0x20), true);
    assert.equal(isPrint(0x7f), false);
    assert.equal(isPrint(0xa0), false);
    assert.equal(isPrint(0xad), false);
    assert.equal(isPrint(0x3000), false);
    assert.equal(isPrint(0x1f600), true);
    assert.equal(isPrint(0xe0001), false);
    assert.equal(isPrint(0x20000), true);
  });

  it('keeps invalid bytes distinct from the valid U+FFFD', () => {
    const bad = decodeTraceBytes(Uint8Array.from([0xff]));
    const repl = decodeTraceBytes(Uint8Array.from([0xef, 0xbf, 0xbd]));
    assert.notEqual(bad, repl);
  });
});
