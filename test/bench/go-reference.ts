// What the benchmarks share: Go's own internal/trace built for side-by-side
// runs (the goread program, test/bench/goread/main.go, compiled inside a
// Go 1.27 GOROOT with an overlay, since internal/ packages are importable only
// from there), and repeated measurements in fresh child processes.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function findGoroot(): string | null {
  for (const g of [process.env.GOROOT, '/opt/gotc/usr/lib/go-1.27']) {
    if (g && fs.existsSync(path.join(g, 'bin', 'go')) && fs.existsSync(path.join(g, 'src', 'internal', 'trace'))) return g;
  }
  return null;
}

/** Builds goread and returns its path, or null (with the reason on stderr). */
export function buildGoread(goroot: string): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gotrace-goread-'));
  const src = path.join(__dirname, '..', '..', '..', 'test', 'bench', 'goread', 'main.go');
  // GOROOT/src may be a symlink (Debian's packages): run go with PWD naming the
  // unresolved path, or it finds the package outside GOROOT/src.
  const srcDir = path.join(goroot, 'src');
  const overlay = { Replace: { [path.join(srcDir, 'cmd', 'gotrace_goread', 'main.go')]: src } };
  fs.writeFileSync(path.join(dir, 'overlay.json'), JSON.stringify(overlay));
  const bin = path.join(dir, 'goread');
  const r = spawnSync(path.join(goroot, 'bin', 'go'), ['build', '-overlay', path.join(dir, 'overlay.json'), '-o', bin, 'cmd/gotrace_goread'], {
    cwd: srcDir,
    encoding: 'utf8',
    env: { ...process.env, PWD: srcDir, GOROOT: goroot, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '' },
  });
  if (r.status !== 0) {
    process.stderr.write(`could not build Go's reader: ${r.stderr}\n`);
    return null;
  }
  return bin;
}

/** What a measured child process prints as its last stdout line (JSON). */
export interface BaseSample {
  ms: number;
  events: number;
  maxRSSKiB: number;
}

/**
 * Runs `cmd args` `runs` times, each in a fresh process so that its peak RSS
 * is the work's alone; returns the median run with the largest RSS seen.
 */
export function measureRuns<S extends BaseSample>(cmd: string, args: string[], runs: number, env: NodeJS.ProcessEnv = process.env): S | null {
  const samples: S[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26, env });
    if (r.status !== 0) {
      process.stderr.write(`  ${path.basename(cmd)} ${args.join(' ')} failed: ${r.stderr || r.error}\n`);
      return null;
    }
    samples.push(JSON.parse(r.stdout.trim().split('\n').pop()!) as S);
  }
  samples.sort((a, b) => a.ms - b.ms);
  const med = samples[Math.floor(samples.length / 2)]!;
  return { ...med, maxRSSKiB: Math.max(...samples.map((s) => s.maxRSSKiB)) };
}
