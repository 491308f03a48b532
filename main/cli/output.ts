// Buffered writes to a file descriptor: dumping millions of lines through
// process.stdout.write one by one is dominated by per-call overhead.

import * as fs from 'node:fs';

export class BufferedWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly fd: number, private readonly limit = 1 << 20) {}

  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= this.limit) this.flush();
  }

  line(s: string): void {
    this.write(s);
    this.write('\n');
  }

  flush(): void {
    if (this.parts.length === 0) return;
    writeAll(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

const ESCAPED_BYTE = /[\udc80-\udcff]/;

/**
 * UTF-8 encoding that turns the lone surrogates U+DC80..U+DCFF, which the
 * reader uses to carry invalid bytes of trace strings losslessly
 * (surrogateescape), back into those raw bytes, as Go would print them.
 */
export function encodeOutput(s: string): Buffer {
  if (!ESCAPED_BYTE.test(s)) return Buffer.from(s, 'utf8');
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff && !(i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff)) {
      out.push(Buffer.from(s.slice(start, i), 'utf8'), Buffer.from([c - 0xdc00]));
      start = i + 1;
    }
  }
  out.push(Buffer.from(s.slice(start), 'utf8'));
  return Buffer.concat(out);
}

function writeAll(fd: number, s: string): void {
  const buf = encodeOutput(s);
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EPIPE') process.exit(0);
      throw e;
    }
  }
}
