// Browser mode over real HTTP and a real WebSocket (the `ws` package as the
// client), against the real AppService on fixture traces: the token, Host
// and Origin checks, security headers, static files without traversal, and
// API round trips whose answers equal the in-process query service's.

import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { AppService } from '../../main/app/service';
import { startServer, type RunningServer } from '../../main/server/server';
import { buildIndexFromFile } from '../../main/index/build-file';
import { QueryService } from '../../main/query/service';
import type { OpenedTrace } from '../../shared/ipc/api';
import type { LaneListResponse, ViewportResponse } from '../../shared/index/query-types';
import { BROKEN_TRACE, GOOD_TRACE, tempDir, TestClient, truncatedTrace, waitFor } from './helpers';

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(port: number, urlPath: string, opts: { host?: string; method?: string; headers?: Record<string, string>; body?: Buffer } = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: urlPath, method: opts.method ?? 'GET', headers: { host: opts.host ?? `127.0.0.1:${port}`, ...opts.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('browser-mode server', () => {
  let dir: string;
  let rendererDir: string;
  let app: AppService;
  let server: RunningServer;
  let client: TestClient;
  let local: QueryService;
  const wsUrl = () => `ws://127.0.0.1:${server.port}/${server.token}/ws`;

  before(async () => {
    dir = tempDir();
    rendererDir = path.join(dir, 'renderer');
    fs.mkdirSync(rendererDir);
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><script src="app.js"></script>');
    fs.writeFileSync(path.join(rendererDir, 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
    app = new AppService({ configDir: path.join(dir, 'config'), tempDir: dir });
    server = await startServer({ app, rendererDir });
    client = await TestClient.connect(wsUrl());
    local = new QueryService(buildIndexFromFile(GOOD_TRACE).result.index);
  });
  after(async () => {
    client?.close();
    await server?.close();
    app?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('binds 127.0.0.1 and prints a URL with a long random token', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}\/$/);
  });

  it('refuses requests without the token, with a wrong token, or with a foreign Host', async () => {
    assert.equal((await request(server.port, '/')).status, 403);
    assert.equal((await request(server.port, '/index.html')).status, 403);
    assert.equal((await request(server.port, `/${server.token.slice(1)}x/`)).status, 403);
    assert.equal((await request(server.port, `/${server.token}/`, { host: `evil.example:${server.port}` })).status, 403);
    assert.equal((await request(server.port, `/${server.token}/`, { host: '127.0.0.1:1' })).status, 403);
    assert.equal((await request(server.port, `/${server.token}/`, { host: `localhost:${server.port}` })).status, 200);
  });

  it('serves index.html with a strict CSP and no-store, nosniff headers', async () => {
    const r = await request(server.port, `/${server.token}/`);
    assert.equal(r.status, 200);
    assert.match(r.body, /<script src="app.js">/);
    assert.match(r.headers['content-type']!, /^text\/html/);
    const csp = String(r.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-eval/);
    assert.match(csp, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:${server.port}`));
    assert.match(csp, /object-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['cache-control'], 'no-store');
    // Cross-origin isolated: nothing foreign embedded, fine-grained timers.
    assert.equal(r.headers['cross-origin-opener-policy'], 'same-origin');
    assert.equal(r.headers['cross-origin-embedder-policy'], 'require-corp');
    const js = await request(server.port, `/${server.token}/app.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers['content-type']!, /^text\/javascript/);
    const bare = await request(server.port, `/${server.token}`);
    assert.equal(bare.status, 308);
    assert.equal(bare.headers.location, `/${server.token}/`);
  });

  it('does not serve files outside the renderer directory', async () => {
    for (const p of ['../secret.txt', '%2e%2e/secret.txt', '..%2fsecret.txt', '..%5csecret.txt', '/etc/passwd', '%2fetc%2fpasswd', '.hidden', 'nope.js']) {
      const r = await request(server.port, `/${server.token}/${p}`);
      assert.equal(r.status, 404, p);
      assert.doesNotMatch(r.body, /secret/);
    }
    assert.equal((await request(server.port, `/${server.token}/index.html`, { method: 'DELETE' })).status, 405);
  });

  it('refuses WebSocket upgrades without the token, with a foreign Host or Origin', async () => {
    await assert.rejects(TestClient.connect(`ws://127.0.0.1:${server.port}/ws`), /403/);
    await assert.rejects(TestClient.connect(`ws://127.0.0.1:${server.port}/wrong/ws`), /403/);
    await assert.rejects(TestClient.connect(`ws://127.0.0.1:${server.port}/${server.token}/other`), /403/);
    await assert.rejects(TestClient.connect(wsUrl(), { origin: 'http://evil.example' }), /403/);
    await assert.rejects(TestClient.connect(wsUrl(), { host: `evil.example:${server.port}` }), /403/);
    const ok = await TestClient.connect(wsUrl(), { origin: `http://127.0.0.1:${server.port}` });
    assert.equal(await ok.call('current'), null);
    ok.close();
  });

  it('queries before any trace is open reject with a clear message', async () => {
    await assert.rejects(client.call('summary'), /no trace is open/);
  });

  it('opens a trace and answers current(), lanes(), viewport() exactly as the in-process service', async () => {
    const opened = await client.call<OpenedTrace>('open', GOOD_TRACE);
    assert.equal(opened.name, 'contention-go1.27.trace');
    assert.equal(opened.warning, null);
    assert.deepEqual(await client.call('current'), opened);
    await waitFor(() => client.events.some((e) => e.type === 'opened'), 5000, 'opened event');
    assert.ok(client.events.some((e) => e.type === 'progress'), 'progress events pushed');
    assert.deepEqual(await client.call('summary'), await local.summary());

    const lanes = await client.call<LaneListResponse>('lanes', {});
    assert.deepEqual(lanes, await local.lanes({}));
    const summary = await local.summary();
    const req = { lanes: lanes.lanes.map((l) => l.id), t0: 0, t1: summary.duration, nsPerPixel: summary.duration / 1500, counters: [0, 1, 2], links: true };
    const vp = await client.call<ViewportResponse>('viewport', req);
    const want = await local.viewport(req);
    assert.ok(vp.batches.length > 0);
    assert.ok(vp.batches[0]!.start instanceof Float64Array);
    assert.ok(vp.batches[0]!.state instanceof Uint8Array);
    assert.ok(vp.batches[0]!.label instanceof Int32Array);
    assert.ok(vp.counters[0]!.min instanceof Float64Array);
    assert.deepEqual(vp, want);

    assert.deepEqual(await client.call('strings', 0), await local.strings(0));
    assert.deepEqual(await client.call('rangeStats', { t0: 0, t1: summary.duration }), await local.rangeStats({ t0: 0, t1: summary.duration }));
    assert.deepEqual(await client.call('search', { query: 'main' }), await local.search({ query: 'main' }));
  });

  it('answers details(), hitTest() and blocking() like the in-process service', async () => {
    const blocking = await client.call('blocking', { n: 5, groupBy: 'reason' });
    assert.deepEqual(blocking, await local.blocking({ n: 5, groupBy: 'reason' }));
    const ep = (await local.blocking({ n: 1 })).groups[0]!.episodes[0]!;
    const ref = { type: 'span' as const, lane: ep.lane, point: ep.point };
    const details = await client.call('details', ref);
    assert.ok(details !== null);
    assert.deepEqual(details, await local.details(ref));
    assert.deepEqual(await client.call('hitTest', { lane: ep.lane, time: ep.start + 1 }), await local.hitTest({ lane: ep.lane, time: ep.start + 1 }));
  });

  it('rejects invalid arguments with a clear error and keeps working', async () => {
    await assert.rejects(client.call('viewport', { lanes: [0], t0: NaN, t1: 1, nsPerPixel: 1 }), /viewport: argument 1\.t0: expected a finite number, found NaN/);
    await assert.rejects(client.call('dropTables'), /unknown method "dropTables"/);
    await assert.rejects(client.call('strings', 'zero'), /strings: argument 1: expected an integer/);
    client.sendRaw('{"id": 1, "method": "current"}');
    client.sendRaw(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    await waitFor(() => client.stray.length >= 2, 5000, 'answers to garbage');
    assert.match(JSON.stringify(client.stray), /expected a binary message/);
    assert.match(JSON.stringify(client.stray), /GTR1 magic/);
    const cur = await client.call<OpenedTrace>('current');
    assert.equal(cur.name, 'contention-go1.27.trace');
  });

  it('open() of a corrupt file rejects naming the file and a byte offset', async () => {
    await assert.rejects(client.call('open', BROKEN_TRACE), (e: Error) => {
      assert.match(e.message, /hdr110-go1\.21\.trace: at byte \d+: /);
      return true;
    });
    await waitFor(() => client.events.some((e) => e.type === 'load-failed'), 5000, 'load-failed event');
    assert.equal((await client.call<OpenedTrace>('current')).name, 'contention-go1.27.trace', 'the open trace stays open');
    await assert.rejects(client.call('open', path.join(path.dirname(BROKEN_TRACE), 'missing.trace')), /missing\.trace: no such file/);
  });

  it('openBytes of a fixture opens it under its name', async () => {
    const bytes = new Uint8Array(fs.readFileSync(GOOD_TRACE));
    const opened = await client.call<OpenedTrace>('openBytes', 'dropped.trace', bytes);
    assert.equal(opened.name, 'dropped.trace');
    assert.equal(opened.fileBytes, bytes.length);
    assert.deepEqual(await client.call('summary'), await local.summary());
    const temps = () => fs.readdirSync(dir).filter((f) => f.startsWith('gotrace-'));
    assert.equal(temps().length, 1, 'the temporary copy stays while the trace is open (analyses read it again)');
    await client.call('open', GOOD_TRACE);
    assert.deepEqual(temps(), [], 'the temporary copy is removed once another trace replaces it');
  });

  it('the upload endpoint streams a file and opens it; it refuses foreign origins', async () => {
    const body = fs.readFileSync(GOOD_TRACE);
    const headers = { 'content-type': 'application/octet-stream', 'x-gotrace-name': encodeURIComponent('up loaded.trace') };
    const r = await request(server.port, `/${server.token}/upload`, { method: 'POST', headers, body });
    assert.equal(r.status, 200);
    const reply = JSON.parse(r.body) as { ok: boolean; value: OpenedTrace };
    assert.ok(reply.ok);
    assert.equal(reply.value.name, 'up loaded.trace');
    const evil = await request(server.port, `/${server.token}/upload`, { method: 'POST', headers: { ...headers, origin: 'http://evil.example' }, body });
    assert.equal(evil.status, 403);
    assert.equal((await request(server.port, '/upload', { method: 'POST', headers, body })).status, 403);
  });

  it('a truncated trace opens with a warning naming the file and offset', async () => {
    const cut = truncatedTrace(dir);
    const opened = await client.call<OpenedTrace>('open', cut);
    assert.ok(opened.warning !== null);
    assert.match(opened.warning, /cut\.trace: at byte \d+: /);
    assert.ok(opened.summary.lanes > 0);
  });

  it('cancelLoad() cancels a load under way', async () => {
    const events = client.events.length;
    const p = client.call('open', GOOD_TRACE);
    await client.call('cancelLoad');
    await assert.rejects(p, /cancelled/);
    await waitFor(() => client.events.slice(events).some((e) => e.type === 'load-failed' && e.cancelled), 5000, 'cancelled event');
  });

  it('recent() and settings() round-trip', async () => {
    const recent = await client.call<string[]>('recent');
    assert.equal(recent[0], path.join(dir, 'cut.trace'));
    assert.equal((await client.call<{ editorUrl: string }>('settings')).editorUrl, 'vscode://file/{file}:{line}');
    const s = await client.call<{ editorUrl: string }>('setSettings', { editorUrl: 'idea://open?file={file}&line={line}' });
    assert.equal(s.editorUrl, 'idea://open?file={file}&line={line}');
    assert.equal(await client.call('openDialog'), null, 'browser mode has no native dialog');
  });
});
