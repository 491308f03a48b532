// Damaged v1 traces: the reader must end in a TraceError (never another
// exception), quickly, and the speculative post-processing must agree with
// the separate pass.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { FIXTURES, readTrace, readAll } from './util';
import { CASES } from './cases';

class Rand {
  constructor(private s: number) {}
  next(): number {
    this.s = (Math.imul(this.s, 1103515245) + 12345) >>> 0;
    return this.s / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

function seeds(): Uint8Array[] {
  const out: Uint8Array[] = [];
  const dir = path.join(FIXTURES, 'go-testdata', 'v1');
  for (const n of ['user_task_region_1_11_good', 'user_task_region_1_19_good', 'user_task_region_1_21_good', 'stress_start_stop_1_21_good']) {
    const f = path.join(dir, n);
    if (fs.existsSync(f)) out.push(readTrace(f));
  }
  for (const c of CASES) if (c.err === null) out.push(c.data());
  return out;
}

function mutate(r: Rand, src: Uint8Array): Uint8Array {
  let b = Array.from(src);
  const n = 1 + r.int(4);
  for (let j = 0; j < n; j++) {
    const pos = 16 + r.int(Math.max(1, b.length - 16));
    switch (r.int(7)) {
      case 0:
        b[pos] = b[pos]! ^ (1 << r.int(8));
        break;
      case 1:
        b[pos] = r.int(256);
        break;
      case 2:
        b.splice(pos, 1 + r.int(8));
        break;
      case 3:
        b.splice(pos, 0, r.int(256));
        break;
      case 4:
        b = b.slice(0, pos);
        break;
      case 5: {
        const q = 16 + r.int(Math.max(1, b.length - 16));
        b.splice(pos, 0, ...b.slice(q, q + r.int(40)));
        break;
      }
      default:
        b[pos] = (b[pos]! & 0x3f) | (r.int(4) << 6);
    }
  }
  return Uint8Array.from(b);
}

test('damaged v1 traces end in a TraceError, the same with and without speculation', () => {
  const r = new Rand(20251126);
  const srcs = seeds();
  assert.ok(srcs.length > 0);
  const t0 = Date.now();
  let errors = 0;
  for (let i = 0; i < 600; i++) {
    const data = mutate(r, srcs[r.int(srcs.length)]!);
    const a = readAll(data, 'raw');
    const b = readAll(data, 'raw', { noSpeculation: true });
    assert.equal(a.err?.message ?? null, b.err?.message ?? null);
    assert.deepEqual(a.lines, b.lines);
    if (a.err) errors++;
  }
  assert.ok(errors > 100);
  assert.ok(Date.now() - t0 < 60_000);
});

test('length fields are checked before allocating', () => {
  // A string claiming 2^40 bytes, a stack claiming 2^40 frames, a huge batch of
  // nothing: all fail fast without allocating.
  const hdr = Buffer.from('go 1.21 trace\0\0\0', 'latin1');
  const cases = [
    [1 | 64, 0, 0, 37, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20],
    [1 | 64, 0, 0, 3 | 192, 10, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0, 0, 0],
    [48 | 192, 0x80, 0x80, 0x80, 0x80, 0x01],
  ];
  for (const c of cases) {
    const data = Uint8Array.from([...hdr, ...c]);
    const res = readAll(data, 'raw');
    assert.ok(res.err !== null);
  }
});
