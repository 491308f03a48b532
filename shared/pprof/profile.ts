// pprof profiles (perftools.profiles.Profile, github.com/google/pprof
// proto/profile.proto) built from profile records, and their encoding:
// protobuf (protobufjs/minimal's Writer: plain JavaScript, no Node) gzipped
// with pako, as Go's internal/profile Profile.Write writes them.
//
// buildTraceProfile is Go 1.27's traceviewer.BuildProfile (what
// `go tool trace -pprof=TYPE` writes): sample types contentions/count and
// delay/nanoseconds, period type trace/count, period 1; one location per
// distinct PC (the first frame seen with that PC gives its function and
// line), one function per distinct file+name; no mappings; sample stacks
// leaf first.

import { Writer } from 'protobufjs/minimal';
import { gzip } from 'pako';
import type { StackFrame } from '../trace/event';
import { u64ToBig } from '../trace/u64';
import { encodeTraceString } from '../trace/utf8';
import type { ProfileRecord } from '../analysis/profiles';

export interface ValueType {
  type: string;
  unit: string;
}

export interface PprofFunction {
  id: number;
  name: string;
  systemName: string;
  filename: string;
  startLine: number;
}

export interface PprofLine {
  functionId: number;
  line: number;
}

export interface PprofLocation {
  id: number;
  /** The PC, u64-encoded (shared/trace/u64.ts). */
  address: number;
  line: PprofLine[];
}

export interface PprofSample {
  /** Leaf first. */
  locationId: number[];
  value: number[];
}

/** The fields of profile.proto's Profile that we write. */
export interface PprofProfile {
  sampleType: ValueType[];
  sample: PprofSample[];
  location: PprofLocation[];
  function: PprofFunction[];
  timeNanos: number;
  durationNanos: number;
  periodType: ValueType | null;
  period: number;
  comment: string[];
}

/**
 * A profile of the given samples (one stack and its values each),
 * locations and functions deduplicated as traceviewer.BuildProfile does.
 */
export function buildProfile(
  samples: Iterable<{ stack: readonly StackFrame[]; value: number[] }>,
  head: { sampleType: ValueType[]; periodType: ValueType | null; period: number; timeNanos?: number; durationNanos?: number; comment?: string[] },
): PprofProfile {
  const p: PprofProfile = {
    sampleType: head.sampleType,
    sample: [],
    location: [],
    function: [],
    timeNanos: head.timeNanos ?? 0,
    durationNanos: head.durationNanos ?? 0,
    periodType: head.periodType,
    period: head.period,
    comment: head.comment ?? [],
  };
  const locs = new Map<number, PprofLocation>();
  const funcs = new Map<string, PprofFunction>();
  for (const rec of samples) {
    const sloc: number[] = [];
    for (const frame of rec.stack) {
      let loc = locs.get(frame.pc);
      if (loc === undefined) {
        let fn = funcs.get(frame.file + frame.func);
        if (fn === undefined) {
          fn = { id: p.function.length + 1, name: frame.func, systemName: frame.func, filename: frame.file, startLine: 0 };
          p.function.push(fn);
          funcs.set(frame.file + frame.func, fn);
        }
        loc = { id: p.location.length + 1, address: frame.pc, line: [{ functionId: fn.id, line: frame.line }] };
        p.location.push(loc);
        locs.set(frame.pc, loc);
      }
      sloc.push(loc.id);
    }
    p.sample.push({ locationId: sloc, value: rec.value });
  }
  return p;
}

/** traceviewer.BuildProfile: what `go tool trace -pprof=net|sync|syscall|sched` writes. */
export function buildTraceProfile(records: readonly ProfileRecord[]): PprofProfile {
  return buildProfile(
    records.map((r) => ({ stack: r.stack, value: [r.count, r.time] })),
    {
      periodType: { type: 'trace', unit: 'count' },
      period: 1,
      sampleType: [
        { type: 'contentions', unit: 'count' },
        { type: 'delay', unit: 'nanoseconds' },
      ],
    },
  );
}

/**
 * A CPU profile of StackSample records, like runtime/pprof's: sample types
 * samples/count and cpu/nanoseconds (count × period) when the sampling
 * period is known (the trace does not record it; runtime/pprof's default is
 * 10 ms), samples/count alone otherwise; period type cpu/nanoseconds.
 */
export function buildCPUProfile(records: readonly ProfileRecord[], periodNs: number | null, durationNanos = 0): PprofProfile {
  const known = periodNs !== null && periodNs > 0;
  return buildProfile(
    records.map((r) => ({ stack: r.stack, value: known ? [r.count, r.count * periodNs] : [r.count] })),
    {
      periodType: { type: 'cpu', unit: 'nanoseconds' },
      period: known ? periodNs : 0,
      sampleType: known
        ? [
            { type: 'samples', unit: 'count' },
            { type: 'cpu', unit: 'nanoseconds' },
          ]
        : [{ type: 'samples', unit: 'count' }],
      durationNanos,
    },
  );
}

