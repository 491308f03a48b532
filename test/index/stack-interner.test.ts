// StackInterner (shared/index/stacks.ts) interns frames by content: its
// per-PC shortcut must find a PC's frame again in a later generation, yet
// never hand a PC's old frame to a PC that now names another function, file
// or line (a hand-made trace, or a new binary's PCs, can do that).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { StackInterner, stackFrames } from '../../shared/index/stacks';
import { StringInterner } from '../../shared/index/strings';

test('a PC seen again with the same frame gets the same id; with another frame, a new one', () => {
  const strings = new StringInterner();
  const st = new StackInterner(strings);
  const a = st.internFrame(0x401000, 'main.main', '/src/main.go', 10);
  assert.equal(st.internFrame(0x401000, 'main.main', '/src/main.go', 10), a);
  // The same PC with each part changed in turn, then back to the first frame.
  const line = st.internFrame(0x401000, 'main.main', '/src/main.go', 11);
  const func = st.internFrame(0x401000, 'main.other', '/src/main.go', 11);
  const file = st.internFrame(0x401000, 'main.other', '/src/other.go', 11);
  assert.equal(new Set([a, line, func, file]).size, 4);
  assert.equal(st.internFrame(0x401000, 'main.main', '/src/main.go', 10), a);
  assert.equal(st.internFrame(0x401000, 'main.other', '/src/main.go', 11), func);

  const s = st.internStack([file, a]);
  assert.equal(st.internStack([file, a]), s);
  const t = st.finish();
  assert.deepEqual(
    stackFrames(t, strings.list, s).map((f) => `${f.func} ${f.file}:${f.line}`),
    ['main.other /src/other.go:11', 'main.main /src/main.go:10'],
  );
});

test('stacks are interned by their exact frame sequence, across table growth', () => {
  const st = new StackInterner(new StringInterner());
  const frames = Array.from({ length: 64 }, (_, i) => st.internFrame(0x1000 + i, `f${i}`, 'x.go', i));
  // Prefixes, suffixes, reversals and repeats of one another: all distinct stacks.
  const stacks: number[][] = [];
  for (let a = 0; a < 64; a++) {
    for (let len = 1; len <= 6; len++) {
      const s = Array.from({ length: len }, (_, k) => frames[(a + k * 7) % 64]!);
      stacks.push(s, [...s].reverse(), [...s, s[0]!]);
    }
  }
  const keys = new Map<string, number>();
  const ids = stacks.map((s) => st.internStack(s));
  stacks.forEach((s, i) => {
    const k = s.join(',');
    const seen = keys.get(k);
    if (seen === undefined) keys.set(k, ids[i]!);
    else assert.equal(ids[i], seen, `stack ${k} interned twice`);
  });
  assert.equal(new Set(ids).size, keys.size, 'distinct frame sequences get distinct ids');
  assert.ok(keys.size > 1024, 'enough stacks to grow the table');
  // Looked up again after all the growth: the same ids; the empty stack is 0.
  stacks.forEach((s, i) => assert.equal(st.internStack([...s]), ids[i]));
  assert.equal(st.internStack([]), 0);
  const t = st.finish();
  stacks.forEach((s, i) => assert.deepEqual(Array.from(t.stackFrames.subarray(t.stackStart[ids[i]!]!, t.stackStart[ids[i]! + 1]!)), s));
});
