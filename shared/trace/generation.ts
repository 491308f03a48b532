// Reading one generation's structure (Go's internal/trace/generation.go):
// batches grouped per M, strings, stacks, CPU samples, sync data and
// experimental batches. This is the "wire"-level reading of the v2 format;
// it interprets nothing about the scheduling events themselves, so a
// -d=wire style tool can reuse readBatch / readGeneration / processBatch.

import { EvTable, type Frame, type StackData } from './base';
import { Batch, readBatch } from './batch';
import { TraceError } from './errors';
import { NoGoroutine, type ThreadID } from './resources';
import * as tv2 from './tracev2/events';
import { MaxEventTrailerDataSize, MaxFramesPerStack } from './tracev2/spec';
import { u64FromBig, u64Hex, u64String, u64ToBig } from './u64';
import { decodeTraceString } from './utf8';
import { ByteReader, ERR_EOF, ReadError } from './varint';
import { Go125, Go126, type Version } from './version';

/** A CPU sample as read (Go's cpuSample); `time` is the raw timestamp until the reader converts it. */
export interface RawCPUSample {
  M: ThreadID;
  P: number;
  G: number;
  /** Raw timestamp (u64-encoded) as read; the reader converts it with the generation's frequency. */
  ts: number;
  /** Relative Time, set by fixUpCPUSamples. */
  time: number;
  stack: number;
  /** Offset of the sample in the trace. */
  offset: number;
}

/** Go's generation: all the structural data of one generation. */
export class Generation {
  /** Generation number (u64-encoded; 0 until the first batch is seen). */
  gen = 0;
  readonly batches = new Map<ThreadID, Batch[]>();
  /** Ms in the order of their first event batch. */
  readonly batchMs: ThreadID[] = [];
  cpuSamples: RawCPUSample[] = [];
  /** Smallest batch timestamp (raw, u64-encoded; 0 = none yet). */
  minTs = 0;
  readonly table: EvTable;

  // Go's sync data (the raw parts; EvTable gets the converted ones at install time).
  freq = 0;
  hasClockSnapshot = false;
  /** Raw ClockSnapshot trace timestamp (u64-encoded). */
  snapTime = 0;
  snapMono = 0;
  snapWallSec = 0;
  snapWallNsec = 0;

  /** Offset of the generation's first batch in the trace. */
  offset = -1;
  /** Offset just past the generation (after its last batch, or its EndOfGeneration byte). */
  end = -1;

  constructor(timeBase = 0n) {
    this.table = new EvTable(timeBase);
  }
}

/** A batch read for the next generation while reading the current one (Go < 1.26). */
export interface SpilledBatch {
  gen: number;
  batch: Batch;
}

function u64Less(a: number, b: number): boolean {
  if (a >= 0 && b >= 0) return a < b;
  return u64ToBig(a) < u64ToBig(b);
}

/** gen + 1 with uint64 wraparound. */
export function u64Inc(v: number): number {
  if (v >= 0 && v < 9007199254740991) return v + 1;
  return u64FromBig((u64ToBig(v) + 1n) & ((1n << 64n) - 1n));
}

function newGeneration(): Generation {
  return new Generation();
}

/**
 * Go's readGeneration (Go 1.26+ traces): reads batches up to the
 * EndOfGeneration marker. Returns null at a clean end of the trace.
 */
export function readGeneration(r: ByteReader, ver: Version): Generation | null {
  if (ver < Go126) throw new TraceError('internal error: readGeneration called for <1.26 trace', r.pos);
  const g = newGeneration();
  const genStart = r.pos;
  g.offset = genStart;

  // Read batches one at a time until we either hit the next generation.
  for (;;) {
    const at = r.pos;
    const res = readBatch(r);
    if (res === null) {
      if (g.batches.size !== 0) {
        throw new TraceError('incomplete generation found; trace likely truncated', genStart);
      }
      return null; // All done.
    }
    const b = res.batch;
    const gen = res.gen;
    if (g.gen === 0) {
      // Initialize gen.
      g.gen = gen;
    }
    if (b.isEndOfGeneration()) break;
    if (gen === 0) {
      // 0 is a sentinel used by the runtime, so we'll never see it.
      throw new TraceError(`invalid generation number ${gen}`, at);
    }
    if (gen !== g.gen) {
      throw new TraceError('broken trace: missing end-of-generation event, or generations are interleaved', at);
    }
    if (g.minTs === 0 || u64Less(b.time, g.minTs)) g.minTs = b.time;
    processBatch(g, b, ver);
  }
  g.end = r.pos;
  finishGeneration(g, ver);
  return g;
}

