// The viewport query: per lane a render batch covering exactly [t0, t1],
// down-sampled counters, and (optionally) flow arrows.

import type { TimelineIndex } from '../../shared/index/layout';
import type { RenderBatch, ViewportRequest, ViewportResponse } from '../../shared/index/query-types';
import { arrowBatch } from './arrows';
import { counterBatches } from './counters';
import { laneBatch } from './spans';

export const DEFAULT_MERGE_PX = 3;
/** Arrows closer than this on one lane are one arrow; a viewport shows at most ARROWS_PER_PX per pixel of its width (a denser cloud is unreadable, and each costs a search). */
const ARROW_GAP_PX = 8;
const ARROWS_PER_PX = 0.25;

export function viewport(ix: TimelineIndex, req: ViewportRequest): ViewportResponse {
  const { t0, t1, nsPerPixel } = req;
  if (!(t1 > t0) || !(nsPerPixel > 0)) throw new RangeError(`bad viewport: t0=${t0} t1=${t1} nsPerPixel=${nsPerPixel}`);
  const threshold = (req.mergePx ?? DEFAULT_MERGE_PX) * nsPerPixel;
  const batches = [];
  const done = new Map<number, RenderBatch>();
  for (const lane of req.lanes) {
    if (lane < 0 || lane >= ix.laneKind.length) throw new RangeError(`no lane ${lane}`);
    let b = done.get(lane);
    if (b === undefined) done.set(lane, (b = laneBatch(ix, lane, t0, t1, nsPerPixel, threshold)));
    batches.push(b);
  }
  const counters = counterBatches(ix, req.counters ?? [], t0, t1, nsPerPixel);
  const maxArrows = Math.max(100, Math.ceil((ARROWS_PER_PX * (t1 - t0)) / nsPerPixel));
  const arrows = req.links ? arrowBatch(ix, [...done.keys()], t0, t1, ARROW_GAP_PX * nsPerPixel, maxArrows) : null;
  return { t0, t1, nsPerPixel, batches, counters, arrows };
}
