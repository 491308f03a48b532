// Conformance with Go's own parser: for every committed fixture, `gotrace
// dump` must equal Go 1.27's `go tool trace -d=parsed` byte for byte (up to
// the error, for traces Go rejects), the error must be Go's, and
// `gotrace analyze --json` must equal the reference computed with Go's
// internal/trace field by field.

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { dumpEvents } from '../main/cli/commands/dump';
import { encodeOutput } from '../main/cli/output';
import { decompressIfGzip } from '../shared/trace/decompress';
import { TraceError } from '../shared/trace/errors';
import { analyzeTrace, analyzeToJSON } from '../shared/analysis/analyze-json';
import { tryHeaderVersion } from '../shared/trace/open';
import { newReader } from '../shared/trace/reader';
import {
  loadManifest,
  readFixture,
  expectedDump,
  expectedError,
  expectedAnalyze,
  expectedAnalyzeText,
  expectation,
  type Fixture,
} from './lib/fixtures';
import { assertJSONEqual, bigIntegers } from './lib/json-compare';

const fixtures = loadManifest();

function dump(f: Fixture): { text: Buffer; failure: unknown } {
  const { data } = decompressIfGzip(readFixture(f));
  const lines: string[] = [];
  const r = dumpEvents(data, (s) => lines.push(s));
  return { text: encodeOutput(lines.length ? lines.join('\n') + '\n' : ''), failure: r.failure };
}

/** Go's log package prefixes "2006/01/02 15:04:05 "; the message is what follows. */
function stripLogPrefix(s: string): string {
  return s.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, '');
}

function firstDifference(a: Buffer, b: Buffer): string {
  const al = a.toString('utf8').split('\n');
  const bl = b.toString('utf8').split('\n');
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i]) return `line ${i + 1}:\n  ours: ${al[i]}\n  go:   ${bl[i]}`;
  }
  return 'identical lines (byte difference)';
}

describe('dump equals go tool trace -d=parsed (Go 1.27)', () => {
  for (const f of fixtures) {
    const want = expectedDump(f);
    if (want === null) continue;
    it(f.path, () => {
      const { text, failure } = dump(f);
      if (!text.equals(want)) assert.fail(`${f.path}: dump differs from Go's at ${firstDifference(text, want)}`);
      const goErr = expectedError(f);
      if (goErr !== null) {
        assert.ok(failure instanceof TraceError, `${f.path}: Go failed with "${goErr}" but we did not (${String(failure)})`);
        assert.equal(failure.message, stripLogPrefix(goErr));
      } else {
        assert.equal(failure, null, `${f.path}: Go read the whole trace but we failed: ${String(failure)}`);
      }
    });
  }
});

describe("Go's conformance tests (internal/trace/testdata/tests)", () => {
  for (const f of fixtures) {
    const exp = expectation(f);
    if (exp === null) continue;
    it(f.path, () => {
      const { failure } = dump(f);
      if (exp.kind === 'SUCCESS') {
        assert.equal(failure, null, `expected success, got ${String(failure)}`);
      } else {
        assert.ok(failure instanceof TraceError, `expected a failure matching /${exp.regexp}/, got ${String(failure)}`);
        if (exp.regexp) assert.match(failure.message, new RegExp(exp.regexp));
      }
    });
  }
});

describe('analyze --json equals the reference computed with internal/trace', () => {
  for (const f of fixtures) {
    const want = expectedAnalyze(f);
    if (want === null) continue;
    it(f.path, () => {
      const { data } = decompressIfGzip(readFixture(f));
      const result = analyzeTrace(() => newReader(data), { headerVersion: tryHeaderVersion(data) });
      const text = analyzeToJSON(result);
      assertJSONEqual(JSON.parse(text) as unknown, want, { floatTolerance: 1e-9 });
      // JSON.parse rounds integers above 2^53 (absolute times of long-running
      // machines) on both sides alike: compare those digits as text.
      assert.deepEqual(bigIntegers(text), bigIntegers(expectedAnalyzeText(f) ?? ''));
    });
  }
});
