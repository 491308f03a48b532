// A bounded fuzz test: a few thousand mutations of real fixtures (fixed seed,
// so any failure reproduces). Whatever the bytes, reading must end with
// events and/or a TraceError: never another exception, a hang or a crash.
// The analyses must survive the same inputs.

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { newReader } from '../shared/trace/reader';
import { TraceError } from '../shared/trace/errors';
import { analyzeTrace } from '../shared/analysis/analyze-json';
import { loadManifest, readFixture } from './lib/fixtures';
import { seededRandom, randInt } from './lib/rand';

const CASES = 3000;
const SEED = 0x60741ace;

type Mutation = (d: Uint8Array, r: () => number) => Uint8Array;

const mutations: [string, Mutation][] = [
  ['flip a bit', (d, r) => { const o = Uint8Array.from(d); const i = 16 + randInt(r, o.length - 16); o[i] = o[i]! ^ (1 << randInt(r, 8)); return o; }],
  ['random byte', (d, r) => { const o = Uint8Array.from(d); o[16 + randInt(r, o.length - 16)] = randInt(r, 256); return o; }],
  ['0xff run (oversized varints and lengths)', (d, r) => { const o = Uint8Array.from(d); const i = 16 + randInt(r, o.length - 16); o.fill(0xff, i, Math.min(o.length, i + 1 + randInt(r, 12))); return o; }],
  ['truncate', (d, r) => d.subarray(0, 16 + randInt(r, d.length - 16))],
  ['delete a range', (d, r) => { const i = 16 + randInt(r, d.length - 16); const n = Math.min(1 + randInt(r, 64), d.length - i); const o = new Uint8Array(d.length - n); o.set(d.subarray(0, i)); o.set(d.subarray(i + n), i); return o; }],
  ['duplicate a range', (d, r) => { const i = 16 + randInt(r, d.length - 16); const n = 1 + randInt(r, 256); const seg = d.subarray(i, i + n); const o = new Uint8Array(d.length + seg.length); o.set(d.subarray(0, i + seg.length)); o.set(d.subarray(i), i + seg.length); return o; }],
  ['zero a range', (d, r) => { const o = Uint8Array.from(d); const i = 16 + randInt(r, o.length - 16); o.fill(0, i, i + 1 + randInt(r, 32)); return o; }],
];

function readAllCounting(data: Uint8Array): { events: number; failure: unknown } {
  let events = 0;
  try {
    const rd = newReader(data);
    for (let ev = rd.readEvent(); ev !== null; ev = rd.readEvent()) {
      ev.toString();
      events++;
    }
  } catch (e) {
    return { events, failure: e };
  }
  return { events, failure: null };
}

describe('fuzz: mutated fixtures never crash the reader', () => {
  const sources = loadManifest()
    .filter((f) => !f.gzip)
    .map((f) => ({ f, data: readFixture(f) }))
    .filter((s) => s.data.length > 32 && s.data.length < 400_000);

  it(`${CASES} mutations (seed ${SEED.toString(16)})`, () => {
    assert.ok(sources.length > 0, 'fixtures exist');
    const rand = seededRandom(SEED);
    const seen = new Map<string, number>();
    for (let n = 0; n < CASES; n++) {
      const src = sources[randInt(rand, sources.length)]!;
      const [mname, mutate] = mutations[randInt(rand, mutations.length)]!;
      const data = mutate(src.data, rand);
      const r = readAllCounting(data);
      if (r.failure !== null && !(r.failure instanceof TraceError)) {
        const e = r.failure as Error;
        assert.fail(`case ${n} (${mname} of ${src.f.path}): ${e.name}: ${e.message}\n${e.stack}`);
      }
      const key = r.failure ? 'error' : 'ok';
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (n % 10 === 0) {
        try {
          analyzeTrace(() => newReader(data));
        } catch (e) {
          if (!(e instanceof TraceError)) assert.fail(`case ${n} (${mname} of ${src.f.path}): analyze threw ${(e as Error).stack}`);
        }
      }
    }
    // The mutations must actually exercise both paths.
    assert.ok((seen.get('error') ?? 0) > CASES / 10, `errors: ${seen.get('error')}`);
  });
});
