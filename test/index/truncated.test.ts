// A damaged or truncated trace: the index holds what was read before the
// problem, and queries answer for it.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { SpanState } from '../../shared/index/layout';
import { buildIndex } from '../../main/index/build';
import { viewport } from '../../main/query/viewport';
import { loadManifest, readFixture } from '../lib/fixtures';
import { decompressIfGzip } from '../../shared/trace/decompress';
import { TraceError } from '../../shared/trace/errors';
import { assertLanesArePrefixes, indexOf, readableFixtures } from './helpers';

test('a truncated trace answers for what was loaded', () => {
  const f = readableFixtures().find((x) => x.path.endsWith('cpuprof-go1.27-multigen.trace'))!;
  const full = indexOf(f).index;
  const bytes = readFixture(f);
  const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
  const r = buildIndex(cut);
  const ix = r.index;
  assert.ok(r.error !== null, 'the reader reports the truncation');
  assert.ok(ix.error !== null);
  assert.ok(ix.events > 0 && ix.events < full.events);
  assert.ok(ix.end < full.end);
  // Each goroutine lane of the cut trace is the full lane up to where the data stops.
  assert.ok(assertLanesArePrefixes(ix, full) > 0);
  // Queries beyond the loaded part answer with gaps.
  const lanes = Array.from({ length: ix.laneKind.length }, (_, i) => i);
  const v = viewport(ix, { lanes, t0: 0, t1: full.end, nsPerPixel: full.end / 800 });
  for (const b of v.batches) {
    assert.equal(b.start[0], 0);
    assert.equal(b.end[b.count - 1], full.end);
    for (let k = 0; k < b.count; k++) if (b.start[k]! >= ix.end) assert.equal(b.state[k], SpanState.None);
  }
});

test('an unreadable trace throws', () => {
  assert.throws(() => buildIndex(new Uint8Array([1, 2, 3])));
});

test('every fixture, damaged ones included: an index or a TraceError, never a crash', () => {
  for (const f of loadManifest()) {
    const bytes = decompressIfGzip(readFixture(f)).data;
    try {
      const r = buildIndex(bytes);
      if (f.expectError && f.expected?.analyzeExit === 2) assert.ok(r.index.error !== null, `${f.path}: error kept`);
      if (!f.expectError) assert.equal(r.index.error, null, `${f.path}: no error`);
      // A viewport over what was read answers.
      const ix = r.index;
      const lanes = Array.from({ length: ix.laneKind.length }, (_, i) => i);
      viewport(ix, { lanes, t0: 0, t1: Math.max(1, ix.end), nsPerPixel: Math.max(1, ix.end) / 100, counters: [0, 5], links: true });
    } catch (e) {
      assert.ok(e instanceof TraceError, `${f.path}: ${String(e)}`);
      assert.ok(f.expectError, `${f.path}: unexpected ${String(e)}`);
    }
  }
});
