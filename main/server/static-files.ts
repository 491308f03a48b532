// The built renderer's files (index.html, app.js, CSS, source maps), served
// by the browser-mode server and Electron's custom protocol alike: a URL
// path maps to a file inside the renderer directory or to nothing.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** build/renderer, relative to this compiled file (build/main/server/), so any build directory works. */
export function defaultRendererDir(): string {
  return path.join(__dirname, '..', '..', 'renderer');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file for a URL path relative to the app's root ('' → index.html), or
 * null when it is not a plain file strictly inside `root` (no '..', no
 * encoded separators, no dot files, no symlinks out).
 */
export function resolveStatic(root: string, relUrlPath: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(relUrlPath);
  } catch {
    return null;
  }
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  if (rel.includes('\0') || rel.includes('\\')) return null;
  const parts = rel.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.startsWith('.'))) return null;
  const base = path.resolve(root);
  const file = path.resolve(base, ...parts);
  if (!file.startsWith(base + path.sep)) return null;
  try {
    const real = fs.realpathSync(file);
    const realBase = fs.realpathSync(base);
    if (!real.startsWith(realBase + path.sep) || !fs.statSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

/**
 * The page's Content-Security-Policy. PixiJS v8 compiles shader sync code
 * with new Function unless the renderer imports 'pixi.js/unsafe-eval' (its
 * eval-free polyfills), so that import is what lets this policy omit 'unsafe-eval'.
 */
export function contentSecurityPolicy(connectSrc: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src ${["'self'", ...connectSrc].join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
