// Capturing a trace from a live Go program's /debug/pprof/trace endpoint:
// an HTTP GET streamed to a temporary file beside the destination, renamed
// into place only when complete (a failed capture leaves nothing behind).

import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';

export interface CaptureProgress {
  bytes: number;
  elapsedMs: number;
}

/** The endpoint URL with ?seconds=N; a bare host (http://host:6060/) gets /debug/pprof/trace. */
export function captureUrl(url: string, seconds: number): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`capture: expected a URL like http://localhost:6060/debug/pprof/trace, found ${JSON.stringify(url)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`capture: expected an http:// or https:// URL, found ${u.protocol}`);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/debug/pprof/trace';
  u.searchParams.set('seconds', String(seconds));
  return u;
}

/** Downloads `url` into `dest` atomically. Rejects with a message naming the URL and what went wrong. */
export function downloadTrace(
  url: URL,
  dest: string,
  opts: { signal: AbortSignal; idleTimeoutMs: number; onProgress: (p: CaptureProgress) => void },
): Promise<number> {
  const { signal, onProgress } = opts;
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.${process.pid}.${Date.now()}.partial`);
  const t0 = Date.now();
  return new Promise<number>((resolve, reject) => {
    const get = url.protocol === 'https:' ? https.get : http.get;
    let bytes = 0;
    let out: fs.WriteStream | null = null;
    const fail = (msg: string) => {
      out?.destroy();
      fs.rm(tmp, { force: true }, () => reject(new Error(`capture from ${url.href}: ${msg}`)));
    };
    const req = get(url, { signal, headers: { accept: 'application/octet-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          if (body.length < 300) body += d;
        });
        res.on('end', () => fail(`the server answered ${res.statusCode} ${res.statusMessage ?? ''}${body.trim() ? `: ${body.trim().slice(0, 300)}` : ''}`));
        res.on('error', (e) => fail(e.message));
        return;
      }
      out = fs.createWriteStream(tmp, { mode: 0o600, flags: 'wx' });
      const timer = setInterval(() => onProgress({ bytes, elapsedMs: Date.now() - t0 }), 100);
      res.on('data', (d: Buffer) => {
        bytes += d.length;
      });
      res.pipe(out);
      const done = (err: Error | null) => {
        clearInterval(timer);
        if (err) return fail(signal.aborted ? 'cancelled' : err.message);
        if (bytes === 0) return fail('the server sent an empty body; is tracing already running in that program?');
        fs.rename(tmp, dest, (e) => (e ? fail(`cannot save to ${dest}: ${e.message}`) : resolve(bytes)));
      };
      out.on('finish', () => done(null));
      out.on('error', (e) => done(e));
      res.on('error', (e) => done(e));
      res.on('aborted', () => done(new Error('the connection was cut before the trace was complete')));
    });
    req.on('error', (e) => fail(signal.aborted ? 'cancelled' : e.message));
    // A program with little activity may send nothing until the capture ends.
    req.setTimeout(opts.idleTimeoutMs, () => req.destroy(new Error(`no data for ${Math.round(opts.idleTimeoutMs / 1000)} s`)));
  });
}
