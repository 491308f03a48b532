// The statistics `gotrace index` prints: lanes and spans by kind, recounted
// here point by point, whatever the alignment of the state column (the count
// reads it four bytes at a time).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { indexStats } from '../../main/index/stats';
import { LANE_KIND_NAMES, SpanState, type TimelineIndex } from '../../shared/index/layout';
import { fixtureName, indexOf, readableFixtures } from './helpers';

function recount(ix: TimelineIndex): { lanes: Record<string, number>; spans: Record<string, number> } {
  const lanes: Record<string, number> = {};
  const spans: Record<string, number> = {};
  for (let l = 0; l < ix.laneKind.length; l++) {
    const name = LANE_KIND_NAMES[ix.laneKind[l]!]!;
    lanes[name] = (lanes[name] ?? 0) + 1;
    let n = 0;
    // Every point but a lane's last begins a span, unless it is a gap.
    for (let i = ix.laneStart[l]!; i < ix.laneStart[l + 1]! - 1; i++) if (ix.state[i] !== SpanState.None) n++;
    spans[name] = (spans[name] ?? 0) + n;
  }
  return { lanes, spans };
}

/** The index with its state column moved to byte offset `at` of a bigger buffer. */
function shifted(ix: TimelineIndex, at: number): TimelineIndex {
  const state = new Uint8Array(new ArrayBuffer(ix.state.length + 8), at, ix.state.length);
  state.set(ix.state);
  return { ...ix, state };
}

for (const f of readableFixtures().filter((x) => /gcchurn|manyg|annotations-go1.(15|27)|cgo-go1.22/.test(x.path))) {
  test(`index stats: lanes and spans by kind equal a recount: ${fixtureName(f)}`, () => {
    const ix = indexOf(f).index;
    const want = recount(ix);
    for (const at of [0, 1, 2, 3, 4]) {
      const st = indexStats(at === 0 ? ix : shifted(ix, at));
      assert.deepEqual(st.lanesByKind, want.lanes, `lanes (state at +${at})`);
      assert.deepEqual(st.spansByKind, want.spans, `spans (state at +${at})`);
      assert.equal(st.spans, Object.values(want.spans).reduce((a, b) => a + b, 0));
    }
    const st = indexStats(ix);
    assert.ok(st.spans > 0 && st.points === ix.timeLo.length);
    assert.equal(Object.values(st.bytes).reduce((a, b) => a + b, 0), st.totalBytes);
  });
}
