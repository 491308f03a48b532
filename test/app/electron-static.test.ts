// Static checks of the Electron shell (Electron itself cannot run here):
// the window's security settings, and a preload that needs nothing at
// runtime but 'electron' (sandboxed preloads cannot require anything else).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/ipc/bridge';
import { REPO } from '../lib/fixtures';

const src = (f: string) => fs.readFileSync(path.join(REPO, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

test('the main window is isolated, sandboxed and without Node', () => {
  const main = src('main/electron/main.ts');
  assert.match(main, /contextIsolation:\s*true/);
  assert.match(main, /sandbox:\s*true/);
  assert.match(main, /nodeIntegration:\s*false/);
  assert.match(main, /webSecurity:\s*true/);
  assert.doesNotMatch(main, /contextIsolation:\s*false|sandbox:\s*false|nodeIntegration:\s*true|webSecurity:\s*false|allowRunningInsecureContent:\s*true/);
  assert.match(main, /setWindowOpenHandler\([^]*action:\s*'deny'/);
  assert.match(main, /'will-navigate',\s*\(e\)\s*=>\s*\{?\s*e\.preventDefault\(\)/);
  assert.match(main, /setPermissionRequestHandler\([^)]*\)\s*=>\s*callback\(false\)/);
  assert.match(main, /dispatchCall\(/, 'IPC arguments go through the shared validation');
  assert.match(main, /senderFrame/, 'IPC checks the calling frame');
});

test('the preload requires only electron, in source and compiled', () => {
  const pre = src('main/electron/preload.ts');
  const requires = [...pre.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
  assert.deepEqual(requires, ['electron']);
  for (const m of pre.matchAll(/^\s*import\s+(?!type\b)/gm)) assert.fail(`value import in preload.ts: ${m[0]}`);
  assert.doesNotMatch(pre, /^\s*export\s/m);
  assert.match(pre, /contextBridge\.exposeInMainWorld\('gotrace'/);
  const compiled = fs.readFileSync(path.join(__dirname, '..', '..', 'main', 'electron', 'preload.js'), 'utf8');
  const compiledRequires = [...compiled.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
  assert.deepEqual(compiledRequires, ['electron']);
  assert.doesNotMatch(compiled, /\bexports\b/);
  assert.ok(pre.includes(`'${IPC_CALL_CHANNEL}'`) && pre.includes(`'${IPC_EVENT_CHANNEL}'`), 'channel names agree with shared/ipc/bridge.ts');
});

test('plain Node code never requires electron (its index.js downloads the binary)', () => {
  for (const dir of ['main/app', 'main/server', 'main/cli', 'shared/ipc']) {
    for (const f of fs.readdirSync(path.join(REPO, dir), { recursive: true, encoding: 'utf8' }).filter((x) => x.endsWith('.ts'))) {
      assert.doesNotMatch(src(path.join(dir, f)), /(require\(|from\s+)['"]electron['"]/, `${dir}/${f}`);
    }
  }
});
