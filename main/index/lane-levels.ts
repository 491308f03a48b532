// What finish.ts computes per lane from the finished point columns alone:
// span mixes (lane-mix.ts), time buckets and coarse levels (query/prebuild.ts).
// A pure function of those columns, so that it can run on the helper thread
// (offload.ts) while the rest of the index is finished.

import type { TimelineIndex } from '../../shared/index/layout';
import type { LodOptions } from '../query/lane-lod';
import { laneLevelColumns, type LaneLevelColumns } from '../query/prebuild';
import { buildMix, type LanePoints } from './lane-mix';

export type LaneLevels = Pick<TimelineIndex, 'mixStart' | 'mix'> & LaneLevelColumns;

/** Which lanes get buckets and levels: the queries' defaults unless given (tests lower them). */
export interface LaneLevelOptions {
  minLanePoints?: number;
  lod?: LodOptions;
}

export function computeLaneLevels(points: LanePoints, opts: LaneLevelOptions = {}): LaneLevels {
  const ix = { laneStart: points.laneStart, timeLo: points.timeLo, timeHi: points.timeHi, state: points.state, mixStart: new Int32Array(0), mix: new Float64Array(0) };
  buildMix(ix);
  return { mixStart: ix.mixStart, mix: ix.mix, ...laneLevelColumns(ix, opts.minLanePoints, opts.lod) };
}

/** The result's buffers (to transfer). */
export function laneLevelBuffers(l: LaneLevels): ArrayBuffer[] {
  return [...new Set(Object.values(l).map((a) => (a as ArrayBufferView).buffer as ArrayBuffer))];
}
