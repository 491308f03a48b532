// The viewport query: per lane a render batch covering exactly [t0, t1],
// down-sampled counters, and (optionally) flow arrows.

import type { TimelineIndex } from '../../shared/index/layout';
import type { ViewportRequest, ViewportResponse } from '../../shared/index/query-types';
import { arrowBatch } from './arrows';
import { counterBatch } from './counters';
import { laneBatch } from './spans';

export const DEFAULT_MERGE_PX = 3;

export function viewport(ix: TimelineIndex, req: ViewportRequest): ViewportResponse {
  const { t0, t1, nsPerPixel } = req;
  if (!(t1 > t0) || !(nsPerPixel > 0)) throw new RangeError(`bad viewport: t0=${t0} t1=${t1} nsPerPixel=${nsPerPixel}`);
  const threshold = (req.mergePx ?? DEFAULT_MERGE_PX) * nsPerPixel;
  const batches = [];
  for (const lane of req.lanes) {
    if (lane < 0 || lane >= ix.laneKind.length) throw new RangeError(`no lane ${lane}`);
    batches.push(laneBatch(ix, lane, t0, t1, nsPerPixel, threshold));
  }
  const counters = (req.counters ?? []).map((c) => counterBatch(ix, c, t0, t1, nsPerPixel));
  return { t0, t1, nsPerPixel, batches, counters, arrows: req.links ? arrowBatch(ix, req.lanes, t0, t1) : null };
}
