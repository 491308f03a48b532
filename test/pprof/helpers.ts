// Shared by the pprof tests: Go's expected profiles (test/fixtures/expected/
// pprof, made by scripts/gen-pprof-expected.sh) and the same normalized form
// of our records and of our encoded .pb.gz (decoded with protobufjs's
// reflection, from a schema written here, independent of shared/pprof).

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as protobuf from 'protobufjs';
import { FIXTURES } from '../lib/fixtures';
import type { ProfileRecord, ProfileType } from '../../shared/analysis/profiles';

export const EXPECTED_DIR = path.join(FIXTURES, 'expected', 'pprof');

/** A profile in comparable form: header, totals, and sorted sample rows ("v1 v2\tfunc file:line\t..."). */
export interface NormalizedProfile {
  sampleType: string;
  periodType: string;
  total: string;
  rows: string[];
}

export interface ExpectedProfile {
  fixture: string;
  type: ProfileType;
  /** The trace, relative to test/fixtures. */
  trace: string;
  /** Go's error (first line of its stderr) when it wrote no profile. */
  error: string | null;
  profile: NormalizedProfile | null;
}

export function loadExpected(): ExpectedProfile[] {
  const out: ExpectedProfile[] = [];
  for (const f of fs.readdirSync(EXPECTED_DIR).sort()) {
    const m = /^(.+)\.(net|sync|syscall|sched|cpu)\.txt$/.exec(f);
    if (m === null) continue;
    const lines = fs.readFileSync(path.join(EXPECTED_DIR, f), 'utf8').replace(/\n$/, '').split('\n');
    const t = / (\S+\.trace)/.exec(lines[0]!);
    if (t === null) throw new Error(`${f}: no trace named in ${lines[0]}`);
    const e: ExpectedProfile = { fixture: m[1]!, type: m[2] as ProfileType, trace: t[1]!, error: null, profile: null };
    if (lines[1]!.startsWith('error ')) {
      e.error = lines[1]!.slice('error '.length);
    } else {
      e.profile = parseExpected(f, lines);
    }
    out.push(e);
  }
  return out;
}

function field(file: string, line: string | undefined, name: string): string {
  if (line === undefined || !line.startsWith(name + ' ')) throw new Error(`${file}: expected "${name} ..." but found ${JSON.stringify(line)}`);
  return line.slice(name.length + 1);
}

function parseExpected(file: string, lines: string[]): NormalizedProfile {
  const sampleType = field(file, lines[1], 'sample_type');
  const periodType = field(file, lines[2], 'period_type');
  const total = field(file, lines[3], 'total');
  const n = Number(field(file, lines[4], 'samples'));
  const rowLines = lines.slice(5, 5 + n);
  const nf = Number(field(file, lines[5 + n], 'frames'));
  const frames = new Map<string, string>();
  for (const l of lines.slice(6 + n, 6 + n + nf)) {
    const sp = l.indexOf(' ');
    frames.set(l.slice(0, sp), l.slice(sp + 1));
  }
  const rows = rowLines.map((l) => {
    const [vals, nums] = l.split('\t') as [string, string];
    return vals + (nums === '' ? '' : nums.split(' ').map((x) => '\t' + frames.get(x)!).join(''));
  });
  return { sampleType, periodType, total, rows: rows.sort() };
}

/** Our records in Go's form: BuildProfile's locations are per PC, the first frame seen with a PC naming it. */
export function normalizeRecords(type: ProfileType, records: readonly ProfileRecord[]): NormalizedProfile {
  const loc = new Map<number, string>();
  let count = 0;
  let time = 0;
  const rows = records.map((r) => {
    count += r.count;
    time += r.time;
    const vals = type === 'cpu' ? `${r.count}` : `${r.count} ${r.time}`;
    return (
      vals +
      r.stack
        .map((f) => {
          let s = loc.get(f.pc);
          if (s === undefined) {
            s = `${f.func} ${f.file}:${f.line}`;
            loc.set(f.pc, s);
          }
          return '\t' + s;
        })
        .join('')
    );
  });
  return type === 'cpu'
    ? { sampleType: 'samples/count', periodType: 'cpu/nanoseconds 0', total: `${count}`, rows: rows.sort() }
    : { sampleType: 'contentions/count delay/nanoseconds', periodType: 'trace/count 1', total: `${count} ${time}`, rows: rows.sort() };
}

