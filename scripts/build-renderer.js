#!/usr/bin/env node
'use strict';
// Bundles the renderer (renderer/app/main.ts and what it imports, PixiJS
// included) into build/renderer/app.js with esbuild, and copies the static
// files (renderer/static/: index.html, CSS) next to it. Type checking is
// tsc's job (renderer/tsconfig.json); esbuild only strips types and bundles.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const out = path.join(root, process.env.GOTRACE_BUILD_DIR || 'build', 'renderer');
const entry = path.join(root, 'renderer', 'app', 'main.ts');

fs.mkdirSync(out, { recursive: true });
const staticDir = path.join(root, 'renderer', 'static');
if (fs.existsSync(staticDir)) fs.cpSync(staticDir, out, { recursive: true });
if (fs.existsSync(entry)) {
  esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    outfile: path.join(out, 'app.js'),
    format: 'iife',
    platform: 'browser',
    target: ['chrome120'],
    sourcemap: true,
    minify: process.env.GOTRACE_MINIFY === '1',
    logLevel: 'warning',
    legalComments: 'none',
  });
}
