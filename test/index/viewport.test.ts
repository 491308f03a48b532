// Viewport queries: every batch covers exactly [t0, t1]; merging never hides
// a span at least as wide as the threshold; merged blocks keep the mix of
// states; results do not depend on how many spans the lane has outside.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { COUNTER_COUNT, MIX_STATES, SpanState, type TimelineIndex } from '../../shared/index/layout';
import { viewport } from '../../main/query/viewport';
import { addMix, buildLaneBuckets, prebuiltLaneBuckets, setLaneBucketMinPoints } from '../../main/query/spans';
import { buildCounterBuckets, DEFAULT_BUCKET_FILL, prebuiltCounterBuckets } from '../../main/query/counters';
import { prebuildBuckets } from '../../main/query/prebuild';
import { fixtureName, indexOf, readableFixtures } from './helpers';
import { pointTime, pointCount } from '../../shared/index/layout';

/** Deterministic pseudo-random numbers (xorshift). */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

export function randomViewport(ix: TimelineIndex, r: () => number): { t0: number; t1: number; nsPerPixel: number } {
  const end = Math.max(1, ix.end);
  // Zoom levels from the whole trace (and beyond it) down to a few ns per pixel.
  const width = Math.max(8, end * Math.pow(10, -6 * r()) * 1.2);
  const t0 = Math.floor(-0.1 * end + r() * (end * 1.1));
  const px = 200 + Math.floor(r() * 3000);
  return { t0, t1: t0 + Math.ceil(width), nsPerPixel: Math.ceil(width) / px };
}

function checkViewport(ix: TimelineIndex, t0: number, t1: number, npp: number, mergePx: number): void {
  const lanes = Array.from({ length: ix.laneKind.length }, (_, i) => i);
  const res = viewport(ix, { lanes, t0, t1, nsPerPixel: npp, mergePx });
  const thr = mergePx * npp;
  for (const b of res.batches) {
    const where = `lane ${b.lane} [${t0}, ${t1}] npp ${npp}`;
    assert.ok(b.count >= 1, where);
    assert.equal(b.start[0], t0, `${where}: starts at t0`);
    assert.equal(b.end[b.count - 1], t1, `${where}: ends at t1`);
    for (let k = 0; k < b.count; k++) {
      assert.ok(b.end[k]! > b.start[k]!, `${where}: item ${k} not empty`);
      if (k > 0) assert.equal(b.start[k], b.end[k - 1], `${where}: item ${k} contiguous`);
      assert.equal(b.mixIndex[k]! >= 0, b.merged[k] === 1, `${where}: merged blocks (only) have a mix`);
      if (b.mixIndex[k]! >= 0) {
        let sum = 0;
        for (let s = 0; s < MIX_STATES; s++) sum += b.mix[b.mixIndex[k]! * MIX_STATES + s]!;
        assert.ok(Math.abs(sum - 1) < 1e-3, `${where}: mix sums to 1`);
      }
    }
    // Every span at least thr long that overlaps the viewport is an item of its own.
    const items = new Map<number, number>();
    for (let k = 0; k < b.count; k++) if (b.merged[k] === 0 && b.point[k]! >= 0) items.set(b.point[k]!, k);
    const s0 = ix.laneStart[b.lane]!;
    const s1 = ix.laneStart[b.lane + 1]!;
    for (let i = s0; i + 1 < s1; i++) {
      const st = pointTime(ix, i);
      const en = pointTime(ix, i + 1);
      if (en - st < thr || en <= t0 || st >= t1) continue;
      const k = items.get(i);
      assert.ok(k !== undefined, `${where}: wide span ${i} [${st}, ${en}] (state ${ix.state[i]}) is not hidden`);
      assert.equal(b.start[k], Math.max(st, t0));
      assert.equal(b.end[k], Math.min(en, t1));
      assert.equal(b.state[k], ix.state[i]);
    }
    // Merged blocks: their spans' mix.
    for (let k = 0; k < b.count; k++) {
      if (b.merged[k] !== 1) continue;
      assert.ok(b.spans[k]! >= 2);
      const acc = new Float64Array(MIX_STATES);
      addMix(ix, b.lane, b.point[k]!, b.point[k]! + b.spans[k]!, acc);
      const direct = new Float64Array(MIX_STATES);
      for (let i = b.point[k]!; i < b.point[k]! + b.spans[k]!; i++) direct[ix.state[i]!] += pointTime(ix, i + 1) - pointTime(ix, i);
      for (let s = 0; s < MIX_STATES; s++) assert.ok(Math.abs(acc[s]! - direct[s]!) <= 1e-6 * Math.max(1, direct[s]!) + 1, `${where}: mix state ${s}`);
      if (direct.slice(1).some((x) => x > 0)) assert.notEqual(b.state[k], SpanState.None, `${where}: a merged block with activity shows it`);
    }
  }
}

