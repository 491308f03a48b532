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
