import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatDuration, formatCount, formatPercent } from '../../shared/format/duration';

describe('formatDuration', () => {
  it('keeps three significant digits and never drops integer zeros', () => {
    const cases: [number, string][] = [
      [0, '0ns'],
      [999, '999ns'],
      [1000, '1µs'],
      [1500, '1.5µs'],
      [100_000, '100µs'],
      [980_000, '980µs'],
      [12_345_678, '12.3ms'],
      [1_000_000_000, '1s'],
      [150_000_000_000, '2m30s'],
      [-2500, '-2.5µs'],
    ];
    for (const [ns, want] of cases) assert.equal(formatDuration(ns), want, `${ns}`);
  });
  it('counts and percentages', () => {
    assert.equal(formatCount(1234567), '1,234,567');
    assert.equal(formatPercent(1, 3), '33.3%');
    assert.equal(formatPercent(1, 0), '-');
  });
});
