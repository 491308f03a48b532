// What the fixtures' reference JSON does not cover, against Go 1.27's own
// internal/trace (data/oracle.json, made by data/oracle/gen.sh): the
// mutator utilization functions for every flag combination of cmd/trace's
// MMU page (system and per-proc, with and without sweep), their MMU,
// Examples and MUD on real traces, and RelatedGoroutinesV2.

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decompressIfGzip } from '../../shared/trace/decompress';
import { analyzeData } from '../../shared/analysis/analyze-json';
import { utilFlagNames, type UtilFlags } from '../../shared/analysis/gc';
import { FIXTURES } from '../lib/fixtures';
import { dataFile } from './helpers';

interface MMUOut {
  panic?: string;
  series: [number, number][][] | null;
  mmu: Record<string, number>;
  examples: Record<string, [number, number][] | null>;
  mud: Record<string, number[]>;
}

interface Out {
  error?: string;
  mmu: Record<string, MMUOut>;
  related: Record<string, number[]>;
}

const oracle = JSON.parse(fs.readFileSync(dataFile('oracle.json'), 'utf8')) as Record<string, Out>;

function flagsOf(name: string): UtilFlags {
  if (name === 'none') return 0;
  return name.split('|').reduce((f, n) => f | utilFlagNames[n]!, 0);
}

describe('MMU for every flag set, Examples, MUD and RelatedGoroutinesV2 equal Go (data/oracle.json)', () => {
  for (const [rel, want] of Object.entries(oracle)) {
    if (want.error !== undefined) continue;
    it(rel, () => {
      const { data } = decompressIfGzip(new Uint8Array(fs.readFileSync(path.join(FIXTURES, rel))));
      const flagSets = Object.keys(want.mmu).map(flagsOf);
      const result = analyzeData(data, { mmuFlags: flagSets, relatedGoroutines: true });
      const first = result.firstTime ?? 0;
      for (const [name, w] of Object.entries(want.mmu)) {
        const got = result.mmu.get(flagsOf(name))!;
        const at = `${rel} flags ${name}`;
        if (w.panic !== undefined) {
          assert.equal(got.panic, w.panic, `${at}: Go panicked`);
          continue;
        }
        assert.equal(got.panic, null, `${at}: we panicked (${got.panic})`);
        const series = got.util!.map((s) => s.map((u) => [u.time - first, u.util]));
        assert.deepEqual(series, w.series ?? [], `${at}: utilization functions`);
        if (Object.keys(w.mmu).length === 0) {
          assert.equal(got.curve, null, `${at}: no curve`);
          continue;
        }
        const curve = got.curve!;
        for (const [win, v] of Object.entries(w.mmu)) {
          const window = Number(win);
          assert.equal(curve.mmu(window), v, `${at}: MMU(${win})`);
          const ex = curve.examples(window, 5).map((x) => [x.time - first, x.mutatorUtil]);
          assert.deepEqual(ex, w.examples[win] ?? [], `${at}: Examples(${win})`);
          assert.deepEqual(curve.mud(window, [0, 1 - 0.999, 1 - 0.99, 1 - 0.95]), w.mud[win], `${at}: MUD(${win})`);
        }
      }
      for (const [g, related] of Object.entries(want.related)) {
        const got = [...result.unblockEdges!.relatedGoroutines(Number(g))].sort((a, b) => a - b);
        assert.deepEqual(got, related, `${rel}: RelatedGoroutinesV2(${g})`);
      }
    });
  }
});
