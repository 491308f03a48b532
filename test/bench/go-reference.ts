// Go's own internal/trace, built for side-by-side benchmarks: the goread
// program (test/bench/goread/main.go) compiled inside a Go 1.27 GOROOT with
// an overlay, since internal/ packages are importable only from there.

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
