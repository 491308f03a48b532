// `gotrace analyze`: every analysis of a trace in one streaming pass, and the
// `--json` object of shared/docs/analyze-json.md.
//
// The ground truth for the JSON is the fixtures' reference program
// (test/fixtures/reference/main.go, `gotraceref analyze`), which runs Go
// 1.27's internal/trace; this file follows it field by field:
//  - on a read error, everything describes the events up to and including
//    the last Sync read before the error (cmd/trace keeps the same events);
//    `error` holds Go's message;
//  - events_by_kind lists every kind, zeros included;
//  - block_by_reason and range_ns omit zero durations;
//  - creation/start/end are null where Go has time 0;
//  - gc: ranges keyed by (name, scope); RangeActive counts only before the
//    2nd Sync (from time.first); an end without a begin counts from
//    time.first; open ranges close at time.last;
//  - regions: every goroutine's Regions, stable-sorted by (start (null
//    first), g, name, end (null first), task);
//  - a panic of Go's summarizer drops goroutines/groups/tasks/regions (and
//    sets `error` when there is none); a panic of the MMU code, no
//    utilization series or an empty one gives `mmu: null`.
//
// Streaming: one pass over the reader feeds every analysis; memory follows
// the number of goroutines, tasks, regions and ranges, not the number of
// events. Only when the reader fails after part of a generation was read is
// the trace read a second time, up to the last Sync.

import { EventKind, type Event } from '../trace/event';
import type { Time } from '../trace/base';
import type { TraceReader } from '../trace/reader-api';
import { TraceError } from '../trace/errors';
import { newReader } from '../trace/reader';
import { readHeader } from '../trace/version';
import { u64String, i64String, u64ToBig } from '../trace/u64';
import type { GoID } from '../trace/resources';
import { Summarizer, UnblockEdges, unknownTime, type Summary, type ExecStats, type GoroutineSummary } from './summary';
import { MMUCurve, MutatorUtilizationBuilder, UtilAssist, UtilBackground, UtilSTW, type MutatorUtil, type UtilFlags } from './gc';
import { TraceStats, type GCTotals, type MetricStats, type RangeRecord } from './trace-stats';

/** The flags of analyze-json.md's `mmu`: system mode, STW, background workers, mark assist (no sweep). */
export const JSON_MMU_FLAGS: UtilFlags = UtilSTW | UtilBackground | UtilAssist;

/** The windows of analyze-json.md's `mmu`, in ns. */
export const JSON_MMU_WINDOWS: ReadonlyArray<readonly [string, number]> = [
  ['1ms', 1e6],
  ['10ms', 1e7],
  ['100ms', 1e8],
  ['1s', 1e9],
];

export interface AnalyzeOptions {
  /**
   * The header version, reported when open() itself throws (a reader that
   * parses eagerly, like Go's v1 NewReader, fails before it can tell).
   */
  headerVersion?: number;
  /** Resolve the stacks of region/task/log events kept in the summary (default true). */
  keepStacks?: boolean;
  /** Keep every range as a RangeRecord (default true). */
  keepRanges?: boolean;
  /** Further utilization functions to compute in the same pass (the JSON's flags are always computed). */
  mmuFlags?: UtilFlags[];
  /** Collect the unblock edges for RelatedGoroutinesV2 (default false). */
  relatedGoroutines?: boolean;
}

/** A mutator utilization function and its MMU curve, for one set of flags. */
export interface MMUAnalysis {
  flags: UtilFlags;
  /** The utilization functions (null when Go's MutatorUtilizationV2 panicked). */
  util: MutatorUtil[][] | null;
  /** The curve (null when there is no usable series, or Go's code panicked). */
  curve: MMUCurve | null;
  /** Go's panic message, when its code panicked. */
  panic: string | null;
}

/** A goroutine group of cmd/trace's /goroutines page. */
export interface GoroutineGroup {
  /** The start function; "" = "(Inactive, no stack trace sampled)". */
  name: string;
  count: number;
  execTime: number;
}

