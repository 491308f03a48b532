// Span-mix prefix sums of long lanes (TimelineIndex.mix): cumulative
// durations by state every MIX_BLOCK spans, so that a merged render block
// gets its state mix in O(MIX_BLOCK). Computed from the finished point
// columns only, on whichever thread finish.ts gives it to (lane-levels.ts).

import { MIX_BLOCK, MIX_MIN_POINTS, MIX_STATES, pointHi, pointTime, type PointTimes, type TimelineIndex } from '../../shared/index/layout';
import { TWO32, hiOf } from '../../shared/index/time48';

/** The point columns the lane levels are computed from. */
export type LanePoints = PointTimes & Pick<TimelineIndex, 'laneStart' | 'state'>;

/** Sets ix.mixStart and ix.mix. */
export function buildMix(ix: LanePoints & Pick<TimelineIndex, 'mixStart' | 'mix'>): void {
  const nl = ix.laneStart.length - 1;
  const mixStart = new Int32Array(nl).fill(-1);
  const masks = new Map<number, number>();
  let total = 0;
  for (let l = 0; l < nl; l++) {
    const s0 = ix.laneStart[l]!;
    const n = ix.laneStart[l + 1]! - s0;
    if (n < MIX_MIN_POINTS) continue;
    let mask = 0;
    for (let i = s0; i + 1 < s0 + n; i++) mask |= 1 << ix.state[i]!;
    masks.set(l, mask);
    mixStart[l] = total;
    total += 1 + (Math.floor((n - 1) / MIX_BLOCK) + 1) * popcount(mask);
  }
  const mix = new Float64Array(total);
  const slot = new Int8Array(MIX_STATES);
  for (const [l, mask] of masks) {
    const ns = popcount(mask);
    for (let k = 0, j = 0; k < MIX_STATES; k++) slot[k] = mask & (1 << k) ? j++ : -1;
    const s0 = ix.laneStart[l]!;
    const spans = ix.laneStart[l + 1]! - s0 - 1;
    const base = mixStart[l]!;
    mix[base] = mask;
    // Entry k (at base + 1 + k*ns) holds spans [0, k*B); entry 0 stays zero,
    // and a last partial block has no entry.
    const full = Math.floor(spans / MIX_BLOCK) * MIX_BLOCK;
    const TL = ix.timeLo;
    const TH = pointHi(ix);
    const wide = TH.base.length > 0;
    const S = ix.state;
    let o = base + 1;
    let prev = pointTime(ix, s0);
    for (let j = 0; j < full; j++) {
      if (j % MIX_BLOCK === 0) {
        mix.copyWithin(o + ns, o, o + ns);
        o += ns;
      }
      const i = s0 + j + 1;
      const next = wide ? TL[i]! + hiOf(TH, i) * TWO32 : TL[i]!;
      mix[o + slot[S[i - 1]!]!] += next - prev;
      prev = next;
    }
  }
  ix.mixStart = mixStart;
  ix.mix = mix;
}

function popcount(x: number): number {
  let n = 0;
  for (; x !== 0; x &= x - 1) n++;
  return n;
}
