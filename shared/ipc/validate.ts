// Checks the arguments of an API call before it reaches the services: both
// transports (Electron IPC, the browser-mode WebSocket) take input from a
// page, so every method's arguments are checked for type, range and size.
// Messages say which argument, what was expected and what was found.

import { APP_METHODS, type AppMethod } from './api';

export class ValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** openBytes: the largest trace accepted as bytes. */
export const MAX_OPEN_BYTES = 2 * 1024 * 1024 * 1024 - 1;
const MAX_PATH = 4096;
const MAX_NAME = 255;
const MAX_STRING = 4096;
/** Longest lane list in one request (a lane id itself may be any int32: traces can have millions of goroutines). */
const MAX_LANES = 1_000_000;
const MAX_COUNTERS = 256;
const MAX_PIXELS = 1_000_000;
const MAX_INT = 2 ** 31 - 1;
/** Longest capture accepted, in seconds. */
export const MAX_CAPTURE_SECONDS = 3600;

type Check = (v: unknown, where: string) => void;

function found(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'string') return v.length > 40 ? `a string of ${v.length} characters` : JSON.stringify(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  return typeof v === 'object' ? 'an object' : typeof v;
}

function fail(where: string, expected: string, v: unknown): never {
  throw new ValidationError(`${where}: expected ${expected}, found ${found(v)}`);
}

const finite = (min = -Infinity, max = Infinity): Check => (v, w) => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    fail(w, `a finite number${min > -Infinity ? ` ≥ ${min}` : ''}${max < Infinity ? ` and ≤ ${max}` : ''}`, v);
  }
};
const positive: Check = (v, w) => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(w, 'a finite number > 0', v);
};
const int = (min = 0, max = MAX_INT): Check => (v, w) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(w, `an integer from ${min} to ${max}`, v);
};
const bool: Check = (v, w) => {
  if (typeof v !== 'boolean') fail(w, 'true or false', v);
};
const str = (max: number, nonEmpty = false): Check => (v, w) => {
  if (typeof v !== 'string' || v.length > max || (nonEmpty && v.length === 0) || v.includes('\u0000')) {
    fail(w, `a${nonEmpty ? ' non-empty' : ''} string of at most ${max} characters without NUL`, v);
  }
};
const oneOf = (...values: string[]): Check => (v, w) => {
  if (typeof v !== 'string' || !values.includes(v)) fail(w, `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`, v);
};
const arrayOf = (item: Check, max: number): Check => (v, w) => {
  if (!Array.isArray(v) || v.length > max) fail(w, `an array of at most ${max} items`, v);
  for (let i = 0; i < v.length; i++) item(v[i], `${w}[${i}]`);
};
const bytes = (max: number): Check => (v, w) => {
  if (!(v instanceof Uint8Array) || v.byteLength > max) fail(w, `a Uint8Array of at most ${max} bytes`, v);
};
const captureSeconds: Check = (v, w) => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > MAX_CAPTURE_SECONDS) fail(w, `a number of seconds > 0 and ≤ ${MAX_CAPTURE_SECONDS}`, v);
};
const httpUrl: Check = (v, w) => {
  str(2048, true)(v, w);
  const m = /^(https?):\/\/[^/\s?#]+/i.exec(v as string);
  if (m === null) fail(w, 'an http:// or https:// URL', v);
};

/** An object with these keys (those marked optional may be absent); other keys are rejected. */
function obj(fields: Record<string, Check>, optional: string[] = [], also?: (o: Record<string, unknown>, w: string) => void): Check {
  return (v, w) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) fail(w, 'an object', v);
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!(k in fields)) throw new ValidationError(`${w}: unexpected key ${JSON.stringify(k)} (expected ${Object.keys(fields).join(', ')})`);
    }
    for (const [k, check] of Object.entries(fields)) {
      if (o[k] === undefined) {
        if (!optional.includes(k)) throw new ValidationError(`${w}.${k}: missing`);
        continue;
      }
      check(o[k], `${w}.${k}`);
    }
    also?.(o, w);
  };
}

const laneId = int(0, 2 ** 31 - 1);