// perftools.profiles.Profile (github.com/google/pprof proto/profile.proto), the fields we read.
const PROFILE_PROTO = `
syntax = "proto3";
package perftools.profiles;
message Profile {
  repeated ValueType sample_type = 1;
  repeated Sample sample = 2;
  repeated Mapping mapping = 3;
  repeated Location location = 4;
  repeated Function function = 5;
  repeated string string_table = 6;
  int64 drop_frames = 7;
  int64 keep_frames = 8;
  int64 time_nanos = 9;
  int64 duration_nanos = 10;
  ValueType period_type = 11;
  int64 period = 12;
  repeated int64 comment = 13;
  int64 default_sample_type = 14;
}
message ValueType { int64 type = 1; int64 unit = 2; }
message Sample { repeated uint64 location_id = 1; repeated int64 value = 2; repeated Label label = 3; }
message Label { int64 key = 1; int64 str = 2; int64 num = 3; int64 num_unit = 4; }
message Mapping { uint64 id = 1; uint64 memory_start = 2; uint64 memory_limit = 3; uint64 file_offset = 4; int64 filename = 5; int64 build_id = 6; }
message Location { uint64 id = 1; uint64 mapping_id = 2; uint64 address = 3; repeated Line line = 4; bool is_folded = 5; }
message Line { uint64 function_id = 1; int64 line = 2; int64 column = 3; }
message Function { uint64 id = 1; int64 name = 2; int64 system_name = 3; int64 filename = 4; int64 start_line = 5; }
`;

const ProfileType_ = protobuf.parse(PROFILE_PROTO, { keepCase: true }).root.lookupType('perftools.profiles.Profile');

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface DecodedProfile {
  raw: any;
  strings: string[];
  normalized: NormalizedProfile;
  /** Location addresses by id (decimal strings). */
  addresses: Map<string, string>;
}

/** Decodes a gzipped profile.proto with protobufjs (reflection) and normalizes it. */
export function decodeProfileGz(gz: Uint8Array): DecodedProfile {
  const bytes = zlib.gunzipSync(gz);
  const msg = ProfileType_.decode(bytes);
  const p = ProfileType_.toObject(msg, { longs: String, arrays: true, defaults: true }) as any;
  const strings: string[] = p.string_table;
  const s = (i: string | number): string => {
    const v = strings[Number(i)];
    if (v === undefined) throw new Error(`string index ${i} out of range`);
    return v;
  };
  const funcs = new Map<string, any>();
  for (const f of p.function) funcs.set(String(f.id), f);
  const locs = new Map<string, string>();
  const addresses = new Map<string, string>();
  for (const l of p.location) {
    if (l.line.length !== 1) throw new Error(`location ${l.id} has ${l.line.length} lines`);
    const f = funcs.get(String(l.line[0].function_id));
    locs.set(String(l.id), `${s(f.name)} ${s(f.filename)}:${l.line[0].line}`);
    addresses.set(String(l.id), String(l.address));
  }
  const totals: bigint[] = p.sample_type.map(() => 0n);
  const rows: string[] = p.sample.map((smp: any) => {
    smp.value.forEach((v: string, i: number) => (totals[i] = totals[i]! + BigInt(v)));
    return smp.value.join(' ') + smp.location_id.map((id: string) => '\t' + locs.get(String(id))!).join('');
  });
  const vt = (v: any): string => `${s(v.type)}/${s(v.unit)}`;
  return {
    raw: p,
    strings,
    addresses,
    normalized: {
      sampleType: p.sample_type.map(vt).join(' '),
      periodType: `${p.period_type === null ? '' : vt(p.period_type)} ${p.period}`,
      total: totals.join(' '),
      rows: rows.sort(),
    },
  };
}
