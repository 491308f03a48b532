// Finishing on a helper thread (main/index/offload.ts) changes where the lane
// levels and the counter-log summaries are computed, not what they are: the
// index equals the one finished in place, and the columns the helper read
// stay shared with it (not copied).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildIndex, type BuildResult } from '../../main/index/build';
import { computeLaneMixAndLod } from '../../main/index/lane-levels';
import { FinishHelper } from '../../main/index/offload';
import { indexColumns } from '../../shared/index/layout';
import { decompressIfGzip } from '../../shared/trace/decompress';
import { loadManifest, readFixture } from '../lib/fixtures';

const fixtures = loadManifest().filter((f) => !f.expectError);

function build(path: string, offloadMinPoints: number): BuildResult {
  const f = fixtures.find((x) => x.path === path)!;
  return buildIndex(decompressIfGzip(readFixture(f)).data, { offloadMinPoints });
}

function shared<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(a: T): T {
  const C = a.constructor as new (b: SharedArrayBuffer) => T;
  const out = new C(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

test('an index finished with the helper thread equals the one finished in place', () => {
  let compared = 0;
  let mixed = 0;
  for (const f of fixtures) {
    if (!/go1\.(15|21|22|27)\.trace$|multigen\.trace$/.test(f.path)) continue;
    const a = build(f.path, Infinity);
    const b = build(f.path, 0);
    const ca = new Map(indexColumns(a.index));
    const cb = new Map(indexColumns(b.index));
    assert.deepEqual([...cb.keys()], [...ca.keys()], f.path);
    for (const [k, v] of ca) assert.deepEqual(cb.get(k), v, `${f.path}: column ${k}`);
    assert.ok(b.index.timeLo.buffer instanceof SharedArrayBuffer, `${f.path}: the helper read the points where they are`);
    assert.ok(!(a.index.timeLo.buffer instanceof SharedArrayBuffer), `${f.path}: in place, nothing is shared`);
    if (a.index.mix.length > 0) mixed++;
    compared++;
  }
  assert.ok(compared >= 20, `${compared} fixtures`);
  assert.ok(mixed >= 5, `${mixed} with span mixes`);
});

test('span mixes and coarse levels computed on the helper equal those computed in place', () => {
  const { index: ix } = build(fixtures.find((f) => f.path.endsWith('manyg-go1.27.trace'))!.path, Infinity);
  const lod = { minPoints: 64, ratio: 4 };
  const want = computeLaneMixAndLod(ix, lod);
  assert.ok(want.mix.length > 0 && want.lodLane.length > 0, 'the thresholds give lanes levels');
  const helper = FinishHelper.start();
  assert.ok(helper !== null, 'the helper script is built');
  try {
    const pts = { laneStart: shared(ix.laneStart), timeLo: shared(ix.timeLo), timeHiBase: ix.timeHiBase, timeHiMixedAt: ix.timeHiMixedAt, timeHiEach: ix.timeHiEach, state: shared(ix.state) };
    const got = helper.laneMixAndLod(pts, lod).result();
    assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort());
    for (const k of Object.keys(want) as (keyof typeof want)[]) assert.deepEqual(got[k], want[k], k);
    assert.throws(() => helper.laneMixAndLod({ ...pts, state: ix.state }), /must be shared/);
  } finally {
    helper.close();
  }
});
