// Lane parents, depths and labels (kept sparse while building: store.ts)
// come out as the index's dense columns: child lanes under the lane they
// belong to, GC workers labelled with their GoLabel.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { InstantKind, LaneKind, SpanState, pointTime, pointArg } from '../../shared/index/layout';
import { laneName } from '../../main/query/lanes';
import { narrowRes } from '../../main/index/finish';
import { indexOf, readableFixtures } from './helpers';

const CHILD_OF: Partial<Record<LaneKind, LaneKind>> = {
  [LaneKind.GoRegions]: LaneKind.Goroutine,
  [LaneKind.GoRanges]: LaneKind.Goroutine,
  [LaneKind.ProcRanges]: LaneKind.Proc,
};

for (const name of ['gcchurn-go1.27.trace', 'gcchurn-go1.21.trace', 'annotations-go1.27.trace']) {
  test(`lane parents, depths and labels: ${name}`, () => {
    const f = readableFixtures().find((x) => x.path.endsWith(name));
    assert.ok(f, name);
    const { index: ix } = indexOf(f);
    const n = ix.laneKind.length;
    assert.equal(ix.laneParent.length, n);
    assert.equal(ix.laneDepth.length, n);
    assert.equal(ix.laneLabel.length, n);
    let children = 0;
    let labelled = 0;
    for (let l = 0; l < n; l++) {
      const k = ix.laneKind[l] as LaneKind;
      const p = ix.laneParent[l]!;
      const want = CHILD_OF[k];
      if (want !== undefined) {
        assert.ok(p >= 0 && p < n, `lane ${l} (kind ${k}) has a parent`);
        assert.equal(ix.laneKind[p], want, `lane ${l}: parent kind`);
        assert.equal(ix.laneRes[l], ix.laneRes[p], `lane ${l}: its parent's resource`);
        children++;
      } else if (k !== LaneKind.Tasks) {
        assert.equal(p, -1, `lane ${l} (kind ${k}) is top-level`);
        assert.equal(ix.laneDepth[l], 0);
      }
      if (ix.laneLabel[l] !== 0) {
        assert.equal(k, LaneKind.Goroutine);
        assert.match(laneName(ix, l), /gcBgMarkWorker \(GC \((dedicated|fractional|idle)\)\)$/);
        labelled++;
      }
    }
    assert.ok(children > 0, `${name}: ${children} child lanes`);
    if (name.startsWith('gcchurn')) assert.ok(labelled > 0, `${name}: GC workers labelled`);
  });
}

// Unblocks of goroutines that waited on the network are instants on the
// Network lane (the builder keeps one flag per goroutine for it).
for (const name of ['netio-go1.27.trace', 'netio-go1.22.trace', 'netio-go1.21.trace']) {
  test(`network unblocks are the Runnable points that follow a network wait: ${name}`, () => {
    const f = readableFixtures().find((x) => x.path.endsWith(name));
    assert.ok(f, name);
    const { index: ix } = indexOf(f);
    const network = ix.strings.indexOf('network');
    const want: string[] = [];
    for (let l = 0; l < ix.laneKind.length; l++) {
      if (ix.laneKind[l] !== LaneKind.Goroutine) continue;
      for (let i = ix.laneStart[l]! + 1; i < ix.laneStart[l + 1]!; i++) {
        if (ix.state[i] === SpanState.Runnable && ix.state[i - 1] === SpanState.Waiting && pointArg(ix, i - 1) === network) want.push(`${pointTime(ix, i)}:${l}`);
      }
    }
    const got: string[] = [];
    for (let l = 0; l < ix.laneKind.length; l++) {
      if (ix.laneKind[l] !== LaneKind.Network) continue;
      for (let k = ix.instStart[l]!; k < ix.instStart[l + 1]!; k++) if (ix.instKind[k] === InstantKind.NetworkUnblock) got.push(`${ix.instTime[k]}:${ix.instArg[k]}`);
    }
    assert.ok(want.length > 0, `${name}: goroutines woken from network waits`);
    assert.deepEqual(got.sort(), want.sort());
  });
}

test('lane ids are kept in 4 bytes when every one fits, exactly otherwise', () => {
  const small = Float64Array.of(-1, 0, 7, 2 ** 31 - 1, -(2 ** 31));
  const narrow = narrowRes(small);
  assert.ok(narrow instanceof Int32Array);
  assert.deepEqual(Array.from(narrow), Array.from(small));
  // A macOS thread id (a 64-bit pthread id) or a u64-encoded big id does not fit.
  for (const big of [2 ** 31, 2 ** 40 + 5, 0.5]) {
    const wide = narrowRes(Float64Array.of(1, big));
    assert.ok(wide instanceof Float64Array, `${big}`);
    assert.equal(wide[1], big);
  }
  const f = readableFixtures().find((x) => x.path.endsWith('gcchurn-go1.27.trace'))!;
  assert.ok(indexOf(f).index.laneRes instanceof Int32Array, 'a Linux trace\'s ids fit');
});
