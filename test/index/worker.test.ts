// The build on a worker thread: progress reports, the same index as an
// in-process build, cancellation.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildIndexInWorker, IndexBuildError } from '../../main/index/build-in-worker';
import type { BuildProgress } from '../../main/index/build';
import { fixturePath } from '../lib/fixtures';
import { indexOf, readableFixtures } from './helpers';
import { indexColumns } from '../../shared/index/layout';

test('worker build: progress, then the same index as in-process', async () => {
  const f = readableFixtures().find((x) => x.path.endsWith('gcchurn-go1.27.trace'))!;
  const progress: BuildProgress[] = [];
  const w = buildIndexInWorker(fixturePath(f), (p) => progress.push(p));
  const r = await w.result;
  const local = indexOf(f).index;
  assert.equal(r.index.timeLo.length, local.timeLo.length);
  assert.deepEqual(Array.from(r.index.timeLo.subarray(0, 1000)), Array.from(local.timeLo.subarray(0, 1000)));
  assert.deepEqual(Array.from(r.index.laneStart), Array.from(local.laneStart));
  assert.equal(r.error, null);
  assert.ok(progress.length >= 2);
  assert.equal(progress[0]!.phase, 'parse');
  assert.equal(progress[progress.length - 1]!.phase, 'done');
  assert.equal(progress[progress.length - 1]!.percent, 100);
  for (const p of progress) {
    assert.ok(p.totalBytes > 0 && p.percent >= 0 && p.percent <= 100);
    assert.ok(p.etaMs === null || p.etaMs >= 0);
  }
});

test('worker build: an index whose point columns are shared with the finishing helper crosses intact', async () => {
  const f = readableFixtures().find((x) => x.path.endsWith('gcchurn-go1.27.trace'))!;
  const r = await buildIndexInWorker(fixturePath(f), undefined, { offloadMinPoints: 0 }).result;
  assert.ok(r.index.timeLo.buffer instanceof SharedArrayBuffer, 'the helper thread ran');
  const local = indexOf(f).index;
  const a = new Map(indexColumns(local));
  for (const [k, v] of indexColumns(r.index)) assert.deepEqual(Array.from(v as Uint8Array), Array.from(a.get(k) as Uint8Array), k);
});

test('worker build: cancellation', async () => {
  const f = readableFixtures().find((x) => x.path.endsWith('gcchurn-go1.27.trace'))!;
  const w = buildIndexInWorker(fixturePath(f));
  w.cancel();
  await assert.rejects(w.result, (e: unknown) => e instanceof IndexBuildError && e.cancelled);
});

test('worker build: a missing file fails with its name', async () => {
  const w = buildIndexInWorker('/nonexistent/x.trace');
  await assert.rejects(w.result, (e: unknown) => e instanceof IndexBuildError && /x\.trace/.test(e.message) && !e.cancelled);
});
