// Binary message codec for the browser-mode WebSocket: JSON-like messages
// whose typed arrays travel as raw bytes after the JSON text instead of as
// JSON number lists (a viewport answer is mostly Float64Array/Int32Array
// columns).
//
// Frame layout (little-endian):
//   u32 magic 'GTR1' | u32 json byte length | json (UTF-8) | zero padding to 8
//   then each typed array's bytes, each starting at a multiple of 8
// The JSON is {"m": message, "b": [[typeCode, byteOffset, length], ...]}; in
// the message a typed array is replaced by {"\u0000ta": i} and a non-finite
// number by {"\u0000n": "NaN" | "Infinity" | "-Infinity"}. Object keys that
// themselves begin with "\u0000" are escaped by doubling that character.
// Decoding views the arrays in place when they are aligned (no copy).

const MAGIC = 0x31525447; // 'GTR1'
const TA_KEY = '\u0000ta';
const NUM_KEY = '\u0000n';

type TypedArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;
type TypedArrayCtor = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray; new (length: number): TypedArray; BYTES_PER_ELEMENT: number };

const CTORS: TypedArrayCtor[] = [
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array,
] as unknown as TypedArrayCtor[];

function typeCode(v: unknown): number {
  for (let i = 0; i < CTORS.length; i++) if (v instanceof (CTORS[i] as unknown as Function)) return i;
  return -1;
}

export class CodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodecError';
  }
}

/** Encodes a message into chunks (header+JSON, then the arrays' own bytes, uncopied) to send as one binary message. */
export function encodeMessage(msg: unknown): Uint8Array[] {
  const arrays: TypedArray[] = [];
  const table: [number, number, number][] = [];
  let offset = 0;
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 64) throw new CodecError('message nests deeper than 64 levels');
    if (typeof v === 'number') return Number.isFinite(v) ? v : { [NUM_KEY]: String(v) };
    if (v === null || typeof v !== 'object') return v;
    if (ArrayBuffer.isView(v)) {
      const code = typeCode(v);
      if (code < 0) throw new CodecError(`cannot encode ${(v as object).constructor.name}: only 8- to 64-bit number typed arrays`);
      const ta = v as TypedArray;
      table.push([code, offset, ta.length]);
      arrays.push(ta);
      offset += align8(ta.byteLength);
      return { [TA_KEY]: table.length - 1 };
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined) continue;
      setOwn(out, k.startsWith('\u0000') ? '\u0000' + k : k, walk(x, depth + 1));
    }
    return out;
  };
  const json = new TextEncoder().encode(JSON.stringify({ m: walk(msg, 0), b: table }));
  const headLen = align8(8 + json.length);
  const head = new Uint8Array(headLen);
  const dv = new DataView(head.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, json.length, true);
  head.set(json, 8);
  const chunks: Uint8Array[] = [head];
  const pad = new Uint8Array(8);
  for (const ta of arrays) {
    if (ta.byteLength > 0) chunks.push(new Uint8Array(ta.buffer, ta.byteOffset, ta.byteLength));
    const p = align8(ta.byteLength) - ta.byteLength;
    if (p > 0) chunks.push(pad.subarray(0, p));
  }
  return chunks;
}

/** One contiguous buffer (for transports that send a single buffer). */
export function concatChunks(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Decodes a frame made by encodeMessage. Throws CodecError saying what is wrong with a malformed frame. */
export function decodeMessage(frame: Uint8Array): unknown {
  if (frame.length < 8) throw new CodecError(`message of ${frame.length} bytes is shorter than the 8-byte header`);
  const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (dv.getUint32(0, true) !== MAGIC) throw new CodecError('message does not start with the GTR1 magic');
  const jsonLen = dv.getUint32(4, true);
  if (8 + jsonLen > frame.length) throw new CodecError(`message says ${jsonLen} bytes of JSON but has ${frame.length - 8}`);
  let parsed: { m: unknown; b: unknown };
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(8, 8 + jsonLen)));
  } catch (e) {
    throw new CodecError(`message JSON is malformed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || !Array.isArray(parsed.b)) throw new CodecError('message JSON lacks its array table');
  const dataStart = align8(8 + jsonLen);
  const arrays: TypedArray[] = parsed.b.map((entry: unknown, i: number) => {
    if (!Array.isArray(entry) || entry.length !== 3 || !entry.every((x) => Number.isSafeInteger(x) && x >= 0)) {
      throw new CodecError(`array table entry ${i} is not [type, offset, length]`);
    }
    const [code, off, len] = entry as [number, number, number];
    const C = CTORS[code];
    if (!C) throw new CodecError(`array table entry ${i} has unknown type code ${code}`);
    const start = dataStart + off;
    const bytes = len * C.BYTES_PER_ELEMENT;
    if (off % 8 !== 0 || start + bytes > frame.length) throw new CodecError(`array ${i} (${bytes} bytes at ${off}) lies outside the message`);
    const abs = frame.byteOffset + start;
    if (abs % C.BYTES_PER_ELEMENT === 0) return new C(frame.buffer, abs, len);
    const copy = new C(len);
    new Uint8Array(copy.buffer).set(frame.subarray(start, start + bytes));
    return copy;
  });
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 64) throw new CodecError('message nests deeper than 64 levels');
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === TA_KEY) {
      const a = arrays[o[TA_KEY] as number];
      if (a === undefined) throw new CodecError(`message refers to missing array ${String(o[TA_KEY])}`);
      return a;
    }
    if (keys.length === 1 && keys[0] === NUM_KEY) {
      const n = Number(o[NUM_KEY]);
      if (!Number.isNaN(n) || o[NUM_KEY] === 'NaN') return n;
      throw new CodecError(`bad non-finite number ${JSON.stringify(o[NUM_KEY])}`);
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      setOwn(out, k.startsWith('\u0000') ? k.slice(1) : k, walk(o[k], depth + 1));
    }
    return out;
  };
  return walk(parsed.m, 0);
}

/** A "__proto__" key must stay data, not become the object's prototype. */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
