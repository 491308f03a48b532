// Hand-made traces for each of Go's v1 rules (cases.ts): same outcome and
// same error message as Go 1.27, with and without the speculative
// post-processing during the merge.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CASES } from './cases';
import { readAll, V1_TESTDATA } from './util';
import { rawDump } from './rawdump';
import { TraceError } from '../../shared/trace/errors';

/** Go's field-by-field dump of each case (testdata/v1raw/README.md). */
function goDumps(): Map<number, string> {
  const text = fs.readFileSync(path.join(V1_TESTDATA, 'cases-go1.27.txt'), 'utf8');
  const out = new Map<number, string>();
  for (const part of text.split(/^=== case /m).slice(1)) {
    const nl = part.indexOf('\n');
    out.set(Number(part.slice(0, nl)), part.slice(nl + 1).replace(/^PANIC: /m, 'ERROR: '));
  }
  return out;
}
const GO = goDumps();

CASES.forEach((c, i) => {
  test(`v1 case: ${c.name}`, () => {
    const data = c.data();
    // Exactly Go's events, args and table (Go's panics are our TraceErrors).
    assert.equal(rawDump(data, true), GO.get(i));
    const r = readAll(data, 'raw');
    assert.equal(r.err?.message ?? null, c.err);
    if (r.err !== null) {
      assert.ok(r.err instanceof TraceError);
      assert.ok(r.err.offset >= -1 && r.err.offset <= data.length, `offset ${r.err.offset}`);
    }
    const r2 = readAll(data, 'raw', { noSpeculation: true });
    assert.deepEqual(r2.lines, r.lines);
    assert.equal(r2.err?.message ?? null, r.err?.message ?? null);
  });
});
