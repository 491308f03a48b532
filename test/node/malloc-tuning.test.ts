// The malloc tuning (main/node/malloc-tuning.ts): which command lines
// relaunch themselves with it, and that a relaunched `gotrace` behaves as the
// plain one (output, exit status, errors naming the file).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MALLOC_ENV, shouldRelaunch, tunedEnv } from '../../main/node/malloc-tuning';
import { runCli } from '../lib/cli';

function withFiles(fn: (big: string, small: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gotrace-malloc-'));
  try {
    const big = path.join(dir, 'big.trace');
    const small = path.join(dir, 'small.trace');
    fs.writeFileSync(big, Buffer.alloc(33 * 1024 * 1024, 7));
    fs.writeFileSync(small, Buffer.alloc(1024, 7));
    fn(big, small);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('only batch commands on traces of 32 MiB or more relaunch, on Linux, once', () => {
  withFiles((big, small) => {
    assert.equal(shouldRelaunch(['index', big], {}, 'linux'), true);
    assert.equal(shouldRelaunch(['analyze', '--json', big], {}, 'linux'), true);
    assert.equal(shouldRelaunch(['pprof', 'sync', big, '-o', 'x.pb.gz'], {}, 'linux'), true);
    assert.equal(shouldRelaunch(['index', small], {}, 'linux'), false, 'small trace: the relaunch would cost more than it saves');
    assert.equal(shouldRelaunch(['index', big], { [MALLOC_ENV]: '131072' }, 'linux'), false, 'already tuned');
    assert.equal(shouldRelaunch(['index', big], {}, 'darwin'), false, 'not glibc');
    assert.equal(shouldRelaunch(['serve', big], {}, 'linux'), false, 'long-running commands stay in place');
    assert.equal(shouldRelaunch(['index', path.join(path.dirname(big), 'missing.trace')], {}, 'linux'), false);
    assert.equal(shouldRelaunch([], {}, 'linux'), false);
  });
  const env = tunedEnv({ A: '1' });
  if (process.platform === 'linux') assert.deepEqual(env, { A: '1', [MALLOC_ENV]: '131072' });
  assert.deepEqual(tunedEnv({ [MALLOC_ENV]: '4096' })[MALLOC_ENV], '4096', 'a threshold the user set is kept');
});

test('a relaunched gotrace reports like the plain one: the file, the byte offset, exit status 1', () => {
  withFiles((big, small) => {
    const a = runCli(['index', big]);
    const b = runCli(['index', small]);
    assert.equal(a.status, 1, a.stderr);
    assert.equal(b.status, 1, b.stderr);
    assert.equal(a.stderr.replace(big, 'TRACE'), b.stderr.replace(small, 'TRACE'));
    assert.match(a.stderr, new RegExp(`${big.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: at byte 0`));
    assert.equal(a.stdout, '');
  });
});
