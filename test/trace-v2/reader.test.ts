// End to end: small traces written by Go 1.22–1.27 (test/trace-v2/data), read
// with our reader, must print exactly what `go tool trace -d=parsed` (Go 1.27)
// printed for them (*.parsed.txt.gz), and fail with Go's error (*.err.txt).

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { newReader } from '../../shared/trace/reader';
import { V2Reader } from '../../shared/trace/v2reader';
import { readHeader } from '../../shared/trace/version';
import { TraceError } from '../../shared/trace/errors';
import { EventKind } from '../../shared/trace/event';
import { encodeTraceString } from '../../shared/trace/utf8';

const DATA = path.join(__dirname, '..', '..', '..', 'test', 'trace-v2', 'data');

function dump(data: Uint8Array): { text: Buffer; err: TraceError | null; events: number } {
  const lines: string[] = [];
  let err: TraceError | null = null;
  try {
    const r = newReader(data);
    for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) lines.push(ev.toString());
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    err = e;
  }
  return { text: Buffer.from(encodeTraceString(lines.length ? lines.join('\n') + '\n' : '')), err, events: lines.length };
}

const traces = fs.readdirSync(DATA).filter((f) => f.endsWith('.trace')).sort();

describe('v2 reader: dumps equal go tool trace -d=parsed', () => {
  for (const f of traces) {
    it(f, () => {
      const base = path.join(DATA, f.replace(/\.trace$/, ''));
      const data = new Uint8Array(fs.readFileSync(path.join(DATA, f)));
      const want = zlib.gunzipSync(fs.readFileSync(base + '.parsed.txt.gz'));
      const wantErr = fs.existsSync(base + '.err.txt') ? fs.readFileSync(base + '.err.txt', 'utf8').trim() : null;
      const got = dump(data);
      assert.ok(got.text.equals(want), `${f}: dump differs`);
      if (wantErr === null) assert.equal(got.err, null);
      else assert.equal(got.err?.message, wantErr);
    });
  }
});

describe('v2 reader: behaviour', () => {
  const read = (f: string) => new Uint8Array(fs.readFileSync(path.join(DATA, f)));

  it('exposes the header version', () => {
    assert.equal(newReader(read('tiny-go1.22.trace')).version, 22);
    assert.equal(newReader(read('tiny-go1.24.trace')).version, 23);
    assert.equal(newReader(read('tiny-go1.27.trace')).version, 26);
  });

  it('starts and ends with a Sync, times strictly increase from 0', () => {
    const r = newReader(read('gens-go1.27.trace'));
    let first = true;
    let last = -1;
    let kind = EventKind.Bad;
    for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) {
      if (first) {
        assert.equal(ev.kind(), EventKind.Sync);
        assert.equal(ev.time(), 0);
        first = false;
      }
      assert.ok(ev.time() > last);
      last = ev.time();
      kind = ev.kind();
    }
    assert.equal(kind, EventKind.Sync);
    assert.equal(r.readEvent(), null);
  });

  it('keeps the error sticky after a truncated generation', () => {
    const r = newReader(read('gens-go1.27-truncated.trace'));
    let err: unknown = null;
    try {
      while (r.readEvent() !== null);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof TraceError);
    assert.throws(() => r.readEvent(), (e) => e === err);
  });

  it('reports only TraceErrors for every truncation of a trace', () => {
    const data = read('tiny-go1.26.trace');
    for (let n = 0; n <= data.length; n += 7) {
      const cut = data.subarray(0, n);
      try {
        const { version, offset } = readHeader(cut);
        const r = new V2Reader(cut, offset, version);
        for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) ev.toString();
      } catch (e) {
        assert.ok(e instanceof TraceError, `cut at ${n}: ${String(e)}`);
      }
    }
  });

  it('clones events so they survive the next read', () => {
    const r = newReader(read('tiny-go1.23.trace'));
    const first = r.readEvent()!.clone();
    const s = first.toString();
    r.readEvent();
    r.readEvent();
    assert.equal(first.toString(), s);
  });
});
