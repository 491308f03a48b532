#!/usr/bin/env node
'use strict';
// Runs every compiled test file (build/test/**/*.test.js) with Node's test
// runner. Node 20's `node --test DIR` would also run every other .js file
// under a directory named test (helpers, benchmarks), hence the explicit list.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', process.env.GOTRACE_BUILD_DIR || 'build', 'test');
const only = process.argv.slice(2);
const files = fs
  .readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
  .map((f) => path.join(root, f));
if (files.length === 0) {
  console.error('no test files found under build/test (run npm run build first)');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
