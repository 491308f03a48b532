// Our profiles (shared/analysis/profiles.ts) and their pprof encoding
// (shared/pprof/profile.ts) against Go 1.27's `go tool trace -pprof=TYPE`
// (test/fixtures/expected/pprof, scripts/gen-pprof-expected.sh).

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES } from '../lib/fixtures';
import { computeProfile, profileTotals, type ProfileResult, type ProfileType, type ProfileFilter } from '../../shared/analysis/profiles';
import { buildCPUProfile, buildTraceProfile, encodeProfileGzip } from '../../shared/pprof/profile';
import { newReader } from '../../shared/trace/reader';
import { decompressIfGzip } from '../../shared/trace/decompress';
import { Summarizer } from '../../shared/analysis/summary';
import { decodeProfileGz, loadExpected, normalizeRecords } from './helpers';

function readTrace(rel: string): Uint8Array {
  return decompressIfGzip(fs.readFileSync(path.join(FIXTURES, rel))).data;
}

function profileOf(data: Uint8Array, type: ProfileType, filter?: ProfileFilter): ProfileResult {
  return computeProfile(() => newReader(data), type, filter === undefined ? {} : { filter });
}

const expected = loadExpected();

describe('pprof profiles equal go tool trace -pprof (Go 1.27)', () => {
  it('has expectations for v1 and v2 traces and every type', () => {
    const types = new Set(expected.map((e) => e.type));
    for (const t of ['net', 'sync', 'syscall', 'sched', 'cpu']) assert.ok(types.has(t as ProfileType), t);
    assert.ok(expected.some((e) => /go1\.(15|19|21)/.test(e.fixture) && e.profile !== null && e.profile.rows.length > 0));
    assert.ok(expected.some((e) => /go1\.2[2-7]/.test(e.fixture) && e.profile !== null && e.profile.rows.length > 0));
  });

  for (const e of expected) {
    it(`${e.fixture} ${e.type}`, () => {
      const data = readTrace(e.trace);
      const r = profileOf(data, e.type);
      if (e.error !== null) {
        assert.equal(r.failure, e.error);
        assert.equal(r.records.length, 0);
        return;
      }
      assert.equal(r.failure, null);
      assert.equal(r.summaryPanic, null);
      const want = e.profile!;
      // The records.
      assert.deepEqual(normalizeRecords(e.type, r.records), want);
      // The encoded profile, decoded with protobufjs.
      const gz = encodeProfileGzip(e.type === 'cpu' ? buildCPUProfile(r.records, null) : buildTraceProfile(r.records));
      const dec = decodeProfileGz(gz);
      assert.deepEqual(dec.normalized, want);
      assert.equal(dec.strings[0], '');
      // One location per PC, ids 1..n in order; one function per file+name.
      const ids = dec.raw.location.map((l: { id: string }) => Number(l.id));
      assert.deepEqual(ids, ids.map((_: number, i: number) => i + 1));
      assert.equal(new Set(dec.addresses.values()).size, dec.addresses.size);
    });
  }
});

describe('pprof profile filters', () => {
  const data = readTrace('traces/contention-go1.27.trace');

  it('a time range covering the trace, or every goroutine id, changes nothing', () => {
    const all = profileOf(data, 'sync');
    const ids: number[] = [];
    const s = new Summarizer();
    const r = newReader(data);
    for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) s.event(ev);
    s.finalize().goroutines.forEach((g) => ids.push(g.id));
    assert.deepEqual(normalizeRecords('sync', profileOf(data, 'sync', { goroutines: ids }).records), normalizeRecords('sync', all.records));
    const range = { start: all.firstTime, end: all.lastTime };
    assert.deepEqual(normalizeRecords('sync', profileOf(data, 'sync', { timeRange: range }).records), normalizeRecords('sync', all.records));
    assert.deepEqual(normalizeRecords('cpu', profileOf(data, 'cpu', { timeRange: range }).records), normalizeRecords('cpu', profileOf(data, 'cpu').records));
  });

  it('a time range clips durations; an empty one gives nothing', () => {
    const all = profileOf(data, 'sched');
    const mid = all.firstTime + Math.floor((all.lastTime - all.firstTime) / 2);
    const a = profileTotals(profileOf(data, 'sched', { timeRange: { start: all.firstTime, end: mid } }).records);
    const b = profileTotals(profileOf(data, 'sched', { timeRange: { start: mid, end: all.lastTime } }).records);
    const t = profileTotals(all.records);
    assert.equal(a.time + b.time, t.time);
    assert.ok(a.time > 0 && b.time > 0);
    const none = profileOf(data, 'sched', { timeRange: { start: all.lastTime + 1, end: all.lastTime + 2 } });
    assert.equal(none.records.length, 0);
  });

  it('a goroutine group keeps its goroutines only; an unknown one fails as in Go', () => {
    const g = profileTotals(profileOf(data, 'sync', { group: 'main.pingPong.func1' }).records);
    assert.equal(g.count, 40);
    const r = profileOf(data, 'sync', { group: 'no.such' });
    assert.equal(r.failure, 'failed to generate pprof: failed to find matching goroutines for name: no.such');
  });

  it('region filters count time inside matching regions only', () => {
    const ann = readTrace('traces/annotations-go1.27.trace');
    const none = profileOf(ann, 'sched', { region: { name: 'no such region' } });
    assert.equal(none.failure, null);
    assert.equal(none.records.length, 0);
    // Every region (including the synthetic ones of goroutines created inside
    // a region, which start at creation: time before a goroutine first runs
    // counts here, unlike in the unfiltered profile).
    const any = profileTotals(profileOf(ann, 'sched', { region: {} }).records);
    const prepare = profileTotals(profileOf(ann, 'sched', { region: { name: 'prepare' } }).records);
    assert.ok(any.time > 0);
    assert.ok(prepare.time <= any.time);
    const one = profileOf(ann, 'sched', { region: { name: 'prepare' }, goroutines: [1] });
    assert.ok(profileTotals(one.records).time <= prepare.time);
  });
});