/** The result of readGenerationWithSpill (Go returns the three values). */
export interface SpillResult {
  gen: Generation | null;
  spill: SpilledBatch | null;
  /** An error reading the first batch of the next generation, to report after this one. */
  spillErr: TraceError | null;
}

/**
 * Go's readGenerationWithSpill (traces before Go 1.26): the generation ends
 * at the first batch of the next generation (returned as the spill) or at
 * the end of the trace. Throws for errors that make the generation unusable.
 */
export function readGenerationWithSpill(r: ByteReader, spill: SpilledBatch | null, ver: Version): SpillResult {
  if (ver >= Go126) throw new TraceError('internal error: readGenerationWithSpill called for Go 1.26+ trace', r.pos);
  const g = newGeneration();
  g.offset = spill !== null ? spill.batch.offset : r.pos;
  // Process the spilled batch.
  if (spill !== null) {
    g.gen = spill.gen;
    g.minTs = spill.batch.time;
    processBatch(g, spill.batch, ver);
    spill = null;
  }
  // Read batches one at a time until we either hit the next generation.
  let spillErr: TraceError | null = null;
  for (;;) {
    const at = r.pos;
    let res;
    try {
      res = readBatch(r);
    } catch (e) {
      if (e instanceof TraceError && g.gen !== 0) {
        // This may be an error reading the first batch of the next generation.
        // This is fine. Let's forge ahead assuming that what we've got so far is fine.
        spillErr = e;
        break;
      }
      throw e;
    }
    if (res === null) break;
    const b = res.batch;
    const gen = res.gen;
    if (gen === 0) {
      // 0 is a sentinel used by the runtime, so we'll never see it.
      throw new TraceError(`invalid generation number ${gen}`, at);
    }
    if (g.gen === 0) {
      // Initialize gen.
      g.gen = gen;
    }
    if (gen === u64Inc(g.gen)) {
      spill = { gen, batch: b };
      break;
    }
    if (gen !== g.gen) {
      // N.B. Fail as fast as possible if we see this.
      throw new TraceError('generations out of order', at);
    }
    if (g.minTs === 0 || u64Less(b.time, g.minTs)) g.minTs = b.time;
    processBatch(g, b, ver);
  }
  g.end = spill !== null ? spill.batch.offset : r.pos;
  finishGeneration(g, ver);
  return { gen: g, spill, spillErr };
}

/** The checks and fix-ups Go does once all of a generation's batches are in. */
function finishGeneration(g: Generation, ver: Version): void {
  // Check some invariants.
  if (g.freq === 0) throw new TraceError('no frequency event found', g.offset);
  if (ver >= Go125 && !g.hasClockSnapshot) throw new TraceError('no clock snapshot event found', g.offset);

  // Compactify stacks and strings for better lookup performance later.
  g.table.stacks.compactify();
  g.table.strings.compactify();

  // Validate stacks.
  validateStackStrings(g);
}

/** Go's processBatch: adds the batch to the generation. */
export function processBatch(g: Generation, b: Batch, ver: Version): void {
  if (b.isStringsBatch()) {
    addStrings(g, b);
  } else if (b.isStacksBatch()) {
    addStacks(g, b);
  } else if (b.isCPUSamplesBatch()) {
    addCPUSamples(g, b);
  } else if (b.isSyncBatch(ver)) {
    setSyncBatch(g, b, ver);
  } else if (b.exp !== tv2.NoExperiment) {
    addExperimentalBatch(g, b);
  } else if (b.isEndOfGeneration()) {
    throw new TraceError('internal error: unexpectedly processing EndOfGeneration; broken trace?', b.offset);
  } else {
    let list = g.batches.get(b.m);
    if (list === undefined) {
      list = [];
      g.batches.set(b.m, list);
      g.batchMs.push(b.m);
    }
    list.push(b);
  }
}

