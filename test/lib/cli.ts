// Runs the real `gotrace` CLI (the compiled build) as a user would.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO } from './fixtures';

export const CLI = path.join(REPO, 'bin', 'gotrace.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], timeoutMs = 60_000): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 30 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
