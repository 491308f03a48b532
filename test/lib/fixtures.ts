// The committed fixtures (test/fixtures/manifest.json) and their expected
// outputs, produced by Go 1.27's own internal/trace (see test/fixtures/README.md).

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO, 'test', 'fixtures');

export interface Fixture {
  path: string;
  program?: string;
  go?: string;
  header?: string;
  format?: 'v1' | 'v2';
  gzip?: boolean;
  expectError?: boolean;
  kind: 'program' | 'go-v1' | 'go-test' | 'fuzz' | string;
  /** Paths (relative to test/fixtures) of Go's outputs for this trace. */
  expected?: { parsed: string | null; err: string | null; analyze: string | null; analyzeExit?: number };
  /** Go's conformance expectation (go-test fixtures). */
  expect?: string;
}

export function loadManifest(): Fixture[] {
  const p = path.join(FIXTURES, 'manifest.json');
  const raw = JSON.parse(fs.readFileSync(p, 'utf8')) as Fixture[] | { fixtures: Fixture[] };
  return Array.isArray(raw) ? raw : raw.fixtures;
}

export function fixturePath(f: Fixture): string {
  return path.isAbsolute(f.path) ? f.path : path.join(FIXTURES, f.path.replace(/^test\/fixtures\//, ''));
}

/** Candidate stems for a fixture's expected files: X.trace.gz → X.trace → X. */
function stems(file: string): string[] {
  const out: string[] = [];
  let s = file;
  for (;;) {
    out.push(s);
    const ext = path.extname(s);
    if (!ext || !['.gz', '.trace', '.bin', '.out'].includes(ext)) break;
    s = s.slice(0, -ext.length);
  }
  return out.reverse();
}

const EXPECTED_KEY: Record<string, 'parsed' | 'err' | 'analyze'> = {
  '.parsed.txt.gz': 'parsed',
  '.err.txt': 'err',
  '.analyze.json': 'analyze',
};

function findExpected(f: Fixture, suffix: string): string | null {
  const key = EXPECTED_KEY[suffix];
  if (f.expected && key) {
    const rel = f.expected[key];
    return rel ? path.join(FIXTURES, rel) : null;
  }
  if (suffix === '.expect.json' && f.expect) return path.join(FIXTURES, f.expect);
  for (const stem of stems(fixturePath(f))) {
    const p = stem + suffix;
    if (fs.existsSync(p)) return p;
  }
  return null;
}

export function expectedDump(f: Fixture): Buffer | null {
  const gz = findExpected(f, '.parsed.txt.gz');
  if (gz) return zlib.gunzipSync(fs.readFileSync(gz));
  const txt = findExpected(f, '.parsed.txt');
  return txt ? fs.readFileSync(txt) : null;
}

export function expectedError(f: Fixture): string | null {
  const p = findExpected(f, '.err.txt');
  // Go's errors may themselves end in blank lines ("failed to advance" dumps):
  // only the newline the reference program printed after the message is not part of it.
  return p ? fs.readFileSync(p, 'utf8').replace(/\n$/, '') : null;
}

export function expectedAnalyze(f: Fixture): unknown | null {
  const p = findExpected(f, '.analyze.json');
  return p ? JSON.parse(fs.readFileSync(p, 'utf8')) : null;
}

export function expectedAnalyzeText(f: Fixture): string | null {
  const p = findExpected(f, '.analyze.json');
  return p ? fs.readFileSync(p, 'utf8') : null;
}

export interface Expectation {
  kind: 'SUCCESS' | 'FAILURE';
  regexp?: string;
}

export function expectation(f: Fixture): Expectation | null {
  const p = findExpected(f, '.expect.json');
  return p ? (JSON.parse(fs.readFileSync(p, 'utf8')) as Expectation) : null;
}

export function readFixture(f: Fixture): Uint8Array {
  return fs.readFileSync(fixturePath(f));
}