const itemRef: Check = (v, w) => {
  const type = (v as { type?: unknown } | null)?.type;
  if (type === 'span') obj({ type: oneOf('span'), lane: laneId, point: int() })(v, w);
  else if (type === 'instant') obj({ type: oneOf('instant'), lane: laneId, instant: int() })(v, w);
  else fail(`${w}.type`, '"span" or "instant"', type);
};

const viewportRequest = obj(
  {
    lanes: arrayOf(laneId, MAX_LANES),
    t0: finite(),
    t1: finite(),
    nsPerPixel: positive,
    mergePx: finite(0, 10_000),
    counters: arrayOf(int(0, MAX_COUNTERS), MAX_COUNTERS),
    links: bool,
  },
  ['mergePx', 'counters', 'links'],
  (o, w) => {
    const t0 = o.t0 as number;
    const t1 = o.t1 as number;
    if (t1 < t0) throw new ValidationError(`${w}: expected t1 ≥ t0, found t0 ${t0} and t1 ${t1}`);
    const px = (t1 - t0) / (o.nsPerPixel as number);
    if (px > MAX_PIXELS) throw new ValidationError(`${w}: expected at most ${MAX_PIXELS} pixels ((t1 - t0) / nsPerPixel), found ${Math.round(px)}`);
  },
);

/** The filters of every analysis request (shared/ipc/analysis/common.ts). */
const ANALYSIS_FILTER: Record<string, Check> = {
  t0: finite(),
  t1: finite(),
  goroutines: arrayOf(int(0, Number.MAX_SAFE_INTEGER), MAX_LANES),
  group: str(MAX_STRING),
  region: str(MAX_STRING),
};
const ANALYSIS_FILTER_KEYS = Object.keys(ANALYSIS_FILTER);

// Each analysis view's request: its implementer owns its line.
const profileRequest = obj({ ...ANALYSIS_FILTER, type: oneOf('net', 'sync', 'syscall', 'sched', 'cpu', 'offcpu') }, ANALYSIS_FILTER_KEYS, (o, w) => {
  if (o.t0 !== undefined && o.t1 !== undefined && (o.t1 as number) < (o.t0 as number)) {
    throw new ValidationError(`${w}: expected t1 ≥ t0, found t0 ${o.t0 as number} and t1 ${o.t1 as number}`);
  }
});
const mmuRequest = obj(
  { perGoroutine: bool, stw: bool, background: bool, assist: bool, sweep: bool, windows: arrayOf(int(1, Number.MAX_SAFE_INTEGER), 1000), points: int(0, 1000), minWindow: int(1, Number.MAX_SAFE_INTEGER), maxWindow: int(1, Number.MAX_SAFE_INTEGER), quantiles: arrayOf(finite(0, 1), 8), window: int(1, Number.MAX_SAFE_INTEGER), worst: int(1, 100) },
  ['perGoroutine', 'stw', 'background', 'assist', 'sweep', 'windows', 'points', 'minWindow', 'maxWindow', 'quantiles', 'window', 'worst'],
);
const tasksRegionsRequest = obj({ kind: oneOf('tasks', 'regions'), type: str(MAX_STRING), pc: int(0, Number.MAX_SAFE_INTEGER), name: str(MAX_STRING), minDuration: finite(0), maxDuration: finite(0), bucket: int(0, 1000), logText: str(MAX_STRING), complete: bool, limit: int(0, 1_000_000) }, ['kind', 'type', 'pc', 'name', 'minDuration', 'maxDuration', 'bucket', 'logText', 'complete', 'limit']);
const goroutineAnalysisRequest = obj(
  {
    t0: finite(),
    t1: finite(),
    goroutines: ANALYSIS_FILTER.goroutines!,
    group: str(MAX_STRING),
    limit: int(0, MAX_LANES),
    sortBy: (v, w) => {
      const fixed = ['id', 'total', 'creation', 'start', 'end', 'exec', 'schedWait', 'syscall', 'syscallBlock', 'unknown'];
      if (typeof v !== 'string' || !(fixed.includes(v) || /^(block|range):/.test(v))) fail(w, `one of ${fixed.join(', ')}, block:REASON or range:NAME`, v);
      str(MAX_STRING)(v, w);
    },
    ascending: bool,
    ids: bool,
  },
  ['t0', 't1', 'goroutines', 'group', 'limit', 'sortBy', 'ascending', 'ids'],
  (o, w) => {
    if ((o.t0 === undefined) !== (o.t1 === undefined)) throw new ValidationError(`${w}: expected both t0 and t1 or neither`);
  },
);

