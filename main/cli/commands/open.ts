// `gotrace [TRACE | URL]`: the desktop app. Runs Electron on the compiled
// main process when its binary is installed; otherwise says so in one line
// and falls back to browser mode (serve). Never requires the `electron`
// package itself: its index.js tries to download the binary when missing.

import { spawn } from 'node:child_process';
import { tunedEnv } from '../../node/malloc-tuning';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../app/resources';
import { runServe } from './serve';

/** Electron's executable, or a reason it is not there. */
export function findElectron(env: NodeJS.ProcessEnv = process.env, root = packageRoot()): { path: string } | { missing: string } {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathTxt = path.join(pkg, 'path.txt');
  const rel = fs.existsSync(pathTxt) ? fs.readFileSync(pathTxt, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, rel ?? 'electron');
    return fs.existsSync(p) ? { path: p } : { missing: `ELECTRON_OVERRIDE_DIST_PATH names ${p}, which does not exist` };
  }
  if (rel === null) return { missing: `${path.relative(process.cwd(), pathTxt) || pathTxt} is missing` };
  const p = path.join(pkg, 'dist', rel);
  return fs.existsSync(p) ? { path: p } : { missing: `${path.relative(process.cwd(), path.join(pkg, 'dist')) || 'node_modules/electron/dist'} is missing` };
}

export async function runOpen(target: string | undefined): Promise<number> {
  const electron = findElectron();
  if ('missing' in electron) {
    process.stderr.write(`gotrace: Electron's binary is not installed (${electron.missing}); opening in your browser instead\n`);
    return runServe(target, { port: 0, open: true });
  }
  const mainJs = path.join(__dirname, '..', '..', 'electron', 'main.js');
  const args = [mainJs, ...(target !== undefined ? [isUrl(target) ? target : path.resolve(target)] : [])];
  const child = spawn(electron.path, args, { stdio: 'inherit', env: { ...tunedEnv(process.env), ELECTRON_RUN_AS_NODE: undefined } });
  return new Promise<number>((resolve) => {
    child.on('error', (e) => {
      process.stderr.write(`gotrace: cannot start Electron (${electron.path}): ${e.message}\n`);
      resolve(1);
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}
