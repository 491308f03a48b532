// analyzeToJSON against every committed X.analyze.json (made by the
// fixtures' reference program with Go 1.27's internal/trace): field by field
// (MMU within 1e-9), and byte for byte where the text can match (the layout
// is the reference's).

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { decompressIfGzip } from '../../shared/trace/decompress';
import { analyzeData, analyzeToJSON } from '../../shared/analysis/analyze-json';
import { loadManifest, readFixture, expectedAnalyze, expectedAnalyzeText } from '../lib/fixtures';
import { assertJSONEqual, bigIntegers } from '../lib/json-compare';

const fixtures = loadManifest();

describe('analyzeData equals the reference (field by field, then byte for byte)', () => {
  for (const f of fixtures) {
    const want = expectedAnalyze(f);
    if (want === null) continue;
    it(f.path, () => {
      const { data } = decompressIfGzip(readFixture(f));
      const result = analyzeData(data);
      const text = analyzeToJSON(result);
      assertJSONEqual(JSON.parse(text) as unknown, want, { floatTolerance: 1e-9 });
      const wantText = expectedAnalyzeText(f)!;
      assert.deepEqual(bigIntegers(text), bigIntegers(wantText));
      assert.equal(text, wantText, 'same fields, different bytes');
      // The exit code the reference program exited with.
      const exp = (f as { expected?: { analyzeExit?: number } }).expected?.analyzeExit;
      if (exp !== undefined) assert.equal(result.exitCode, exp, 'exit code');
    });
  }
});
