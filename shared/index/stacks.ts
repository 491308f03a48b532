// Stacks interned globally by their frames. Stack IDs in a trace are per
// generation, so the builder maps (generation table, stack id) to a global id
// through a per-generation cache, and two generations' identical stacks share
// one entry. Frames are interned by (pc, func, file, line).
//
// Layout (see StackTableData): frames as columns; a stack is the range
// stackFrames[stackStart[s], stackStart[s+1]) of frame ids, leaf first.
// Global stack id 0 is the empty stack ("no stack").

import { GrowableColumn, f64, i32 } from './columns';
import type { StringInterner } from './strings';

export interface StackTableData {
  framePC: Float64Array;
  frameFunc: Int32Array;
  frameFile: Int32Array;
  frameLine: Int32Array;
  /** n+1 offsets into stackFrames (stack 0 is empty). */
  stackStart: Int32Array;
  stackFrames: Int32Array;
}

export interface FrameInfo {
  pc: number;
  func: string;
  file: string;
  line: number;
}

export class StackInterner {
  private readonly framePC = f64();
  private readonly frameFunc = i32();
  private readonly frameFile = i32();
  private readonly frameLine = i32();
  private readonly frameIds = new Map<string, number>();
  /**
   * The frame last interned for each PC. A PC names the same frame in every
   * generation of a trace, so a new generation's frames are found here with
   * three comparisons, not a key string built and hashed (a trace of 539
   * generations re-interned its 104,287 PCs).
   */
  private readonly byPC = new Map<number, number>();
  private readonly stackStart: GrowableColumn<Int32Array> = i32();
  private readonly stackFrames = i32();
  /**
   * Stacks by their frames: an open-addressing table of stack id + 1 (0:
   * empty slot), hashed over the frame ids. Every generation re-interns the
   * stacks it uses, so a key string per lookup made garbage and hashing work
   * on traces of hundreds of generations.
   */
  private stackSlots = new Int32Array(1 << 10);

  constructor(private readonly strings: StringInterner) {
    this.stackStart.push(0);
    this.stackStart.push(0); // stack 0: empty
  }

  internFrame(pc: number, func: string, file: string, line: number): number {
    const prev = this.byPC.get(pc);
    if (prev !== undefined && this.frameLine.data[prev] === line) {
      const names = this.strings.list;
      if (names[this.frameFunc.data[prev]!] === func && names[this.frameFile.data[prev]!] === file) return prev;
    }
    const key = `${pc}|${line}|${func}|${file}`;
    let id = this.frameIds.get(key);
    if (id === undefined) {
      id = this.framePC.push(pc);
      this.frameFunc.push(this.strings.intern(func));
      this.frameFile.push(this.strings.intern(file));
      this.frameLine.push(line);
      this.frameIds.set(key, id);
    }
    this.byPC.set(pc, id);
    return id;
  }

  /** Interns a stack given as frame ids, leaf first. */
  internStack(frames: readonly number[]): number {
    const n = frames.length;
    if (n === 0) return 0;
    const slots = this.stackSlots;
    const mask = slots.length - 1;
    const start = this.stackStart.data;
    const all = this.stackFrames.data;
    let i = hashFrames(frames) & mask;
    for (let e = slots[i]!; e !== 0; i = (i + 1) & mask, e = slots[i]!) {
      const s0 = start[e - 1]!;
      if (start[e]! - s0 !== n) continue;
      let k = 0;
      while (k < n && all[s0 + k] === frames[k]) k++;
      if (k === n) return e - 1;
    }
    const id = this.stackStart.length - 1;
    for (const f of frames) this.stackFrames.push(f);
    this.stackStart.push(this.stackFrames.length);
    slots[i] = id + 1;
    // At most half full (stacks 1..id are in it).
    if (2 * (id + 1) > slots.length) this.rehash(2 * slots.length);
    return id;
  }

  private rehash(size: number): void {
    const slots = new Int32Array(size);
    const mask = size - 1;
    const start = this.stackStart.data;
    const all = this.stackFrames.data;
    const n = this.stackStart.length - 1;
    for (let s = 1; s < n; s++) {
      let i = hashRange(all, start[s]!, start[s + 1]!) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = s + 1;
    }
    this.stackSlots = slots;
  }

  /** Function name id of the stack's outermost frame (Go's goroutine "name"), or -1. */
  outermostFunc(stack: number): number {
    const end = this.stackStart.get(stack + 1);
    if (end === this.stackStart.get(stack)) return -1;
    return this.frameFunc.get(this.stackFrames.get(end - 1));
  }

  finish(): StackTableData {
    this.frameIds.clear();
    this.byPC.clear();
    this.stackSlots = new Int32Array(1);
    return {
      framePC: this.framePC.finish(),
      frameFunc: this.frameFunc.finish(),
      frameFile: this.frameFile.finish(),
      frameLine: this.frameLine.finish(),
      stackStart: this.stackStart.finish(),
      stackFrames: this.stackFrames.finish(),
    };
  }
}

/** FNV-1a over the frame ids. */
function hashFrames(frames: readonly number[]): number {
  let h = 0x811c9dc5 | 0;
  for (let k = 0; k < frames.length; k++) h = Math.imul(h ^ frames[k]!, 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}

/** hashFrames of the frame ids a[from, to). */
function hashRange(a: Int32Array, from: number, to: number): number {
  let h = 0x811c9dc5 | 0;
  for (let k = from; k < to; k++) h = Math.imul(h ^ a[k]!, 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}

export function stackCount(t: StackTableData): number {
  return t.stackStart.length - 1;
}

/** Frames of a global stack, leaf first. */
export function stackFrames(t: StackTableData, strings: readonly string[], stack: number): FrameInfo[] {
  const out: FrameInfo[] = [];
  if (stack <= 0 || stack >= t.stackStart.length - 1) return out;
  for (let i = t.stackStart[stack]!; i < t.stackStart[stack + 1]!; i++) {
    const f = t.stackFrames[i]!;
    out.push({ pc: t.framePC[f]!, func: strings[t.frameFunc[f]!]!, file: strings[t.frameFile[f]!]!, line: t.frameLine[f]! });
  }
  return out;
}
