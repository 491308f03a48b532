// What every viewport answer must satisfy (shared by the viewport and
// coarse-level tests): each batch covers exactly [t0, t1] with contiguous
// items; a span at least the merge threshold long is an item of its own;
// merged blocks hold at least two spans and carry exactly their spans' mix.

import * as assert from 'node:assert/strict';
import { MIX_STATES, SpanState, pointTime, type TimelineIndex } from '../../shared/index/layout';
import { viewport } from '../../main/query/viewport';
import { addMix } from '../../main/query/spans';

export function randomViewport(ix: TimelineIndex, r: () => number): { t0: number; t1: number; nsPerPixel: number } {
  const end = Math.max(1, ix.end);
  // Zoom levels from the whole trace (and beyond it) down to a few ns per pixel.
  const width = Math.max(8, end * Math.pow(10, -6 * r()) * 1.2);
  const t0 = Math.floor(-0.1 * end + r() * (end * 1.1));
  const px = 200 + Math.floor(r() * 3000);
  return { t0, t1: t0 + Math.ceil(width), nsPerPixel: Math.ceil(width) / px };
}

export function checkViewport(ix: TimelineIndex, t0: number, t1: number, npp: number, mergePx: number): void {
  const lanes = Array.from({ length: ix.laneKind.length }, (_, i) => i);
  const res = viewport(ix, { lanes, t0, t1, nsPerPixel: npp, mergePx });
  const thr = mergePx * npp;
  for (const b of res.batches) {
    const where = `lane ${b.lane} [${t0}, ${t1}] npp ${npp}`;
    assert.ok(b.count >= 1, where);
    assert.equal(b.start[0], t0, `${where}: starts at t0`);
    assert.equal(b.end[b.count - 1], t1, `${where}: ends at t1`);
    for (let k = 0; k < b.count; k++) {
      assert.ok(b.end[k]! > b.start[k]!, `${where}: item ${k} not empty`);
      if (k > 0) assert.equal(b.start[k], b.end[k - 1], `${where}: item ${k} contiguous`);
      assert.equal(b.mixIndex[k]! >= 0, b.merged[k] === 1, `${where}: merged blocks (only) have a mix`);
      if (b.mixIndex[k]! >= 0) {
        let sum = 0;
        for (let s = 0; s < MIX_STATES; s++) sum += b.mix[b.mixIndex[k]! * MIX_STATES + s]!;
        assert.ok(Math.abs(sum - 1) < 1e-3, `${where}: mix sums to 1`);
      }
    }
    // Every span at least thr long that overlaps the viewport is an item of its own.
    const items = new Map<number, number>();
    for (let k = 0; k < b.count; k++) if (b.merged[k] === 0 && b.point[k]! >= 0) items.set(b.point[k]!, k);
    const s0 = ix.laneStart[b.lane]!;
    const s1 = ix.laneStart[b.lane + 1]!;
    for (let i = s0; i + 1 < s1; i++) {
      const st = pointTime(ix, i);
      const en = pointTime(ix, i + 1);
      if (en - st < thr || en <= t0 || st >= t1) continue;
      const k = items.get(i);
      assert.ok(k !== undefined, `${where}: wide span ${i} [${st}, ${en}] (state ${ix.state[i]}) is not hidden`);
      assert.equal(b.start[k], Math.max(st, t0));
      assert.equal(b.end[k], Math.min(en, t1));
      assert.equal(b.state[k], ix.state[i]);
    }
    // Merged blocks: their spans' mix.
    for (let k = 0; k < b.count; k++) {
      if (b.merged[k] !== 1) continue;
      assert.ok(b.spans[k]! >= 2);
      const acc = new Float64Array(MIX_STATES);
      addMix(ix, b.lane, b.point[k]!, b.point[k]! + b.spans[k]!, acc);
      const direct = new Float64Array(MIX_STATES);
      for (let i = b.point[k]!; i < b.point[k]! + b.spans[k]!; i++) direct[ix.state[i]!] += pointTime(ix, i + 1) - pointTime(ix, i);
      for (let s = 0; s < MIX_STATES; s++) assert.ok(Math.abs(acc[s]! - direct[s]!) <= 1e-6 * Math.max(1, direct[s]!) + 1, `${where}: mix state ${s}`);
      if (direct.slice(1).some((x) => x > 0)) assert.notEqual(b.state[k], SpanState.None, `${where}: a merged block with activity shows it`);
    }
  }
}

