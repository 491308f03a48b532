// `gotrace pprof TYPE TRACE -o FILE`, run as a process from this build.

import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES } from '../lib/fixtures';
import { decodeProfileGz, loadExpected } from './helpers';

// This test file is build/test/pprof/cli.test.js: the CLI of the same build.
const GOTRACE = path.join(__dirname, '..', '..', 'main', 'cli', 'gotrace.js');

function gotrace(...args: string[]): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [GOTRACE, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

const expected = loadExpected();
function want(fixture: string, type: string) {
  const e = expected.find((x) => x.fixture === fixture && x.type === type);
  assert.ok(e !== undefined && e.profile !== null, `${fixture} ${type}`);
  return e.profile;
}

describe('gotrace pprof', () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gotrace-pprof-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes what go tool trace -pprof writes (exit 0), leaving no temporary file', () => {
    const out = path.join(dir, 'sync.pb.gz');
    const r = gotrace('pprof', 'sync', path.join(FIXTURES, 'traces/contention-go1.27.trace'), '-o', out);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.deepEqual(decodeProfileGz(fs.readFileSync(out)).normalized, want('contention-go1.27', 'sync'));
    // Overwrites an existing file atomically.
    const r2 = gotrace('pprof', 'sched', path.join(FIXTURES, 'traces/contention-go1.21.trace.gz'), '--output', out);
    assert.equal(r2.status, 0, r2.stderr);
    assert.deepEqual(decodeProfileGz(fs.readFileSync(out)).normalized, want('contention-go1.21', 'sched'));
    assert.deepEqual(fs.readdirSync(dir), ['sync.pb.gz']);
  });

  it('cpu: samples/count, plus cpu/nanoseconds with --period', () => {
    const out = path.join(dir, 'cpu.pb.gz');
    const trace = path.join(FIXTURES, 'traces/cpuprof-go1.27.trace');
    assert.equal(gotrace('pprof', 'cpu', trace, '-o', out).status, 0);
    const plain = decodeProfileGz(fs.readFileSync(out)).normalized;
    assert.deepEqual(plain, want('cpuprof-go1.27', 'cpu'));
    assert.equal(gotrace('pprof', 'cpu', trace, '-o', out, '--period', '10ms').status, 0);
    const d = decodeProfileGz(fs.readFileSync(out));
    assert.equal(d.normalized.sampleType, 'samples/count cpu/nanoseconds');
    assert.equal(d.normalized.periodType, 'cpu/nanoseconds 10000000');
    const [n, ns] = d.normalized.total.split(' ').map(Number) as [number, number];
    assert.equal(n, Number(plain.total));
    assert.equal(ns, n * 10_000_000);
    assert.ok(Number(d.raw.duration_nanos) > 0);
  });

  it('a partly readable trace: the profile of its complete part, exit 2', () => {
    const out = path.join(dir, 'partial.pb.gz');
    const r = gotrace('pprof', 'sync', path.join(FIXTURES, 'broken/dropgen-go1.27.trace'), '-o', out);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /dropgen-go1\.27\.trace: at byte \d+: /);
    assert.deepEqual(decodeProfileGz(fs.readFileSync(out)).normalized, want('dropgen-go1.27', 'sync'));
  });

  it('fails as go tool trace fails (exit 1, nothing written)', () => {
    const out = path.join(dir, 'none.pb.gz');
    const r = gotrace('pprof', 'sync', path.join(FIXTURES, 'broken/nofreq1-go1.27.trace'), '-o', out);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /failed to generate pprof: failed to find matching goroutines for name: /);
    const r2 = gotrace('pprof', 'sync', path.join(FIXTURES, 'broken/hdr110-go1.21.trace'), '-o', out);
    assert.equal(r2.status, 1);
    assert.equal(fs.existsSync(out), false);
  });

  it('never writes over the trace; usage errors exit 1', () => {
    const copy = path.join(dir, 'copy.trace');
    fs.copyFileSync(path.join(FIXTURES, 'traces/contention-go1.27.trace'), copy);
    const before = fs.readFileSync(copy);
    const r = gotrace('pprof', 'sync', copy, '-o', copy);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /over the trace file/);
    assert.deepEqual(fs.readFileSync(copy), before);
    fs.symlinkSync(copy, path.join(dir, 'link.trace'));
    assert.equal(gotrace('pprof', 'sync', copy, '-o', path.join(dir, 'link.trace')).status, 1);
    assert.deepEqual(fs.readFileSync(copy), before);
    fs.rmSync(path.join(dir, 'link.trace'));
    fs.rmSync(copy);

    assert.equal(gotrace('pprof', 'heap', copy, '-o', path.join(dir, 'x')).status, 1);
    assert.equal(gotrace('pprof', 'sync', path.join(FIXTURES, 'traces/contention-go1.27.trace')).status, 1);
    assert.equal(gotrace('pprof', 'cpu', path.join(FIXTURES, 'traces/contention-go1.27.trace'), '-o', path.join(dir, 'x'), '--period', 'soon').status, 1);
    assert.equal(gotrace('pprof', 'sync', path.join(dir, 'missing.trace'), '-o', path.join(dir, 'x')).status, 1);
    const h = gotrace('help', 'pprof');
    assert.equal(h.status, 0);
    assert.match(h.stdout, /Usage: gotrace pprof TYPE TRACE -o FILE/);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  });
});