/** Go's validateStackStrings: every frame of every stack must resolve. */
function validateStackStrings(g: Generation): void {
  const t = g.table;
  for (const id of t.stacks.ids()) {
    const stk = t.stacks.get(id)!;
    for (const pc of stk.pcs) {
      const frame = t.pcs.get(pc);
      if (frame === undefined) {
        throw new TraceError(`found unknown pc ${u64Hex(pc)} for stack ${u64String(id)}`, g.offset);
      }
      if (!t.strings.has(frame.funcID)) {
        throw new TraceError(
          `found invalid func string ID ${u64String(frame.funcID)} for stack ${u64String(id)}`,
          g.offset,
        );
      }
      if (!t.strings.has(frame.fileID)) {
        throw new TraceError(
          `found invalid file string ID ${u64String(frame.fileID)} for stack ${u64String(id)}`,
          g.offset,
        );
      }
    }
  }
}

/**
 * An error that is Go's bare io.EOF (a varint read that found no byte at all,
 * returned unwrapped by addStrings, addStacks, addCPUSamples, setSyncBatch).
 * Go's consumers cannot tell it from the end of the trace (`err == io.EOF`),
 * so the reader treats it as the end of the trace, as `go tool trace` does.
 */
export class BareEOFError extends TraceError {}

function readErr(e: unknown, at: number, prefix = ''): never {
  if (e instanceof ReadError) {
    if (prefix === '' && e.message === ERR_EOF) throw new BareEOFError(e.message, at);
    throw new TraceError(prefix + e.message, at);
  }
  throw e;
}

/** Go's stack.String() (used in duplicate-ID errors): "\t0x...\n" per PC. */
function stackDataString(s: StackData): string {
  let out = '';
  for (const pc of s.pcs) out += `\t0x${u64Hex(pc)}\n`;
  return out;
}

/** Go's addStrings. */
function addStrings(g: Generation, b: Batch): void {
  const r = new ByteReader(b.data, b.start, b.end);
  const hdr = r.readByte(); // Consume the EvStrings byte.
  if (hdr !== tv2.EvStrings) throw new TraceError('missing strings batch header', b.offset);
  const table = g.table.strings;
  while (r.len() !== 0) {
    const at = r.pos;
    // Read the header.
    const ev = r.readByte();
    if (ev !== tv2.EvString) throw new TraceError(`expected string event, got ${ev}`, at);
    let id: number;
    let len: number;
    try {
      // Read the string's ID.
      id = r.readUvarint();
      // Read the string's length.
      len = r.readUvarint();
    } catch (e) {
      readErr(e, at);
    }
    if (len < 0 || len > MaxEventTrailerDataSize) {
      throw new TraceError(`invalid string size ${u64String(len)}, maximum is ${MaxEventTrailerDataSize}`, at);
    }
    // Copy out the string.
    const start = r.pos;
    const n = r.skipN(len);
    if (n !== len) throw new TraceError(`failed to read full string: read ${n} but wanted ${len}`, at);
    const s = decodeTraceString(b.data, start, start + len);
    // Add the string to the map.
    if (!table.insert(id, s)) {
      throw new TraceError(
        `multiple strings with the same ID: id=${u64String(id)}, new=${s}, existing=${table.get(id) ?? ''}`,
        at,
      );
    }
  }
}

/** Go's addStacks. */
function addStacks(g: Generation, b: Batch): void {
  const r = new ByteReader(b.data, b.start, b.end);
  const hdr = r.readByte(); // Consume the EvStacks byte.
  if (hdr !== tv2.EvStacks) throw new TraceError('missing stacks batch header', b.offset);
  const table = g.table.stacks;
  const pcs = g.table.pcs;
  while (r.len() !== 0) {
    const at = r.pos;
    // Read the header.
    const ev = r.readByte();
    if (ev !== tv2.EvStack) throw new TraceError(`expected stack event, got ${ev}`, at);
    let id: number;
    let nFrames: number;
    try {
      // Read the stack's ID.
      id = r.readUvarint();
      // Read how many frames are in each stack.
      nFrames = r.readUvarint();
    } catch (e) {
      readErr(e, at);
    }
    if (nFrames < 0 || nFrames > MaxFramesPerStack) {
      throw new TraceError(`invalid stack size ${u64String(nFrames)}, maximum is ${MaxFramesPerStack}`, at);
    }
    // Each frame consists of 4 fields: pc, funcID (string), fileID (string), line.
    const frames: number[] = [];
    for (let i = 0; i < nFrames; i++) {
      let what = 'PC';
      let pc: number, funcID: number, fileID: number, line: number;
      try {
        pc = r.readUvarint();
        what = 'funcID';
        funcID = r.readUvarint();
        what = 'fileID';
        fileID = r.readUvarint();
        what = 'line';
        line = r.readUvarint();
      } catch (e) {
        readErr(e, at, `reading frame ${i + 1}'s ${what} for stack ${u64String(id)}: `);
      }
      frames.push(pc);
      if (!pcs.has(pc)) {
        const f: Frame = { pc, funcID, fileID, line };
        pcs.set(pc, f);
      }
    }
    // Add the stack to the map.
    const data: StackData = { pcs: frames };
    if (!table.insert(id, data)) {
      const existing = table.get(id) ?? { pcs: [] };
      throw new TraceError(
        `multiple trace.stacks with the same ID: id=${u64String(id)}, new=${stackDataString(data)}, existing=${stackDataString(existing)}`,
        at,
      );
    }
  }
}