export interface AnalyzeResult {
  /** The header version (Go 1.N → N), or null when the header is unreadable. */
  version: number | null;
  format: 'v1' | 'v2' | null;
  /** Go's error message, or null when the whole trace was read. */
  error: string | null;
  /** Byte offset of the error (TraceError.offset), -1 when unknown or no error. */
  errorOffset: number;
  /** 0 the whole trace was read; 2 an error after at least one complete generation; 1 nothing usable. */
  exitCode: 0 | 1 | 2;
  /** Number of events analysed (those up to the last Sync when there was an error). */
  eventCount: number;
  /** Number of events read before the error (>= eventCount). */
  eventsRead: number;
  /** The reader's time base: absolute time = timeBase + BigInt(relative time). */
  timeBase: bigint;
  /** Relative times of the first and last analysed events (null when there are none). */
  firstTime: Time | null;
  lastTime: Time | null;
  /** Counters: events by kind, transitions, metrics, CPU samples, GC ranges. */
  stats: TraceStats;
  /** Go's Summary (null when there are no events or Go's summarizer panicked). */
  summary: Summary | null;
  /** The summarizer's panic message, if it panicked. */
  summaryPanic: string | null;
  /** Goroutine groups by start function, sorted by execution time descending, then name. */
  goroutineGroups: GoroutineGroup[];
  /** The MMU analysis of the JSON's flags (JSON_MMU_FLAGS), and of every extra flag set asked for. */
  mmu: Map<UtilFlags, MMUAnalysis>;
  /** Unblock edges (RelatedGoroutinesV2), when asked for. */
  unblockEdges: UnblockEdges | null;
}

/** The consumers of one pass over the events. */
class Pass {
  readonly stats: TraceStats;
  summarizer: Summarizer | null;
  summaryPanic: string | null = null;
  readonly mmu: { flags: UtilFlags; builder: MutatorUtilizationBuilder | null; panic: string | null }[];
  readonly unblockEdges: UnblockEdges | null;
  count = 0;
  timeBase = 0n;

  constructor(opts: AnalyzeOptions) {
    this.stats = new TraceStats({ keepRanges: opts.keepRanges ?? true });
    this.summarizer = new Summarizer({ keepStacks: opts.keepStacks ?? true });
    const flagSets = [JSON_MMU_FLAGS];
    for (const f of opts.mmuFlags ?? []) if (!flagSets.includes(f)) flagSets.push(f);
    this.mmu = flagSets.map((flags) => ({ flags, builder: new MutatorUtilizationBuilder(flags), panic: null }));
    this.unblockEdges = opts.relatedGoroutines ? new UnblockEdges() : null;
  }

  event(ev: Event): void {
    if (this.count === 0) this.timeBase = ev.table.timeBase;
    this.count++;
    // Decode the kind and the state transition once for every analysis.
    const kind = ev.kind();
    const st = kind === EventKind.StateTransition ? ev.stateTransition() : null;
    this.stats.eventWith(ev, kind, st);
    if (this.summarizer !== null) {
      try {
        this.summarizer.eventWith(ev, kind, st);
      } catch (e) {
        // Go's Summarizer panicked: like the reference program, drop it.
        this.summaryPanic = (e as Error).message;
        this.summarizer = null;
      }
    }
    for (const m of this.mmu) {
      if (m.builder === null) continue;
      try {
        m.builder.eventWith(ev, kind, st);
      } catch (e) {
        m.panic = (e as Error).message;
        m.builder = null;
      }
    }
    this.unblockEdges?.eventWith(ev, kind, st);
  }
}

function isV1(version: number): boolean {
  return version < 22;
}

/**
 * Runs every analysis over the trace. `open` gives a fresh reader; it is
 * called a second time only when the reader fails in the middle of a
 * generation (to re-read up to the last Sync). Never throws a TraceError:
 * read errors end up in `error` / `exitCode`.
 */
