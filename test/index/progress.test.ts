// Readers' progress estimates (what the index build reports every 100 ms):
// within [0, 1], never going back, 1 at the end, and moving with the events
// inside a generation (a v2 generation is read whole before its first event).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { newReader } from '../../shared/trace/reader';
import { loadTraceFile } from '../../main/node/load-trace';
import { FIXTURES } from '../lib/fixtures';

for (const name of ['manyg-go1.27.trace', 'cpuprof-go1.27-multigen.trace', 'gcchurn-go1.22.trace', 'manyg-go1.21.trace', 'contention-go1.15.trace']) {
  test(`reader progress moves with the events: ${name}`, () => {
    const { data } = loadTraceFile(path.join(FIXTURES, 'traces', name));
    const n = (() => {
      const r = newReader(data);
      let k = 0;
      while (r.readEvent() !== null) k++;
      return k;
    })();
    const r = newReader(data);
    let prev = 0;
    let mid = -1;
    for (let k = 0; ; k++) {
      const p = r.progress();
      assert.ok(p >= 0 && p <= 1, `progress ${p} in [0, 1]`);
      assert.ok(p >= prev - 1e-12, `progress goes back at event ${k}: ${prev} → ${p}`);
      prev = p;
      if (k === Math.floor(n / 2)) mid = p;
      if (r.readEvent() === null) break;
    }
    assert.equal(r.progress(), 1);
    assert.ok(mid > 0.15 && mid < 0.85, `halfway through the events, progress ${mid.toFixed(3)} is near the middle`);
  });
}
