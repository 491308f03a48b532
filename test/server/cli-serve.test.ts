// `gotrace serve` as a user runs it: a real process printing one URL line,
// serving with the token, and `gotrace TRACE` falling back to it in one line
// when Electron's binary is absent.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { BROKEN_TRACE, GOOD_TRACE, TestClient, waitFor } from './helpers';
import type { AppEvent } from '../../shared/ipc/api';

const CLI = path.join(__dirname, '..', '..', 'main', 'cli', 'gotrace.js');

function start(args: string[], env: NodeJS.ProcessEnv = process.env): { child: ChildProcess; out: () => string; err: () => string; url: Promise<string> } {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/[\w-]+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${err}`)));
  });
  return { child, out: () => out, err: () => err, url };
}

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => http.get(url, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject));
}

test('gotrace serve TRACE --no-open prints one URL line and serves only with the token', async () => {
  const s = start(['serve', GOOD_TRACE, '--no-open']);
  try {
    const url = await s.url;
    assert.match(s.out(), /^gotrace: serving contention-go1\.27\.trace at http:\/\/127\.0\.0\.1:\d+\/[\w-]{43}\/\n$/);
    const u = new URL(url);
    assert.equal(await get(`http://127.0.0.1:${u.port}/`), 403);
    assert.notEqual(await get(url), 403);
  } finally {
    s.child.kill('SIGINT');
  }
});

test('gotrace serve of a corrupt trace keeps serving: the error, naming the file and offset, is printed and shown to every page', async () => {
  const s = start(['serve', BROKEN_TRACE, '--no-open']);
  try {
    const url = await s.url;
    await waitFor(() => /hdr110-go1\.21\.trace: at byte 0: /.test(s.err()), 20_000, 'the error on stderr');
    // A page that connects after the failure is told at once.
    const client = await TestClient.connect(`${url.replace(/^http/, 'ws')}ws`);
    try {
      await waitFor(() => client.events.some((e) => e.type === 'load-failed'), 10_000, 'the load-failed event');
      const e = client.events.find((x) => x.type === 'load-failed') as Extract<AppEvent, { type: 'load-failed' }>;
      assert.match(e.message, /hdr110-go1\.21\.trace: at byte 0: /);
      assert.equal(await client.call('current'), null, 'nothing is open; the page can open another file');
    } finally {
      client.close();
    }
  } finally {
    s.child.kill('SIGINT');
  }
});

test('gotrace serve of a missing file exits 1 before serving', async () => {
  const s = start(['serve', path.join(path.dirname(BROKEN_TRACE), 'missing.trace'), '--no-open']);
  s.url.catch(() => {});
  const code = await new Promise<number | null>((r) => s.child.on('exit', r));
  assert.equal(code, 1);
  assert.match(s.err(), /missing\.trace: no such file/);
});

test('gotrace TRACE without Electron says so in one line and serves in the browser', async () => {
  // An empty PATH: no browser can start either, which is reported and not fatal.
  const s = start([GOOD_TRACE], { ...process.env, PATH: '', ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent-electron' });
  try {
    await s.url;
    const lines = s.err().split('\n').filter((l) => l.includes('Electron'));
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^gotrace: Electron's binary is not installed \(.*\); opening in your browser instead$/);
  } finally {
    s.child.kill('SIGINT');
  }
});
