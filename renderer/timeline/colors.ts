// The timeline's palette: one colour per span state, waiting states by the
// family of their block reason, goroutine slices on P / M lanes by a stable
// hash of the goroutine. Colours are 0xRRGGBB numbers for PixiJS and CSS
// strings for the legend (the same values).

import { SpanState } from '../../shared/index/layout';

export const COLORS = {
  running: 0x3fae5a,
  runnable: 0xe8a33d,
  notStarted: 0xf2cf8e,
  gcWaiting: 0xd9b520,
  syscall: 0xd9534f,
  syscallBlocked: 0x9e2f2b,
  waitChan: 0x4a8fd9,
  waitSync: 0x9a6bd0,
  waitNet: 0x2fa6a0,
  waitSleep: 0x8b939c,
  waitSystem: 0x5b6470,
  waitGC: 0xc9a227,
  waitOther: 0x6d7f99,
  rangeGC: 0xd9b520,
  rangeSTW: 0xd0455d,
  rangeSweep: 0xb38f3a,
  rangeAssist: 0xe07b39,
  rangeOther: 0x9a8f5c,
  region: 0xd68fb8,
  task: 0x5aa9c9,
  instant: 0x6b7785,
  log: 0x2f8fdb,
  sample: 0xa0a8b0,
} as const;

export type ReasonFamily = 'chan' | 'sync' | 'net' | 'sleep' | 'system' | 'gc' | 'other';

const familyCache = new Map<string, ReasonFamily>();

/** The family of a block reason ("chan receive", "sync.(*Cond).Wait", "network", "sleep"...). */
export function reasonFamily(reason: string): ReasonFamily {
  let f = familyCache.get(reason);
  if (f !== undefined) return f;
  const r = reason.toLowerCase();
  if (r.includes('chan') || r.includes('select')) f = 'chan';
  else if (r.includes('sync') || r.includes('mutex') || r.includes('cond') || r.includes('sema') || r.includes('lock') || r.includes('wait group') || r.includes('waitgroup')) f = 'sync';
  else if (r.includes('network') || r.includes('io wait') || r.includes('poll') || r.includes('net')) f = 'net';
  else if (r.includes('sleep') || r.includes('timer')) f = 'sleep';
  else if (r.includes('gc') || r.includes('garbage') || r.includes('sweep') || r.includes('mark')) f = 'gc';
  else if (r.includes('system') || r.includes('forever') || r.includes('trace') || r.includes('finalizer') || r.includes('debug')) f = 'system';
  else f = 'other';
  familyCache.set(reason, f);
  return f;
}

export function waitColor(reason: string): number {
  switch (reasonFamily(reason)) {
    case 'chan': return COLORS.waitChan;
    case 'sync': return COLORS.waitSync;
    case 'net': return COLORS.waitNet;
    case 'sleep': return COLORS.waitSleep;
    case 'system': return COLORS.waitSystem;
    case 'gc': return COLORS.waitGC;
    default: return COLORS.waitOther;
  }
}

export function rangeColor(name: string): number {
  const n = name.toLowerCase();
  if (n.includes('stop-the-world') || n.includes('stw')) return COLORS.rangeSTW;
  if (n.includes('assist')) return COLORS.rangeAssist;
  if (n.includes('sweep')) return COLORS.rangeSweep;
  if (n.includes('gc') || n.includes('mark')) return COLORS.rangeGC;
  if (n.startsWith('syscall') || n.includes('syscall')) return COLORS.syscall;
  return COLORS.rangeOther;
}

/** Colour of a plain state (no reason known: merged blocks' shares, legend). */
export function stateColor(st: number): number {
  switch (st as SpanState) {
    case SpanState.Running: return COLORS.running;
    case SpanState.Runnable: return COLORS.runnable;
    case SpanState.NotStarted: return COLORS.notStarted;
    case SpanState.Waiting: return COLORS.waitOther;
    case SpanState.GCWaiting: return COLORS.gcWaiting;
    case SpanState.Syscall: return COLORS.syscall;
    case SpanState.SyscallBlocked: return COLORS.syscallBlocked;
    case SpanState.Range: return COLORS.rangeOther;
    case SpanState.Region: return COLORS.region;
    case SpanState.Task: return COLORS.task;
  }
  return 0x000000;
}

/** A stable colour for a goroutine (lane id hashed): hue spread, fixed saturation and lightness. */
const goColorCache = new Map<number, number>();
export function goroutineColor(lane: number): number {
  let c = goColorCache.get(lane);
  if (c !== undefined) return c;
  let h = Math.imul(lane ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  const hue = (h >>> 0) % 360;
  const light = 0.5 + (((h >>> 9) & 3) - 1.5) * 0.04;
  c = hsl(hue, 0.5, light);
  if (goColorCache.size > 100000) goColorCache.clear();
  goColorCache.set(lane, c);
  return c;
}

export function hsl(h: number, s: number, l: number): number {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return (Math.round(f(0) * 255) << 16) | (Math.round(f(8) * 255) << 8) | Math.round(f(4) * 255);
}

export function css(c: number): string {
  return `#${c.toString(16).padStart(6, '0')}`;
}

/** Darken (f < 1) or lighten (f > 1) a colour. */
export function shade(c: number, f: number): number {
  const ch = (v: number) => Math.max(0, Math.min(255, Math.round(f < 1 ? v * f : v + (255 - v) * (f - 1))));
  return (ch(c >> 16) << 16) | (ch((c >> 8) & 255) << 8) | ch(c & 255);
}

/** The legend, in display order. */
export const LEGEND: { label: string; color: number; title: string }[] = [
  { label: 'running', color: COLORS.running, title: 'Goroutine running on a P' },
  { label: 'runnable', color: COLORS.runnable, title: 'Ready, waiting for a P (scheduler latency)' },
  { label: 'not started', color: COLORS.notStarted, title: 'Created, never ran yet' },
  { label: 'chan / select', color: COLORS.waitChan, title: 'Blocked on a channel operation or select' },
  { label: 'sync', color: COLORS.waitSync, title: 'Blocked on a mutex, RWMutex, Cond, WaitGroup…' },
  { label: 'network', color: COLORS.waitNet, title: 'Blocked on network I/O' },
  { label: 'sleep', color: COLORS.waitSleep, title: 'time.Sleep, timers' },
  { label: 'system', color: COLORS.waitSystem, title: 'Runtime-internal waits (system goroutines)' },
  { label: 'other wait', color: COLORS.waitOther, title: 'Blocked for another or unknown reason' },
  { label: 'GC', color: COLORS.gcWaiting, title: 'GC: concurrent mark, GC waiting, mark assist' },
  { label: 'STW', color: COLORS.rangeSTW, title: 'Stop-the-world' },
  { label: 'syscall', color: COLORS.syscall, title: 'In a syscall (holding its P)' },
  { label: 'syscall blocked', color: COLORS.syscallBlocked, title: 'In a syscall after losing its P' },
  { label: 'region', color: COLORS.region, title: 'User region (runtime/trace.StartRegion)' },
  { label: 'task', color: COLORS.task, title: 'User task (runtime/trace.NewTask)' },
];
