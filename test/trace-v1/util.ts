// Helpers shared by the v1 reader tests.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { parseV1, type ParseV1Options } from '../../shared/trace/tracev1/parser';
import { TraceV1Converter } from '../../shared/trace/tracev1';
import { TraceError } from '../../shared/trace/errors';

export const REPO = process.env.GOTRACE_REPO ?? path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO, 'test', 'fixtures');
export const V1_TESTDATA = path.join(REPO, 'test', 'trace-v1', 'testdata');

export function readTrace(file: string): Uint8Array {
  let b: Buffer = fs.readFileSync(file);
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) b = zlib.gunzipSync(b);
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/** The header version of a v1 trace (11, 19, 21), or -1. */
export function v1Version(data: Uint8Array): number {
  const h = Buffer.from(data.subarray(0, 16)).toString('latin1');
  const m = /^go 1\.(11|19|21) trace\0\0\0$/.exec(h);
  return m ? Number(m[1]) : -1;
}

export interface DumpResult {
  /** One line per event (Event.toString(), or a raw rendering). */
  lines: string[];
  /** The error that ended the trace, if any. */
  err: TraceError | null;
}

/** Reads a whole v1 trace like Go's reader does (parse, then convert event by event). */
export function readAll(data: Uint8Array, render: 'string' | 'raw' = 'string', opts?: ParseV1Options): DumpResult {
  const lines: string[] = [];
  let conv: TraceV1Converter;
  try {
    conv = new TraceV1Converter(parseV1(data, 16, v1Version(data), opts));
  } catch (e) {
    if (e instanceof TraceError) return { lines, err: e };
    throw e;
  }
  for (;;) {
    let ev;
    try {
      ev = conv.readEvent();
    } catch (e) {
      if (e instanceof TraceError) return { lines, err: e };
      throw e;
    }
    if (ev === null) return { lines, err: null };
    if (render === 'string') {
      lines.push(ev.toString());
    } else {
      const a = ev.base.args;
      lines.push(`${ev.base.typ} ${ev.base.time} ${ev.ctx.G} ${ev.ctx.P} ${ev.ctx.M} ${a[0]} ${a[1]} ${a[2]} ${a[3]}`);
    }
  }
}

interface ManifestFixture {
  path: string;
  kind: string;
  format?: string;
  expected?: { parsed: string | null; err: string | null };
}

/** The v1 fixtures of test/fixtures/manifest.json. */
export function v1Fixtures(): ManifestFixture[] {
  const p = path.join(FIXTURES, 'manifest.json');
  if (!fs.existsSync(p)) return [];
  const raw = JSON.parse(fs.readFileSync(p, 'utf8')) as ManifestFixture[] | { fixtures: ManifestFixture[] };
  const all = Array.isArray(raw) ? raw : raw.fixtures;
  return all.filter((f) => {
    if (f.format === 'v1') return true;
    const file = path.join(FIXTURES, f.path);
    return f.format === undefined && fs.existsSync(file) && v1Version(readTrace(file)) > 0;
  });
}
