// AppService in plain Node: opening (progress, errors with file and offset,
// warnings), openBytes' private temporary copy, the demo trace, capture over
// real HTTP, cancellation, recent files and settings persisted as JSON.

import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { AppService } from '../../main/app/service';
import { defaultConfigDir, MAX_RECENT } from '../../main/app/config-store';
import type { AppEvent, LoadProgress } from '../../shared/ipc/api';
import { BROKEN_TRACE, GOOD_TRACE, tempDir, truncatedTrace } from '../server/helpers';

const V1_TRACE = path.join(path.dirname(GOOD_TRACE), 'contention-go1.21.trace');

const dirs: string[] = [];
function newDir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function service(dir = newDir(), extra: Partial<ConstructorParameters<typeof AppService>[0]> = {}): { app: AppService; dir: string; events: AppEvent[] } {
  const app = new AppService({ configDir: path.join(dir, 'config'), tempDir: dir, ...extra });
  const events: AppEvent[] = [];
  app.onEvent((e) => events.push(e));
  return { app, dir, events };
}

describe('AppService', () => {
  it('opens a trace, reports progress and the opened event, and answers queries', async () => {
    const { app, events } = service();
    assert.equal(await app.current(), null);
    await assert.rejects(app.lanes({}), /no trace is open/);
    const before = fs.readFileSync(GOOD_TRACE);
    const opened = await app.open(GOOD_TRACE);
    assert.equal(opened.path, GOOD_TRACE);
    assert.equal(opened.name, 'contention-go1.27.trace');
    assert.equal(opened.fileBytes, before.length);
    assert.equal(opened.warning, null);
    assert.ok(opened.summary.lanes > 0);
    assert.deepEqual(await app.current(), opened);
    assert.ok((await app.lanes({})).total > 0);
    const progress = events.filter((e): e is { type: 'progress'; progress: LoadProgress } => e.type === 'progress').map((e) => e.progress);
    assert.ok(progress.length > 0);
    assert.equal(progress[0]!.phase, 'reading');
    for (const p of progress) {
      assert.ok(['reading', 'indexing', 'finishing'].includes(p.phase), p.phase);
      assert.ok(p.percent >= 0 && p.percent <= 100);
      assert.equal(p.name, 'contention-go1.27.trace');
    }
    assert.deepEqual(events.at(-1), { type: 'opened', trace: opened });
    assert.ok(fs.readFileSync(GOOD_TRACE).equals(before), 'the trace file is unchanged');
    const second = await app.open(GOOD_TRACE);
    assert.ok(second.id > opened.id, 'ids increase with every open');
  });

  it('a corrupt trace rejects naming the file and byte offset; the load-failed event says the same', async () => {
    const { app, events } = service();
    await assert.rejects(app.open(BROKEN_TRACE), (e: Error) => {
      assert.equal(e.message, `${BROKEN_TRACE}: at byte 0: unknown or unsupported trace version go 1.10`);
      return true;
    });
    const failed = events.find((e) => e.type === 'load-failed');
    assert.ok(failed && failed.type === 'load-failed' && !failed.cancelled && failed.message.includes('at byte 0'));
    await assert.rejects(app.open(path.join(newDir(), 'absent.trace')), /absent\.trace: no such file$/);
  });

  it('a truncated trace opens with a warning', async () => {
    const { app, dir } = service();
    const opened = await app.open(truncatedTrace(dir));
    assert.match(opened.warning ?? '', /cut\.trace: at byte \d+: .*\(the trace ends at byte \d+: truncated\?\)/);
  });

  it('a cut Go 1.11-1.21 trace is refused, saying it is truncated and why nothing of it can be shown', async () => {
    const { app, dir } = service();
    const bytes = fs.readFileSync(V1_TRACE);
    const p = path.join(dir, 'cut-v1.trace');
    fs.writeFileSync(p, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await assert.rejects(app.open(p), (e: Error) => {
      assert.match(e.message, /cut-v1\.trace: at byte \d+: .*\(the trace ends at byte \d+: truncated\?; a Go 1\.11-1\.21 trace has its clock frequency and stacks at its very end/);
      return true;
    });
  });

  it('openBytes writes a private temporary copy, opens it under the given name, keeps it while open and removes it on close', async () => {
    const { app, dir } = service();
    let seenMode = -1;
    const off = app.onEvent((e) => {
      if (e.type !== 'progress' || seenMode >= 0) return;
      const sub = fs.readdirSync(dir).find((f) => f.startsWith('gotrace-'));
      if (sub) seenMode = fs.statSync(path.join(dir, sub, fs.readdirSync(path.join(dir, sub))[0]!)).mode & 0o777;
    });
    const opened = await app.openBytes('../../evil/../name.trace', new Uint8Array(fs.readFileSync(GOOD_TRACE)));
    off();
    assert.equal(opened.name, 'name.trace');
    assert.equal(seenMode, 0o600);
    const temps = () => fs.readdirSync(dir).filter((f) => f.startsWith('gotrace-'));
    assert.equal(temps().length, 1, 'kept while open: the analysis views read it again');
    assert.deepEqual(await app.recent(), [], 'temporary copies are not recent files');
    await assert.rejects(app.openBytes('junk.trace', new Uint8Array([1, 2, 3])), /Error: junk\.trace: /);
    assert.equal(temps().length, 1, 'a failed open removes its own copy and keeps the open trace');
    app.close();
    assert.deepEqual(temps(), []);
  });

  it('openDemo opens the demo trace, and says where it expected it when missing', async () => {
    const { app } = service(newDir(), { demoPath: GOOD_TRACE });
    assert.equal((await app.openDemo()).name, 'demo.trace');
    const missing = service(newDir(), { demoPath: '/nonexistent/demo.trace' }).app;
    await assert.rejects(missing.openDemo(), /demo trace is missing: expected it at \/nonexistent\/demo\.trace/);
  });

  it('cancelLoad cancels the load under way', async () => {
    const { app, events } = service();
    const p = app.open(GOOD_TRACE);
    await app.cancelLoad();
    await assert.rejects(p, /cancelled/);
    assert.ok(events.some((e) => e.type === 'load-failed' && e.cancelled));
    assert.equal(await app.current(), null);
  });

  it('keeps at most 10 recent files, newest first, persisted across instances', async () => {
    const dir = newDir();
    const { app } = service(dir);
    const files: string[] = [];
    for (let i = 0; i < MAX_RECENT + 2; i++) {
      const f = path.join(dir, `t${i}.trace`);
      fs.copyFileSync(GOOD_TRACE, f);
      files.push(f);
      await app.open(f);
    }
    await app.open(files[5]!);
    const recent = await app.recent();
    assert.equal(recent.length, MAX_RECENT);
    assert.equal(recent[0], files[5]);
    assert.equal(recent[1], files[MAX_RECENT + 1]);
    assert.ok(!recent.includes(files[0]!));
    assert.deepEqual(await service(dir).app.recent(), recent);
    assert.ok(fs.existsSync(path.join(dir, 'config', 'recent.json')));
  });

  it('settings default to the VS Code editor URL and persist', async () => {
    const dir = newDir();
    const { app } = service(dir);
    assert.deepEqual(await app.settings(), { editorUrl: 'vscode://file/{file}:{line}' });
    await app.setSettings({ editorUrl: 'idea://open?file={file}&line={line}' });
    assert.equal((await service(dir).app.settings()).editorUrl, 'idea://open?file={file}&line={line}');
    assert.equal(defaultConfigDir({ XDG_CONFIG_HOME: '/x/y' }), '/x/y/gotrace-viewer');
    assert.match(defaultConfigDir({}), /\.config\/gotrace-viewer$/);
  });

  it('captures from a live /debug/pprof/trace endpoint, saves atomically, then opens', async () => {
    const bytes = fs.readFileSync(GOOD_TRACE);
    let asked = '';
    const srv = http.createServer((req, res) => {
      asked = req.url ?? '';
      if (!req.url?.startsWith('/debug/pprof/trace')) return void res.writeHead(404).end('404 page not found');
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(bytes.subarray(0, 1000));
      setTimeout(() => res.end(bytes.subarray(1000)), 250);
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    try {
      const { app, dir, events } = service();
      const save = path.join(dir, 'captured.trace');
      const opened = await app.capture(`http://127.0.0.1:${port}/`, 0.3, save);
      assert.equal(asked, '/debug/pprof/trace?seconds=0.3');
      assert.equal(opened.path, save);
      assert.ok(fs.readFileSync(save).equals(bytes));
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('partial')), []);
      assert.ok(events.some((e) => e.type === 'progress' && e.progress.phase === 'capturing'));
      assert.equal((await app.recent())[0], save);
      await assert.rejects(app.capture(`http://127.0.0.1:${port}/`, 1, save), /already exists/);
      await assert.rejects(app.capture(`http://127.0.0.1:${port}/other`, 1), /answered 404.*404 page not found/);
      assert.equal(fs.readdirSync(path.join(dir, 'gotrace-captures')).length, 0, 'a failed capture leaves nothing behind');
    } finally {
      srv.closeAllConnections();
      srv.close();
    }
  });
});
