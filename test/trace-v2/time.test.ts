// Time conversion exactly as Go's Time(float64(ts) * freq), exact above 2^53,
// and the ClockSnapshot wall clock as Go's RFC3339Nano.

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { Clock, float64ToInt64, mulAbs, mulDelta } from '../../shared/trace/clock';
import { absTimeString } from '../../shared/trace/event';
import { u64FromBig } from '../../shared/trace/u64';
import { formatWallRFC3339Nano } from '../../shared/trace/wallclock';

/** Go's Time(float64(ts) * freq), computed independently with exact rational arithmetic on the doubles. */
function goMul(ts: bigint, freq: number): bigint {
  const p = Number(ts) * freq; // float64(ts) rounds to nearest even in both languages
  if (!(p < 2 ** 63 && p >= -(2 ** 63))) return -(1n << 63n);
  return BigInt(Math.trunc(p));
}

describe('clock conversion', () => {
  const freq64 = 1.0 / (15625000 / 1e9); // Linux: exactly 64 ns per tick
  const freqWin = 1.0 / (2900000007 / 1e9); // an estimated cputicks frequency

  it('computes Go frequency the same way', () => {
    assert.equal(freq64, 64);
  });

  it('is exact for timestamps whose nanoseconds exceed 2^53', () => {
    const ticks = (1n << 52n) + 12345n; // 2^58 ns: exact ticks, nanoseconds far above 2^53
    assert.equal(mulAbs(u64FromBig(ticks), freq64), ticks * 64n);
    const clock = new Clock(ticks * 64n - 1000n);
    assert.equal(clock.mulRel(u64FromBig(ticks), freq64), 1000);
    assert.equal(clock.mulRel(u64FromBig(ticks + 1n), freq64), 1064);
  });

  it('truncates toward zero after one float64 multiply (non-integer frequencies)', () => {
    for (const ts of [1n, 3n, 1000003n, 123456789012345n, (1n << 53n) + 1n, (1n << 62n) + 7n]) {
      assert.equal(mulAbs(u64FromBig(ts), freqWin), goMul(ts, freqWin), `ts=${ts}`);
    }
    assert.equal(mulDelta(3, freqWin), Math.trunc(3 * freqWin));
    // float64(ts) rounds like Go's uint64 -> float64 conversion above 2^53.
    const big = (1n << 54n) + 12345n;
    assert.equal(mulAbs(u64FromBig(big), freq64), ((1n << 54n) + 12344n) * 64n);
  });

  it('maps NaN and out-of-range products to math.MinInt64 (amd64)', () => {
    assert.equal(float64ToInt64(NaN), -(1n << 63n));
    assert.equal(float64ToInt64(2 ** 63), -(1n << 63n));
    assert.equal(float64ToInt64(Infinity), -(1n << 63n));
    assert.equal(float64ToInt64(-(2 ** 63)), -(1n << 63n));
    assert.equal(float64ToInt64(2 ** 62), 1n << 62n);
  });

  it('prints absolute times exactly', () => {
    const base = (1n << 60n) + 3n;
    assert.equal(absTimeString(base, 0), base.toString());
    assert.equal(absTimeString(base, 1), (base + 1n).toString());
    assert.equal(absTimeString(399269052544n, 91136), '399269143680');
  });
});

describe('wall clock (time.Unix(sec, nsec).Format(time.RFC3339Nano))', () => {
  // Expected values printed by Go 1.27 with TZ=UTC.
  const CASES: [bigint, bigint, string][] = [
    [0n, 0n, '1970-01-01T00:00:00Z'],
    [1795671379n, 891761410n, '2026-11-26T05:36:19.89176141Z'],
    [1795671379n, 100n, '2026-11-26T05:36:19.0000001Z'],
    [1795671379n, 0n, '2026-11-26T05:36:19Z'],
    [-1n, 5n, '1969-12-31T23:59:59.000000005Z'],
    [253402300799n, 999999999n, '9999-12-31T23:59:59.999999999Z'],
    [253402300800n, 0n, '10000-01-01T00:00:00Z'],
    [-62135596800n, 0n, '0001-01-01T00:00:00Z'],
    [-62135596801n, 1n, '0000-12-31T23:59:59.000000001Z'],
    [1740755049n, 123n, '2025-02-28T15:04:09.000000123Z'],
    [1n, 2000000001n, '1970-01-01T00:00:03.000000001Z'],
    [1n, -1n, '1970-01-01T00:00:00.999999999Z'],
  ];
  const u = (x: bigint) => u64FromBig(BigInt.asUintN(64, x));
  for (const [sec, nsec, want] of CASES) {
    it(want, () => {
      const saved = process.env.TZ;
      process.env.TZ = 'UTC';
      try {
        assert.equal(formatWallRFC3339Nano(u(sec), u(nsec)), want);
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    });
  }
});