for (const f of readableFixtures().filter((x) => x.kind === 'program')) {
  test(`viewports cover [t0, t1] and never hide wide spans: ${fixtureName(f)}`, () => {
    const { index: ix } = indexOf(f);
    const r = rng(pointCount(ix) + 7);
    checkViewport(ix, 0, Math.max(1, ix.end), Math.max(1, ix.end) / 1000, 3);
    for (let n = 0; n < 12; n++) {
      const v = randomViewport(ix, r);
      checkViewport(ix, v.t0, v.t1, v.nsPerPixel, 1 + Math.floor(r() * 8));
    }
  });
}

test('merged output is bounded by pixels, not spans', () => {
  const f = readableFixtures().find((x) => x.path.includes('sched-go1.27.trace'))!;
  const { index: ix } = indexOf(f);
  const lanes = Array.from({ length: ix.laneKind.length }, (_, i) => i);
  const px = 500;
  const res = viewport(ix, { lanes, t0: 0, t1: ix.end, nsPerPixel: ix.end / px, mergePx: 4 });
  for (const b of res.batches) assert.ok(b.count <= (2 * px) / 4 + 3, `lane ${b.lane}: ${b.count} items for ${px} px`);
});

test('lane time buckets give the same batches as binary searches', () => {
  for (const f of readableFixtures().filter((x) => x.kind === 'program').slice(0, 4)) {
    const { index: ix } = indexOf(f);
    const lanes = Array.from({ length: ix.laneKind.length }, (_, i) => i);
    const r = rng(pointCount(ix) + 11);
    const views = [{ t0: 0, t1: Math.max(1, ix.end), nsPerPixel: Math.max(1, ix.end) / 1000 }];
    for (let n = 0; n < 8; n++) views.push(randomViewport(ix, r));
    views.push({ t0: -1000, t1: ix.end + 12345, nsPerPixel: (ix.end + 13345) / 777 });
    for (const v of views) {
      const req = { lanes, t0: v.t0, t1: v.t1, nsPerPixel: v.nsPerPixel };
      setLaneBucketMinPoints(Infinity);
      const plain = viewport(ix, req);
      setLaneBucketMinPoints(2);
      try {
        const bucketed = viewport(ix, req);
        assert.deepEqual(bucketed.batches, plain.batches, `${fixtureName(f)} ${JSON.stringify(v)}`);
      } finally {
        setLaneBucketMinPoints(1 << 14);
      }
    }
  }
});

test('time buckets built with the index equal the ones queries build on first use', () => {
  let lanes = 0;
  let series = 0;
  for (const name of ['manyg-go1.27.trace', 'gcchurn-go1.21.trace', 'contention-go1.22.trace']) {
    const f = readableFixtures().find((x) => x.path.endsWith(name));
    assert.ok(f, name);
    const ix = indexOf(f).index;
    prebuildBuckets(ix, 64, 64);
    for (let l = 0; l < ix.laneKind.length; l++) {
      const s0 = ix.laneStart[l]!;
      const s1 = ix.laneStart[l + 1]!;
      const pre = prebuiltLaneBuckets(ix, l);
      if (s1 - s0 < 64) {
        assert.equal(pre, null);
        continue;
      }
      assert.deepEqual(pre, buildLaneBuckets(ix, s0, s1), `${name} lane ${l}`);
      lanes++;
    }
    for (let c = 0; c < COUNTER_COUNT; c++) {
      const n = ix.counterStart[c + 1]! - ix.counterStart[c]!;
      const pre = prebuiltCounterBuckets(ix, c);
      if (n < 64) {
        assert.equal(pre, null);
        continue;
      }
      assert.deepEqual(pre, buildCounterBuckets(ix, c, DEFAULT_BUCKET_FILL), `${name} counter ${c}`);
      series++;
    }
    prebuildBuckets(ix);
  }
  assert.ok(lanes > 3 && series > 3, `compared ${lanes} lanes and ${series} series`);
});

test('span-state mixes from the prefix sums equal a direct sum over any span range', () => {
  let checked = 0;
  for (const name of ['manyg-go1.27.trace', 'gcchurn-go1.21.trace', 'gcchurn-go1.27.trace']) {
    const f = readableFixtures().find((x) => x.path.endsWith(name));
    assert.ok(f, name);
    const ix = indexOf(f).index;
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let l = 0; l < ix.laneKind.length; l++) {
      if (ix.mixStart[l]! < 0) continue;
      const s0 = ix.laneStart[l]!;
      const spans = ix.laneStart[l + 1]! - s0 - 1;
      for (let r = 0; r < 50; r++) {
        const a = s0 + rand(spans);
        const b = Math.min(s0 + spans, a + 1 + rand(400));
        const acc = new Float64Array(MIX_STATES);
        addMix(ix, l, a, b, acc);
        const direct = new Float64Array(MIX_STATES);
        for (let i = a; i < b; i++) direct[ix.state[i]!] += pointTime(ix, i + 1) - pointTime(ix, i);
        assert.deepEqual(acc, direct, `${name} lane ${l} spans [${a}, ${b})`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 100, `checked ${checked} ranges`);
});
