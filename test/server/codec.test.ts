// The WebSocket codec: typed arrays travel as raw bytes and come back equal,
// non-finite numbers survive, odd keys stay data, malformed frames are refused.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { concatChunks, decodeMessage, encodeMessage } from '../../shared/ipc/codec';

test('typed arrays, NaN and nested objects round-trip', () => {
  const msg = {
    id: 7,
    f64: new Float64Array([1.5, NaN, -0, 2 ** 53]),
    i32: new Int32Array([-1, 2, 3]),
    u8: new Uint8Array([1, 2, 3, 4, 5]),
    f32: new Float32Array([0.25]),
    u32: new Uint32Array([4294967295]),
    u16: new Uint16Array([65535, 1, 2]),
    empty: new Float64Array(0),
    nested: [{ a: new Int32Array([9]), n: NaN, inf: -Infinity, s: 'x', nil: null, t: true }],
    skipped: undefined,
  };
  const out = decodeMessage(concatChunks(encodeMessage(msg))) as typeof msg;
  assert.ok(out.f64 instanceof Float64Array);
  assert.deepEqual([...out.f64].map(String), ['1.5', 'NaN', '0', String(2 ** 53)]);
  assert.ok(Object.is(out.f64[2], -0));
  assert.deepEqual(out.i32, msg.i32);
  assert.deepEqual(out.u8, msg.u8);
  assert.deepEqual(out.f32, msg.f32);
  assert.deepEqual(out.u32, msg.u32);
  assert.deepEqual(out.u16, msg.u16);
  assert.equal(out.empty.length, 0);
  assert.deepEqual(out.nested[0]!.a, new Int32Array([9]));
  assert.ok(Number.isNaN(out.nested[0]!.n));
  assert.equal(out.nested[0]!.inf, -Infinity);
  assert.equal(out.nested[0]!.s, 'x');
  assert.equal(out.nested[0]!.nil, null);
  assert.ok(!('skipped' in out));
});

test('typed arrays are not copied into the JSON and are viewed in place when aligned', () => {
  const big = new Float64Array(100_000).map((_, i) => i * 0.5);
  const chunks = encodeMessage({ big });
  assert.ok(chunks[0]!.length < 200, `header+JSON is ${chunks[0]!.length} bytes`);
  assert.equal(chunks[1]!.buffer, big.buffer, 'the array bytes are sent from the array itself');
  const frame = concatChunks(chunks);
  const out = decodeMessage(frame) as { big: Float64Array };
  assert.equal(out.big.buffer, frame.buffer);
  assert.deepEqual(out.big, big);
});

test('unaligned frames (a Node Buffer slice) decode by copying', () => {
  const frame = concatChunks(encodeMessage({ a: new Float64Array([1, 2, 3]) }));
  const shifted = new Uint8Array(frame.length + 3);
  shifted.set(frame, 3);
  const out = decodeMessage(shifted.subarray(3)) as { a: Float64Array };
  assert.deepEqual(out.a, new Float64Array([1, 2, 3]));
});

test('keys that look like placeholders, and __proto__, stay plain data', () => {
  const msg = JSON.parse('{"\\u0000ta": 0, "__proto__": {"polluted": true}, "\\u0000n": "NaN"}') as Record<string, unknown>;
  const out = decodeMessage(concatChunks(encodeMessage(msg))) as Record<string, unknown>;
  assert.equal(out['\u0000ta'], 0);
  assert.equal(out['\u0000n'], 'NaN');
  assert.deepEqual(Object.getOwnPropertyDescriptor(out, '__proto__')?.value, { polluted: true });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
});

test('malformed frames are refused with a message saying what is wrong', () => {
  assert.throws(() => decodeMessage(new Uint8Array(3)), /shorter than the 8-byte header/);
  assert.throws(() => decodeMessage(new TextEncoder().encode('{"id":1,"method":"current"}')), /GTR1 magic/);
  const good = concatChunks(encodeMessage({ a: new Float64Array(4) }));
  assert.throws(() => decodeMessage(good.subarray(0, good.length - 8)), /outside the message/);
  const lying = good.slice();
  new DataView(lying.buffer).setUint32(4, 1 << 30, true);
  assert.throws(() => decodeMessage(lying), /bytes of JSON/);
});
