// Browser mode: the app served to a local browser. node:http serves the
// built renderer and a streaming upload; a WebSocket (the `ws` package)
// carries the API (shared/ipc/codec.ts frames). Only 127.0.0.1 is bound,
// and every request must carry the random token in its path and a Host
// header naming this server (DNS rebinding); WebSocket upgrades must also
// come from this server's own origin.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { AppEvent } from '../../shared/ipc/api';
import { decodeMessage, encodeMessage } from '../../shared/ipc/codec';
import { MAX_OPEN_BYTES } from '../../shared/ipc/validate';
import { WS_MAX_PAYLOAD, type WsRequest, type WsServerMessage } from '../../shared/ipc/ws-protocol';
import type { AppService } from '../app/service';
import { dispatchCall, errorMessage } from '../app/dispatch';
import { contentSecurityPolicy, contentType, defaultRendererDir, resolveStatic } from './static-files';

export interface ServerOptions {
  app: AppService;
  /** 0 (default): a free port. */
  port?: number;
  /** The built renderer (default: build/renderer beside this build). */
  rendererDir?: string;
  /** Fixed token (tests); default 32 random bytes, base64url. */
  token?: string;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT/TOKEN/ */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? crypto.randomBytes(32).toString('base64url');
  const rendererDir = opts.rendererDir ?? defaultRendererDir();
  const app = opts.app;
  let port = 0;

  const hostOk = (host: string | undefined) => host !== undefined && (host.toLowerCase() === `${HOST}:${port}` || host.toLowerCase() === `localhost:${port}`);
  const originOk = (origin: string | undefined) => origin === `http://${HOST}:${port}` || origin === `http://localhost:${port}`;
  /** The path after /TOKEN, or null when the token is wrong or missing. */
  const afterToken = (url: string | undefined): string | null => {
    const pathname = (url ?? '').split('?')[0]!;
    const m = /^\/([^/]*)(\/.*)?$/.exec(pathname);
    if (m === null) return null;
    const given = Buffer.from(m[1]!);
    const want = Buffer.from(token);
    if (given.length !== want.length || !crypto.timingSafeEqual(given, want)) return null;
    return m[2] ?? '';
  };

