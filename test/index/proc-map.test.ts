// ProcMap: the builder's per-P state, dense for real P ids (and -1), a Map for the rest.

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { ProcMap } from '../../main/index/proc-map';

describe('ProcMap', () => {
  it('answers -1 for absent P ids, dense or not', () => {
    const m = new ProcMap();
    for (const p of [-1, 0, 7, 1023, 1024, 5000, -2, 2 ** 40]) assert.equal(m.get(p), -1, `P ${p}`);
  });

  it('keeps, replaces and deletes values of dense, "no P" and sparse ids alike', () => {
    const m = new ProcMap();
    const ids = [-1, 0, 3, 1023, 1024, 70000, -5, 2 ** 40];
    ids.forEach((p, i) => m.set(p, i * 10));
    ids.forEach((p, i) => assert.equal(m.get(p), i * 10, `P ${p}`));
    m.set(3, 0);
    assert.equal(m.get(3), 0, 'a value of 0 is a value');
    for (const p of ids) m.delete(p);
    for (const p of ids) assert.equal(m.get(p), -1, `P ${p} deleted`);
  });

  it('finds which values are held (the builder frees a slot only when no P names it)', () => {
    const m = new ProcMap();
    m.set(2, 11);
    m.set(5000, 12);
    m.set(-1, 13);
    assert.ok(m.hasValue(11) && m.hasValue(12) && m.hasValue(13));
    assert.ok(!m.hasValue(14) && !m.hasValue(0) && !m.hasValue(-1));
    m.delete(2);
    m.delete(5000);
    m.delete(-1);
    assert.ok(!m.hasValue(11) && !m.hasValue(12) && !m.hasValue(13));
  });
});
