// A trace too big for the memory at hand: the build stops reading at its
// memory limit and finishes with what it has, like a truncated trace; the
// CLI (and the app's banner) say why, naming the file and the byte offset.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildIndex } from '../../main/index/build';
import { viewport } from '../../main/query/viewport';
import { defaultMemoryLimit, MEMORY_LIMIT_ENV, MemoryLimitReached, parseSize } from '../../main/index/memory-limit';
import { FIXTURES, readFixture } from '../lib/fixtures';
import { assertLanesArePrefixes, indexOf, readableFixtures } from './helpers';

const FIXTURE = 'manyg-go1.27.trace';

test('sizes: bytes, K, M, G (binary), with or without "iB"', () => {
  assert.equal(parseSize('1000'), 1000);
  assert.equal(parseSize('512M'), 512 * 2 ** 20);
  assert.equal(parseSize('8G'), 8 * 2 ** 30);
  assert.equal(parseSize('1.5GiB'), 1.5 * 2 ** 30);
  assert.equal(parseSize('64kb'), 64 * 1024);
  assert.equal(parseSize('lots'), null);
  assert.equal(parseSize('-1G'), null);
});

test('the default limit: the environment variable, else a share of the memory there is', () => {
  assert.equal(defaultMemoryLimit({ [MEMORY_LIMIT_ENV]: '3G' }), 3 * 2 ** 30);
  const d = defaultMemoryLimit({});
  assert.ok(d > 0 && d < os.totalmem(), String(d));
  assert.equal(defaultMemoryLimit({ [MEMORY_LIMIT_ENV]: 'nonsense' }), d === 0 ? 0 : defaultMemoryLimit({}));
});

test('past its memory limit the build stops reading and keeps what it read', () => {
  const f = readableFixtures().find((x) => x.path.endsWith(FIXTURE))!;
  const full = indexOf(f).index;
  // Reports (and so memory checks) every 4096 events; any process is above 1 byte.
  const r = buildIndex(readFixture(f), { memoryLimitBytes: 1, progressIntervalMs: 0 });
  assert.ok(r.error instanceof MemoryLimitReached, String(r.error));
  const ix = r.index;
  assert.match(ix.error!, /needs more memory than this build may use/);
  assert.ok(ix.events > 0 && ix.events < full.events, `${ix.events} of ${full.events} events`);
  assert.equal(ix.bytesRead, r.error.offset);
  assert.ok(ix.bytesRead > 0 && ix.bytesRead < full.bytesRead);
  // What was read is indexed as in the full build: each goroutine lane is the full one up to the stop.
  assert.ok(assertLanesArePrefixes(ix, full) > 0);
  const lanes = Array.from({ length: ix.laneKind.length }, (_, i) => i);
  const v = viewport(ix, { lanes, t0: 0, t1: full.end, nsPerPixel: full.end / 800, counters: [0, 5], links: true });
  assert.equal(v.batches.length, lanes.length);

  // Without a limit in reach, nothing stops.
  const whole = buildIndex(readFixture(f), { memoryLimitBytes: Infinity, progressIntervalMs: 0 });
  assert.equal(whole.error, null);
  assert.equal(whole.index.events, full.events);
});

test('gotrace index past the limit: exit 2, the file, the byte offset and the reason', () => {
  const cli = path.join(__dirname, '..', '..', 'main', 'cli', 'gotrace.js');
  // The CLI checks its memory at least every 16,384 events: this trace has 41,740.
  const f = readableFixtures().find((x) => x.path.endsWith('gcchurn-go1.19.trace'))!;
  const file = path.join(FIXTURES, f.path);
  const r = spawnSync(process.execPath, [cli, 'index', file], { encoding: 'utf8', env: { ...process.env, [MEMORY_LIMIT_ENV]: '1' } });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: at byte \\d+: stopped after about \\d+% of the trace`));
  assert.match(r.stderr, /GOTRACE_MAX_MEMORY/);
});