  const securityHeaders = (req: http.IncomingMessage): Record<string, string> => ({
    'content-security-policy': contentSecurityPolicy([`ws://${(req.headers.host ?? `${HOST}:${port}`).toLowerCase()}`]),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    // With COOP, makes the page cross-origin isolated: nothing foreign can be
    // embedded, and performance.now() ticks in 5 µs rather than 100 µs (frame
    // times are ~2 ms).
    'cross-origin-embedder-policy': 'require-corp',
  });
  const send = (req: http.IncomingMessage, res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { ...securityHeaders(req), 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const server = http.createServer((req, res) => {
    if (!hostOk(req.headers.host)) return send(req, res, 403, `forbidden: expected Host ${HOST}:${port}\n`);
    const rest = afterToken(req.url);
    if (rest === null) return send(req, res, 403, 'forbidden: this URL needs the token printed by `gotrace serve`\n');
    if (rest === '') {
      res.writeHead(308, { ...securityHeaders(req), location: `/${token}/` });
      return res.end();
    }
    if (rest === '/upload') {
      if (req.method !== 'POST') return send(req, res, 405, 'expected POST\n');
      void handleUpload(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(req, res, 405, `expected GET, found ${req.method}\n`);
    const file = resolveStatic(rendererDir, rest.slice(1));
    if (file === null) {
      const missing = rest === '/' && !fs.existsSync(rendererDir);
      return send(req, res, 404, missing ? `the renderer is not built (no ${rendererDir}); run \`npm run build\`\n` : 'not found\n');
    }
    const st = fs.statSync(file);
    res.writeHead(200, { ...securityHeaders(req), 'content-type': contentType(file), 'content-length': st.size });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });

  // The page uploads dropped files here, streamed to a private temporary
  // file, so a large trace never has to sit in one WebSocket message.
  const handleUpload = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const reply = (status: number, body: unknown) => send(req, res, status, JSON.stringify(body), 'application/json; charset=utf-8');
    if (req.headers.origin !== undefined && !originOk(req.headers.origin)) return reply(403, { ok: false, message: 'upload refused: foreign origin' });
    const rawName = req.headers['x-gotrace-name'];
    let name = '';
    try {
      name = typeof rawName === 'string' ? decodeURIComponent(rawName) : '';
    } catch {
      // left empty: refused below
    }
    if (name === '' || req.headers['content-type'] !== 'application/octet-stream') {
      return reply(400, { ok: false, message: 'upload: expected an application/octet-stream body and an X-Gotrace-Name header' });
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_OPEN_BYTES) return reply(413, { ok: false, message: `${name}: ${declared} bytes is more than the ${MAX_OPEN_BYTES} accepted` });
    const t = app.tempFileFor(name);
    try {
      let n = 0;
      req.on('data', (d: Buffer) => {
        n += d.length;
        if (n > MAX_OPEN_BYTES) req.destroy(new Error(`more than the ${MAX_OPEN_BYTES} bytes accepted`));
      });
      await pipeline(req, fs.createWriteStream(t.file, { mode: 0o600, flags: 'wx' }));
    } catch (e) {
      fs.rmSync(t.dir, { recursive: true, force: true });
      if (!res.destroyed) reply(400, { ok: false, message: `${name}: upload failed: ${errorMessage(e)}` });
      return;
    }
    try {
      reply(200, { ok: true, value: await app.openTempFile(t) });
    } catch (e) {
      reply(200, { ok: false, message: errorMessage(e) });
    }
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD, perMessageDeflate: false });
  const refuse = (socket: Duplex, why: string) => {
    socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nforbidden: ${why}\n`);
    socket.destroy();
  };
  server.on('upgrade', (req, socket, head) => {
    if (!hostOk(req.headers.host)) return refuse(socket, 'wrong Host');
    if (afterToken(req.url) !== '/ws') return refuse(socket, 'wrong token or path');
    // Browsers always send Origin; a page of another site must not drive the API. (Non-browser clients need the token anyway.)
    if (req.headers.origin !== undefined && !originOk(req.headers.origin)) return refuse(socket, 'foreign origin');
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  const serveSocket = (ws: WebSocket) => {
    const sendMsg = (m: WsServerMessage) => {
      if (ws.readyState !== ws.OPEN) return;
      let chunks: Uint8Array[];
      try {
        chunks = encodeMessage(m);
      } catch (e) {
        if ('id' in m) chunks = encodeMessage({ id: m.id, ok: false, message: `cannot send the answer: ${errorMessage(e)}` });
        else return;
      }
      // One message in fragments: the typed arrays' bytes go out without being copied into one buffer.
      chunks.forEach((c, i) => ws.send(c, { binary: true, fin: i === chunks.length - 1 }));
    };
    const unsubscribe = app.onEvent((event: AppEvent) => sendMsg({ event }));
    // A page that connects during (or after a failed) load sees its progress (or error) at once.
    const missed = app.lastLoadEvent();
    if (missed !== null) sendMsg({ event: missed });
    ws.on('close', unsubscribe);
    ws.on('error', () => ws.terminate());
    ws.on('message', (data: RawData, isBinary: boolean) => {
      let req: WsRequest;
      try {
        if (!isBinary) throw new Error('expected a binary message (shared/ipc/codec.ts), found text');
        const buf = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
        req = decodeMessage(buf) as WsRequest;
        if (req === null || typeof req !== 'object' || !Number.isSafeInteger(req.id)) throw new Error('expected {id, method, args}');
      } catch (e) {
        sendMsg({ id: -1, ok: false, message: `bad request: ${errorMessage(e)}` });
        return;
      }
      dispatchCall(app, req.method, req.args).then(
        (value) => sendMsg({ id: req.id, ok: true, value: value === undefined ? null : value }),
        (e: unknown) => sendMsg({ id: req.id, ok: false, message: errorMessage(e) }),
      );
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, HOST, () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    url: `http://${HOST}:${port}/${token}/`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
