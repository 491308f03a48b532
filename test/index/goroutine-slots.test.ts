// The builder frees an ended goroutine's build-state slot for the next new
// goroutine (main/index/builder.ts, goSlots): that changes how much build
// state is resident, not the index. On every fixture that parses, the index
// equals the one built with a slot per goroutine, column by column, and the
// reuse really happens.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildIndex } from '../../main/index/build';
import { indexColumns, LaneKind } from '../../shared/index/layout';
import { decompressIfGzip } from '../../shared/trace/decompress';
import { loadManifest, readFixture } from '../lib/fixtures';

const fixtures = loadManifest().filter((f) => !f.expectError);

test('reusing ended goroutines\' slots leaves the index unchanged', () => {
  let compared = 0;
  let ended = 0;
  for (const f of fixtures) {
    const data = decompressIfGzip(readFixture(f)).data;
    const a = buildIndex(data, { reuseGoroutineSlots: false });
    const b = buildIndex(data, { reuseGoroutineSlots: true });
    assert.equal(b.error?.message, a.error?.message, f.path);
    const ca = new Map(indexColumns(a.index));
    const cb = new Map(indexColumns(b.index));
    assert.deepEqual([...cb.keys()], [...ca.keys()], f.path);
    for (const [k, v] of ca) assert.deepEqual(cb.get(k), v, `${f.path}: column ${k}`);
    assert.deepEqual(b.index.strings, a.index.strings, f.path);
    compared++;
    // A goroutine lane ending in None before the trace's end: its goroutine ended (its slot was free for reuse).
    const ix = b.index;
    for (let l = 0; l < ix.laneKind.length; l++) {
      const s1 = ix.laneStart[l + 1]!;
      if (ix.laneKind[l] === LaneKind.Goroutine && s1 - ix.laneStart[l]! >= 2 && ix.timeLo[s1 - 1]! < ix.end) ended++;
    }
  }
  assert.ok(compared >= 100, `${compared} fixtures`);
  assert.ok(ended >= 10000, `${ended} goroutines ended before the trace's end`);
});
