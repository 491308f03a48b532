// Debug dump of a v1 trace through our reader, in the format of the Go helper
// used during development (raw base fields per event + the table): compares
// what we construct with what Go's tracev1.go constructs, field by field.
// usage: node build/test/trace-v1/rawdump.js TRACE [table]

import { readFileSync, writeSync } from 'node:fs';
import { parseV1 } from '../../shared/trace/tracev1/parser';
import { TraceV1Converter } from '../../shared/trace/tracev1';
import { TraceError } from '../../shared/trace/errors';
import { goQuote } from '../../shared/trace/quote';
import { u64String, i64String, u64ToBig } from '../../shared/trace/u64';
import type { EvTable } from '../../shared/trace/base';

export function goQ(s: string): string {
  return goQuote(s);
}

export function rawDump(data: Uint8Array, withTable: boolean, noSpeculation = false, sink?: (s: string) => void): string {
  let out: string[] = [];
  const emit = (text: string): string => {
    if (sink === undefined) return text;
    sink(text);
    return '';
  };
  const flush = (): void => {
    if (sink !== undefined && out.length >= 10000) {
      sink(out.join('\n') + '\n');
      out = [];
    }
  };
  const hdr = Buffer.from(data.subarray(0, 16)).toString('latin1');
  const m = /^go 1\.(\d+) trace\0\0\0/.exec(hdr);
  if (!m) return emit('ERROR: bad header\n');
  const ver = Number(m[1]);
  let conv: TraceV1Converter;
  try {
    conv = new TraceV1Converter(parseV1(data, 16, ver, { noSpeculation }));
  } catch (e) {
    if (e instanceof TraceError) return emit(`ERROR: ${e.message}\n`);
    throw e;
  }
  let table: EvTable | null = null;
  for (;;) {
    let ev;
    try {
      ev = conv.readEvent();
    } catch (e) {
      if (e instanceof TraceError) {
        out.push(`ERROR: ${e.message}`);
        break;
      }
      throw e;
    }
    if (ev === null) break;
    table = ev.table;
    const a = ev.base.args;
    flush();
    out.push(
      `typ=${ev.base.typ} t=${ev.base.time} G=${i64String(ev.ctx.G)} P=${i64String(ev.ctx.P)} M=${i64String(ev.ctx.M)} args=${u64String(a[0]!)},${u64String(a[1]!)},${u64String(a[2]!)},${u64String(a[3]!)}`,
    );
  }
  if (withTable && table !== null) {
    const t = table;
    const byU64 = (x: number, y: number): number => (u64ToBig(x) < u64ToBig(y) ? -1 : 1);
    for (const id of t.strings.ids().sort(byU64)) out.push(`S ${u64String(id)} ${goQ(t.strings.get(id)!)}`);
    for (const id of t.stacks.ids().sort(byU64)) out.push(`K ${id} [${t.stacks.get(id)!.pcs.map(u64String).join(' ')}]`);
    const pcs = [...t.pcs.keys()].sort((x, y) => (u64ToBig(x) < u64ToBig(y) ? -1 : 1));
    for (const pc of pcs) {
      const f = t.pcs.get(pc)!;
      out.push(`F ${u64String(f.pc)} ${u64String(f.funcID)} ${u64String(f.fileID)} ${u64String(f.line)}`);
    }
    t.extraStrings.forEach((s, i) => out.push(`X ${i + 1} ${goQ(s)}`));
  }
  if (sink !== undefined) {
    if (out.length > 0) sink(out.join('\n') + '\n');
    return '';
  }
  return out.join('\n') + '\n';
}

function dumpFile(path: string, table: boolean): void {
  const data = readFileSync(path);
  const sink = (s: string): void => void writeSync(1, s);
  try {
    rawDump(new Uint8Array(data.buffer, data.byteOffset, data.length), table, process.env.V1_NOSPEC === '1', sink);
  } catch (e) {
    sink(`CRASH: ${e instanceof Error ? e.stack : String(e)}\n`);
  }
}

if (require.main === module && process.argv.length > 2) {
  if (process.argv[2] === '-batch') {
    const files = readFileSync(process.argv[3]!, 'utf8').trim().split('\n');
    for (const f of files) {
      writeSync(1, `=== ${f}\n`);
      dumpFile(f, true);
    }
  } else {
    dumpFile(process.argv[2]!, process.argv.length > 3);
  }
}
