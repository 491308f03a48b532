// Go's slices.SortFunc (pattern-defeating quicksort, slices/zsortanyfunc.go),
// ported exactly: it is not stable, and the reader's output depends on how
// Go orders equal elements (CPU samples with equal times, frontier cursors
// with equal times).
// tracev1/pdqsort.ts is the same algorithm specialised to numeric (typed)
// arrays: kept apart so each stays monomorphic on its hot path.

type Cmp<E> = (a: E, b: E) => number;

function swap<E>(data: E[], i: number, j: number): void {
  const t = data[i]!;
  data[i] = data[j]!;
  data[j] = t;
}

function bitsLen(x: number): number {
  return x === 0 ? 0 : 32 - Math.clz32(x) + (x > 0xffffffff ? 32 : 0);
}

/** Go's slices.SortFunc(x, cmp). */
export function sortFunc<E>(data: E[], cmp: Cmp<E>): void {
  const n = data.length;
  pdqsort(data, 0, n, bitsLen(n), cmp);
}

function insertionSort<E>(data: E[], a: number, b: number, cmp: Cmp<E>): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && cmp(data[j]!, data[j - 1]!) < 0; j--) swap(data, j, j - 1);
  }
}

function siftDown<E>(data: E[], lo: number, hi: number, first: number, cmp: Cmp<E>): void {
  let root = lo;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= hi) break;
    if (child + 1 < hi && cmp(data[first + child]!, data[first + child + 1]!) < 0) child++;
    if (!(cmp(data[first + root]!, data[first + child]!) < 0)) return;
    swap(data, first + root, first + child);
    root = child;
  }
}

function heapSort<E>(data: E[], a: number, b: number, cmp: Cmp<E>): void {
  const first = a;
  const lo = 0;
  const hi = b - a;
  for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) siftDown(data, i, hi, first, cmp);
  for (let i = hi - 1; i >= 0; i--) {
    swap(data, first, first + i);
    siftDown(data, lo, i, first, cmp);
  }
}

const UNKNOWN_HINT = 0;
const INCREASING_HINT = 1;
const DECREASING_HINT = 2;

function pdqsort<E>(data: E[], a: number, b: number, limit: number, cmp: Cmp<E>): void {
  const maxInsertion = 12;
  let wasBalanced = true;
  let wasPartitioned = true;
  for (;;) {
    const length = b - a;
    if (length <= maxInsertion) {
      insertionSort(data, a, b, cmp);
      return;
    }
    if (limit === 0) {
      heapSort(data, a, b, cmp);
      return;
    }
    if (!wasBalanced) {
      breakPatterns(data, a, b);
      limit--;
    }
    let [pivot, hint] = choosePivot(data, a, b, cmp);
    if (hint === DECREASING_HINT) {
      reverseRange(data, a, b);
      pivot = b - 1 - (pivot - a);
      hint = INCREASING_HINT;
    }
    if (wasBalanced && wasPartitioned && hint === INCREASING_HINT) {
      if (partialInsertionSort(data, a, b, cmp)) return;
    }
    if (a > 0 && !(cmp(data[a - 1]!, data[pivot]!) < 0)) {
      a = partitionEqual(data, a, b, pivot, cmp);
      continue;
    }
    const [mid, alreadyPartitioned] = partition(data, a, b, pivot, cmp);
    wasPartitioned = alreadyPartitioned;
    const leftLen = mid - a;
    const rightLen = b - mid;
    const balanceThreshold = Math.trunc(length / 8);
    if (leftLen < rightLen) {
      wasBalanced = leftLen >= balanceThreshold;
      pdqsort(data, a, mid, limit, cmp);
      a = mid + 1;
    } else {
      wasBalanced = rightLen >= balanceThreshold;
      pdqsort(data, mid + 1, b, limit, cmp);
      b = mid;
    }
  }
}

function partition<E>(data: E[], a: number, b: number, pivot: number, cmp: Cmp<E>): [number, boolean] {
  swap(data, a, pivot);
  let i = a + 1;
  let j = b - 1;
  while (i <= j && cmp(data[i]!, data[a]!) < 0) i++;
  while (i <= j && !(cmp(data[j]!, data[a]!) < 0)) j--;
  if (i > j) {
    swap(data, j, a);
    return [j, true];
  }
  swap(data, i, j);
  i++;
  j--;
  for (;;) {
    while (i <= j && cmp(data[i]!, data[a]!) < 0) i++;
    while (i <= j && !(cmp(data[j]!, data[a]!) < 0)) j--;
    if (i > j) break;
    swap(data, i, j);
    i++;
    j--;
  }
  swap(data, j, a);
  return [j, false];
}

