// The query service end to end on fixtures: lane list, hit testing and
// details (stacks, links), blocking episodes, search and range statistics.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LaneKind, SpanState, pointArg } from '../../shared/index/layout';
import { QueryService } from '../../main/query/service';
import { indexOf, laneTotals, readableFixtures } from './helpers';
import { pointTime } from '../../shared/index/layout';

function fixture(name: string) {
  const f = readableFixtures().find((x) => x.path.endsWith(name));
  assert.ok(f, name);
  return indexOf(f).index;
}

test('lane list: names, kinds, order and paging', async () => {
  const ix = fixture('contention-go1.27.trace');
  const q = new QueryService(ix);
  const all = await q.lanes({ limit: 100000 });
  assert.equal(all.total, ix.laneKind.length);
  const names = all.lanes.map((l) => l.name);
  assert.ok(names.includes('Proc 0'));
  assert.ok(names.some((n) => /^G1 main\.main$/.test(n)), 'G1 main.main');
  assert.ok(names.some((n) => /^Thread \d+$/.test(n)));
  assert.equal(names[0], 'GC');
  const gs = await q.lanes({ kinds: ['goroutine'], offset: 2, limit: 3 });
  assert.equal(gs.lanes.length, 3);
  assert.ok(gs.lanes.every((l) => l.kind === 'goroutine'));
  const ids = (await q.lanes({ kinds: ['goroutine'], limit: 1e6 })).lanes.map((l) => l.resource);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
});

test('goroutine list sorted and filtered on the main side (traces too big to list in the page)', async () => {
  const ix = fixture('contention-go1.27.trace');
  const q = new QueryService(ix);
  const top = (r: { lanes: { parent: number; resource: number; name: string; id: number }[] }) => r.lanes.filter((l) => l.parent < 0);
  const byId = await q.lanes({ kinds: ['goroutine', 'go-ranges', 'regions'], limit: 1e6 });
  const all = await q.lanes({ goroutines: {}, limit: 1e6 });
  assert.deepEqual(all.lanes.map((l) => l.id), byId.lanes.map((l) => l.id), 'default: the id order, children after their goroutine');
  assert.equal(all.goroutines, top(byId).length);

  // Blocked: each goroutine's Waiting time, recomputed here from its points.
  const waited = new Map<number, number>();
  for (const l of top(all)) {
    let sum = 0;
    for (let i = ix.laneStart[l.id]!; i + 1 < ix.laneStart[l.id + 1]!; i++) {
      if (ix.state[i] === SpanState.Waiting || ix.state[i] === SpanState.GCWaiting) sum += pointTime(ix, i + 1) - pointTime(ix, i);
    }
    waited.set(l.id, sum);
  }
  const blocked = top(await q.lanes({ goroutines: { sort: 'blocked' }, limit: 1e6 }));
  assert.equal(blocked.length, waited.size);
  for (let k = 1; k < blocked.length; k++) assert.ok(waited.get(blocked[k - 1]!.id)! >= waited.get(blocked[k]!.id)!, 'longest blocked first');
  assert.ok(waited.get(blocked[0]!.id)! > 0);

  const fn = top(await q.lanes({ goroutines: { sort: 'function' }, limit: 1e6 })).map((l) => l.name.replace(/^G\d+ ?/, ''));
  assert.deepEqual(fn, [...fn].sort());

  const mutexes = await q.lanes({ goroutines: { filter: 'MUTEXES' }, limit: 1e6 });
  assert.ok(mutexes.goroutines! > 0);
  assert.ok(top(mutexes).every((l) => l.name.toLowerCase().includes('mutexes')));
  assert.equal(mutexes.goroutines, top(byId).filter((l) => l.name.toLowerCase().includes('mutexes')).length);
  const g = top(byId)[3]!;
  assert.deepEqual(top(await q.lanes({ goroutines: { filter: `g${g.resource}` } })).map((l) => l.id), [g.id]);

  const only = top(byId).slice(2, 6).map((l) => l.id);
  const picked = await q.lanes({ goroutines: { only, sort: 'blocked' }, offset: 0, limit: 1e6 });
  assert.deepEqual(top(picked).map((l) => l.id).sort((a, b) => a - b), [...only].sort((a, b) => a - b));
  const page = await q.lanes({ goroutines: { only, sort: 'blocked' }, offset: 1, limit: 2 });
  assert.deepEqual(page.lanes.map((l) => l.id), picked.lanes.slice(1, 3).map((l) => l.id), 'pages are slices of one order');
  assert.equal(page.total, picked.total);
});