// profile.proto field numbers.
const PROFILE_SAMPLE_TYPE = 1;
const PROFILE_SAMPLE = 2;
const PROFILE_LOCATION = 4;
const PROFILE_FUNCTION = 5;
const PROFILE_STRING_TABLE = 6;
const PROFILE_TIME_NANOS = 9;
const PROFILE_DURATION_NANOS = 10;
const PROFILE_PERIOD_TYPE = 11;
const PROFILE_PERIOD = 12;
const PROFILE_COMMENT = 13;
const VALUE_TYPE_TYPE = 1;
const VALUE_TYPE_UNIT = 2;
const SAMPLE_LOCATION_ID = 1;
const SAMPLE_VALUE = 2;
const LOCATION_ID = 1;
const LOCATION_ADDRESS = 3;
const LOCATION_LINE = 4;
const LINE_FUNCTION_ID = 1;
const LINE_LINE = 2;
const FUNCTION_ID = 1;
const FUNCTION_NAME = 2;
const FUNCTION_SYSTEM_NAME = 3;
const FUNCTION_FILENAME = 4;
const FUNCTION_START_LINE = 5;

const VARINT = 0;
const LEN = 2;

function tag(field: number, wireType: number): number {
  return ((field << 3) | wireType) >>> 0;
}

/** A uint64 (u64-encoded number) for Writer.uint64: the number below 2^53, else a Long-like {low, high}. */
function u64Arg(v: number): number {
  if (v >= 0) return v;
  const b = u64ToBig(v);
  const bits = { low: Number(b & 0xffffffffn), high: Number((b >> 32n) & 0xffffffffn), unsigned: true };
  return bits as unknown as number;
}

/** The profile as protobuf bytes (not compressed). */
export function encodeProfile(p: PprofProfile): Uint8Array {
  // The string table: "" first; Go's preEncode order.
  const strings: string[] = [''];
  const index = new Map<string, number>([['', 0]]);
  const str = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const sampleTypes = p.sampleType.map((vt) => [str(vt.type), str(vt.unit)] as const);
  const functions = p.function.map((f) => [str(f.name), str(f.systemName), str(f.filename)] as const);
  const comments = p.comment.map(str);
  const periodType = p.periodType === null ? null : ([str(p.periodType.type), str(p.periodType.unit)] as const);

  const w = new Writer();
  const valueType = (field: number, vt: readonly [number, number]): void => {
    w.uint32(tag(field, LEN)).fork();
    if (vt[0] !== 0) w.uint32(tag(VALUE_TYPE_TYPE, VARINT)).int64(vt[0]);
    if (vt[1] !== 0) w.uint32(tag(VALUE_TYPE_UNIT, VARINT)).int64(vt[1]);
    w.ldelim();
  };
  for (const vt of sampleTypes) valueType(PROFILE_SAMPLE_TYPE, vt);
  for (const s of p.sample) {
    w.uint32(tag(PROFILE_SAMPLE, LEN)).fork();
    if (s.locationId.length > 0) {
      w.uint32(tag(SAMPLE_LOCATION_ID, LEN)).fork();
      for (const id of s.locationId) w.uint64(id);
      w.ldelim();
    }
    if (s.value.length > 0) {
      w.uint32(tag(SAMPLE_VALUE, LEN)).fork();
      for (const v of s.value) w.int64(v);
      w.ldelim();
    }
    w.ldelim();
  }
  for (const loc of p.location) {
    w.uint32(tag(PROFILE_LOCATION, LEN)).fork();
    w.uint32(tag(LOCATION_ID, VARINT)).uint64(loc.id);
    if (loc.address !== 0) w.uint32(tag(LOCATION_ADDRESS, VARINT)).uint64(u64Arg(loc.address));
    for (const ln of loc.line) {
      w.uint32(tag(LOCATION_LINE, LEN)).fork();
      if (ln.functionId !== 0) w.uint32(tag(LINE_FUNCTION_ID, VARINT)).uint64(ln.functionId);
      if (ln.line !== 0) w.uint32(tag(LINE_LINE, VARINT)).int64(ln.line);
      w.ldelim();
    }
    w.ldelim();
  }
  p.function.forEach((f, i) => {
    const [name, systemName, filename] = functions[i]!;
    w.uint32(tag(PROFILE_FUNCTION, LEN)).fork();
    w.uint32(tag(FUNCTION_ID, VARINT)).uint64(f.id);
    if (name !== 0) w.uint32(tag(FUNCTION_NAME, VARINT)).int64(name);
    if (systemName !== 0) w.uint32(tag(FUNCTION_SYSTEM_NAME, VARINT)).int64(systemName);
    if (filename !== 0) w.uint32(tag(FUNCTION_FILENAME, VARINT)).int64(filename);
    if (f.startLine !== 0) w.uint32(tag(FUNCTION_START_LINE, VARINT)).int64(f.startLine);
    w.ldelim();
  });
  // Strings as the bytes Go holds (trace strings may carry invalid UTF-8).
  for (const s of strings) w.uint32(tag(PROFILE_STRING_TABLE, LEN)).bytes(encodeTraceString(s));
  if (p.timeNanos !== 0) w.uint32(tag(PROFILE_TIME_NANOS, VARINT)).int64(p.timeNanos);
  if (p.durationNanos !== 0) w.uint32(tag(PROFILE_DURATION_NANOS, VARINT)).int64(p.durationNanos);
  if (periodType !== null) valueType(PROFILE_PERIOD_TYPE, periodType);
  if (p.period !== 0) w.uint32(tag(PROFILE_PERIOD, VARINT)).int64(p.period);
  for (const c of comments) w.uint32(tag(PROFILE_COMMENT, VARINT)).int64(c);
  // Copy out of protobufjs's pooled buffer.
  return w.finish().slice();
}

/** The profile as Go's Profile.Write writes it: protobuf, gzip-compressed. */
export function encodeProfileGzip(p: PprofProfile): Uint8Array {
  return gzip(encodeProfile(p));
}
