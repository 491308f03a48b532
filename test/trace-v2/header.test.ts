// The header: Go's fmt.Fscanf(r, "go 1.%d trace\x00\x00\x00", &v) and its errors.

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readHeader } from '../../shared/trace/version';
import { TraceError } from '../../shared/trace/errors';

function hdr(s: string | Uint8Array): { version: number; offset: number } | string {
  const bytes = typeof s === 'string' ? Uint8Array.from(Buffer.from(s, 'latin1')) : s;
  try {
    return readHeader(bytes);
  } catch (e) {
    assert.ok(e instanceof TraceError);
    return e.message;
  }
}

const BAD = 'bad file format: not a Go execution trace?';

describe('readHeader', () => {
  it('reads the headers Go writes', () => {
    for (const v of [11, 19, 21, 22, 23, 25, 26]) {
      assert.deepEqual(hdr(`go 1.${v} trace\0\0\0...`), { version: v, offset: 16 });
    }
  });

  it('rejects unknown versions with Go\'s message', () => {
    assert.equal(hdr('go 1.5 trace\0\0\0'), 'unknown or unsupported trace version go 1.5');
    assert.equal(hdr('go 1.24 trace\0\0\0'), 'unknown or unsupported trace version go 1.24');
    assert.equal(hdr('go 1.27 trace\0\0\0'), 'unknown or unsupported trace version go 1.27');
  });

  it('accepts what Fscanf accepts (the header can then be longer than 16 bytes)', () => {
    assert.deepEqual(hdr('go  1.22 trace\0\0\0'), { version: 22, offset: 17 });
    assert.deepEqual(hdr('go 1.022 trace\0\0\0'), { version: 22, offset: 17 });
    assert.deepEqual(hdr('go\t1. 22 trace\0\0\0'), { version: 22, offset: 17 });
    assert.deepEqual(hdr('go 1.\r22 trace\0\0\0'), { version: 22, offset: 17 });
    assert.deepEqual(hdr(Uint8Array.from([...Buffer.from('go 1.22 '), 0xc2, 0xa0, ...Buffer.from('trace\0\0\0')])), {
      version: 22,
      offset: 18,
    });
  });

  it('rejects everything else as not a trace', () => {
    for (const s of ['', 'go', 'go 1.22', 'go 1.22 trace', 'go 1.22 trace\0\0', 'go 1.22trace\0\0\0', 'Go 1.22 trace\0\0\0',
      'go 1.+22 trace\0\0\0', 'go 1.-22 trace\0\0\0', 'go 1.\n22 trace\0\0\0', 'go 1.22\n trace\0\0\0',
      'go 1.4294967318 trace\0\0\0', 'go 1.0x16 trace\0\0\0', 'go 1.2_2 trace\0\0\0']) {
      assert.equal(hdr(s), BAD, JSON.stringify(s));
    }
  });
});
