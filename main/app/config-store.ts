// The app's small persistent state — recent files and settings — as JSON
// files in a config directory ($XDG_CONFIG_HOME/gotrace-viewer, else
// ~/.config/gotrace-viewer; Electron passes its userData directory).
// Writes are atomic (temporary file + rename); unreadable files count as empty.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AppSettings } from '../../shared/ipc/api';
import { writeFileAtomic } from '../node/write-file';

export const MAX_RECENT = 10;
export const DEFAULT_SETTINGS: AppSettings = { editorUrl: 'vscode://file/{file}:{line}' };

export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.config');
  return path.join(base, 'gotrace-viewer');
}

export class ConfigStore {
  constructor(readonly dir: string) {}

  recent(): string[] {
    const v = this.read('recent.json');
    const list = (v as { recent?: unknown } | null)?.recent;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string').slice(0, MAX_RECENT) : [];
  }

  addRecent(file: string): string[] {
    const list = [file, ...this.recent().filter((f) => f !== file)].slice(0, MAX_RECENT);
    this.write('recent.json', { recent: list });
    return list;
  }

  settings(): AppSettings {
    const v = this.read('settings.json') as Partial<AppSettings> | null;
    const s = { ...DEFAULT_SETTINGS };
    if (v && typeof v.editorUrl === 'string') s.editorUrl = v.editorUrl;
    return s;
  }

  setSettings(patch: Partial<AppSettings>): AppSettings {
    const s = { ...this.settings() };
    if (typeof patch.editorUrl === 'string') s.editorUrl = patch.editorUrl;
    this.write('settings.json', s);
    return s;
  }

  private read(name: string): unknown {
    try {
      return JSON.parse(fs.readFileSync(path.join(this.dir, name), 'utf8'));
    } catch {
      return null;
    }
  }

  private write(name: string, value: unknown): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(path.join(this.dir, name), JSON.stringify(value, null, 1) + '\n', 0o600);
  }
}
