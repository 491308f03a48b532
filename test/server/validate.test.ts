// Argument validation shared by the Electron IPC handler and the WebSocket
// server: good calls pass, wrong types, NaN, huge arrays, unknown keys and
// unknown methods are refused with messages naming the argument.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { APP_METHODS } from '../../shared/ipc/api';
import { validateCall, ValidationError } from '../../shared/ipc/validate';

const GOOD: Record<string, unknown[]> = {
  current: [],
  open: ['/tmp/x.trace'],
  openDemo: [],
  openBytes: ['x.trace', new Uint8Array(10)],
  openDialog: [],
  capture: ['http://localhost:6060/debug/pprof/trace', 5],
  cancelLoad: [],
  recent: [],
  settings: [],
  setSettings: [{ editorUrl: 'idea://open?file={file}&line={line}' }],
  summary: [],
  strings: [0],
  lanes: [{ kinds: ['goroutine'], offset: 0, limit: 100 }],
  viewport: [{ lanes: [0, 1, 2], t0: 0, t1: 1e6, nsPerPixel: 1000, counters: [0], links: true, mergePx: 3 }],
  hitTest: [{ lane: 3, time: 1000, tolerancePx: 4, nsPerPixel: 10 }],
  details: [{ type: 'span', lane: 1, point: 5 }],
  blocking: [{ n: 10, groupBy: 'reason', syscalls: false }],
  search: [{ query: 'g42', limit: 50 }],
  rangeStats: [{ t0: 0, t1: 100 }],
  goroutineLanes: [[1, 42]],
  profile: [{ type: 'sync', t0: 0, t1: 100, group: 'main.worker' }],
  exportProfile: [{ type: 'cpu' }, '/tmp/x.pb.gz'],
  mmu: [{ perGoroutine: true, stw: true, background: false, assist: true, sweep: true, points: 50, quantiles: [0.001, 0.01], window: 1000000, worst: 10 }],
  tasksRegions: [{ kind: 'regions', type: 'worker', pc: 4198400, name: 'work', minDuration: 1000, maxDuration: 1e6, bucket: 15, logText: 'done', complete: true, limit: 100 }],
  goroutineAnalysis: [{ goroutines: [1, 2], t0: 0, t1: 100, group: 'main.worker', sortBy: 'block:chan receive', ascending: true, limit: 100, ids: true }],
};

test('every method has a passing example', () => {
  for (const m of APP_METHODS) {
    assert.ok(GOOD[m], `no example for ${m}`);
    assert.doesNotThrow(() => validateCall(m, GOOD[m]), m);
  }
  assert.doesNotThrow(() => validateCall('capture', ['http://h:1/x', 1, '/tmp/out.trace']));
  assert.doesNotThrow(() => validateCall('details', [{ type: 'instant', lane: 0, instant: 3 }]));
});

const BAD: [unknown, unknown, RegExp][] = [
  ['nope', [], /unknown method "nope"/],
  ['__proto__', [], /unknown method/],
  [42, [], /unknown method/],
  ['current', [1], /expected 0 arguments, found 1/],
  ['open', [''], /argument 1: expected a non-empty string/],
  ['open', [17], /argument 1: expected a non-empty string.*found 17/],
  ['open', ['a\u0000b'], /without NUL/],
  ['openBytes', ['x', [1, 2, 3]], /argument 2: expected a Uint8Array/],
  ['capture', ['file:///etc/passwd', 5], /http:\/\/ or https:\/\/ URL/],
  ['capture', ['http://h/x', NaN], /argument 2: expected a number of seconds.*found NaN/],
  ['capture', ['http://h/x', 0], /seconds > 0/],
  ['strings', [-1], /argument 1: expected an integer/],
  ['strings', [1.5], /expected an integer/],
  ['viewport', [{ lanes: [0], t0: NaN, t1: 1, nsPerPixel: 1 }], /argument 1\.t0: expected a finite number, found NaN/],
  ['viewport', [{ lanes: [0], t0: 0, t1: 1, nsPerPixel: 0 }], /nsPerPixel: expected a finite number > 0/],
  ['viewport', [{ lanes: [0], t0: 5, t1: 1, nsPerPixel: 1 }], /t1 ≥ t0/],
  ['viewport', [{ lanes: [0], t0: 0, t1: 1e12, nsPerPixel: 1 }], /at most 1000000 pixels/],
  ['viewport', [{ lanes: new Array(1_000_001).fill(0), t0: 0, t1: 1, nsPerPixel: 1 }], /lanes: expected an array of at most 1000000/],
  ['viewport', [{ lanes: ['0'], t0: 0, t1: 1, nsPerPixel: 1 }], /lanes\[0\]: expected an integer/],
  ['viewport', [{ lanes: [0], t0: 0, t1: 1, nsPerPixel: 1, evil: 1 }], /unexpected key "evil"/],
  ['viewport', [{ t0: 0, t1: 1, nsPerPixel: 1 }], /\.lanes: missing/],
  ['viewport', [null], /expected an object, found null/],
  ['details', [{ type: 'other', lane: 0 }], /"span" or "instant"/],
  ['blocking', [{ n: 5, groupBy: 'color' }], /groupBy: expected one of/],
  ['search', [{ query: 'x'.repeat(5000) }], /at most 4096 characters/],
  ['lanes', ['all'], /expected an object/],
  ['setSettings', [{ editorUrl: 5 }], /editorUrl: expected a string/],
];

test('bad calls are refused, naming the argument and what was found', () => {
  for (const [m, args, re] of BAD) {
    assert.throws(() => validateCall(m, args), (e: unknown) => e instanceof ValidationError && re.test(e.message), `${String(m)} ${re}`);
  }
  assert.throws(() => validateCall('open', 'x'), /arguments: expected an array/);
});
