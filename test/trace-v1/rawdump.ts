// Debug dump of a v1 trace through our reader, in the format of the Go helper
// used during development (raw base fields per event + the table): compares
// what we construct with what Go's tracev1.go constructs, field by field.
// usage: node build/test/trace-v1/rawdump.js TRACE [table]

import { readFileSync } from 'node:fs';
import { parseV1 } from '../../shared/trace/tracev1/parser';
import { TraceV1Converter } from '../../shared/trace/tracev1';
import { TraceError } from '../../shared/trace/errors';
import { u64String, i64String } from '../../shared/trace/u64';
import type { EvTable } from '../../shared/trace/base';

export function goQ(s: string): string {
  return JSON.stringify(s);
}

export function rawDump(data: Uint8Array, withTable: boolean): string {
  const out: string[] = [];
  const hdr = Buffer.from(data.subarray(0, 16)).toString('latin1');
  const m = /^go 1\.(\d+) trace\0\0\0/.exec(hdr);
  if (!m) return 'ERROR: bad header\n';
  const ver = Number(m[1]);
  let conv: TraceV1Converter;
  try {
    conv = new TraceV1Converter(parseV1(data, 16, ver));
  } catch (e) {
    if (e instanceof TraceError) return `ERROR: ${e.message}\n`;
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
    out.push(
      `typ=${ev.base.typ} t=${ev.base.time} G=${i64String(ev.ctx.G)} P=${i64String(ev.ctx.P)} M=${i64String(ev.ctx.M)} args=${u64String(a[0]!)},${u64String(a[1]!)},${u64String(a[2]!)},${u64String(a[3]!)}`,
    );
  }
  if (withTable && table !== null) {
    const t = table;
    for (const id of t.strings.ids()) out.push(`S ${u64String(id)} ${goQ(t.strings.get(id)!)}`);
    for (const id of t.stacks.ids()) out.push(`K ${id} [${t.stacks.get(id)!.pcs.map(u64String).join(' ')}]`);
    const pcs = [...t.pcs.keys()].sort((x, y) => x - y);
    for (const pc of pcs) {
      const f = t.pcs.get(pc)!;
      out.push(`F ${u64String(f.pc)} ${u64String(f.funcID)} ${u64String(f.fileID)} ${u64String(f.line)}`);
    }
    t.extraStrings.forEach((s, i) => out.push(`X ${i + 1} ${goQ(s)}`));
  }
  return out.join('\n') + '\n';
}

if (require.main === module) {
  const data = readFileSync(process.argv[2]!);
  process.stdout.write(rawDump(new Uint8Array(data.buffer, data.byteOffset, data.length), process.argv.length > 3));
}
