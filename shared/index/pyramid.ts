// Aggregation pyramids over a sequence of n leaves with fan-out B: level 1
// aggregates blocks of B leaves, level 2 blocks of B level-1 nodes, ... down
// to a single node. Range queries visit O(B * log_B n) nodes, so a query's
// cost does not grow with the number of leaves it covers.
//
// Layout: the levels are stored one after the other (level 1 first); node k
// of level L is at levelStart(L) + k. Used for counters (min/max per block)
// and for span-state mixes (durations per state per block).

/** Node counts of levels 1.. for n leaves (empty when n <= B: leaves are scanned directly). */
export function pyramidLevels(n: number, B: number): number[] {
  const out: number[] = [];
  let m = n;
  while (m > B) {
    m = Math.ceil(m / B);
    out.push(m);
  }
  return out;
}

export function pyramidSize(n: number, B: number): number {
  return pyramidLevels(n, B).reduce((a, b) => a + b, 0);
}

/**
 * Visits a decomposition of the leaf range [i, j) into leaves and pyramid
 * nodes: leaf(k) for single leaves, node(offset) for a node covering whole
 * blocks (offset relative to the pyramid start).
 */
export function pyramidCover(
  n: number,
  B: number,
  i: number,
  j: number,
  leaf: (k: number) => void,
  node: (offset: number) => void,
  levels: readonly number[] = pyramidLevels(n, B),
): void {
  // Level 0: leaves.
  let lo = i;
  let hi = j;
  if (hi - lo <= 2 * B || levels.length === 0) {
    for (let k = lo; k < hi; k++) leaf(k);
    return;
  }
  let a = Math.ceil(lo / B);
  let b = Math.floor(hi / B);
  for (let k = lo; k < a * B; k++) leaf(k);
  for (let k = b * B; k < hi; k++) leaf(k);
  let start = 0;
  for (let L = 0; L < levels.length; L++) {
    lo = a;
    hi = b;
    const size = levels[L]!;
    if (L === levels.length - 1 || hi - lo <= 2 * B) {
      for (let k = lo; k < hi; k++) node(start + k);
      return;
    }
    a = Math.ceil(lo / B);
    b = Math.floor(hi / B);
    for (let k = lo; k < a * B; k++) node(start + k);
    for (let k = b * B; k < hi; k++) node(start + k);
    start += size;
  }
}