const SIGNATURES: Record<AppMethod, { args: Check[]; optional?: number }> = {
  current: { args: [] },
  open: { args: [str(MAX_PATH, true)] },
  openDemo: { args: [] },
  openBytes: { args: [str(MAX_NAME, true), bytes(MAX_OPEN_BYTES)] },
  openDialog: { args: [] },
  capture: { args: [httpUrl, captureSeconds, str(MAX_PATH, true)], optional: 1 },
  cancelLoad: { args: [] },
  recent: { args: [] },
  settings: { args: [] },
  setSettings: { args: [obj({ editorUrl: str(2048) }, ['editorUrl'])] },
  summary: { args: [] },
  strings: { args: [int()] },
  lanes: {
    args: [
      obj(
        {
          kinds: arrayOf(str(64), 64),
          parent: int(-1),
          offset: int(),
          limit: int(),
          goroutines: obj({ sort: oneOf('id', 'blocked', 'function'), filter: str(MAX_STRING), only: arrayOf(laneId, MAX_LANES) }, ['sort', 'filter', 'only']),
        },
        ['kinds', 'parent', 'offset', 'limit', 'goroutines'],
      ),
    ],
  },
  viewport: { args: [viewportRequest] },
  hitTest: { args: [obj({ lane: laneId, time: finite(), tolerancePx: finite(0, 10_000), nsPerPixel: positive }, ['tolerancePx', 'nsPerPixel'])] },
  details: { args: [itemRef] },
  blocking: {
    args: [
      obj(
        {
          n: int(0, 100_000),
          groupBy: oneOf('none', 'reason', 'goroutine', 'function'),
          reason: str(MAX_STRING),
          goroutine: int(0, Number.MAX_SAFE_INTEGER),
          function: str(MAX_STRING),
          minDuration: finite(0),
          syscalls: bool,
          runtime: bool,
        },
        ['groupBy', 'reason', 'goroutine', 'function', 'minDuration', 'syscalls', 'runtime'],
      ),
    ],
  },
  search: { args: [obj({ query: str(MAX_STRING), limit: int(0, 100_000) }, ['limit'])] },
  rangeStats: { args: [obj({ t0: finite(), t1: finite(), lanes: arrayOf(laneId, MAX_LANES) }, ['lanes'])] },
  goroutineLanes: { args: [arrayOf(int(0, Number.MAX_SAFE_INTEGER), MAX_LANES)] },
  profile: { args: [profileRequest] },
  exportProfile: { args: [profileRequest, str(MAX_PATH, true)], optional: 1 },
  mmu: { args: [mmuRequest] },
  tasksRegions: { args: [tasksRegionsRequest] },
  goroutineAnalysis: { args: [goroutineAnalysisRequest] },
};

const METHODS = new Set<string>(APP_METHODS);

export function isAppMethod(m: unknown): m is AppMethod {
  return typeof m === 'string' && METHODS.has(m);
}

/** Throws ValidationError unless `method` is an API method and `args` fit its signature. */
export function validateCall(method: unknown, args: unknown): { method: AppMethod; args: unknown[] } {
  if (!isAppMethod(method)) {
    throw new ValidationError(`unknown method ${typeof method === 'string' ? JSON.stringify(method.slice(0, 64)) : found(method)} (expected one of ${APP_METHODS.join(', ')})`);
  }
  if (!Array.isArray(args)) fail(`${method}: arguments`, 'an array', args);
  const sig = SIGNATURES[method];
  const max = sig.args.length;
  const min = max - (sig.optional ?? 0);
  if (args.length < min || args.length > max) {
    throw new ValidationError(`${method}: expected ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, found ${args.length}`);
  }
  args.forEach((a, i) => {
    if (a === undefined && i >= min) return;
    sig.args[i]!(a, `${method}: argument ${i + 1}`);
  });
  return { method, args };
}
