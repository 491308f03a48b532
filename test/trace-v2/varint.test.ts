// Varint decoding: Go's binary.Uvarint / binary.ReadUvarint semantics, exact uint64s.

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { ByteReader, ReadError, uv, uvarint } from '../../shared/trace/varint';
import { u64ToBig } from '../../shared/trace/u64';

function enc(x: bigint): number[] {
  const out: number[] = [];
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
  return out;
}

function dec(bytes: number[]): { v: bigint; n: number } {
  const v = uvarint(Uint8Array.from(bytes), 0, bytes.length);
  return { v: uv.n > 0 ? u64ToBig(v) : 0n, n: uv.n };
}

describe('uvarint (binary.Uvarint)', () => {
  it('decodes small and boundary values exactly', () => {
    const values = [0n, 1n, 127n, 128n, 16383n, 16384n, (1n << 32n) - 1n, (1n << 53n) - 1n, 1n << 53n, (1n << 53n) + 1n,
      (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 2n, (1n << 64n) - 1n];
    for (const x of values) {
      const b = enc(x);
      assert.deepEqual(dec(b), { v: x, n: b.length }, `value ${x}`);
    }
  });

  it('encodes values below 2^53 as plain numbers and 2^64-1 as -1', () => {
    const b = enc((1n << 53n) - 1n);
    assert.equal(uvarint(Uint8Array.from(b), 0, b.length), 2 ** 53 - 1);
    const m = enc((1n << 64n) - 1n);
    assert.equal(uvarint(Uint8Array.from(m), 0, m.length), -1);
  });

  it('accepts the runtime 10-byte padding', () => {
    const padded = [0x98, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00];
    assert.deepEqual(dec(padded), { v: 24n, n: 10 });
  });

  it('reports a short buffer as n = 0', () => {
    assert.equal(dec([]).n, 0);
    assert.equal(dec([0x80]).n, 0);
    assert.equal(dec([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80]).n, 0);
  });

  it('reports overflow like Go (10th byte > 1, or more than 10 bytes)', () => {
    assert.equal(dec([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]).n, -10);
    assert.equal(dec([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]).n, -11);
    assert.deepEqual(dec([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), { v: (1n << 64n) - 1n, n: 10 });
  });

  it('never reads past the end it is given', () => {
    const buf = Uint8Array.from([0x81, 0x01]);
    uvarint(buf, 0, 1);
    assert.equal(uv.n, 0);
  });
});

describe('ByteReader.readUvarint (binary.ReadUvarint)', () => {
  const read = (bytes: number[]): string | bigint => {
    try {
      return u64ToBig(new ByteReader(Uint8Array.from(bytes), 0).readUvarint());
    } catch (e) {
      assert.ok(e instanceof ReadError);
      return e.message;
    }
  };
  it('returns values and Go error texts', () => {
    assert.equal(read([0x05]), 5n);
    assert.equal(read([]), 'EOF');
    assert.equal(read([0x80]), 'unexpected EOF');
    assert.equal(read([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]), 'binary: varint overflows a 64-bit integer');
    assert.equal(read(new Array(10).fill(0x80)), 'binary: varint overflows a 64-bit integer');
  });
});
