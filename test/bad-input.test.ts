// Bad input gets a clear error that names the file, the byte offset and what
// was expected: never a stack trace, a hang or unbounded memory.

import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { newReader } from '../shared/trace/reader';
import { TraceError } from '../shared/trace/errors';
import { decompressIfGzip } from '../shared/trace/decompress';
import { loadManifest, readFixture, type Fixture } from './lib/fixtures';
import { runCli } from './lib/cli';
import { seededRandom, randInt } from './lib/rand';

/** Reads every event; returns the event strings and the failure (TraceError), rethrowing anything else. */
export function readAll(data: Uint8Array): { events: string[]; failure: TraceError | null } {
  const events: string[] = [];
  try {
    const r = newReader(data);
    for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) events.push(ev.toString());
  } catch (e) {
    if (e instanceof TraceError) return { events, failure: e };
    throw e;
  }
  return { events, failure: null };
}

const header = (v: string) => {
  const b = new Uint8Array(16);
  b.set(Buffer.from(`go 1.${v} trace`));
  return b;
};

function concat(...parts: ArrayLike<number>[]): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const fixtures = loadManifest().filter((f) => f.kind === 'program' && !f.expectError && !f.gzip);
const v2 = fixtures.filter((f) => f.format === 'v2');
const v1 = fixtures.filter((f) => f.format === 'v1');
const smallest = (fs_: Fixture[]) => [...fs_].sort((a, b) => readFixture(a).length - readFixture(b).length)[0]!;

describe('malformed input is rejected with a TraceError naming the offset', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty file', new Uint8Array(0), /not a Go execution trace|EOF/i],
    ['random bytes', Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24), /not a Go execution trace/],
    ['a PNG image', concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], new Uint8Array(100)), /not a Go execution trace/],
    ['pre-1.11 version', header('10'), /unsupported trace version go 1\.10/],
    ['Go 1.5 trace', header('5'), /unsupported trace version go 1\.5/],
    ['unknown future version', header('99'), /unsupported trace version go 1\.99/],
    ['header only, v2', header('26'), /.*/],
    ['oversized varint', concat(header('22'), [1], Array(11).fill(0xff), [1]), /varint|overflow/i],
    ['batch larger than 64 KiB', concat(header('22'), [1, 1, 5, 100], [0xff, 0xff, 0xff, 0xff, 0x0f], [4]), /batch|size|large|EOF/i],
    ['event type that does not exist', concat(header('22'), [0x7f]), /expected batch|event/i],
    ['v1 huge string length', concat(header('11'), [37, 1, 0xff, 0xff, 0xff, 0xff, 0x0f]), /.+/],
  ];
  for (const [name, data, re] of cases) {
    it(name, () => {
      const { failure } = readAll(data);
      if (name === 'header only, v2') {
        // An empty v2 trace: Go reads no events and reports no error... or one; either way no crash.
        assert.ok(failure === null || failure instanceof TraceError);
        return;
      }
      assert.ok(failure instanceof TraceError, `${name}: expected a TraceError`);
      assert.match(failure.message, re);
      assert.ok(failure.offset >= -1 && failure.offset <= data.length, `offset ${failure.offset} within the input`);
    });
  }
});

describe('truncated traces yield every complete generation', () => {
  for (const f of v2.slice(0, 4)) {
    it(`${f.path} cut at 40 offsets`, () => {
      const full = readFixture(f);
      const whole = readAll(full);
      assert.equal(whole.failure, null);
      const rand = seededRandom(full.length);
      for (let k = 0; k < 40; k++) {
        const cut = 16 + randInt(rand, full.length - 16);
        const part = readAll(full.subarray(0, cut));
        // Every event but the Syncs must be exactly the full trace's. (A Sync's
        // time is the earliest batch of its generation present in the file,
        // which a cut can remove; Go does the same.)
        const notSync = (e: string) => !e.startsWith('M=-1 P=-1 G=-1 Sync ');
        const body = part.events.filter(notSync);
        assert.deepEqual(body, whole.events.filter(notSync).slice(0, body.length), `cut at ${cut}: events differ from the full trace's`);
        if (part.failure === null) assert.ok(part.events.length <= whole.events.length);
        else assert.ok(part.failure.offset <= cut, `cut at ${cut}: error offset ${part.failure.offset} beyond the data`);
      }
    });
  }
  for (const f of v1.slice(0, 2)) {
    it(`${f.path} (v1: no partial result) cut at 20 offsets`, () => {
      const full = readFixture(f);
      const rand = seededRandom(full.length);
      for (let k = 0; k < 20; k++) {
        const cut = 16 + randInt(rand, full.length - 17);
        const part = readAll(full.subarray(0, cut));
        assert.ok(part.failure instanceof TraceError, `cut at ${cut}: a truncated v1 trace must fail`);
      }
    });
  }
});

