// `npm run bench -- TRACE [TRACE...]`: reader throughput and peak memory,
// ours and Go's own internal/trace on the same file in the same run.
//
// Each measurement runs in a fresh child process (so peak RSS is that of the
// work alone) three times; the median time and the largest RSS are kept.
// Go's side needs a Go toolchain: GOROOT (or /opt/gotc/usr/lib/go-1.27).

import * as fs from 'node:fs';
import { tryHeaderVersion } from '../../shared/trace/open';
import { newReader } from '../../shared/trace/reader';
import { decompressIfGzip } from '../../shared/trace/decompress';
import { findGoroot, buildGoread, measureRuns, type BaseSample } from './go-reference';
import { analyzeTrace } from '../../shared/analysis/analyze-json';

type Sample = BaseSample;

const RUNS = 3;

function child(mode: string, file: string): void {
  const start = process.hrtime.bigint();
  const { data } = decompressIfGzip(fs.readFileSync(file));
  let events = 0;
  if (mode === 'read') {
    try {
      const r = newReader(data);
      while (r.readEvent() !== null) events++;
    } catch (e) {
      process.stderr.write(`${String(e)}\n`);
    }
  } else {
    const result = analyzeTrace(() => newReader(data), { headerVersion: tryHeaderVersion(data) });
    events = result.eventCount;
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const out: Sample = { ms, events, maxRSSKiB: process.resourceUsage().maxRSS };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function measure(cmd: string, args: string[]): Sample | null {
  return measureRuns<Sample>(cmd, args, RUNS);
}

const fmt = (x: number, d = 1) => x.toFixed(d);

function bench(files: string[]): void {
  const goroot = findGoroot();
  const goread = goroot ? buildGoread(goroot) : null;
  if (!goread) process.stdout.write('Go toolchain not found (set GOROOT): measuring gotrace only.\n');
  else process.stdout.write(`Go reference: internal/trace of ${goroot}\n`);
  for (const file of files) {
    const mb = fs.statSync(file).size / (1 << 20);
    process.stdout.write(`\n${file}: ${fmt(mb)} MiB\n`);
    process.stdout.write('  what                 time ms   MB/s    Mevents/s  peak RSS MiB  RSS/file\n');
    for (const mode of ['read', 'analyze']) {
      const ours = measure(process.execPath, ['--max-old-space-size=16384', __filename, '--child', mode, file]);
      const theirs = goread ? measure(goread, [mode, file]) : null;
      const row = (who: string, s: Sample) =>
        `  ${(who + ' ' + mode).padEnd(20)} ${fmt(s.ms, 0).padStart(8)} ${fmt(mb / (s.ms / 1000)).padStart(7)} ${fmt(s.events / s.ms / 1000, 2).padStart(10)} ${fmt(s.maxRSSKiB / 1024, 0).padStart(13)} ${fmt(s.maxRSSKiB / 1024 / mb, 2).padStart(9)}\n`;
      if (ours) process.stdout.write(row('gotrace', ours));
      if (theirs) process.stdout.write(row('go', theirs));
      if (ours && theirs) {
        process.stdout.write(`  → gotrace is ${fmt(theirs.ms / ours.ms, 2)}x Go's speed, ${fmt(ours.maxRSSKiB / theirs.maxRSSKiB, 2)}x its peak RSS (${mode})\n`);
        if (ours.events !== theirs.events) process.stdout.write(`  ! event counts differ: gotrace ${ours.events}, go ${theirs.events}\n`);
      }
    }
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') child(argv[1]!, argv[2]!);
else if (argv.length === 0) {
  process.stderr.write('usage: npm run bench -- TRACE [TRACE...]\n(see scripts/gen-fixtures.sh big for ~100 MB traces)\n');
  process.exitCode = 1;
} else bench(argv);
