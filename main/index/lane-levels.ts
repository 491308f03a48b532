// The span mixes (lane-mix.ts) and coarse levels (query/lane-lod.ts) of the
// lanes: a pure function of the finished point columns, so that finish.ts
// can have it computed on the helper thread (offload.ts) while it finishes
// the rest (lane time buckets included: query/prebuild.ts).

import type { TimelineIndex } from '../../shared/index/layout';
import { DEFAULT_LOD_OPTIONS, laneLodColumns, type LodColumns, type LodOptions } from '../query/lane-lod';
import { buildMix, type LanePoints } from './lane-mix';

export type LaneMixAndLod = Pick<TimelineIndex, 'mixStart' | 'mix'> & LodColumns;

/** Span mixes and coarse levels (levels are made from the mixes). */
export function computeLaneMixAndLod(points: LanePoints, lod: LodOptions = DEFAULT_LOD_OPTIONS): LaneMixAndLod {
  const ix = { laneStart: points.laneStart, timeLo: points.timeLo, timeHiBase: points.timeHiBase, timeHiMixedAt: points.timeHiMixedAt, timeHiEach: points.timeHiEach, state: points.state, mixStart: new Int32Array(0), mix: new Float64Array(0) };
  buildMix(ix);
  return { mixStart: ix.mixStart, mix: ix.mix, ...laneLodColumns(ix, lod) };
}

/** The result's buffers (to transfer). */
export function laneLevelBuffers(l: LaneMixAndLod): ArrayBuffer[] {
  return [...new Set(Object.values(l).map((a) => (a as ArrayBufferView).buffer as ArrayBuffer))];
}
