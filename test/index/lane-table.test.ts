// Lane parents, depths and labels (kept sparse while building: store.ts)
// come out as the index's dense columns: child lanes under the lane they
// belong to, GC workers labelled with their GoLabel.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LaneKind } from '../../shared/index/layout';
import { laneName } from '../../main/query/lanes';
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