function partitionEqual<E>(data: E[], a: number, b: number, pivot: number, cmp: Cmp<E>): number {
  swap(data, a, pivot);
  let i = a + 1;
  let j = b - 1;
  for (;;) {
    while (i <= j && !(cmp(data[a]!, data[i]!) < 0)) i++;
    while (i <= j && cmp(data[a]!, data[j]!) < 0) j--;
    if (i > j) break;
    swap(data, i, j);
    i++;
    j--;
  }
  return i;
}

function partialInsertionSort<E>(data: E[], a: number, b: number, cmp: Cmp<E>): boolean {
  const maxSteps = 5;
  const shortestShifting = 50;
  let i = a + 1;
  for (let step = 0; step < maxSteps; step++) {
    while (i < b && !(cmp(data[i]!, data[i - 1]!) < 0)) i++;
    if (i === b) return true;
    if (b - a < shortestShifting) return false;
    swap(data, i, i - 1);
    if (i - a >= 2) {
      for (let j = i - 1; j >= 1; j--) {
        if (!(cmp(data[j]!, data[j - 1]!) < 0)) break;
        swap(data, j, j - 1);
      }
    }
    if (b - i >= 2) {
      for (let j = i + 1; j < b; j++) {
        if (!(cmp(data[j]!, data[j - 1]!) < 0)) break;
        swap(data, j, j - 1);
      }
    }
  }
  return false;
}

const MASK64 = (1n << 64n) - 1n;

function breakPatterns<E>(data: E[], a: number, b: number): void {
  const length = b - a;
  if (length >= 8) {
    let random = BigInt(length);
    const modulus = 2 ** bitsLen(length);
    for (let idx = a + Math.trunc(length / 4) * 2 - 1; idx <= a + Math.trunc(length / 4) * 2 + 1; idx++) {
      random ^= (random << 13n) & MASK64;
      random ^= random >> 7n;
      random ^= (random << 17n) & MASK64;
      let other = Number(random & BigInt(modulus - 1));
      if (other >= length) other -= length;
      swap(data, idx, a + other);
    }
  }
}

function choosePivot<E>(data: E[], a: number, b: number, cmp: Cmp<E>): [number, number] {
  const shortestNinther = 50;
  const maxSwaps = 4 * 3;
  const l = b - a;
  const swaps = { n: 0 };
  let i = a + Math.trunc(l / 4) * 1;
  let j = a + Math.trunc(l / 4) * 2;
  let k = a + Math.trunc(l / 4) * 3;
  if (l >= 8) {
    if (l >= shortestNinther) {
      i = median(data, i - 1, i, i + 1, swaps, cmp);
      j = median(data, j - 1, j, j + 1, swaps, cmp);
      k = median(data, k - 1, k, k + 1, swaps, cmp);
    }
    j = median(data, i, j, k, swaps, cmp);
  }
  switch (swaps.n) {
    case 0:
      return [j, INCREASING_HINT];
    case maxSwaps:
      return [j, DECREASING_HINT];
    default:
      return [j, UNKNOWN_HINT];
  }
}

function median<E>(data: E[], a: number, b: number, c: number, swaps: { n: number }, cmp: Cmp<E>): number {
  // order2(a, b); order2(b, c); order2(a, b); return b
  if (cmp(data[b]!, data[a]!) < 0) {
    swaps.n++;
    [a, b] = [b, a];
  }
  if (cmp(data[c]!, data[b]!) < 0) {
    swaps.n++;
    [b, c] = [c, b];
  }
  if (cmp(data[b]!, data[a]!) < 0) {
    swaps.n++;
    [a, b] = [b, a];
  }
  return b;
}

function reverseRange<E>(data: E[], a: number, b: number): void {
  let i = a;
  let j = b - 1;
  while (i < j) {
    swap(data, i, j);
    i++;
    j--;
  }
}
