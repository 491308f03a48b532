// Statistics of a built index (what `gotrace index` prints): lanes, spans,
// links, instants, counters and the bytes of every structure.

import { LANE_KIND_NAMES, SpanState, indexColumns, type TimelineIndex } from '../../shared/index/layout';
import { pointCount, counterChangeCount } from '../../shared/index/layout';

export interface IndexStats {
  events: number;
  duration: number;
  error: string | null;
  lanes: number;
  lanesByKind: Record<string, number>;
  spans: number;
  spansByKind: Record<string, number>;
  points: number;
  links: number;
  instants: number;
  /** Changes of the counters kept as series (heap, threads running, GOMAXPROCS). */
  counterChanges: number;
  /** Rows of the goroutine counters' transition log. */
  counterLogRows: number;
  strings: number;
  stacks: number;
  frames: number;
  regions: number;
  tasks: number;
  logs: number;
  bytes: Record<string, number>;
  totalBytes: number;
}

const GROUPS: [string, RegExp][] = [
  ['lanes', /^(lane|restart)/],
  ['points', /^(timeLo|timeHi\w*|state|arg|argHi|stack)$/],
  ['mix', /^mix/],
  ['links', /^link/],
  ['instants', /^inst/],
  ['counters', /^(counter|goLog)/],
  ['buckets', /^bucket/],
  ['coarse levels', /^lod/],
  ['stacks', /^stacks\./],
  ['regions', /^region/],
  ['tasks', /^task/],
  ['logs', /^log/],
];

/**
 * Points in state None among state[s, e), four at a time through `words`
 * (the same bytes as a Uint32Array, when state starts 4-aligned): a
 * byte-wise loop over the 43M points of a 100 MB trace took 75 ms of
 * `gotrace index`'s run; this ~35.
 */
function countNone(state: Uint8Array, words: Uint32Array | null, s: number, e: number): number {
  let z = 0;
  let i = s;
  if (words !== null) {
    for (; i < e && (i & 3) !== 0; i++) if (state[i] === SpanState.None) z++;
    for (; i + 4 <= e; i += 4) {
      const x = words[i >>> 2]!;
      // The high bit of each byte is set where the byte is not 0 (no carry crosses a byte).
      const t = ((((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080) >>> 7;
      z += 4 - ((t & 1) + ((t >>> 8) & 1) + ((t >>> 16) & 1) + (t >>> 24));
    }
  }
  for (; i < e; i++) if (state[i] === SpanState.None) z++;
  return z;
}

export function indexStats(ix: TimelineIndex): IndexStats {
  // Counted per kind number first: millions of goroutine lanes made keyed object updates the slow part.
  const laneCount = new Float64Array(LANE_KIND_NAMES.length);
  const spanCount = new Float64Array(LANE_KIND_NAMES.length);
  const S = ix.state;
  const words = S.byteOffset % 4 === 0 ? new Uint32Array(S.buffer, S.byteOffset, S.length >>> 2) : null;
  for (let l = 0; l < ix.laneKind.length; l++) {
    const k = ix.laneKind[l]!;
    laneCount[k]++;
    // A lane's spans: its points but the last one (which closes it), less its gaps.
    const s = ix.laneStart[l]!;
    const e = ix.laneStart[l + 1]! - 1;
    if (e > s) spanCount[k] += e - s - countNone(S, words, s, e);
  }
  const lanesByKind: Record<string, number> = {};
  const spansByKind: Record<string, number> = {};
  let spans = 0;
  LANE_KIND_NAMES.forEach((name, k) => {
    if (laneCount[k] === 0) return;
    lanesByKind[name] = laneCount[k]!;
    spansByKind[name] = spanCount[k]!;
    spans += spanCount[k]!;
  });
  const bytes: Record<string, number> = {};
  let total = 0;
  for (const [name, v] of indexColumns(ix)) {
    const g = GROUPS.find(([, re]) => re.test(name))?.[0] ?? name;
    bytes[g] = (bytes[g] ?? 0) + v.byteLength;
    total += v.byteLength;
  }
  let sb = 0;
  for (const s of ix.strings) sb += 2 * s.length + 32;
  bytes.strings = sb;
  total += sb;
  return {
    events: ix.events,
    duration: ix.end,
    error: ix.error,
    lanes: ix.laneKind.length,
    lanesByKind,
    spans,
    spansByKind,
    points: pointCount(ix),
    links: ix.linkKind.length,
    instants: ix.instTime.length,
    counterChanges: counterChangeCount(ix),
    counterLogRows: ix.goLogCode.length,
    strings: ix.strings.length,
    stacks: ix.stacks.stackStart.length - 1,
    frames: ix.stacks.framePC.length,
    regions: ix.regionLane.length,
    tasks: ix.taskId.length,
    logs: ix.logTime.length,
    bytes,
    totalBytes: total,
  };
}
