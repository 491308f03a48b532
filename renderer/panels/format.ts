// Formatting and parsing helpers shared by the panels.

import { formatDuration } from '../../shared/format/duration';
import type { FrameInfo } from '../../shared/index/stacks';

export { formatDuration };

export const DEFAULT_EDITOR_URL = 'vscode://file/{file}:{line}';

const UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/**
 * Parses a duration as people type it: "1ms", "250µs", "250us", "2s", "1.5ms",
 * "1m30s" (Go's time.ParseDuration units). "" and "0" are 0. Null when invalid.
 */
export function parseDuration(text: string): number | null {
  const s = text.trim().replace(/\s+/g, '').toLowerCase();
  if (s === '' || s === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    total += Number(m[1]) * UNITS[m[2]!]!;
    pos = re.lastIndex;
  }
  if (pos !== s.length || pos === 0) return null;
  return Math.round(total);
}

/** A time on the trace (ns from its start) for people; exact ns in `formatTimeExact`. */
export function formatTime(ns: number): string {
  return formatDuration(ns);
}

/** "12,345,678 ns". */
export function formatTimeExact(ns: number): string {
  return `${Math.round(ns).toLocaleString('en-US')} ns`;
}

export function frameText(f: FrameInfo): string {
  return `${f.func}  ${f.file}:${f.line}`;
}

/** Frames leaf first, one per line, like Go's tracebacks (function, then file:line indented). */
export function stackText(frames: readonly FrameInfo[]): string {
  return frames.map((f) => `${f.func}\n\t${f.file}:${f.line}`).join('\n');
}

/** The first frame outside the runtime and the standard library's internals (where the user's code waited), else the leaf. */
export function userFrame(frames: readonly FrameInfo[]): FrameInfo | null {
  for (const f of frames) {
    if (!/^(runtime|internal\/|sync\.|sync\/atomic|time\.|net\.|os\.|syscall\.|internal\.|io\.)/.test(f.func)) return f;
  }
  return frames[0] ?? null;
}

/** The editor URL of a frame: {file} and {line} substituted ({file} URL-encoded per path segment). */
export function editorUrl(template: string, file: string, line: number): string {
  const t = template || DEFAULT_EDITOR_URL;
  const enc = file.split('/').map((p) => encodeURIComponent(p).replace(/%3A/gi, ':')).join('/');
  // "vscode://file/{file}" with "/home/me/x.go": one slash, not two.
  const t1 = enc.startsWith('/') ? t.replace(/([^/])\/\{file\}/g, '$1{file}') : t;
  return t1.replace(/\{file\}/g, enc).replace(/\{line\}/g, String(line));
}

export function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** "G42 main.worker (GC (dedicated))" → {id: 42, fn: 'main.worker'}; null for other lane names. */
export function parseGoroutineName(name: string): { id: number; fn: string } | null {
  const m = /^G(-?\d+)(?: (.*))?$/.exec(name);
  if (!m) return null;
  let fn = m[2] ?? '';
  if (fn.startsWith('(')) fn = '';
  else fn = fn.replace(/ \(.*\)$/, '');
  return { id: Number(m[1]), fn };
}

/** Goroutine states shown in tables, in order (SPAN_STATE_NAMES of goroutine lanes). */
export const GOROUTINE_STATES = ['running', 'runnable', 'not started', 'waiting', 'GC waiting', 'syscall', 'syscall blocked'] as const;

export function stateClass(state: string): string {
  return `gp-state-${state.replace(/\s+/g, '-').toLowerCase()}`;
}

export function sumValues(o: Record<string, number>): number {
  let s = 0;
  for (const v of Object.values(o)) s += v;
  return s;
}
