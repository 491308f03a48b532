// Profiles for the app: a call tree for flame graphs, and the pprof export.

import type { JobContext } from './jobs';
import { SPANS_PER_STACK, type ProfileKind, type ProfileRequest, type ProfileResponse } from '../../shared/ipc/analysis/profile';
import { computeProfile, PROFILE_TITLES, type ProfileFilter, type ProfileType } from '../../shared/analysis/profiles';
import { buildCPUProfile, buildProfile, buildTraceProfile, encodeProfileGzip } from '../../shared/pprof/profile';
import type { StackFrame } from '../../shared/trace/event';
import { collectProfiles, type Collected, type CollectedRecord } from './profile-collect';
import { buildProfileTree, type TreeRecord } from './profile-tree';

/** What one CPU sample stands for in the off-CPU view: runtime/pprof's default 100 Hz (traces do not record the rate). */
export const CPU_PERIOD_NS = 10_000_000;

const OFFCPU_KINDS: readonly ProfileType[] = ['sync', 'net', 'syscall', 'sched', 'cpu'];

export function profileTitle(kind: ProfileKind): string {
  return kind === 'offcpu' ? 'Off-CPU time by reason, with on-CPU samples' : PROFILE_TITLES[kind];
}

/** The off-CPU view's root-level node for a record of `kind` whose goroutine entered the state for `reason`. */
export function offCpuLabel(kind: ProfileType, reason: string): string {
  switch (kind) {
    case 'sync':
    case 'net':
      return `blocked: ${reason}`;
    case 'syscall':
      return 'in syscall';
    case 'sched':
      return 'waiting to run (runnable)';
    case 'cpu':
      return `on CPU (samples × ${CPU_PERIOD_NS / 1e6} ms)`;
  }
}

/** The request's filters in reader times. An empty group is no filter (cmd/trace's name=""); an empty region type is the regions named "". */
export function profileFilter(ctx: Pick<JobContext, 'toReaderTime'>, req: ProfileRequest): ProfileFilter {
  const f: ProfileFilter = {};
  if (req.goroutines !== undefined) f.goroutines = req.goroutines;
  if (req.group !== undefined && req.group !== '') f.group = req.group;
  if (req.region !== undefined) f.region = { name: req.region };
  if (req.t0 !== undefined || req.t1 !== undefined) {
    f.timeRange = {
      start: req.t0 === undefined ? -Infinity : ctx.toReaderTime(req.t0),
      end: req.t1 === undefined ? Infinity : ctx.toReaderTime(req.t1),
    };
  }
  return f;
}

function collect(ctx: JobContext, req: ProfileRequest): Collected {
  const kinds = req.type === 'offcpu' ? OFFCPU_KINDS : [req.type];
  return collectProfiles(ctx.open, kinds, { filter: profileFilter(ctx, req), splitByReason: req.type === 'offcpu', spansPerRecord: SPANS_PER_STACK }, ctx.checkCancelled);
}

/** The records of an off-CPU profile, each with its root-level label; CPU samples as time. */
function offCpuRecords(c: Collected): { label: string; rec: CollectedRecord; value: number; cpu: boolean }[] {
  const out: { label: string; rec: CollectedRecord; value: number; cpu: boolean }[] = [];
  for (const kind of OFFCPU_KINDS) {
    for (const rec of c.records.get(kind) ?? []) {
      const cpu = kind === 'cpu';
      out.push({ label: offCpuLabel(kind, rec.reason), rec, value: cpu ? rec.count * CPU_PERIOD_NS : rec.time, cpu });
    }
  }
  return out;
}

function warningOf(c: Collected): string | null {
  const parts: string[] = [];
  if (c.error !== null) parts.push(`the trace is damaged (at byte ${c.errorOffset}: ${c.error}): the profile covers the events before it`);
  if (c.summaryPanic !== null) {
    parts.push(`Go's goroutine summary panics on this trace (${c.summaryPanic}): go tool trace would crash; the profile counts every goroutine's whole time`);
  }
  return parts.length === 0 ? null : parts.join('; ');
}

export function profileJob(ctx: JobContext, req: ProfileRequest): ProfileResponse {
  const c = collect(ctx, req);
  const span = (s: CollectedRecord['spans'][number]) => ({ g: s.g, t0: ctx.toIndexTime(s.start), t1: ctx.toIndexTime(s.end), value: s.value });
  const records: TreeRecord[] = [];
  if (req.type === 'offcpu') {
    for (const { label, rec, value, cpu } of offCpuRecords(c)) {
      // A CPU sample adds what it stands for.
      const spans = rec.spans.map(span);
      if (cpu) for (const s of spans) s.value = CPU_PERIOD_NS;
      records.push({ prefix: label, stack: rec.stack, value, count: rec.count, spans });
    }
  } else {
    for (const rec of c.records.get(req.type) ?? []) {
      records.push({ prefix: null, stack: rec.stack, value: req.type === 'cpu' ? rec.count : rec.time, count: rec.count, spans: rec.spans.map(span) });
    }
  }
  const tree = buildProfileTree(records);

  const groups = new Map<string, number>();
  const regionTypes = new Set<string>();
  c.summary?.goroutines.forEach((g) => {
    if (g.name !== '') groups.set(g.name, (groups.get(g.name) ?? 0) + 1);
    for (const r of g.regions) regionTypes.add(r.name);
  });
  return {
    type: req.type,
    title: profileTitle(req.type),
    unit: req.type === 'cpu' ? 'samples' : 'ns',
    failure: c.failure,
    warning: warningOf(c),
    ...tree,
    groups: [...groups].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1)),
    regionTypes: [...regionTypes].sort(),
    cpuSamples: c.cpuSamples,
    cpuPeriodNs: CPU_PERIOD_NS,
  };
}

/**
 * The gzipped profile.proto: for net, sync, syscall, sched and cpu exactly
 * what `gotrace pprof TYPE` writes (computeProfile); for offcpu, the blocking
 * records and the CPU samples with their reason as the outermost frame.
 */
export function exportProfileJob(ctx: JobContext, req: ProfileRequest): Uint8Array {
  if (req.type !== 'offcpu') {
    const r = computeProfile(ctx.open, req.type, { filter: profileFilter(ctx, req) });
    if (r.failure !== null) throw new Error(`${ctx.path}: ${r.failure}`);
    return encodeProfileGzip(req.type === 'cpu' ? buildCPUProfile(r.records, null, r.lastTime - r.firstTime) : buildTraceProfile(r.records));
  }
  const c = collect(ctx, req);
  if (c.failure !== null) throw new Error(`${ctx.path}: ${c.failure}`);
  // Reason frames get PCs no code has (real PCs are far above the first page).
  const reasonFrames = new Map<string, StackFrame>();
  const samples = offCpuRecords(c).map(({ label, rec, value }) => {
    let f = reasonFrames.get(label);
    if (f === undefined) {
      f = { pc: reasonFrames.size + 1, func: label, file: '', line: 0 };
      reasonFrames.set(label, f);
    }
    return { stack: [...rec.stack, f], value: [rec.count, value] };
  });
  return encodeProfileGzip(
    buildProfile(samples, {
      periodType: { type: 'trace', unit: 'count' },
      period: 1,
      sampleType: [
        { type: 'contentions', unit: 'count' },
        { type: 'delay', unit: 'nanoseconds' },
      ],
      comment: [`off-CPU time by reason (outermost frame); on-CPU samples counted as ${CPU_PERIOD_NS / 1e6} ms each`],
    }),
  );
}
