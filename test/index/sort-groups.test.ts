// finish.ts's sortGroupsByTime (the links grouped by source, each group in
// the time order of the points they lead to): short runs, and runs longer
// than a progress block (one goroutine creating or waking most others),
// sorted or not, against a plain stable sort.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { sortGroupsByTime } from '../../main/index/finish';
import { NO_PROGRESS, TICK_BLOCK } from '../../main/index/finish-progress';
import { noHiBlocks } from '../../shared/index/time48';
import { seededRandom } from '../lib/rand';

/** Links (final positions 0..n-1) in runs of the given lengths; run r's source is r; point times random or ascending. */
function links(runs: number[], sortedRuns: Set<number>, seed: number) {
  const r = seededRandom(seed);
  const n = runs.reduce((a, b) => a + b, 0);
  const from = new Int32Array(n);
  const point = new Int32Array(n);
  const lo = new Uint32Array(n);
  const order = new Int32Array(n);
  let q = 0;
  runs.forEach((len, run) => {
    for (let i = 0; i < len; i++, q++) {
      order[q] = q;
      from[q] = run;
      point[q] = q;
      // Few distinct times: ties must keep the original order.
      lo[q] = sortedRuns.has(run) ? q : Math.floor(r() * 1000);
    }
  });
  return { order, from, point, lo };
}

for (const [name, runs, sorted] of [
  ['short runs', [1, 3, 2, 50, 7, 1, 1, 200], new Set([1, 5])],
  ['a run longer than a block, out of order', [5, TICK_BLOCK * 2 + 17, 3], new Set<number>()],
  ['a run longer than a block, in order, between unsorted ones', [TICK_BLOCK + 1, TICK_BLOCK * 3 + 5, 40], new Set([1])],
  ['a run of exactly one block', [TICK_BLOCK, 2], new Set<number>()],
] as [string, number[], Set<number>][]) {
  test(`sortGroupsByTime: ${name}`, () => {
    const { order, from, point, lo } = links(runs, sorted, 7);
    const want = Array.from(order).sort((x, y) => from[x]! - from[y]! || lo[point[x]!]! - lo[point[y]!]! || x - y);
    sortGroupsByTime(order, from, point, lo, noHiBlocks(), NO_PROGRESS);
    assert.deepEqual(Array.from(order), want);
  });
}
