// Shared helpers of the analysis tests.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: the first ancestor of this file (or of the cwd) holding test/analysis/data. */
export function repoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let d = start;
    for (;;) {
      if (fs.existsSync(path.join(d, 'test', 'analysis', 'data'))) return d;
      const up = path.dirname(d);
      if (up === d) break;
      d = up;
    }
  }
  throw new Error('cannot find the repository root (test/analysis/data)');
}

export function dataFile(name: string): string {
  return path.join(repoRoot(), 'test', 'analysis', 'data', name);
}