/** Go's addCPUSamples. */
function addCPUSamples(g: Generation, b: Batch): void {
  const r = new ByteReader(b.data, b.start, b.end);
  const hdr = r.readByte(); // Consume the EvCPUSamples byte.
  if (hdr !== tv2.EvCPUSamples) throw new TraceError('missing CPU samples batch header', b.offset);
  while (r.len() !== 0) {
    const at = r.pos;
    // Read the header.
    const ev = r.readByte();
    if (ev !== tv2.EvCPUSample) throw new TraceError(`expected CPU sample event, got ${ev}`, at);
    try {
      const ts = r.readUvarint();
      const m = r.readUvarint();
      const p = r.readUvarint();
      const gid = r.readUvarint();
      const s = r.readUvarint();
      g.cpuSamples.push({ M: m, P: p, G: gid === 0 ? NoGoroutine : gid, ts, time: 0, stack: s, offset: at });
    } catch (e) {
      readErr(e, at);
    }
  }
}

/** Go's setSyncBatch. */
function setSyncBatch(g: Generation, b: Batch, ver: Version): void {
  const r = new ByteReader(b.data, b.start, b.end);
  if (ver >= Go125) {
    const hdr = r.readByte(); // Consume the EvSync byte.
    if (hdr !== tv2.EvSync) throw new TraceError('missing sync batch header', b.offset);
  }
  let lastTs = b.time;
  while (r.len() !== 0) {
    const at = r.pos;
    // Read the header.
    const ev = r.readByte();
    try {
      if (ev === tv2.EvFrequency) {
        if (g.freq !== 0) throw new TraceError('found multiple frequency events', at);
        // Read the frequency. It'll come out as timestamp units per second.
        const f = r.readUvarint();
        const ff = f >= 0 ? f : Number(u64ToBig(f));
        // Convert to nanoseconds per timestamp unit.
        g.freq = 1.0 / (ff / 1e9);
      } else if (ev === tv2.EvClockSnapshot && ver >= Go125) {
        if (g.hasClockSnapshot) throw new TraceError('found multiple clock snapshot events', at);
        g.hasClockSnapshot = true;
        // Read the EvClockSnapshot arguments.
        const tdiff = r.readUvarint();
        lastTs =
          lastTs >= 0 && tdiff >= 0 && lastTs + tdiff < 9007199254740992
            ? lastTs + tdiff
            : u64FromBig((u64ToBig(lastTs) + u64ToBig(tdiff)) & ((1n << 64n) - 1n));
        g.snapTime = lastTs;
        g.snapMono = r.readUvarint();
        g.snapWallSec = r.readUvarint();
        g.snapWallNsec = r.readUvarint();
      } else {
        throw new TraceError(`expected frequency or clock snapshot event, got ${ev}`, at);
      }
    } catch (e) {
      readErr(e, at);
    }
  }
}

/** Go's addExperimentalBatch. */
function addExperimentalBatch(g: Generation, b: Batch): void {
  if (b.exp === tv2.NoExperiment) {
    throw new TraceError('internal error: addExperimentalBatch called on non-experimental batch', b.offset);
  }
  let list = g.table.expBatches.get(b.exp);
  if (list === undefined) {
    list = [];
    g.table.expBatches.set(b.exp, list);
  }
  list.push({ thread: b.m, data: b.payload() });
}
