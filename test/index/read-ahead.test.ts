// Reading ahead on a worker thread (main/index/read-ahead.ts) changes where
// the trace is read, not what is read: the events, the errors and the index
// must be exactly those of the in-place reader, on every committed trace
// (Go 1.11 to 1.27, damaged and truncated ones included).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { BuildCancelled, buildIndex, type BuildResult } from '../../main/index/build';
import { ReadAheadReader, ReadRestarted } from '../../main/index/read-ahead';
import { decompressIfGzip } from '../../shared/trace/decompress';
import { TraceError } from '../../shared/trace/errors';
import { newReader } from '../../shared/trace/reader';
import type { TraceReader } from '../../shared/trace/reader-api';
import { loadManifest, readFixture, type Fixture } from '../lib/fixtures';
import { assertSameIndex } from '../lib/same-index';

interface Dump {
  version: number;
  lines: string[];
  /** "TraceError@offset: message", or the error's name and message. */
  error: string | null;
}

function describe(e: unknown): string {
  if (e instanceof TraceError) return `TraceError@${e.offset}: ${e.message}`;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function dump(open: () => TraceReader): Dump {
  let r: TraceReader;
  try {
    r = open();
  } catch (e) {
    return { version: -1, lines: [], error: describe(e) };
  }
  let lines: string[] = [];
  for (;;) {
    try {
      for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) lines.push(ev.toString());
    } catch (e) {
      // A v1 trace's live merge could not be used: the reader starts again from the first event.
      if (e instanceof ReadRestarted) {
        lines = [];
        continue;
      }
      return { version: r.version, lines, error: describe(e) };
    }
    return { version: r.version, lines, error: null };
  }
}

function bytesOf(f: Fixture): Uint8Array {
  return decompressIfGzip(readFixture(f)).data;
}

const fixtures = loadManifest();

test('read-ahead yields the in-place reader\'s events and errors, across many small batches', () => {
  let events = 0;
  let failed = 0;
  for (const f of fixtures) {
    const bytes = bytesOf(f);
    const want = dump(() => newReader(bytes));
    // 37 events a batch, at most 2 ahead: tables, extra strings and backpressure cross batch boundaries everywhere.
    const got = dump(() => ReadAheadReader.start(bytes.slice(), { batchEvents: 37, maxInFlight: 2 }));
    assert.equal(got.version, want.version, `${f.path}: version`);
    assert.equal(got.lines.length, want.lines.length, `${f.path}: events`);
    for (let i = 0; i < want.lines.length; i++) assert.equal(got.lines[i], want.lines[i], `${f.path}: event ${i}`);
    assert.equal(got.error, want.error, `${f.path}: error`);
    events += want.lines.length;
    if (want.error !== null) failed++;
  }
  // The comparison covered real work: many events, and traces that fail at open and mid-way.
  assert.ok(events > 1e5, `${events} events`);
  assert.ok(failed >= 20, `${failed} failing traces`);
});

function build(bytes: Uint8Array, readAhead: boolean): BuildResult | string {
  try {
    return buildIndex({ data: bytes.slice() }, { readAhead });
  } catch (e) {
    return describe(e);
  }
}

test('an index built reading ahead equals the one built in place, on every fixture and on truncated traces', () => {
  let built = 0;
  const cases: [string, Uint8Array][] = [];
  for (const f of fixtures) {
    const bytes = bytesOf(f);
    cases.push([f.path, bytes]);
    if (f.path.endsWith('multigen.trace') || f.path.includes('annotations-go1.2')) {
      for (const frac of [0.3, 0.6, 0.9]) cases.push([`${f.path} cut at ${frac}`, bytes.subarray(0, Math.floor(bytes.length * frac))]);
    }
  }
  for (const [name, bytes] of cases) {
    const a = build(bytes, false);
    const b = build(bytes, true);
    if (typeof a === 'string' || typeof b === 'string') {
      assert.equal(b, a, `${name}: nothing readable`);
      continue;
    }
    assertSameIndex(name, a, b);
    built++;
  }
  assert.ok(built > 150, `${built} indexes compared`);
});

test('read-ahead takes the trace bytes from their holder, and a cancelled build stops its reader', () => {
  const f = fixtures.find((x) => x.path.endsWith('multigen.trace'))!;
  const holder = { data: bytesOf(f).slice() as Uint8Array | null };
  const r = buildIndex(holder, { readAhead: true });
  assert.equal(holder.data, null);
  assert.ok(r.index.events > 0);

  // Cancelled: the build throws BuildCancelled, and the test still ends (no reader thread left behind).
  let polls = 0;
  assert.throws(
    () =>
      buildIndex({ data: bytesOf(f).slice() }, { readAhead: true, progressIntervalMs: 0, shouldCancel: () => ++polls > 0 }),
    BuildCancelled,
  );
  assert.ok(polls > 0);
});
