// Where Go's analyses panic (nil pointer dereference, index out of range,
// assignment to a nil map), the ports throw a GoPanic, so that callers can
// do what Go's callers do with the panic (cmd/trace's HTTP handlers and the
// fixtures' reference program recover from it and drop that analysis).

export class GoPanic extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoPanic';
  }
}

export function nilDereference(): GoPanic {
  return new GoPanic('runtime error: invalid memory address or nil pointer dereference');
}

export function indexOutOfRange(i: number, n: number): GoPanic {
  return new GoPanic(`runtime error: index out of range [${i}] with length ${n}`);
}

export function nilMapAssignment(): GoPanic {
  return new GoPanic('assignment to entry in nil map');
}
