#!/usr/bin/env node
'use strict';
// `npm run bench [-- TRACE...]`: the reader benchmark (read / analyze, side by
// side with Go's internal/trace), then the index benchmark (load + index,
// peak RSS, viewport latency) on the same traces, then the renderer benchmark
// (frame times in Chromium, a small trace against the largest one). Without arguments: every
// trace in $GOTRACE_BENCH_DIR (default /tmp/gotrace-bench, where
// `scripts/gen-fixtures.sh big` writes them).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const build = path.join(__dirname, '..', 'build', 'test', 'bench');
let files = process.argv.slice(2);
if (files.length === 0) {
  const dir = process.env.GOTRACE_BENCH_DIR || '/tmp/gotrace-bench';
  files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.trace')).sort().map((f) => path.join(dir, f)) : [];
  if (files.length === 0) {
    console.error(`no traces given and none in ${dir}: run scripts/gen-fixtures.sh big (BIG_MB=500 for ~500 MB ones)`);
    process.exit(1);
  }
}
let status = 0;
const given = process.argv.length > 2;
for (const b of ['reader-bench.js', 'index-bench.js', 'renderer-bench.js']) {
  // The renderer bench opens one small and one big trace (the largest given; by default its own choice, see renderer-bench.ts).
  const args = b === 'renderer-bench.js' && !given ? [] : files;
  const r = spawnSync(process.execPath, [path.join(build, b), ...args], { stdio: 'inherit' });
  if (r.status !== 0) status = r.status ?? 1;
}
process.exit(status);
