// The live v1 reader (startLiveV1: events returned while the merge goes on)
// returns exactly the events of the ordinary one (parse, then convert), or
// gives up with V1LiveRestart, which a valid trace never makes it do. The
// merge is made to stop after every event or few, so that the horizon rules
// (moved syscall exits, the GoSysCall lookahead) are exercised everywhere.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newReader, V1LiveRestart, type TraceReader } from '../../shared/trace/reader';
import { LiveQueue } from '../../shared/trace/tracev1/live';
import { TraceError } from '../../shared/trace/errors';
import type { Event } from '../../shared/trace/event';
import { buildIndex, type BuildResult } from '../../main/index/build';
import { assertSameIndex } from '../lib/same-index';
import { CASES } from './cases';
import { FIXTURES, readTrace, v1Fixtures, v1Version } from './util';

/** An event as the index builder sees it; a log's strings resolved (their IDs depend on the order strings were met). */
function rec(ev: Event): string {
  if (ev.base.typ === 44) return ev.toString();
  const a = ev.base.args;
  return `${ev.base.typ} ${ev.base.time} ${ev.ctx.G} ${ev.ctx.P} ${ev.ctx.M} ${a[0]} ${a[1]} ${a[2]} ${a[3]}`;
}

interface Read {
  lines: string[];
  error: string | null;
  /** Whether the reader was live, and whether it returned an event before its merge ended. */
  live: boolean;
  overlapped: boolean;
}

function readAll(open: () => TraceReader): Read {
  const lines: string[] = [];
  let r: TraceReader;
  try {
    r = open();
  } catch (e) {
    return { lines, error: e instanceof TraceError ? e.message : String(e), live: false, overlapped: false };
  }
  const tr = (r as unknown as { trace: { live: { done: boolean } | null } }).trace;
  const live = tr.live !== null;
  let overlapped = false;
  try {
    for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) {
      lines.push(rec(ev));
      if (live && !tr.live!.done) overlapped = true;
    }
  } catch (e) {
    if (e instanceof V1LiveRestart) return { lines, error: 'restart', live, overlapped };
    return { lines, error: e instanceof TraceError ? e.message : String(e), live, overlapped };
  }
  return { lines, error: null, live, overlapped };
}

function v1Files(): string[] {
  const files = v1Fixtures().map((f) => path.join(FIXTURES, f.path));
  const go = path.join(FIXTURES, 'go-testdata', 'v1');
  for (const n of fs.readdirSync(go)) {
    const p = path.join(go, n);
    if (fs.statSync(p).isFile() && v1Version(readTrace(p)) > 0) files.push(p);
  }
  return files;
}

test('live v1 reads return the ordinary reader\'s events on every v1 fixture, at any merge step', () => {
  let compared = 0;
  let overlapped = 0;
  for (const file of v1Files()) {
    const data = readTrace(file);
    const want = readAll(() => newReader(data));
    for (const yieldEvery of [1, 3, 4096]) {
      const got = readAll(() => newReader(data, { liveV1: { yieldEvery } }));
      const name = `${path.basename(file)} (a look every ${yieldEvery})`;
      if (want.error !== null) {
        // Go refuses the trace: the live reader must not accept it either.
        assert.ok(got.error === want.error || got.error === 'restart', `${name}: ${got.error} vs ${want.error}`);
        continue;
      }
      assert.equal(got.error, null, name);
      assert.equal(got.lines.length, want.lines.length, `${name}: events`);
      for (let i = 0; i < want.lines.length; i++) assert.equal(got.lines[i], want.lines[i], `${name}: event ${i}`);
      if (got.live) compared++;
      if (got.overlapped) overlapped++;
    }
  }
  assert.ok(compared >= 100, `${compared} live reads compared`);
  // Events really flow before the merge ends (not only after it).
  assert.ok(overlapped >= 50, `${overlapped} reads overlapped their merge`);
});

test('live v1 reads whose queue of merged events fills up decode the rest from the bytes', () => {
  const saved = LiveQueue.max;
  let overflowed = 0;
  try {
    for (const max of [16, 64]) {
      LiveQueue.max = max;
      for (const file of v1Files()) {
        const data = readTrace(file);
        const want = readAll(() => newReader(data));
        if (want.error !== null) continue;
        // A look every 1,000 events: the queue holds 16 or 64, so it fills up whenever the trace is longer.
        const r = newReader(data, { liveV1: { yieldEvery: 1000 } });
        const got = readAll(() => r);
        assert.deepEqual(got.lines, want.lines, `${path.basename(file)}, a queue of ${max}`);
        assert.equal(got.error, null);
        const q = (r as unknown as { trace: { queue: LiveQueue | null } }).trace.queue;
        if (q !== null && q.overflowAt >= 0) overflowed++;
      }
    }
  } finally {
    LiveQueue.max = saved;
  }
  assert.ok(overflowed >= 40, `${overflowed} reads went past their queue`);
});

test('live v1 reads of Go\'s rule cases: the same events, or a give-up where Go fails', () => {
  let valid = 0;
  for (const c of CASES) {
    const data = c.data();
    const want = readAll(() => newReader(data));
    for (const yieldEvery of [1, 2, 5]) {
      const got = readAll(() => newReader(data, { liveV1: { yieldEvery } }));
      const name = `${c.name} (a look every ${yieldEvery})`;
      if (want.error !== null) {
        assert.ok(got.error === want.error || got.error === 'restart', `${name}: ${got.error} vs ${want.error}`);
        continue;
      }
      assert.deepEqual(got, { ...want, live: got.live, overlapped: got.overlapped }, name);
      valid++;
    }
  }
  assert.ok(valid >= 15, `${valid} valid case reads`);
});

test('an index built from a live v1 read equals the ordinary one, also when the live read gives up midway', () => {
  let built = 0;
  for (const file of v1Files()) {
    const data = readTrace(file);
    let want: BuildResult;
    try {
      want = buildIndex({ data: data.slice() }, { readAhead: false });
    } catch (e) {
      // Nothing readable: the live build must fail with Go's error too (after starting over).
      const msg = (e as Error).message;
      assert.throws(() => buildIndex({ data: data.slice() }, { readAhead: true, liveV1: { yieldEvery: 1 } }), (err: Error) => err.message === msg, file);
      continue;
    }
    assertSameIndex(`${file} live`, want, buildIndex({ data: data.slice() }, { readAhead: true, liveV1: { yieldEvery: 16 } }));
    // Giving up midway (after ~9,600 events, so after the first batch of 8,192 went to the builder):
    // the builder drops what it built and starts over with the ordinary read.
    assertSameIndex(`${file} live, giving up`, want, buildIndex({ data: data.slice() }, { readAhead: true, liveV1: { yieldEvery: 16, giveUpAfter: 600 } }));
    built++;
  }
  assert.ok(built >= 40, `${built} traces built`);
});
