// Builds, with the index, the time buckets the queries would otherwise build
// on first use (long lanes: spans.ts; dense counter series: counters.ts), so
// that the first coarse viewport is as fast as the following ones, and the
// long lanes' coarse levels (lane-lod.ts). Stored as flat columns of the
// index (bucket*, lod*), they cross the worker boundary with the rest of it.
//
// The index build makes the lane buckets and levels itself
// (main/index/lane-levels.ts: the levels on a helper thread); the counter
// buckets need the counters.

import { COUNTER_COUNT, type PointTimes, type TimelineIndex } from '../../shared/index/layout';
import { buildLaneBuckets, DEFAULT_LANE_BUCKET_MIN_POINTS, TICK_POINTS, type LaneBuckets } from './spans';
import { buildCounterBuckets, DEFAULT_BUCKET_MIN_CHANGES, DEFAULT_BUCKET_FILL, type Buckets } from './counters';
import { laneLodColumns } from './lane-lod';

/** The thresholds are the queries' own; tests lower them to cover small traces. */
export function prebuildBuckets(ix: TimelineIndex, minLanePoints = DEFAULT_LANE_BUCKET_MIN_POINTS, minChanges = DEFAULT_BUCKET_MIN_CHANGES): void {
  Object.assign(ix, laneBucketColumns(ix, minLanePoints), laneLodColumns(ix));
  prebuildCounterBuckets(ix, minChanges);
}

/** The bucketLane* columns of a TimelineIndex. */
export type LaneBucketColumns = Pick<TimelineIndex, 'bucketLane' | 'bucketLaneT0' | 'bucketLaneQ' | 'bucketLaneOffset' | 'bucketLaneFirst'>;

/** The time buckets of every lane with at least minLanePoints points. */
export function laneBucketColumns(
  ix: PointTimes & Pick<TimelineIndex, 'laneStart'>,
  minLanePoints = DEFAULT_LANE_BUCKET_MIN_POINTS,
  tick?: (pointsDone: number, points: number) => void,
): LaneBucketColumns {
  const lanes: number[] = [];
  const lb: LaneBuckets[] = [];
  const np = ix.laneStart[ix.laneStart.length - 1] ?? 0;
  // Ticks every 2^18 points or so (not per lane: 100k lanes made it 8 ms slower), and inside lanes that long.
  let ticked = 0;
  for (let l = 0; l + 1 < ix.laneStart.length; l++) {
    const s0 = ix.laneStart[l]!;
    const s1 = ix.laneStart[l + 1]!;
    if (s1 - s0 < minLanePoints) continue;
    lanes.push(l);
    lb.push(buildLaneBuckets(ix, s0, s1, tick !== undefined && s1 - s0 >= TICK_POINTS ? () => tick(s0, np) : undefined));
    if (tick !== undefined && s1 - ticked >= TICK_POINTS) {
      tick(s1, np);
      ticked = s1;
    }
  }
  const bucketLaneOffset = new Int32Array(lb.length + 1);
  lb.forEach((b, k) => (bucketLaneOffset[k + 1] = bucketLaneOffset[k]! + b.first.length));
  const bucketLaneFirst = new Int32Array(bucketLaneOffset[lb.length]!);
  lb.forEach((b, k) => bucketLaneFirst.set(b.first, bucketLaneOffset[k]!));
  return {
    bucketLane: Int32Array.from(lanes),
    bucketLaneT0: Float64Array.from(lb, (b) => b.t0),
    bucketLaneQ: Float64Array.from(lb, (b) => b.q),
    bucketLaneOffset,
    bucketLaneFirst,
  };
}

/** The counter series' time buckets (bucketCounter* columns). */
export function prebuildCounterBuckets(ix: TimelineIndex, minChanges = DEFAULT_BUCKET_MIN_CHANGES): void {
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
}