describe('gzip', () => {
  it('a corrupt gzip stream is reported with its offset, and what came before is kept', () => {
    const f = smallest(v2);
    const raw = readFixture(f);
    const gz = zlib.gzipSync(raw);
    const bad = Uint8Array.from(gz);
    for (let i = Math.floor(bad.length / 2); i < bad.length / 2 + 64; i++) bad[i] = bad[i]! ^ 0x5a;
    const d = decompressIfGzip(bad);
    assert.ok(d.gzip);
    assert.ok(d.error instanceof TraceError, 'corruption detected');
    assert.match(d.error.message, /gzip/);
    assert.ok(d.error.offset > 0 && d.error.offset <= bad.length);
    assert.ok(d.data.length < raw.length);
    assert.deepEqual(Buffer.from(d.data), Buffer.from(raw.subarray(0, d.data.length)), 'decompressed prefix is exact');
  });
  it('a truncated gzip stream keeps its decompressed prefix', () => {
    const raw = readFixture(smallest(v2));
    const gz = zlib.gzipSync(raw);
    const d = decompressIfGzip(gz.subarray(0, Math.floor(gz.length * 0.7)));
    assert.ok(d.error instanceof TraceError);
    assert.deepEqual(Buffer.from(d.data), Buffer.from(raw.subarray(0, d.data.length)));
  });
  it('a gzip-compressed trace reads exactly like the plain one', () => {
    for (const f of [smallest(v2), smallest(v1)]) {
      const raw = readFixture(f);
      const d = decompressIfGzip(zlib.gzipSync(raw));
      assert.equal(d.error, null);
      assert.deepEqual(readAll(d.data).events, readAll(raw).events);
    }
  });
});

describe('the CLI names the file and the byte offset, with no stack trace', () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gotrace-bad-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cases: [string, Uint8Array | null, number][] = [
    ['missing.trace', null, 1],
    ['empty.trace', new Uint8Array(0), 1],
    ['image.png', concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], new Uint8Array(64)), 1],
    ['go1.10.trace', header('10'), 1],
  ];
  for (const cmd of ['dump', 'analyze', 'index']) {
    for (const [name, data, status] of cases) {
      it(`${cmd} ${name}`, () => {
        const p = path.join(dir, name);
        if (data) fs.writeFileSync(p, data);
        const r = runCli([cmd, p]);
        assert.equal(r.status, status, r.stderr);
        assert.ok(r.stderr.includes(p), `stderr names the file: ${r.stderr}`);
        if (data) assert.match(r.stderr, /at byte \d+/);
        assert.doesNotMatch(r.stderr, /^\s+at .*\(.*:\d+:\d+\)$/m, 'no JavaScript stack trace');
      });
    }
  }
  /** The fixture cut to `fraction` of its bytes, written as dir/name. */
  const writeCut = (f: Fixture, fraction: number, name: string): string => {
    const raw = readFixture(f);
    const p = path.join(dir, name);
    fs.writeFileSync(p, raw.subarray(0, Math.floor(raw.length * fraction)));
    return p;
  };
  const largestV2 = (): Fixture => [...v2].sort((a, b) => readFixture(b).length - readFixture(a).length)[0]!;
  it('dump of a truncated v2 trace prints the complete generations and exits 2', () => {
    const p = writeCut(largestV2(), 0.8, 'cut.trace');
    const r = runCli(['dump', p]);
    assert.ok(r.status === 2 || r.status === 1, `status ${r.status}`);
    assert.match(r.stderr, new RegExp(`${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: at byte \\d+`));
    if (r.status === 2) assert.ok(r.stdout.length > 0);
  });
  it('index of a cut v1 trace says it is truncated and why nothing of it can be shown', () => {
    const p = writeCut(v1[0]!, 0.6, 'cut-v1.trace');
    const r = runCli(['index', p]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /at byte \d+: .*\(the trace ends at byte \d+: truncated\?; a Go 1\.11-1\.21 trace has its clock frequency and stacks at its very end/);
  });
  it('index of a cut v2 trace says it is truncated, and that the index holds what came before', () => {
    const p = writeCut(largestV2(), 0.8, 'cut-v2.trace');
    const r = runCli(['index', p]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /at byte \d+: .*\(the trace ends at byte \d+: truncated\?\) \(the index holds what was read before\)/);
    assert.doesNotMatch(r.stderr, /Go 1\.11-1\.21/);
    assert.match(r.stdout, /^lanes: /m);
  });
  it('the input file is never written', () => {
    const f = smallest(v2);
    const p = path.join(dir, 'ro.trace');
    fs.writeFileSync(p, readFixture(f));
    const before_ = fs.statSync(p).mtimeMs;
    fs.chmodSync(p, 0o444);
    assert.equal(runCli(['dump', p]).status, 0);
    assert.equal(runCli(['analyze', '--json', p]).status, 0);
    assert.equal(fs.statSync(p).mtimeMs, before_);
  });
});