test('hit testing and details: states, reasons, stacks and unblock links', async () => {
  const ix = fixture('contention-go1.27.trace');
  const q = new QueryService(ix);
  let checkedLinks = 0;
  for (let l = 0; l < ix.laneKind.length; l++) {
    if (ix.laneKind[l] !== LaneKind.Goroutine) continue;
    for (let i = ix.laneStart[l]!; i + 1 < ix.laneStart[l + 1]!; i++) {
      if (ix.state[i] === SpanState.None || pointTime(ix, i + 1) <= pointTime(ix, i)) continue;
      const t = (pointTime(ix, i) + pointTime(ix, i + 1)) / 2;
      const ref = await q.hitTest({ lane: l, time: t });
      assert.deepEqual(ref, { type: 'span', lane: l, point: i });
      const d = (await q.details(ref!))!;
      assert.equal(d.start, pointTime(ix, i));
      assert.equal(d.end, pointTime(ix, i + 1));
      assert.equal(d.goroutine, ix.laneRes[l]);
      if (ix.state[i] === SpanState.Waiting) {
        assert.equal(d.state, 'waiting');
        assert.notEqual(d.label, undefined);
        assert.ok(d.beginStack.length > 0 || d.label === '', 'a block has its stack');
      }
      if (ix.state[i] === SpanState.Runnable && i > ix.laneStart[l]! && ix.state[i - 1] === SpanState.Waiting) {
        const link = d.linksIn.find((x) => x.kind === 'unblock');
        assert.ok(link, 'unblocked-by link');
        assert.equal(link.toLane, l);
        assert.equal(link.fromTime, pointTime(ix, i));
        assert.equal(link.reason, ix.strings[pointArg(ix, i - 1)]);
        checkedLinks++;
      }
    }
  }
  assert.ok(checkedLinks > 10);
  // Proc lanes: executions name their goroutine.
  const p0 = ix.laneKind.findIndex((k) => k === LaneKind.Proc);
  const i = ix.laneStart[p0]! + Array.from(ix.state.subarray(ix.laneStart[p0]!, ix.laneStart[p0 + 1]!)).indexOf(SpanState.Running);
  const d = (await q.details({ type: 'span', lane: p0, point: i }))!;
  assert.equal(d.goroutine, ix.laneRes[pointArg(ix, i)]);
  assert.equal(d.proc, ix.laneRes[p0]);
});

test('blocking episodes: longest first, filters and groups agree with the lanes', async () => {
  const ix = fixture('contention-go1.27.trace');
  const q = new QueryService(ix);
  const top = await q.blocking({ n: 10 });
  assert.equal(top.groups.length, 1);
  const eps = top.groups[0]!.episodes;
  assert.equal(eps.length, 10);
  for (let k = 1; k < eps.length; k++) assert.ok(eps[k - 1]!.duration >= eps[k]!.duration);
  const byReason = await q.blocking({ n: 3, groupBy: 'reason', minDuration: 1000 });
  for (const g of byReason.groups) for (const e of g.episodes) {
    assert.equal(e.reason, g.key);
    assert.ok(e.duration >= 1000);
  }
  // Per goroutine totals equal the lane's block time (Go's block_by_reason, forever included here).
  const g1 = ix.laneKind.findIndex((k, l) => k === LaneKind.Goroutine && ix.laneRes[l] === 1);
  const per = await q.blocking({ n: 1000, goroutine: 1, syscalls: false });
  const total = [...laneTotals(ix, g1).block.values()].reduce((a, b) => a + b, 0);
  assert.equal(per.groups[0]?.total ?? 0, total);
  // The runtime's goroutines (runtime.forcegchelper, bgsweep... blocked all along) are left out unless asked for.
  const name = (e: { name: string }) => e.name.replace(/^G\d+ /, '');
  assert.ok(eps.every((e) => !name(e).startsWith('runtime.')), eps.map((e) => e.name).join(', '));
  const withRuntime = (await q.blocking({ n: 10, runtime: true })).groups[0]!.episodes;
  assert.ok(withRuntime.some((e) => name(e).startsWith('runtime.')));
  assert.ok(withRuntime[0]!.duration >= eps[0]!.duration);
});

