// Writing our own files (profiles, settings, window state) without ever
// leaving a half-written one, and never over a trace.

import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes data to a temporary file in dest's folder, then renames it over
 * dest: readers see the old file or the new one, never a part. `mode`
 * applies to a newly created file (0o600 for private settings).
 */
export function writeFileAtomic(dest: string, data: string | Uint8Array, mode = 0o644): void {
  const dir = path.dirname(path.resolve(dest));
  const tmp = path.join(dir, `.${path.basename(dest)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    fs.writeFileSync(tmp, data, { flag: 'wx', mode });
    fs.renameSync(tmp, dest);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Whether two paths name the same file (same path, or the same inode through links). */
export function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}
