// The MMU curve math (gc.go's NewMMUCurve, MMU, Examples, MUD and mud.go)
// against values computed by Go 1.27's own code on synthetic utilization
// series (test/analysis/data/mmu-go.json, made by test/analysis/data/mmugen:
// gc.go's MMU half and mud.go, copied verbatim).

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { MMUCurve, mmuTesting, type MutatorUtil } from '../../shared/analysis/gc';
import { Mud } from '../../shared/analysis/mud';
import { dataFile } from './helpers';

interface GoCase {
  name: string;
  bands: number;
  util: [number, number][][];
  windows: number[];
  mmu: number[];
  examples: [number, number][][];
  quantiles: number[];
  mud: number[][];
}

const cases = JSON.parse(fs.readFileSync(dataFile('mmu-go.json'), 'utf8')) as GoCase[];

function curveOf(c: GoCase): MMUCurve {
  const util: MutatorUtil[][] = c.util.map((s) => s.map(([time, util]) => ({ time, util })));
  const old = mmuTesting.bandsPerSeries;
  mmuTesting.bandsPerSeries = c.bands;
  try {
    return new MMUCurve(util);
  } finally {
    mmuTesting.bandsPerSeries = old;
  }
}

describe('MMU curve equals Go (gc.go)', () => {
  for (const c of cases) {
    it(`${c.name}: MMU(window) bit for bit`, () => {
      const curve = curveOf(c);
      c.windows.forEach((w, i) => {
        assert.equal(curve.mmu(w), c.mmu[i], `MMU(${w})`);
      });
    });
    it(`${c.name}: Examples(window, 5)`, () => {
      const curve = curveOf(c);
      c.windows.forEach((w, i) => {
        const got = curve.examples(w, 5).map((x) => [x.time, x.mutatorUtil]);
        assert.deepEqual(got, c.examples[i], `Examples(${w})`);
      });
    });
    it(`${c.name}: MUD(window, quantiles)`, () => {
      const curve = curveOf(c);
      c.windows.forEach((w, i) => {
        assert.deepEqual(curve.mud(w, c.quantiles), c.mud[i], `MUD(${w})`);
      });
    });
  }

  it("Go's TestMMU expectations", () => {
    // MU
    // 1.0  *****   *****   *****
    // 0.5      *   *   *   *
    // 0.0      *****   *****
    //      0   1   2   3   4   5
    const curve = new MMUCurve([
      [
        { time: 0e9, util: 1 },
        { time: 1e9, util: 0 },
        { time: 2e9, util: 1 },
        { time: 3e9, util: 0 },
        { time: 4e9, util: 1 },
        { time: 5e9, util: 0 },
      ],
    ]);
    const aeq = (x: number, y: number): boolean => {
      const factor = 1 - Math.pow(10, -8 + 1);
      return x * factor <= y && y * factor <= x;
    };
    const tests: [number, number, number[]][] = [
      [0, 0, []],
      [1e6, 0, [0, 0]],
      [1e9, 0, [0, 0]],
      [2e9, 0.5, [0.5, 0.5]],
      [3e9, 1 / 3.0, [1 / 3.0]],
      [4e9, 0.5, [0.5]],
      [5e9, 3 / 5.0, [3 / 5.0]],
      [6e9, 3 / 5.0, [3 / 5.0]],
    ];
    for (const [window, want, worst] of tests) {
      const got = curve.mmu(window);
      assert.ok(aeq(want, got), `for ${window} window, want mu = ${want}, got ${got}`);
      assert.deepEqual(
        curve.examples(window, 2).map((w) => w.mutatorUtil),
        worst,
      );
    }
  });
});

describe('mud (mud.go)', () => {
  // Go's TestMUD, with a deterministic generator instead of math/rand.
  it('histogram mass and inverse cumulative sums are consistent', () => {
    let seed = 42;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const aeq = (x: number, y: number): boolean => {
      const factor = 1 - Math.pow(10, -8 + 1);
      return x * factor <= y && y * factor <= x;
    };
    let mass = 0;
    const mud = new Mud();
    for (let i = 0; i < 100; i++) {
      const area = rnd();
      const l = rnd();
      let r = rnd();
      if (Math.floor(rnd() * 10) === 0) r = l;
      mud.add(l, r, area);
      mass += area;
      let hmass = 0;
      for (const v of mud.hist) hmass += v;
      assert.ok(aeq(mass, hmass), `want mass ${mass}, got ${hmass}`);
      for (let j = 0; j < mass; j += mass * 0.099) {
        mud.setTrackMass(j);
        const [lo, hi, ok] = mud.approxInvCumulativeSum();
        const [inv, ok2] = mud.invCumulativeSum(j);
        assert.ok(ok && ok2);
        assert.ok(lo <= inv && inv < hi, `inverse(${j}) = ${inv}, not in [${lo}, ${hi})`);
      }
    }
  });
});
