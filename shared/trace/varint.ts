// Unsigned LEB128 varints, with the exact semantics of Go's encoding/binary
// (Uvarint on a slice, ReadUvarint on a stream). Values are u64-encoded
// numbers (see u64.ts): plain arithmetic below 2^53, BigInt only above.

import { NONE, u64FromBig } from './u64';

const TWO53 = 9007199254740992;

/** Length result of the last uvarint() call: > 0 bytes read, 0 buffer too small, < 0 overflow (-(bytes read)). */
export const uv = { n: 0 };

function slowValue(buf: Uint8Array, pos: number, len: number): number {
  // 2^64-1 ("none": a GoStatus's NoThread...) comes once per goroutine per generation: no BigInt for it.
  if (len === 10 && buf[pos + 9] === 1 && isAllOnes9(buf, pos)) return NONE;
  let x = 0n;
  for (let i = len - 1; i >= 0; i--) x = (x << 7n) | BigInt(buf[pos + i]! & 0x7f);
  return u64FromBig(x);
}

function isAllOnes9(buf: Uint8Array, pos: number): boolean {
  for (let i = 0; i < 9; i++) if (buf[pos + i] !== 0xff) return false;
  return true;
}

/**
 * Go's binary.Uvarint(buf[pos:end]): returns the value and sets uv.n like
 * Go's second result (0: too short, -k: overflow after k bytes). The value
 * is 0 whenever uv.n <= 0.
 */
export function uvarint(buf: Uint8Array, pos: number, end: number): number {
  let x = 0;
  let mul = 1;
  for (let i = 0; pos + i < end; i++) {
    if (i === 10) {
      uv.n = -(i + 1);
      return 0;
    }
    const b = buf[pos + i]!;
    if (b < 0x80) {
      if (i === 9 && b > 1) {
        uv.n = -(i + 1);
        return 0;
      }
      x += b * mul;
      uv.n = i + 1;
      return x < TWO53 ? x : slowValue(buf, pos, i + 1);
    }
    x += (b & 0x7f) * mul;
    mul *= 128;
  }
  uv.n = 0;
  return 0;
}

/** Go's error texts for stream varint reads. */
export const ERR_EOF = 'EOF';
export const ERR_UNEXPECTED_EOF = 'unexpected EOF';
export const ERR_OVERFLOW = 'binary: varint overflows a 64-bit integer';

/** A failed stream read; message is Go's error text (io.EOF, io.ErrUnexpectedEOF, binary's overflow). */
export class ReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadError';
  }
}

/** A byte stream over data[pos:end] (Go's bufio.Reader / bytes.Reader as the parser uses them). */
export class ByteReader {
  constructor(
    readonly data: Uint8Array,
    public pos: number,
    readonly end: number = data.length,
  ) {}

  /** Bytes left (bytes.Reader.Len). */
  len(): number {
    return this.end - this.pos;
  }

  /** The next byte, or -1 at the end (io.EOF). */
  readByte(): number {
    if (this.pos >= this.end) return -1;
    return this.data[this.pos++]!;
  }

  /** Go's binary.ReadUvarint: throws ReadError "EOF" / "unexpected EOF" / overflow. */
  readUvarint(): number {
    const data = this.data;
    const start = this.pos;
    let x = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ReadError(i > 0 ? ERR_UNEXPECTED_EOF : ERR_EOF);
      const b = data[this.pos++]!;
      if (b < 0x80) {
        if (i === 9 && b > 1) throw new ReadError(ERR_OVERFLOW);
        x += b * mul;
        return x < TWO53 ? x : slowValue(data, start, i + 1);
      }
      x += (b & 0x7f) * mul;
      mul *= 128;
    }
    throw new ReadError(ERR_OVERFLOW);
  }

  /** Go's io.CopyN into a buffer: how many of n bytes are available (and skips them). */
  skipN(n: number): number {
    const avail = Math.min(n, this.end - this.pos);
    this.pos += avail;
    return avail;
  }
}
