// User tasks and regions for the app's tables: cmd/trace's /usertasks,
// /usertask, /userregions and /userregion (tasks.go, regions.go) computed
// from Go's Summary (shared/analysis/summary.ts), with index times.

import type { JobContext } from './jobs';
import type {
  RegionInstance,
  RegionTypeSummary,
  TaskInstance,
  TaskLog,
  TaskTypeSummary,
  TasksRegionsRequest,
  TasksRegionsResponse,
} from '../../shared/ipc/analysis/tasks';
import type { Event } from '../../shared/trace/event';
import { readWholeGenerations } from './read-whole';
import { Summarizer, nonOverlappingStats, type LogRef, type Summary, type UserRegionSummary } from '../../shared/analysis/summary';
import { bucketOf, histogramOf, statsOf } from './tasks-histogram';

const DEFAULT_LIMIT = 1000;
/** The regions listed with one task at most (a task may hold millions). */
const MAX_TASK_REGIONS = 1000;

export function tasksRegionsJob(ctx: JobContext, req: TasksRegionsRequest): TasksRegionsResponse {
  return tasksRegionsOf(summarize(ctx), ctx.toIndexTime, req);
}

/** Go's summary of the trace, or of its part up to the last complete generation (as cmd/trace keeps it). */
export interface SummaryPass {
  summary: Summary | null;
  /** Reader times of the first and last events summarized. */
  first: number;
  last: number;
  error: string | null;
}

class Feed {
  summarizer: Summarizer | null = new Summarizer();
  panic: string | null = null;
  count = 0;
  first = 0;
  last = 0;

  event(ev: Event): void {
    const t = ev.time();
    if (this.count === 0) this.first = t;
    this.last = t;
    this.count++;
    if (this.summarizer === null) return;
    try {
      this.summarizer.event(ev);
    } catch (e) {
      this.panic = (e as Error).message;
      this.summarizer = null;
    }
  }
}

export function summarize(ctx: Pick<JobContext, 'open' | 'checkCancelled'>): SummaryPass {
  const { consumer: feed, error: readError } = readWholeGenerations(ctx, () => new Feed());
  let error = readError === null ? null : readError.message;
  let summary: Summary | null = null;
  if (feed.count > 0 && feed.summarizer !== null) {
    try {
      summary = feed.summarizer.finalize();
    } catch (e) {
      feed.panic = (e as Error).message;
    }
  }
  if (feed.panic !== null && error === null) error = `Go's summarizer panicked: ${feed.panic}`;
  return { summary, first: feed.first, last: feed.last, error };
}

