// Lanes of the few-lane kinds (procs, threads, their ranges, GC, STW) keep
// their own point rows at build time instead of sharing the event-order rows
// (point-store.ts). That is storage only: the index must be exactly the one
// built with every lane in the shared rows.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildIndex } from '../../main/index/build';
import { setOwnRowKinds } from '../../main/index/store';
import { indexColumns, LaneKind, pointTime, type TimelineIndex } from '../../shared/index/layout';
import { decompressIfGzip } from '../../shared/trace/decompress';
import { readFixture } from '../lib/fixtures';
import { fixtureName, readableFixtures } from './helpers';

const NAMES = ['sched-go1.27', 'cgo-go1.21', 'gcchurn-go1.19', 'cpuprof-go1.26', 'annotations-go1.15', 'contention-go1.22', 'startstop-go1.23', 'flightrec-go1.27', 'netio-go1.24'];

function build(bytes: Uint8Array, shared: boolean): TimelineIndex {
  setOwnRowKinds(shared ? [] : undefined);
  try {
    return buildIndex(bytes.slice()).index;
  } finally {
    setOwnRowKinds();
  }
}

for (const name of NAMES) {
  test(`own lane rows build the same index as shared rows: ${name}`, () => {
    const f = readableFixtures().find((x) => fixtureName(x).startsWith(name + '.') || fixtureName(x).startsWith(name + '-'));
    assert.ok(f, name);
    const bytes = decompressIfGzip(readFixture(f)).data;
    const own = build(bytes, false);
    const shared = build(bytes, true);
    let ownPoints = 0;
    for (let l = 0; l < own.laneKind.length; l++) {
      const k = own.laneKind[l];
      if (k === LaneKind.Proc || k === LaneKind.Thread) ownPoints += own.laneStart[l + 1]! - own.laneStart[l]!;
    }
    assert.ok(ownPoints > 20, `${name}: ${ownPoints} proc and thread points`);
    const a = new Map(indexColumns(own));
    const b = new Map(indexColumns(shared));
    assert.deepEqual([...a.keys()], [...b.keys()]);
    for (const [k, v] of a) assert.deepEqual(v, b.get(k), `${name}: column ${k}`);
    assert.deepEqual(own.strings, shared.strings);
    assert.equal(pointTime(own, own.timeLo.length - 1), pointTime(shared, shared.timeLo.length - 1));
  });
}
