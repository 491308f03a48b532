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

test('packaging: every platform target, the .trace association, the icon and `npm run dist`', () => {
  const yml = fs.readFileSync(path.join(REPO, 'electron-builder.yml'), 'utf8');
  for (const t of ['AppImage', 'deb', 'dmg', 'nsis']) assert.match(yml, new RegExp(`target:\\s*\\[[^\\]]*\\b${t}\\b`), `target ${t}`);
  assert.match(yml, /fileAssociations:\s*\n\s*-\s*ext:\s*trace\b/);
  const icons = [...yml.matchAll(/^\s*icon:\s*(\S+)\s*$/gm)].map((m) => m[1]!);
  assert.equal(icons.length, 3, 'an icon for linux, mac and win');
  for (const icon of icons) {
    const png = fs.readFileSync(path.join(REPO, icon));
    assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], `${icon} is a PNG`);
    assert.ok(png.readUInt32BE(16) >= 512 && png.readUInt32BE(20) >= 512, `${icon} is at least 512x512`);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.match(pkg.scripts.dist ?? '', /npm run build && electron-builder/);
  assert.match(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8'), /`npm run dist`/);
});
