#!/usr/bin/env node
'use strict';
// The `gotrace` command: runs the compiled CLI (npm install builds it via `prepare`).
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'build', 'main', 'cli', 'gotrace.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('gotrace: the project is not built yet; run `npm run build` in ' + path.join(__dirname, '..') + '\n');
  process.exit(1);
}
process.exitCode = require(entry).run(__filename, process.argv.slice(2));