/** The tables and the filtered instances from a summary. */
export function tasksRegionsOf(pass: SummaryPass, toIndexTime: (t: number) => number, req: TasksRegionsRequest): TasksRegionsResponse {
  const { summary, first, last } = pass;
  const logOf = (l: LogRef): TaskLog => ({ time: toIndexTime(l.time), goroutine: l.goroutine, task: l.task, category: l.category, message: l.message });

  // Logs by task and goroutine, for the logs inside a region.
  const logsByTaskG = new Map<string, TaskLog[]>();
  summary?.tasks.forEach((t) => {
    for (const l of t.logs) {
      const key = `${l.task}:${l.goroutine}`;
      let a = logsByTaskG.get(key);
      if (a === undefined) logsByTaskG.set(key, (a = []));
      a.push(logOf(l));
    }
  });

  const regionOf = (r: UserRegionSummary, g: number): RegionInstance => {
    const t0 = r.start === null ? first : r.start.time;
    const t1 = r.end === null ? last : r.end.time;
    const stack = r.start?.stack ?? [];
    const start = toIndexTime(t0);
    const end = toIndexTime(t1);
    const stats: Record<string, number> = {};
    for (const [k, v] of nonOverlappingStats(r)) if (v !== 0) stats[k] = v;
    const logs = (logsByTaskG.get(`${r.taskID}:${g}`) ?? []).filter((l) => l.time >= start && l.time <= end);
    return {
      name: r.name,
      goroutine: g,
      task: r.taskID,
      start,
      end,
      hasStart: r.start !== null,
      hasEnd: r.end !== null,
      duration: t1 - t0,
      bucket: bucketOf(t1 - t0),
      pc: stack.length > 0 ? stack[stack.length - 1]!.pc : 0,
      stats,
      logs,
    };
  };

  // Regions, and their types keyed by (name, PC of the begin stack's last frame).
  const regions: RegionInstance[] = [];
  const bySummary = new Map<UserRegionSummary, RegionInstance>();
  const regionTypes = new Map<string, { row: RegionTypeSummary; durations: number[] }>();
  summary?.goroutines.forEach((g) => {
    for (const r of g.regions) {
      const x = regionOf(r, g.id);
      regions.push(x);
      bySummary.set(r, x);
      const key = `${x.name}\u0000${x.pc}`;
      let ty = regionTypes.get(key);
      if (ty === undefined) {
        const stack = r.start?.stack ?? [];
        const f = stack[stack.length - 1];
        const frame = f === undefined ? null : { pc: f.pc, func: f.func, file: f.file, line: f.line };
        ty = { row: { name: x.name, frame, count: 0, histogram: histogramOf([]), durations: statsOf([]) }, durations: [] };
        regionTypes.set(key, ty);
      }
      ty.row.count++;
      ty.durations.push(x.duration);
    }
  });

  const tasks: TaskInstance[] = [];
  const taskTypes = new Map<string, { row: TaskTypeSummary; durations: number[] }>();
  summary?.tasks.forEach((t) => {
    const t0 = t.start === null ? first : t.start.time;
    const t1 = t.end === null ? last : t.end.time;
    const complete = t.complete();
    const own = t.regions.map((r) => bySummary.get(r) ?? regionOf(r, r.start?.goroutine ?? r.end?.goroutine ?? -1));
    own.sort((a, b) => a.start - b.start);
    const x: TaskInstance = {
      id: t.id,
      name: t.name,
      parent: t.parent === null ? null : t.parent.id,
      children: t.children.map((c) => c.id),
      start: toIndexTime(t0),
      end: toIndexTime(t1),
      hasStart: t.start !== null,
      hasEnd: t.end !== null,
      complete,
      duration: t1 - t0,
      bucket: complete ? bucketOf(t1 - t0) : -1,
      startGoroutine: t.start === null ? null : t.start.goroutine,
      endGoroutine: t.end === null ? null : t.end.goroutine,
      goroutines: [...t.goroutines.keys()].sort((a, b) => a - b),
      logs: t.logs.map(logOf),
      regions: own,
      regionCount: own.length,
    };
    tasks.push(x);
    let ty = taskTypes.get(t.name);
    if (ty === undefined) {
      ty = { row: { name: t.name, count: 0, complete: 0, histogram: histogramOf([]), durations: statsOf([]) }, durations: [] };
      taskTypes.set(t.name, ty);
    }
    ty.row.count++;
    if (complete) {
      ty.row.complete++;
      ty.durations.push(x.duration);
    }
  });

  const finish = <R extends { histogram: unknown; durations: unknown }>(m: Map<string, { row: R; durations: number[] }>): R[] =>
    [...m.values()].map(({ row, durations }) => ({ ...row, histogram: histogramOf(durations), durations: statsOf(durations) }));
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

  const limit = req.limit ?? DEFAULT_LIMIT;
  const longest = <T extends { duration: number; start: number }>(a: T, b: T) => b.duration - a.duration || a.start - b.start;
  const matchedTasks = req.kind === 'regions' ? [] : tasks.filter((t) => taskMatches(t, req)).sort(longest);
  const matchedRegions = req.kind === 'tasks' ? [] : regions.filter((r) => regionMatches(r, req)).sort(longest);

  return {
    traceEnd: summary === null ? 0 : toIndexTime(last),
    error: pass.error,
    taskTypes: finish(taskTypes).sort(byName),
    regionTypes: finish(regionTypes).sort((a, b) => byName(a, b) || (a.frame?.pc ?? 0) - (b.frame?.pc ?? 0)),
    tasks: matchedTasks.slice(0, limit).map((t) => (t.regions.length > MAX_TASK_REGIONS ? { ...t, regions: t.regions.slice(0, MAX_TASK_REGIONS) } : t)),
    regions: matchedRegions.slice(0, limit),
    matchedTasks: matchedTasks.length,
    matchedRegions: matchedRegions.length,
  };
}

const logHas = (logs: TaskLog[], text: string) => logs.some((l) => l.category.includes(text) || l.message.includes(text));

/** cmd/trace's taskFilter (type, complete, latmin, latmax, logtext), plus a name substring and a bucket. */
export function taskMatches(t: TaskInstance, req: TasksRegionsRequest): boolean {
  if (req.type !== undefined && t.name !== req.type) return false;
  if (req.name !== undefined && !t.name.includes(req.name)) return false;
  if (req.complete !== undefined && t.complete !== req.complete) return false;
  if (req.minDuration !== undefined && !(t.complete && t.duration >= req.minDuration)) return false;
  if (req.maxDuration !== undefined && !(t.complete && t.duration <= req.maxDuration)) return false;
  if (req.bucket !== undefined && t.bucket !== req.bucket) return false;
  const text = req.logText;
  if (text !== undefined && text !== '' && !(t.name.includes(text) || t.regions.some((r) => r.name.includes(text)) || logHas(t.logs, text))) {
    return false;
  }
  return true;
}

/** cmd/trace's regionFilter (type, pc, latmin, latmax), plus a name substring, a bucket and log text. */
export function regionMatches(r: RegionInstance, req: TasksRegionsRequest): boolean {
  if (req.type !== undefined && r.name !== req.type) return false;
  if (req.pc !== undefined && r.pc !== req.pc) return false;
  if (req.name !== undefined && !r.name.includes(req.name)) return false;
  if (req.minDuration !== undefined && r.duration < req.minDuration) return false;
  if (req.maxDuration !== undefined && r.duration > req.maxDuration) return false;
  if (req.bucket !== undefined && r.bucket !== req.bucket) return false;
  const text = req.logText;
  if (text !== undefined && text !== '' && !(r.name.includes(text) || logHas(r.logs, text))) return false;
  return true;
}
