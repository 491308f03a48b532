// End-to-end: every v1 fixture read through parseV1 + TraceV1Converter must
// print exactly what Go 1.27's reader prints (test/fixtures/**.parsed.txt.gz,
// produced by the deterministic reference, see test/fixtures/reference), and
// fail with Go's error where Go fails.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { FIXTURES, readTrace, readAll, v1Fixtures } from './util';

function expectedLines(rel: string): string[] {
  const text = zlib.gunzipSync(fs.readFileSync(path.join(FIXTURES, rel))).toString('utf8');
  // Event.String() may span several lines (stacks): compare the joined text.
  return text === '' ? [] : [text];
}

for (const f of v1Fixtures()) {
  if (!f.expected?.parsed) continue;
  test(`v1 conformance: ${f.path}`, () => {
    const data = readTrace(path.join(FIXTURES, f.path));
    const got = readAll(data);
    const want = expectedLines(f.expected!.parsed!);
    const gotText = got.lines.length === 0 ? [] : [got.lines.join('\n') + '\n'];
    if (gotText.join('') !== want.join('')) {
      const g = gotText.join('').split('\n');
      const w = want.join('').split('\n');
      let i = 0;
      while (i < g.length && i < w.length && g[i] === w[i]) i++;
      assert.fail(`first difference at line ${i + 1}:\n  got:  ${g[i]}\n  want: ${w[i]}`);
    }
    const wantErr = f.expected!.err ? fs.readFileSync(path.join(FIXTURES, f.expected!.err), 'utf8').trim() : null;
    assert.equal(got.err?.message ?? null, wantErr);
  });
}

test('v1 conformance: fixtures are present', () => {
  assert.ok(v1Fixtures().length >= 12, 'expected the v1 fixtures of test/fixtures/manifest.json');
});
