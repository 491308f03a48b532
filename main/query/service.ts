// The query service: plain async functions over one built index. The
// Electron IPC handlers and the browser-mode server (next issue) wrap these;
// request/response types are the shared contract (shared/index/query-types.ts).

import { COUNTER_NAMES, LANE_KIND_NAMES, type TimelineIndex } from '../../shared/index/layout';
import type {
  BlockingRequest, BlockingResponse, HitTestRequest, IndexSummary, ItemDetails, ItemRef, LaneListRequest,
  LaneListResponse, RangeStatsRequest, RangeStatsResponse, SearchRequest, SearchResponse, ViewportRequest, ViewportResponse,
} from '../../shared/index/query-types';
import { blockingEpisodes } from './blocking';
import { hitTest, itemDetails } from './details';
import { laneList } from './lanes';
import { search } from './search';
import { rangeStats } from './stats';
import { viewport } from './viewport';
import { pointCount } from '../../shared/index/layout';
import { GoroutineLaneMap } from './goroutine-lanes';

export class QueryService {
  private readonly goLanes: GoroutineLaneMap;

  constructor(readonly index: TimelineIndex) {
    this.goLanes = new GoroutineLaneMap(index);
  }

  async summary(): Promise<IndexSummary> {
    const ix = this.index;
    const byKind: Record<string, number> = {};
    for (let l = 0; l < ix.laneKind.length; l++) {
      const k = LANE_KIND_NAMES[ix.laneKind[l]!]!;
      byKind[k] = (byKind[k] ?? 0) + 1;
    }
    return {
      goVersion: ix.goVersion, start: ix.startAbs, duration: ix.end, error: ix.error, lanes: ix.laneKind.length,
      laneCountsByKind: byKind, points: pointCount(ix), links: ix.linkKind.length, instants: ix.instTime.length, counters: COUNTER_NAMES,
    };
  }
  /** The string table (render batches carry string ids). */
  async strings(from = 0): Promise<string[]> {
    return this.index.strings.slice(from);
  }
  async lanes(req: LaneListRequest = {}): Promise<LaneListResponse> {
    return laneList(this.index, req);
  }
  async viewport(req: ViewportRequest): Promise<ViewportResponse> {
    return viewport(this.index, req);
  }
  async hitTest(req: HitTestRequest): Promise<ItemRef | null> {
    return hitTest(this.index, req);
  }
  async details(ref: ItemRef): Promise<ItemDetails | null> {
    return itemDetails(this.index, ref);
  }
  async blocking(req: BlockingRequest): Promise<BlockingResponse> {
    return blockingEpisodes(this.index, req);
  }
  async search(req: SearchRequest): Promise<SearchResponse> {
    return search(this.index, req);
  }
  async rangeStats(req: RangeStatsRequest): Promise<RangeStatsResponse> {
    return rangeStats(this.index, req);
  }
  /** The lane of each goroutine id (-1: no such goroutine). */
  async goroutineLanes(ids: number[]): Promise<number[]> {
    return this.goLanes.lanesOf(ids);
  }
}
