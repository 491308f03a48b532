// Viewport queries: every batch covers exactly [t0, t1]; merging never hides
// a span at least as wide as the threshold; merged blocks keep the mix of
// states; results do not depend on how many spans the lane has outside.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { COUNTER_COUNT, MIX_STATES } from '../../shared/index/layout';
import { viewport } from '../../main/query/viewport';
import { addMix, buildLaneBuckets, prebuiltLaneBuckets, setLaneBucketMinPoints } from '../../main/query/spans';
import { buildCounterBuckets, DEFAULT_BUCKET_FILL, prebuiltCounterBuckets } from '../../main/query/counters';
import { prebuildBuckets } from '../../main/query/prebuild';
import { fixtureName, indexOf, readableFixtures } from './helpers';
import { checkViewport, randomViewport } from './viewport-checks';
import { seededRandom } from '../lib/rand';
import { pointTime, pointCount } from '../../shared/index/layout';

for (const f of readableFixtures().filter((x) => x.kind === 'program')) {
  test(`viewports cover [t0, t1] and never hide wide spans: ${fixtureName(f)}`, () => {
    const { index: ix } = indexOf(f);
    const r = seededRandom(pointCount(ix) + 7);
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
    const r = seededRandom(pointCount(ix) + 11);
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
  assert.ok(lanes > 3 && series >= 3, `compared ${lanes} lanes and ${series} series`);
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
