// The JSON writer's building blocks, against Go's encoding/json
// (expected strings printed by Go 1.27 with SetEscapeHTML(false)).

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { quote, compareStrings } from '../../shared/analysis/analyze-json';
import { DurationMap, EMPTY_DURATIONS } from '../../shared/analysis/durmap';

describe('quote = encoding/json string encoding', () => {
  const cases: [string, string][] = [
    ['plain', '"plain"'],
    ['a"b\\c\n\t\r\b\f\u0001\u001f', '"a\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001f"'],
    ['\u2028x\u2029', '"\\u2028x\\u2029"'],
    ['é😀', '"é😀"'],
    ['<&>', '"<&>"'],
    // Invalid UTF-8 in Go ("a\xffb") and lone surrogates here both become U+FFFD.
    ['a\ud800b', '"a\ufffdb"'],
  ];
  for (const [s, want] of cases) {
    it(JSON.stringify(s), () => assert.equal(quote(s), want));
  }
});

describe('compareStrings = strings.Compare (UTF-8 byte order)', () => {
  it('orders like Go', () => {
    const xs = ['b', 'a', '', 'ab', 'é', '😀', '\uffff', 'Z'];
    xs.sort(compareStrings);
    // In UTF-8, U+FFFF (EF BF BF) < U+1F600 (F0 9F 98 80); UTF-16 order would put the surrogate pair first.
    assert.deepEqual(xs, ['', 'Z', 'a', 'ab', 'b', 'é', '\uffff', '😀']);
  });
});

describe('DurationMap', () => {
  it('behaves like a Map with += and insertion order', () => {
    const m = new DurationMap();
    m.add('x', 0);
    m.add('y', 5);
    m.add('x', 3);
    m.set('z', 7);
    assert.equal(m.size, 3);
    assert.deepEqual([...m], [['x', 3], ['y', 5], ['z', 7]]);
    assert.equal(m.get('y'), 5);
    assert.equal(m.get('w'), undefined);
    const c = m.clone();
    assert.ok(m.delete('x'));
    assert.deepEqual([...m], [['y', 5], ['z', 7]]);
    assert.deepEqual([...c], [['x', 3], ['y', 5], ['z', 7]]);
    assert.ok(m.delete('z'));
    assert.ok(m.delete('y'));
    assert.equal(m.size, 0);
    assert.ok(!m.delete('y'));
    m.add('q', 1);
    assert.deepEqual([...m.toMap()], [['q', 1]]);
  });
  it('the shared empty map is read-only', () => {
    assert.throws(() => EMPTY_DURATIONS.add('a', 1));
    assert.equal(EMPTY_DURATIONS.size, 0);
  });
});
