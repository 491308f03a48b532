// Block-encoded time columns (shared/index/block-times.ts): every row reads
// back exactly, blocks with gaps of 2^16 ns or more keep whole times, and the
// binary searches agree with a linear scan, past 2^32 ns too.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { BLOCK_TIMES, blockLowerBound, blockTime, blockUpperBound, encodeBlockTimes, encodeBlockTimes48 } from '../../shared/index/block-times';
import { seededRandom } from '../lib/rand';

function randomTimes(seed: number, n: number, start: number, gapEvery: number): number[] {
  const r = seededRandom(seed);
  const out: number[] = [];
  let t = start;
  for (let i = 0; i < n; i++) {
    if (r() < 0.7) t += Math.floor(r() * 200);
    if (r() < gapEvery) t += 0xffff + Math.floor(r() * 3);
    out.push(t);
  }
  return out;
}

for (const [seed, n, start, gapEvery] of [
  [1, 5000, 0, 0],
  [2, 5000, 0, 0.002],
  [3, 5001, 2 ** 32 - 20000, 0.01],
  [4, 63, 2 ** 40, 0.1],
  [5, 1, 7, 0],
  [6, 0, 0, 0],
] as const) {
  test(`block times: ${n} rows from ${start} ns, gaps with probability ${gapEvery} read back and search like the plain column`, () => {
    const times = randomTimes(seed, n, start, gapEvery);
    const bt = encodeBlockTimes(n, (r) => times[r]!);
    assert.equal(bt.off.length, n);
    assert.equal(bt.base.length, Math.ceil(n / BLOCK_TIMES));
    for (let r = 0; r < n; r++) assert.equal(blockTime(bt, r), times[r], `row ${r}`);
    const wholeBlocks = Array.from(bt.wholeAt).filter((w) => w >= 0).length;
    for (let b = 0; b < bt.base.length; b++) {
      const span = times[Math.min(n, (b + 1) * BLOCK_TIMES) - 1]! - times[b * BLOCK_TIMES]!;
      assert.equal(bt.wholeAt[b]! >= 0, span > 0xffff, `block ${b} (span ${span} ns) whole iff its offsets do not fit 16 bits`);
    }
    assert.equal(bt.whole.length, wholeBlocks * BLOCK_TIMES);
    if (gapEvery === 0) assert.equal(wholeBlocks, 0);
    const probes = [start - 1, start, ...times.flatMap((t) => [t - 1, t, t + 0.5]), (times[n - 1] ?? start) + 1];
    for (const x of probes) {
      const upper = times.findIndex((t) => t > x);
      const lower = times.findIndex((t) => t >= x);
      assert.equal(blockUpperBound(bt, x, 0, n), upper < 0 ? n : upper, `upper bound of ${x}`);
      assert.equal(blockLowerBound(bt, x, 0, n), lower < 0 ? n : lower, `lower bound of ${x}`);
    }
  });
}

test('block times: from a (lo, hi) column pair past 2^32 ns', () => {
  const times = randomTimes(9, 3000, 2 ** 32 - 100000, 0.01);
  const lo = Uint32Array.from(times, (t) => t % 2 ** 32);
  const hi = Uint16Array.from(times, (t) => Math.floor(t / 2 ** 32));
  const bt = encodeBlockTimes48(lo, hi);
  for (let r = 0; r < times.length; r++) assert.equal(blockTime(bt, r), times[r]);
  const short = encodeBlockTimes48(Uint32Array.from(times.slice(0, 100), (t) => t - times[0]!), new Uint16Array(0));
  for (let r = 0; r < 100; r++) assert.equal(blockTime(short, r), times[r]! - times[0]!);
});
