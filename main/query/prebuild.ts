// Builds, with the index, the time buckets the queries would otherwise build
// on first use (long lanes: spans.ts; dense counter series: counters.ts), so
// that the first coarse viewport is as fast as the following ones, and the
// long lanes' coarse levels (lane-lod.ts). Stored as flat columns of the
// index (bucket*, lod*), they cross the worker boundary with the rest of it.

import { COUNTER_COUNT, type TimelineIndex } from '../../shared/index/layout';
import { buildLaneBuckets, DEFAULT_LANE_BUCKET_MIN_POINTS, type LaneBuckets } from './spans';
import { buildCounterBuckets, DEFAULT_BUCKET_MIN_CHANGES, DEFAULT_BUCKET_FILL, type Buckets } from './counters';
import { prebuildLaneLod } from './lane-lod';

/** The thresholds are the queries' own; tests lower them to cover small traces. */
export function prebuildBuckets(ix: TimelineIndex, minLanePoints = DEFAULT_LANE_BUCKET_MIN_POINTS, minChanges = DEFAULT_BUCKET_MIN_CHANGES): void {
  const lanes: number[] = [];
  const lb: LaneBuckets[] = [];
  for (let l = 0; l < ix.laneKind.length; l++) {
    const s0 = ix.laneStart[l]!;
    const s1 = ix.laneStart[l + 1]!;
    if (s1 - s0 < minLanePoints) continue;
    lanes.push(l);
    lb.push(buildLaneBuckets(ix, s0, s1));
  }
  ix.bucketLane = Int32Array.from(lanes);
  ix.bucketLaneT0 = Float64Array.from(lb, (b) => b.t0);
  ix.bucketLaneQ = Float64Array.from(lb, (b) => b.q);
  ix.bucketLaneOffset = new Int32Array(lb.length + 1);
  lb.forEach((b, k) => (ix.bucketLaneOffset[k + 1] = ix.bucketLaneOffset[k]! + b.first.length));
  ix.bucketLaneFirst = new Int32Array(ix.bucketLaneOffset[lb.length]!);
  lb.forEach((b, k) => ix.bucketLaneFirst.set(b.first, ix.bucketLaneOffset[k]!));

  const cb: (Buckets | null)[] = [];
  for (let c = 0; c < COUNTER_COUNT; c++) {
    const n = ix.counterStart[c + 1]! - ix.counterStart[c]!;
    cb.push(n >= minChanges ? buildCounterBuckets(ix, c, DEFAULT_BUCKET_FILL) : null);
  }
  ix.bucketCounterQ = Float64Array.from(cb, (b) => (b === null ? 0 : b.q));
  ix.bucketCounterOffset = new Int32Array(COUNTER_COUNT + 1);
  cb.forEach((b, c) => (ix.bucketCounterOffset[c + 1] = ix.bucketCounterOffset[c]! + (b === null ? 0 : b.min.length)));
  const total = ix.bucketCounterOffset[COUNTER_COUNT]!;
  ix.bucketCounterFirst = new Int32Array(total + COUNTER_COUNT);
  ix.bucketCounterMin = new Float64Array(total);
  ix.bucketCounterMax = new Float64Array(total);
  cb.forEach((b, c) => {
    const a = ix.bucketCounterOffset[c]!;
    if (b !== null) {
      ix.bucketCounterFirst.set(b.first, a + c);
      ix.bucketCounterMin.set(b.min, a);
      ix.bucketCounterMax.set(b.max, a);
    } else ix.bucketCounterFirst[a + c] = 0;
  });
  prebuildLaneLod(ix);
}