test('search: goroutine id, function, region, task, log', async () => {
  const ix = fixture('annotations-go1.27.trace');
  const q = new QueryService(ix);
  const g = await q.search({ query: 'g1' });
  assert.equal(g.hits.length, 1);
  assert.equal(g.hits[0]!.kind, 'goroutine');
  const fn = await q.search({ query: 'main.main' });
  assert.ok(fn.hits.some((h) => h.kind === 'goroutine'));
  const task = await q.search({ query: 'outer' });
  assert.ok(task.hits.some((h) => h.kind === 'task'));
  assert.ok((await q.search({ query: 'childA' })).hits.some((h) => h.kind === 'task'));
  const all = await q.search({ query: 'a', limit: 5 });
  assert.equal(all.hits.length, 5);
  assert.equal(all.truncated, true);
  assert.ok(ix.regionName.length > 0 && ix.logTime.length > 0);
  const region = ix.strings[ix.regionName[0]!]!;
  assert.ok((await q.search({ query: region })).hits.some((h) => h.kind === 'region'));
  const log = ix.strings[ix.logMessage[0]!]!;
  assert.ok((await q.search({ query: log })).hits.some((h) => h.kind === 'log'));
});

test('range statistics: whole range equals the sum of the lanes', async () => {
  const ix = fixture('netio-go1.27.trace');
  const q = new QueryService(ix);
  const s = await q.rangeStats({ t0: 0, t1: ix.end });
  let exec = 0;
  for (let l = 0; l < ix.laneKind.length; l++) if (ix.laneKind[l] === LaneKind.Goroutine) exec += laneTotals(ix, l).exec;
  assert.equal(s.byState.running ?? 0, exec);
  const half = await q.rangeStats({ t0: ix.end / 4, t1: ix.end / 2 });
  const tot = Object.values(half.byState).reduce((a, b) => a + b, 0);
  assert.ok(tot <= half.goroutines * (ix.end / 4) + 1);
  assert.ok(s.byGroup.length > 0);
});

test('viewport arrows connect lanes', async () => {
  const ix = fixture('contention-go1.27.trace');
  const q = new QueryService(ix);
  const lanes = Array.from({ length: ix.laneKind.length }, (_, i) => i);
  const v = await q.viewport({ lanes, t0: 0, t1: ix.end, nsPerPixel: ix.end / 1000, links: true, counters: [0, 1, 5] });
  assert.ok(v.arrows!.count > 0);
  for (let k = 0; k < v.arrows!.count; k++) assert.ok(v.arrows!.toTime[k]! >= v.arrows!.fromTime[k]!);
  assert.equal(v.counters.length, 3);
  assert.equal(v.counters[0]!.pixels, 1000);
});

test('viewport arrows: every link in view when fine, at most one per pixel per lane when coarse', async () => {
  const { arrowBatch, linksInto } = await import('../../main/query/arrows');
  for (const name of ['contention-go1.27.trace', 'contention-go1.21.trace']) {
    const f = readableFixtures().find((x) => x.path.endsWith(name));
    if (!f) continue;
    const ix = indexOf(f).index;
    const lanes: number[] = [];
    for (let l = 0; l < ix.laneKind.length; l++) if (ix.laneKind[l] === LaneKind.Goroutine) lanes.push(l);
    // The lane woken most often.
    let busiest = lanes[0]!;
    let most = -1;
    for (const l of lanes) {
      const [a, b] = linksInto(ix, l);
      if (b - a > most) [busiest, most] = [l, b - a];
    }
    assert.ok(most > 10, `${name}: a goroutine woken more than 10 times`);
    const [a, b] = linksInto(ix, busiest);
    // The middle half of its wake-ups.
    const t0 = pointTime(ix, ix.linkPoint[a + Math.floor((b - a) / 4)]!);
    const t1 = pointTime(ix, ix.linkPoint[a + Math.floor(((b - a) * 3) / 4)]!);
    const inView = new Set<number>();
    for (let k = a; k < b; k++) {
      const t = pointTime(ix, ix.linkPoint[k]!);
      if (t >= t0 && t <= t1) inView.add(k);
    }
    assert.ok(inView.size > 5, `${name}: ${inView.size} links in view`);
    const exact = arrowBatch(ix, [busiest], t0, t1, 0, 1e9);
    for (const k of inView) assert.ok(exact.link.includes(k), `${name}: link ${k} in view is drawn`);
    const px = 50;
    const coarse = arrowBatch(ix, [busiest], t0, t1, (t1 - t0) / px, 1e9);
    const into = [...coarse.link].filter((k) => inView.has(k));
    assert.ok(into.length > 0 && into.length <= px + 1, `${name}: ${into.length} arrows into the lane over ${px} pixels`);
    for (let k = 0; k < coarse.count; k++) assert.ok(coarse.toTime[k]! >= t0 && coarse.fromTime[k]! <= t1);
  }
});
