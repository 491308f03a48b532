// Go's slices.SortFunc (pattern-defeating quicksort, slices/zsortanyfunc.go),
// ported exactly: it is not stable, so elements that compare equal end up in
// the order Go's implementation leaves them, which this port reproduces.
// Sorts `data` (e.g. indices) in place with `cmp` comparing two elements.
// ../sort.ts is the same algorithm over object arrays: kept apart so each
// stays monomorphic on its hot path (V8 slows down a sort shared by both).

export type Cmp = (a: number, b: number) => number;

const enum Hint {
  Unknown = 0,
  Increasing = 1,
  Decreasing = 2,
}

/** Go's bits.Len(uint(n)) for 0 <= n < 2^53. */
function bitsLen(n: number): number {
  let l = 0;
  while (n >= 4294967296) {
    n = Math.floor(n / 4294967296);
    l += 32;
  }
  return l + (32 - Math.clz32(n));
}

/** slices.SortFunc(data, cmp). */
export function goSortFunc(data: number[] | Int32Array | Float64Array, cmp: Cmp): void {
  const n = data.length;
  pdqsort(data, 0, n, bitsLen(n), cmp);
}

type Data = number[] | Int32Array | Float64Array;

function swap(data: Data, i: number, j: number): void {
  const t = data[i]!;
  data[i] = data[j]!;
  data[j] = t;
}

function insertionSort(data: Data, a: number, b: number, cmp: Cmp): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && cmp(data[j]!, data[j - 1]!) < 0; j--) swap(data, j, j - 1);
  }
}

function siftDown(data: Data, lo: number, hi: number, first: number, cmp: Cmp): void {
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

function heapSort(data: Data, a: number, b: number, cmp: Cmp): void {
  const first = a;
  const lo = 0;
  const hi = b - a;
  for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) siftDown(data, i, hi, first, cmp);
  for (let i = hi - 1; i >= 0; i--) {
    swap(data, first, first + i);
    siftDown(data, lo, i, first, cmp);
  }
}

function pdqsort(data: Data, a: number, b: number, limit: number, cmp: Cmp): void {
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
    if (hint === Hint.Decreasing) {
      reverseRange(data, a, b);
      pivot = b - 1 - (pivot - a);
      hint = Hint.Increasing;
    }
    if (wasBalanced && wasPartitioned && hint === Hint.Increasing) {
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

function partition(data: Data, a: number, b: number, pivot: number, cmp: Cmp): [number, boolean] {
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

function partitionEqual(data: Data, a: number, b: number, pivot: number, cmp: Cmp): number {
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

function partialInsertionSort(data: Data, a: number, b: number, cmp: Cmp): boolean {
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

function breakPatterns(data: Data, a: number, b: number): void {
  const length = b - a;
  if (length >= 8) {
    let random = BigInt(length); // xorshift(length)
    const modulus = BigInt(2 ** bitsLen(length)); // nextPowerOfTwo(length)
    const lim = a + Math.trunc(length / 4) * 2 + 1;
    for (let idx = a + Math.trunc(length / 4) * 2 - 1; idx <= lim; idx++) {
      random ^= (random << 13n) & MASK64;
      random ^= random >> 7n;
      random ^= (random << 17n) & MASK64;
      let other = Number(random & (modulus - 1n));
      if (other >= length) other -= length;
      swap(data, idx, a + other);
    }
  }
}

function choosePivot(data: Data, a: number, b: number, cmp: Cmp): [number, Hint] {
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
      return [j, Hint.Increasing];
    case maxSwaps:
      return [j, Hint.Decreasing];
    default:
      return [j, Hint.Unknown];
  }
}

function median(data: Data, a: number, b: number, c: number, swaps: { n: number }, cmp: Cmp): number {
  // order2(a, b); order2(b, c); order2(a, b); return b
  if (cmp(data[b]!, data[a]!) < 0) {
    swaps.n++;
    const t = a;
    a = b;
    b = t;
  }
  if (cmp(data[c]!, data[b]!) < 0) {
    swaps.n++;
    const t = b;
    b = c;
    c = t;
  }
  if (cmp(data[b]!, data[a]!) < 0) {
    swaps.n++;
    const t = a;
    a = b;
    b = t;
  }
  return b;
}

function reverseRange(data: Data, a: number, b: number): void {
  let i = a;
  let j = b - 1;
  while (i < j) {
    swap(data, i, j);
    i++;
    j--;
  }
}