export function analyzeTrace(open: () => TraceReader, opts: AnalyzeOptions = {}): AnalyzeResult {
  let version: number | null = opts.headerVersion ?? null;
  let error: string | null = null;
  let errorOffset = -1;
  let pass = new Pass(opts);
  let count = 0;
  let lastSyncCount = 0;

  let reader: TraceReader | null = null;
  try {
    reader = open();
    version = reader.version;
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    error = e.message;
    errorOffset = e.offset;
  }
  if (reader !== null) {
    for (;;) {
      let ev: Event | null;
      try {
        ev = reader.readEvent();
      } catch (e) {
        if (!(e instanceof TraceError)) throw e;
        error = e.message;
        errorOffset = e.offset;
        break;
      }
      if (ev === null) {
        // EOF: every event is valid, even after the last Sync (v1 traces).
        lastSyncCount = count;
        break;
      }
      count++;
      if (ev.kind() === EventKind.Sync) lastSyncCount = count;
      pass.event(ev);
    }
  }
  const eventsRead = count;

  if (error !== null && lastSyncCount !== count) {
    // Events of a partial generation were analysed: start again with only
    // the events up to and including the last Sync.
    pass = new Pass(opts);
    if (lastSyncCount > 0) {
      const r = open();
      for (let i = 0; i < lastSyncCount; i++) {
        const ev = r.readEvent();
        if (ev === null) throw new Error('analyzeTrace: the trace changed between two reads');
        pass.event(ev);
      }
    }
  }

  const n = pass.count;
  const stats = pass.stats;
  stats.finish();

  let summary: Summary | null = null;
  let summaryPanic = pass.summaryPanic;
  const readError = error;
  if (n > 0 && pass.summarizer !== null) {
    try {
      summary = pass.summarizer.finalize();
    } catch (e) {
      summaryPanic = (e as Error).message;
    }
  }
  if (n > 0 && summaryPanic !== null && error === null) {
    // What the reference program reports.
    error = 'gotraceref: summarizer panicked';
  }

  const mmu = new Map<UtilFlags, MMUAnalysis>();
  for (const m of pass.mmu) {
    const a: MMUAnalysis = { flags: m.flags, util: null, curve: null, panic: m.panic };
    if (n > 0 && m.builder !== null) {
      a.util = m.builder.finish();
      if (a.util.length > 0 && a.util.every((s) => s.length > 0)) {
        try {
          a.curve = new MMUCurve(a.util);
        } catch (e) {
          a.panic = (e as Error).message;
        }
      }
    }
    mmu.set(m.flags, a);
  }

  // The exit status follows the read error only (as the reference's).
  const exitCode: 0 | 1 | 2 = readError === null ? 0 : n > 0 ? 2 : 1;

  return {
    version,
    format: version === null ? null : isV1(version) ? 'v1' : 'v2',
    error,
    errorOffset: error === null ? -1 : errorOffset,
    exitCode,
    eventCount: n,
    eventsRead,
    timeBase: pass.timeBase,
    firstTime: n > 0 ? stats.firstTime : null,
    lastTime: n > 0 ? stats.lastTime : null,
    stats,
    summary,
    summaryPanic,
    goroutineGroups: summary === null ? [] : goroutineGroups(summary),
    mmu,
    unblockEdges: pass.unblockEdges,
  };
}

/**
 * analyzeTrace on a whole (decompressed) trace in memory, with the header
 * version read first, so that it is reported even when the reader cannot be
 * created (Go's v1 NewReader parses the whole trace and fails as a whole).
 */
export function analyzeData(data: Uint8Array, opts: AnalyzeOptions = {}): AnalyzeResult {
  let headerVersion = opts.headerVersion;
  if (headerVersion === undefined) {
    try {
      headerVersion = readHeader(data).version;
    } catch {
      // Unreadable header: version and format are null, newReader reports the error.
    }
  }
  return analyzeTrace(() => newReader(data), { ...opts, headerVersion });
}

/** The goroutine groups of cmd/trace's /goroutines page, sorted by execution time descending, then name. */
export function goroutineGroups(summary: Summary): GoroutineGroup[] {
  const groups = new Map<string, GoroutineGroup>();
  summary.goroutines.forEach((g) => {
    let gr = groups.get(g.name);
    if (gr === undefined) {
      gr = { name: g.name, count: 0, execTime: 0 };
      groups.set(g.name, gr);
    }
    gr.count++;
    gr.execTime += g.execTime;
  });
  return [...groups.values()].sort((x, y) => y.execTime - x.execTime || compareStrings(x.name, y.name));
}

/**
 * The MMU values of the JSON (null when Go's computation has no usable
 * series or panicked).
 */
