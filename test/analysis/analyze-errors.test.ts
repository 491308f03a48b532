// analyzeTrace's handling of read errors, with a scripted reader: the
// analyses must describe only the events up to and including the last Sync
// read before the error (re-reading with a fresh reader when a partial
// generation was consumed), and the exit codes must tell "nothing usable"
// (1) from "partly readable" (2).

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { Event } from '../../shared/trace/event';
import { EvTable } from '../../shared/trace/base';
import { TraceError } from '../../shared/trace/errors';
import type { TraceReader } from '../../shared/trace/reader-api';
import * as tv2 from '../../shared/trace/tracev2/events';
import { analyzeTrace, analyzeToJSON } from '../../shared/analysis/analyze-json';

type Step = { sync: number; t: number } | { heap: number; t: number } | { procs: number; t: number } | { fail: string };

const TIME_BASE = 9007199254740993n; // above 2^53: absolute times must stay exact

class ScriptedReader implements TraceReader {
  readonly version = 26;
  private i = 0;
  private readonly ev: Event;
  constructor(private readonly steps: Step[], readonly opened: { n: number }) {
    opened.n++;
    this.ev = new Event(new EvTable(TIME_BASE));
  }
  progress(): number {
    return Math.min(1, this.i / this.steps.length);
  }
  readEvent(): Event | null {
    const s = this.steps[this.i++];
    if (s === undefined) return null;
    if ('fail' in s) throw new TraceError(s.fail, 1234);
    const ev = this.ev;
    ev.base.args.fill(0);
    if ('sync' in s) {
      ev.base.typ = tv2.evSync;
      ev.base.args[0] = s.sync;
    } else if ('heap' in s) {
      ev.base.typ = tv2.EvHeapAlloc;
      ev.base.args[0] = s.heap;
    } else {
      ev.base.typ = tv2.EvProcsChange;
      ev.base.args[0] = s.procs;
    }
    ev.base.time = s.t;
    return ev;
  }
}

function run(steps: Step[]) {
  const opened = { n: 0 };
  const result = analyzeTrace(() => new ScriptedReader(steps, opened));
  return { result, opened: opened.n, json: JSON.parse(analyzeToJSON(result)) as Record<string, any> };
}

describe('analyzeTrace on read errors', () => {
  it('a whole trace: one pass, exit 0', () => {
    const { result, opened, json } = run([
      { sync: 1, t: 10 },
      { procs: 4, t: 11 },
      { heap: 100, t: 20 },
      { sync: 2, t: 30 },
    ]);
    assert.equal(opened, 1);
    assert.equal(result.exitCode, 0);
    assert.equal(json.error, null);
    assert.equal(json.events_by_kind.Sync, 2);
    assert.equal(json.events_by_kind.Metric, 2);
    assert.equal(json.events_by_kind.Log, 0);
    assert.deepEqual(json.mmu, { '1ms': 1, '10ms': 1, '100ms': 1, '1s': 1 });
    const text = analyzeToJSON(result);
    assert.match(text, /"time": \{"first":9007199254741003,"last":9007199254741023,"duration":20\}/);
  });

  it('an error right after a Sync: no second pass, exit 2', () => {
    const { result, opened, json } = run([
      { sync: 1, t: 10 },
      { heap: 100, t: 20 },
      { sync: 2, t: 30 },
      { fail: 'broken' },
    ]);
    assert.equal(opened, 1);
    assert.equal(result.exitCode, 2);
    assert.equal(result.errorOffset, 1234);
    assert.equal(json.error, 'broken');
    assert.equal(json.events_by_kind.Metric, 1);
  });

  it('an error inside a generation: re-read up to the last Sync', () => {
    const { result, opened, json } = run([
      { sync: 1, t: 10 },
      { heap: 100, t: 20 },
      { sync: 2, t: 30 },
      { heap: 50, t: 40 },
      { heap: 60, t: 50 },
      { fail: 'bad generation' },
    ]);
    assert.equal(opened, 2);
    assert.equal(result.exitCode, 2);
    assert.equal(result.eventCount, 3);
    assert.equal(result.eventsRead, 5);
    assert.equal(json.error, 'bad generation');
    assert.equal(json.events_by_kind.Metric, 1);
    assert.deepEqual(json.metrics['/memory/classes/heap/objects:bytes'], { count: 1, min: 100, max: 100, first: 100, last: 100 });
    assert.equal(json.time.duration, 20);
  });

  it('an error before any Sync: nothing usable, exit 1', () => {
    const { result, json } = run([{ heap: 1, t: 5 }, { fail: 'nope' }]);
    assert.equal(result.exitCode, 1);
    assert.equal(json.error, 'nope');
    assert.equal(json.time, null);
    assert.equal(json.mmu, null);
    assert.deepEqual(json.goroutines, []);
    assert.equal(json.events_by_kind.Metric, 0);
    assert.equal(json.version, '1.26');
    assert.equal(json.format, 'v2');
  });

  it('open() failing: exit 1 and the header version when given', () => {
    const result = analyzeTrace(
      () => {
        throw new TraceError('no consistent ordering of events possible');
      },
      { headerVersion: 11 },
    );
    assert.equal(result.exitCode, 1);
    const json = JSON.parse(analyzeToJSON(result)) as Record<string, unknown>;
    assert.equal(json.version, '1.11');
    assert.equal(json.format, 'v1');
    assert.equal(json.error, 'no consistent ordering of events possible');
  });

  it('an empty trace: exit 0, time null', () => {
    const { result, json } = run([]);
    assert.equal(result.exitCode, 0);
    assert.equal(json.time, null);
    assert.equal(json.error, null);
  });

  it('non-trace errors propagate', () => {
    assert.throws(() =>
      analyzeTrace(() => {
        throw new RangeError('bug');
      }),
    );
  });
});
