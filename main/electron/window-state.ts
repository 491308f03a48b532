// The main window's size, position and maximized state, remembered in
// userData/window-state.json, and put back only where a display still is.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';
import { writeFileAtomic } from '../node/write-file';

export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

const DEFAULT: WindowState = { width: 1400, height: 900, maximized: false };

/** The saved state, dropping a position that lies on no display (`workAreas`: the displays' work areas now). */
export function loadWindowState(dir: string, workAreas: Rectangle[]): WindowState {
  let s: Partial<WindowState>;
  try {
    s = JSON.parse(fs.readFileSync(path.join(dir, 'window-state.json'), 'utf8')) as Partial<WindowState>;
  } catch {
    return { ...DEFAULT };
  }
  const num = (v: unknown, min: number, max: number) => (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? Math.round(v) : undefined);
  const out: WindowState = {
    width: num(s.width, 400, 20000) ?? DEFAULT.width,
    height: num(s.height, 300, 20000) ?? DEFAULT.height,
    maximized: s.maximized === true,
  };
  const x = num(s.x, -50000, 50000);
  const y = num(s.y, -50000, 50000);
  if (x !== undefined && y !== undefined) {
    // Visible when its top-left 100x50 px (the title bar) is on some display.
    const visible = workAreas.some((a) => x + 100 > a.x && x < a.x + a.width && y + 50 > a.y && y < a.y + a.height);
    if (visible) Object.assign(out, { x, y });
  }
  return out;
}

/** Saves the window's state whenever it is about to close. */
export function trackWindowState(win: BrowserWindow, dir: string): void {
  win.on('close', () => {
    const b = win.getNormalBounds();
    const s: WindowState = { width: b.width, height: b.height, x: b.x, y: b.y, maximized: win.isMaximized() };
    try {
      fs.mkdirSync(dir, { recursive: true });
      writeFileAtomic(path.join(dir, 'window-state.json'), JSON.stringify(s) + '\n', 0o600);
    } catch {
      // losing the window position is not worth an error dialog
    }
  });
}