export function jsonMMU(result: AnalyzeResult): Map<string, number> | null {
  const a = result.mmu.get(JSON_MMU_FLAGS);
  if (a === undefined || a.curve === null) return null;
  const out = new Map<string, number>();
  try {
    for (const [name, w] of JSON_MMU_WINDOWS) out.set(name, a.curve.mmu(w));
  } catch {
    return null;
  }
  return out;
}

// ---------------------------------------------------------------------------
// JSON

/** An integer written exactly from its decimal digits. */
class Raw {
  constructor(readonly text: string) {}
}

/** A JSON object with its keys in the given order (Go struct fields). */
type Obj = [string, JV][];
/** A JSON object whose keys are sorted on output (Go maps). */
class SortedMap {
  constructor(readonly entries: [string, JV][]) {}
}
type JV = null | boolean | number | string | Raw | JV[] | Obj | SortedMap | { obj: Obj };

function obj(entries: Obj): { obj: Obj } {
  return { obj: entries };
}

function mapOf(m: ReadonlyMap<string, number>, nonZero = false): SortedMap {
  const e: [string, JV][] = [];
  m.forEach((v, k) => {
    if (!nonZero || v !== 0) e.push([k, v]);
  });
  return new SortedMap(e);
}

/** Byte-wise (UTF-8) string comparison, as Go's strings.Compare. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (astral code points) sort above every BMP code unit in UTF-8.
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/** Compares two int64 IDs kept as u64-encoded numbers (Go's cmp.Compare(int64(a), int64(b))). */
function compareI64(a: number, b: number): number {
  if (a >= -1 && b >= -1) return a - b;
  const x = a === -1 ? -1n : BigInt.asIntN(64, u64ToBig(a));
  const y = b === -1 ? -1n : BigInt.asIntN(64, u64ToBig(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

function i64(v: number): Raw | number {
  return v >= -1 ? v : new Raw(i64String(v));
}

/** The characters quote() must escape or check. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;

/** Go's encoding/json string encoding (SetEscapeHTML(false)). */
export function quote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | null = null;
    if (c < 0x20 || c === 0x22 || c === 0x5c) {
      switch (c) {
        case 0x22:
          esc = '\\"';
          break;
        case 0x5c:
          esc = '\\\\';
          break;
        case 0x08:
          esc = '\\b';
          break;
        case 0x0c:
          esc = '\\f';
          break;
        case 0x0a:
          esc = '\\n';
          break;
        case 0x0d:
          esc = '\\r';
          break;
        case 0x09:
          esc = '\\t';
          break;
        default:
          esc = '\\u00' + c.toString(16).padStart(2, '0');
      }
    } else if (c === 0x2028 || c === 0x2029) {
      esc = '\\u' + c.toString(16);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate (invalid UTF-8 in Go) is written as U+FFFD.
      const hi = c <= 0xdbff;
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (hi && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      esc = '\ufffd';
    }
    if (esc !== null) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/** Go's encoding/json float64 format ('f' between 1e-6 and 1e21, else 'e' with a 2-digit minimum exponent trimmed). */
function formatFloat(f: number): string {
  if (!Number.isFinite(f)) return 'null';
  if (Object.is(f, -0)) return '-0';
  return String(f); // shortest round-trip; JS switches to exponents at the same bounds
}

function compact(v: JV): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatFloat(v);
  if (typeof v === 'string') return quote(v);
  if (v instanceof Raw) return v.text;
  if (v instanceof SortedMap) {
    const e = v.entries.slice().sort((a, b) => compareStrings(a[0], b[0]));
    return '{' + e.map(([k, x]) => quote(k) + ':' + compact(x)).join(',') + '}';
  }
  if (Array.isArray(v)) {
    return '[' + (v as JV[]).map(compact).join(',') + ']';
  }
  return '{' + v.obj.map(([k, x]) => quote(k) + ':' + compact(x)).join(',') + '}';
}

/** A map of durations as the reference writes it: zero entries dropped, keys sorted. */
function durationsText(m: ReadonlyMap<string, number>): string {
  if (m.size === 0) return '{}';
  const e: [string, number][] = [];
  m.forEach((v, k) => {
    if (v !== 0) e.push([k, v]);
  });
  if (e.length > 1) e.sort((a, b) => compareStrings(a[0], b[0]));
  let out = '{';
  for (let i = 0; i < e.length; i++) out += (i > 0 ? ',' : '') + quote(e[i]![0]) + ':' + e[i]![1];
  return out + '}';
}

/** The stats fields of a goroutine or region line (the same text as compact(obj(stats(s))) without braces). */
function statsText(s: ExecStats): string {
  return (
    '"exec_ns":' +
    s.execTime +
    ',"sched_wait_ns":' +
    s.schedWaitTime +
    ',"block_by_reason":' +
    durationsText(s.blockTimeByReason) +
    ',"syscall_ns":' +
    s.syscallTime +
    ',"syscall_block_ns":' +
    s.syscallBlockTime +
    ',"total_ns":' +
    s.totalTime +
    ',"unknown_ns":' +
    unknownTime(s) +
    ',"range_ns":' +
    durationsText(s.rangeTime)
  );
}


function gcObj(gc: GCTotals): { obj: Obj } {
  return obj([
    ['cycles', gc.cycles],
    ['mark_total_ns', gc.markTotalNs],
    ['stw_count', gc.stwCount],
    ['stw_total_ns', gc.stwTotalNs],
    ['mark_assist_count', gc.markAssistCount],
    ['mark_assist_total_ns', gc.markAssistTotalNs],
    ['sweep_count', gc.sweepCount],
    ['sweep_total_ns', gc.sweepTotalNs],
  ]);
}

function metricObj(m: MetricStats): { obj: Obj } {
  return obj([
    ['count', m.count],
    ['min', new Raw(u64String(m.min))],
    ['max', new Raw(u64String(m.max))],
    ['first', new Raw(u64String(m.first))],
    ['last', new Raw(u64String(m.last))],
  ]);
}

interface RegionRow {
  g: GoID;
  task: number;
  name: string;
  start: number | null;
  end: number | null;
  r: ExecStats;
}

function compareOpt(x: number | null, y: number | null): number {
  if (x === null && y === null) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  return x - y;
}

/**
 * The JSON text of analyze-json.md, laid out as the reference program
 * writes it (one top-level key per line, objects compact, one list element
 * per line; map keys sorted; struct fields in the reference's order; a
 * final newline), so that it can even be compared byte for byte.
 *
 * For traces with millions of goroutines the text can exceed the longest
 * string JavaScript allows: use writeAnalyzeJSON there.
 */
export function analyzeToJSON(result: AnalyzeResult): string {
  const parts: string[] = [];
  writeAnalyzeJSON(result, (chunk) => parts.push(chunk));
  return parts.join('');
}

/**
 * analyzeToJSON in chunks (whole lines, a few hundred bytes to a few MB
 * each): write them out in order.
 */
export function writeAnalyzeJSON(result: AnalyzeResult, write: (chunk: string) => void): void {
  const n = result.eventCount;
  const first = result.firstTime ?? 0;
  const rel = (t: Time): number => t - first;
  const st = result.stats;

  // Buffered output in chunks of about 1 MB.
  let buf = '';
  const out = (s: string): void => {
    buf += s;
    if (buf.length >= 1 << 20) {
      write(buf);
      buf = '';
    }
  };
  const field = (key: string, value: string, last = false): void => {
    out('  ' + quote(key) + ': ' + value + (last ? '\n' : ',\n'));
  };
  // One list element per line (the reference's layout).
  const list = (key: string, count: number, item: (i: number) => JV | string): void => {
    if (count === 0) {
      field(key, '[]');
      return;
    }
    out('  ' + quote(key) + ': [\n');
    for (let i = 0; i < count; i++) {
      const x = item(i);
      out('    ' + (typeof x === 'string' ? x : compact(x)) + (i < count - 1 ? ',\n' : '\n'));
    }
    out('  ],\n');
  };
  const optText = (t: number | null): string => (t === null ? 'null' : String(t));

  let timeV: JV = null;
  if (n > 0) {
    // Go's int64 Times.
    const f = BigInt.asIntN(64, result.timeBase + BigInt(result.firstTime!));
    const l = BigInt.asIntN(64, result.timeBase + BigInt(result.lastTime!));
    timeV = obj([
      ['first', new Raw(f.toString())],
      ['last', new Raw(l.toString())],
      ['duration', new Raw(BigInt.asIntN(64, l - f).toString())],
    ]);
  }

  out('{\n');
  field('version', compact(result.version === null ? null : `1.${result.version}`));
  field('format', compact(result.format));
  field('error', compact(result.error));
  field('time', compact(timeV));
  field('events_by_kind', compact(mapOf(st.eventsByKind)));
  field(
    'goroutine_transitions',
    compact(
      obj([
        ['by_pair', mapOf(st.goTransitionsByPair)],
        ['by_reason', mapOf(st.goTransitionsByReason)],
      ]),
    ),
  );
  field('proc_transitions', compact(obj([['by_pair', mapOf(st.procTransitionsByPair)]])));
  field('gc', compact(gcObj(st.gc)));
  field('metrics', compact(new SortedMap([...st.metrics].map(([k, m]) => [k, metricObj(m)]))));
  field('cpu_samples', compact(obj([['count', st.cpuSamples]])));

  const s = result.summary;
  const gs: GoroutineSummary[] = [];
  s?.goroutines.forEach((g) => gs.push(g));
  gs.sort((a, b) => compareI64(a.id, b.id)); // already sorted but for sparse IDs
  const zero = s === null ? 0 : s.zeroTime;
  const optTime = (t: Time): number | null => (t === zero ? null : rel(t));
  list('goroutines', gs.length, (i) => {
    const g = gs[i]!;
    // compact(obj([id, name, creation, start, end, ...stats(g)])), written directly.
    return (
      '{"id":' +
      i64String(g.id) +
      ',"name":' +
      quote(g.name) +
      ',"creation":' +
      optText(optTime(g.creationTime)) +
      ',"start":' +
      optText(optTime(g.startTime)) +
      ',"end":' +
      optText(optTime(g.endTime)) +
      ',' +
      statsText(g) +
      '}'
    );
  });

  const groups = result.goroutineGroups;
  list('goroutine_groups', groups.length, (i) => {
    const gr = groups[i]!;
    return obj([
      ['name', gr.name],
      ['count', gr.count],
      ['exec_ns', gr.execTime],
    ]);
  });

  const ts = s === null ? [] : [...s.tasks.values()].sort((a, b) => compareI64(a.id, b.id));
  list('tasks', ts.length, (i) => {
    const t = ts[i]!;
    return obj([
      ['id', i64(t.id)],
      ['name', t.name],
      ['parent', t.parent === null ? null : i64(t.parent.id)],
      ['start', t.start === null ? null : rel(t.start.time)],
      ['end', t.end === null ? null : rel(t.end.time)],
      ['complete', t.complete()],
      ['log_count', t.logs.length],
    ]);
  });

  const regions: RegionRow[] = [];
  for (const g of gs) {
    for (const r of g.regions) {
      regions.push({
        g: g.id,
        task: r.taskID,
        name: r.name,
        start: r.start === null ? null : rel(r.start.time),
        end: r.end === null ? null : rel(r.end.time),
        r,
      });
    }
  }
  // Array.prototype.sort is stable, as the reference's SortStableFunc.
  regions.sort(
    (x, y) =>
      compareOpt(x.start, y.start) ||
      compareI64(x.g, y.g) ||
      compareStrings(x.name, y.name) ||
      compareOpt(x.end, y.end) ||
      compareI64(x.task, y.task),
  );
  list('regions', regions.length, (i) => {
    const x = regions[i]!;
    // compact(obj([g, task, name, start, end, ...stats(x.r)])), written directly.
    return (
      '{"g":' +
      i64String(x.g) +
      ',"task":' +
      i64String(x.task) +
      ',"name":' +
      quote(x.name) +
      ',"start":' +
      optText(x.start) +
      ',"end":' +
      optText(x.end) +
      ',' +
      statsText(x.r) +
      '}'
    );
  });

  const mmu = jsonMMU(result);
  field('mmu', compact(mmu === null ? null : mapOf(mmu)), true);
  out('}\n');
  write(buf);
}

/** The GC/STW/assist/sweep ranges of the trace (when kept), sorted by start. */
export function gcRanges(result: AnalyzeResult): RangeRecord[] {
  return result.stats.ranges;
}
