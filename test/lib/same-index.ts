// Asserts that two builds of the same trace made the same index, column by
// column (the tests of build paths that must not change the result).

import * as assert from 'node:assert/strict';
import type { BuildResult } from '../../main/index/build';
import { indexColumns } from '../../shared/index/layout';
import { TraceError } from '../../shared/trace/errors';

function describe(e: Error | null): string {
  if (e === null) return 'none';
  return e instanceof TraceError ? `TraceError@${e.offset}: ${e.message}` : `${e.name}: ${e.message}`;
}

export function assertSameIndex(name: string, a: BuildResult, b: BuildResult): void {
  const ca = new Map(indexColumns(a.index));
  const cb = new Map(indexColumns(b.index));
  assert.deepEqual([...ca.keys()], [...cb.keys()], name);
  for (const [k, v] of ca) assert.deepEqual(v, cb.get(k), `${name}: column ${k}`);
  assert.deepEqual(a.index.strings, b.index.strings, `${name}: strings`);
  assert.deepEqual(a.index.stacks, b.index.stacks, `${name}: stacks`);
  assert.equal(a.index.goVersion, b.index.goVersion, `${name}: version`);
  assert.equal(a.index.error, b.index.error, `${name}: error`);
  assert.equal(a.index.end, b.index.end, `${name}: end`);
  assert.equal(describe(a.error), describe(b.error), `${name}: build error`);
}
