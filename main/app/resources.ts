// Where the app's shipped files are: the package root (found by walking up
// from the compiled file, so any build directory works) or, in a packaged
// Electron app, its resources directory.

import * as fs from 'node:fs';
import * as path from 'node:path';

export function packageRoot(from = __dirname): string {
  for (let dir = from; ; ) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        if ((JSON.parse(fs.readFileSync(pj, 'utf8')) as { name?: string }).name === 'gotrace-viewer') return dir;
      } catch {
        // not ours; keep looking
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(from, '..', '..', '..');
    dir = up;
  }
}

/** The demo trace: resourcesPath/demo.trace in a packaged app (electron-builder.yml extraResources), else assets/demo.trace. */
export function demoTracePath(): string {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) {
    for (const p of [path.join(resources, 'demo.trace'), path.join(resources, 'assets', 'demo.trace')]) if (fs.existsSync(p)) return p;
  }
  return path.join(packageRoot(), 'assets', 'demo.trace');
}
