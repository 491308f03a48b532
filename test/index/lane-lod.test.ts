// Coarse levels of long lanes (main/query/lane-lod.ts). Fixture lanes are
// short, so the levels are built here for every lane with a few hundred
// points; a viewport drawn from them must keep every invariant of one drawn
// from the points, and the levels must be exactly the merge they stand for.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { MIX_STATES, pointTime, type TimelineIndex } from '../../shared/index/layout';
import { buildLaneLod, laneLodLevel, mergeBoundaries, prebuildLaneLod } from '../../main/query/lane-lod';
import { fixtureName, indexOf, readableFixtures } from './helpers';
import { prebuildBuckets } from '../../main/query/prebuild';
import { checkViewport, randomViewport } from './viewport-checks';
import { seededRandom } from '../lib/rand';
import { encodeHiBlocks } from '../../shared/index/time48';

const FIXTURES = ['manyg-go1.27.trace', 'gcchurn-go1.21.trace', 'gcchurn-go1.27.trace', 'gcchurn-go1.19.trace'];
/** Levels for every lane with a mix (>= MIX_MIN_POINTS points), merging from 8 mean spans up. */
const SMALL = { minPoints: 2, ratio: 8 };

/** Runs fn with levels for SMALL lanes, then puts the index's own levels back. */
function withLevels(ix: TimelineIndex, fn: () => void): void {
  prebuildLaneLod(ix, SMALL);
  try {
    fn();
  } finally {
    prebuildLaneLod(ix);
  }
}

for (const name of FIXTURES) {
  test(`viewports drawn from coarse levels keep every invariant: ${name}`, () => {
    const f = readableFixtures().find((x) => x.path.endsWith(name));
    assert.ok(f, name);
    const { index: ix } = indexOf(f);
    withLevels(ix, () => {
      assert.ok(ix.lodLane.length > 0, `${fixtureName(f)}: some lane has levels`);
      const r = seededRandom(ix.lodLane.length + 3);
      let used = 0;
      for (let n = 0; n < 40; n++) {
        // Mostly coarse viewports: the levels serve thresholds of at least their θ.
        const v = n === 0 ? { t0: 0, t1: Math.max(1, ix.end), nsPerPixel: Math.max(1, ix.end) / 1000 } : randomViewport(ix, () => r() * 0.5);
        const mergePx = 1 + Math.floor(r() * 8);
        for (const l of ix.lodLane) if (laneLodLevel(ix, l, mergePx * v.nsPerPixel) !== null) used++;
        checkViewport(ix, v.t0, v.t1, v.nsPerPixel, mergePx);
      }
      assert.ok(used >= 20, `${fixtureName(f)}: ${used} lane batches came from a level`);
    });
  });
}

/**
 * The index with every point time moved past 2^32 ns, as traces longer than
 * ~4.3 s have: a high part of 1 or 2 by lane, so that blocks of points
 * straddling two lanes hold both (time48.ts's HiBlocks).
 */
function pastTwo32(ix: TimelineIndex): TimelineIndex {
  const hi = new Uint16Array(ix.timeLo.length);
  for (let l = 0; l + 1 < ix.laneStart.length; l++) hi.fill(1 + (l % 2), ix.laneStart[l]!, ix.laneStart[l + 1]!);
  const blocks = encodeHiBlocks(hi);
  assert.ok(blocks.each.length > 0, 'some blocks hold two high parts');
  const out = { ...ix, timeHiBase: blocks.base, timeHiMixedAt: blocks.mixedAt, timeHiEach: blocks.each };
  prebuildBuckets(out); // the lanes' time buckets, for the new times
  return out;
}

for (const late of [false, true])
test(`a level is the merge of the lane at its threshold, with exact cumulative durations${late ? ' (times past 2^32 ns)' : ''}`, () => {
  let levels = 0;
  for (const name of FIXTURES) {
    const f = readableFixtures().find((x) => x.path.endsWith(name))!;
    const ix = late ? pastTwo32(indexOf(f).index) : indexOf(f).index;
    for (let l = 0; l < ix.laneKind.length; l++) {
      const s0 = ix.laneStart[l]!;
      const s1 = ix.laneStart[l + 1]!;
      const lod = buildLaneLod(ix, l, SMALL);
      let prevItems = s1 - s0 - 1;
      let prev = (k: number) => pointTime(ix, s0 + k);
      let prevPoint = (k: number) => s0 + k;
      for (const lv of lod) {
        levels++;
        // Boundaries: the merge of the previous level (the points, for level 0) at θ.
        const want: number[] = [];
        mergeBoundaries(prevItems, prev, lv.theta, (k) => want.push(prevPoint(k)));
        assert.deepEqual([...lv.point], want, `${name} lane ${l} θ ${lv.theta}`);
        assert.ok(lv.point.length - 1 < prevItems, 'a level is coarser than what it merges');
        // Times and cumulative durations at every boundary.
        const cum = new Float64Array(MIX_STATES);
        let p = s0;
        for (let k = 0; k < lv.point.length; k++) {
          for (; p < lv.point[k]!; p++) cum[ix.state[p]!] += pointTime(ix, p + 1) - pointTime(ix, p);
          assert.equal(lv.time[k], pointTime(ix, lv.point[k]!));
          for (let s = 0, j = 0; s < MIX_STATES; s++) {
            if ((lv.states & (1 << s)) === 0) {
              assert.equal(cum[s], 0, `state ${s} is not in the lane's mix`);
              continue;
            }
            assert.equal(lv.mix[k * lv.ns + j], cum[s], `${name} lane ${l} boundary ${k} state ${s}`);
            j++;
          }
        }
        const T = lv.time;
        const P = lv.point;
        prevItems = P.length - 1;
        prev = (k) => T[k]!;
        prevPoint = (k) => P[k]!;
      }
    }
  }
  assert.ok(levels >= 20, `checked ${levels} levels`);
});

test('viewports drawn from coarse levels keep every invariant past 2^32 ns', () => {
  const f = readableFixtures().find((x) => x.path.endsWith('gcchurn-go1.21.trace'))!;
  const ix = pastTwo32(indexOf(f).index);
  prebuildLaneLod(ix, SMALL);
  assert.ok(ix.lodLane.length > 0);
  const r = seededRandom(5);
  for (let n = 0; n < 20; n++) {
    const v = randomViewport(ix, () => r() * 0.5);
    checkViewport(ix, v.t0 + 2 ** 32, v.t1 + 2 ** 32, v.nsPerPixel, 1 + Math.floor(r() * 8));
  }
});

test('lanes keep no level where one would not be coarser', () => {
  let lanes = 0;
  for (const name of FIXTURES) {
    const f = readableFixtures().find((x) => x.path.endsWith(name))!;
    const { index: ix } = indexOf(f);
    for (let l = 0; l < ix.laneKind.length; l++) {
      const spans = ix.laneStart[l + 1]! - ix.laneStart[l]! - 1;
      const lod = buildLaneLod(ix, l, SMALL);
      if (lod.length > 0) lanes++;
      for (const lv of lod) assert.ok(lv.point.length - 1 <= spans / 4, `${name} lane ${l}: level of ${lv.point.length - 1} items for ${spans} spans`);
    }
  }
  assert.ok(lanes >= 4, `${lanes} lanes with levels`);
});
