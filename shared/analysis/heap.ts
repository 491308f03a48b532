// A line-by-line port of Go's container/heap, specialised to arrays with a
// `less` function. The MMU computation depends on the exact order in which
// Go's heap hands out elements (it decides which bands get refined and
// which worst windows are kept), so this must not be replaced by another
// priority queue.

export type Less<T> = (h: T[], i: number, j: number) => boolean;

function swap<T>(h: T[], i: number, j: number): void {
  const t = h[i]!;
  h[i] = h[j]!;
  h[j] = t;
}

/** heap.Init */
export function heapInit<T>(h: T[], less: Less<T>): void {
  // heapify
  const n = h.length;
  for (let i = Math.trunc(n / 2) - 1; i >= 0; i--) {
    down(h, less, i, n);
  }
}

/** heap.Push */
export function heapPush<T>(h: T[], less: Less<T>, x: T): void {
  h.push(x);
  up(h, less, h.length - 1);
}

/** heap.Pop: removes and returns the minimum element. */
export function heapPop<T>(h: T[], less: Less<T>): T {
  const n = h.length - 1;
  swap(h, 0, n);
  down(h, less, 0, n);
  return h.pop()!;
}

/** heap.Remove: removes and returns the element at index i. */
export function heapRemove<T>(h: T[], less: Less<T>, i: number): T {
  const n = h.length - 1;
  if (n !== i) {
    swap(h, i, n);
    if (!down(h, less, i, n)) {
      up(h, less, i);
    }
  }
  return h.pop()!;
}

/** heap.Fix */
export function heapFix<T>(h: T[], less: Less<T>, i: number): void {
  if (!down(h, less, i, h.length)) {
    up(h, less, i);
  }
}

function up<T>(h: T[], less: Less<T>, j: number): void {
  for (;;) {
    const i = Math.trunc((j - 1) / 2); // parent
    if (i === j || !less(h, j, i)) {
      break;
    }
    swap(h, i, j);
    j = i;
  }
}

function down<T>(h: T[], less: Less<T>, i0: number, n: number): boolean {
  let i = i0;
  for (;;) {
    const j1 = 2 * i + 1;
    if (j1 >= n || j1 < 0) {
      // j1 < 0 after int overflow
      break;
    }
    let j = j1; // left child
    const j2 = j1 + 1;
    if (j2 < n && less(h, j2, j1)) {
      j = j2; // = 2*i + 2  // right child
    }
    if (!less(h, j, i)) {
      break;
    }
    swap(h, i, j);
    i = j;
  }
  return i > i0;
}
