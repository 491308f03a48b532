// Profile records → the flame graph's call tree (ProfileResponse's flat
// arrays): stacks root first, frames merged by function and file, nodes in
// depth-first preorder with the largest child first, each record's value and
// spans on the node where its stack ends.

import type { StackFrame } from '../../shared/trace/event';
import type { ProfileResponse } from '../../shared/ipc/analysis/profile';

/** One stack's contribution. */
export interface TreeRecord {
  /** A root-level node above the stack (the off-CPU view's reasons), or null. */
  prefix: string | null;
  /** Leaf first. */
  stack: readonly StackFrame[];
  value: number;
  count: number;
  /** Index times. */
  spans: readonly { g: number; t0: number; t1: number; value: number }[];
}

/** The tree part of the response (shared/ipc/analysis/profile.ts documents each column). */
export type ProfileTree = Pick<
  ProfileResponse,
  'strings' | 'parent' | 'end' | 'depth' | 'func' | 'file' | 'line' | 'synthetic' | 'total' | 'self' | 'count' | 'spanNode' | 'spanGoroutine' | 'spanT0' | 'spanT1' | 'spanValue'
>;

interface TmpNode {
  func: string;
  file: string;
  /** -1: the merged frames have different lines. */
  line: number;
  synthetic: boolean;
  total: number;
  self: number;
  count: number;
  children: Map<string, TmpNode>;
  spans: TreeRecord['spans'][number][];
}

function tmpNode(func: string, file: string, line: number, synthetic: boolean): TmpNode {
  return { func, file, line, synthetic, total: 0, self: 0, count: 0, children: new Map(), spans: [] };
}

function child(parent: TmpNode, func: string, file: string, line: number, synthetic: boolean): TmpNode {
  const key = (synthetic ? '\u0001' : '') + func + '\u0000' + file;
  let c = parent.children.get(key);
  if (c === undefined) {
    c = tmpNode(func, file, line, synthetic);
    parent.children.set(key, c);
  } else if (c.line !== line) {
    c.line = -1;
  }
  return c;
}

export function buildProfileTree(records: Iterable<TreeRecord>): ProfileTree {
  const root = tmpNode('', '', 0, false);
  let spans = 0;
  for (const r of records) {
    if (r.value <= 0 && r.count <= 0) continue;
    let n = root;
    const path: TmpNode[] = [root];
    if (r.prefix !== null) {
      n = child(n, r.prefix, '', 0, true);
      path.push(n);
    }
    for (let i = r.stack.length - 1; i >= 0; i--) {
      const f = r.stack[i]!;
      n = child(n, f.func, f.file, f.line, false);
      path.push(n);
    }
    for (const p of path) {
      p.total += r.value;
      p.count += r.count;
    }
    n.self += r.value;
    for (const s of r.spans) n.spans.push(s);
    spans += r.spans.length;
  }
  const countNodes = (t: TmpNode): number => {
    let c = 1;
    for (const ch of t.children.values()) c += countNodes(ch);
    return c;
  };
  const nodes = countNodes(root);

  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const str = (s: string): number => {
    let id = stringIds.get(s);
    if (id === undefined) {
      id = strings.length;
      strings.push(s);
      stringIds.set(s, id);
    }
    return id;
  };
  const t: ProfileTree = {
    strings,
    parent: new Int32Array(nodes),
    end: new Int32Array(nodes),
    depth: new Int32Array(nodes),
    func: new Int32Array(nodes),
    file: new Int32Array(nodes),
    line: new Int32Array(nodes),
    synthetic: new Uint8Array(nodes),
    total: new Float64Array(nodes),
    self: new Float64Array(nodes),
    count: new Float64Array(nodes),
    spanNode: new Int32Array(spans),
    spanGoroutine: new Float64Array(spans),
    spanT0: new Float64Array(spans),
    spanT1: new Float64Array(spans),
    spanValue: new Float64Array(spans),
  };
  let next = 0;
  let nextSpan = 0;
  // Iterative preorder: deep stacks (up to 128 frames, plus recursion) stay off the JS stack.
  const stack: { node: TmpNode; parent: number; depth: number }[] = [{ node: root, parent: -1, depth: 0 }];
  const open: number[] = [];
  while (stack.length > 0) {
    const { node, parent, depth } = stack.pop()!;
    while (open.length > 0 && t.depth[open[open.length - 1]!]! >= depth) t.end[open.pop()!] = next;
    const i = next++;
    open.push(i);
    t.parent[i] = parent;
    t.depth[i] = depth;
    const isRoot = parent < 0;
    t.func[i] = isRoot ? -1 : str(node.func);
    t.file[i] = isRoot ? -1 : str(node.file);
    t.line[i] = node.line < 0 ? 0 : node.line;
    t.synthetic[i] = node.synthetic ? 1 : 0;
    t.total[i] = node.total;
    t.self[i] = node.self;
    t.count[i] = node.count;
    node.spans.sort((a, b) => b.value - a.value || a.t0 - b.t0);
    for (const s of node.spans) {
      t.spanNode[nextSpan] = i;
      t.spanGoroutine[nextSpan] = s.g;
      t.spanT0[nextSpan] = s.t0;
      t.spanT1[nextSpan] = s.t1;
      t.spanValue[nextSpan] = s.value;
      nextSpan++;
    }
    const kids = [...node.children.values()].sort(
      (a, b) => b.total - a.total || b.count - a.count || (a.func < b.func ? -1 : a.func > b.func ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0),
    );
    // Pushed in reverse so the largest child comes first.
    for (let k = kids.length - 1; k >= 0; k--) stack.push({ node: kids[k]!, parent: i, depth: depth + 1 });
  }
  while (open.length > 0) t.end[open.pop()!] = next;
  return t;
}
