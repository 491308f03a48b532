// The Tasks & regions view: cmd/trace's /usertasks and /userregions as one
// page. A switch picks tasks or regions; the type table has a row per task
// name (region name and begin frame) with its counts, durations and a small
// log-bucket histogram; choosing a type or one of its bars lists those
// tasks or regions (filtered by name, duration and log text); choosing one
// shows its details, each with a way back to the timeline.

import { h, clear, debounce, errorMessage } from '../panels/dom';
import { formatDuration, formatTime, parseDuration } from '../panels/format';
import { SortTable, type Column } from '../panels/table';
import type { OpenedTrace } from '../../shared/ipc/api';
import type {
  DurationHistogram,
  DurationStats,
  RegionFrame,
  RegionInstance,
  TaskInstance,
  TasksRegionsRequest,
  TasksRegionsResponse,
} from '../../shared/ipc/analysis/tasks';
import type { AnalysisView, ViewContext } from './types';
import { axisOf, bucketLabel, bucketTable, sparkHistogram, type BucketAxis } from './tasks-histogram';
import { regionDetails, regionName, taskDetails, taskName, type DetailsNav } from './tasks-details';

type Kind = 'tasks' | 'regions';

/** A row of the type table. */
interface TypeRow {
  key: string;
  name: string;
  /** Region types: their begin frame's PC (0: none). */
  pc: number;
  frame: RegionFrame | null;
  count: number;
  /** Task types: how many are complete (the histogram counts those). */
  complete: number | null;
  histogram: DurationHistogram;
  durations: DurationStats;
}

const LIMIT = 500;
/** How far around a log the timeline opens. */
const LOG_MARGIN = 5000;

const typeKey = (name: string, pc: number) => `${name}\u0000${pc}`;
const regionKey = (r: RegionInstance) => `r${r.goroutine}/${r.start}/${r.task}/${r.name}`;
const taskKey = (t: TaskInstance) => `t${t.id}`;

export class TasksView implements AnalysisView {
  readonly id = 'tasks' as const;
  readonly label = 'Tasks & regions';
  readonly title = 'User tasks and regions: durations, histograms, logs';
  readonly el = h('div', { class: 'tasks-view' });

  private kind: Kind = 'tasks';
  private type: TypeRow | null = null;
  private bucket: number | null = null;
  private selected: string | null = null;
  private res: TasksRegionsResponse | null = null;
  private active = false;
  private stale = true;
  private seq = 0;
  private axis: BucketAxis | null = null;

  private readonly status = h('span', { class: 'tv-status', 'data-testid': 'tasks-status', role: 'status' });
  private readonly switchButtons = new Map<Kind, HTMLButtonElement>();
  private readonly nameInput = this.input('tasks-filter-name', 'Name contains', 'name');
  private readonly minInput = this.input('tasks-filter-min', 'Min duration (e.g. 10µs)', 'min ≥');
  private readonly maxInput = this.input('tasks-filter-max', 'Max duration (e.g. 1ms)', 'max ≤');
  private readonly logInput = this.input('tasks-filter-log', 'Log text: task or region names, log categories and messages', 'log text');
  private readonly typesHost = h('div', { class: 'tv-types', 'data-testid': 'tasks-types' });
  private readonly instHead = h('div', { class: 'tv-inst-head', 'data-testid': 'tasks-instances-head' });
  private readonly instHost = h('div', { class: 'tv-inst-scroll', 'data-testid': 'tasks-instances' });
  private readonly details = h('div', { class: 'tv-details' });
  private readonly typeTables: Record<Kind, SortTable<TypeRow>>;
  private readonly taskTable: SortTable<TaskInstance>;
  private readonly regionTable: SortTable<RegionInstance>;
  private readonly nav: DetailsNav;

  constructor(readonly ctx: ViewContext) {
    this.nav = {
      task: (t) => ctx.openRange(t.start, t.end),
      region: (r) => void ctx.openSpan({ goroutine: r.goroutine, lane: -1, t0: r.start, t1: r.end }),
      log: (l) => ctx.openRange(Math.max(0, l.time - LOG_MARGIN), l.time + LOG_MARGIN),
      goroutine: (g, t0, t1) => void ctx.openSpan({ goroutine: g, lane: -1, t0, t1 }),
    };
    this.typeTables = { tasks: this.typeTable('tasks'), regions: this.typeTable('regions') };
    this.taskTable = new SortTable<TaskInstance>({
      columns: TASK_COLUMNS,
      sortKey: 'duration',
      caption: 'Tasks',
      empty: 'No task matches.',
      onActivate: (t) => this.select(taskKey(t)),
      isCurrent: (t) => taskKey(t) === this.selected,
      rowAttrs: (t) => ({ 'data-key': taskKey(t), 'data-id': String(t.id) }),
    });
    this.regionTable = new SortTable<RegionInstance>({
      columns: REGION_COLUMNS,
      sortKey: 'duration',
      caption: 'Regions',
      empty: 'No region matches.',
      onActivate: (r) => this.select(regionKey(r)),
      isCurrent: (r) => regionKey(r) === this.selected,
      rowAttrs: (r) => ({ 'data-key': regionKey(r), 'data-goroutine': String(r.goroutine) }),
    });

    const sw = h('div', { class: 'tv-switch', role: 'tablist', 'aria-label': 'Tasks or regions' });
    for (const k of ['tasks', 'regions'] as const) {
      const b = h('button', { type: 'button', role: 'tab', class: 'tv-switch-btn', 'data-testid': `tasks-mode-${k}` }, k === 'tasks' ? 'Tasks' : 'Regions');
      b.addEventListener('click', () => this.setKind(k));
      this.switchButtons.set(k, b);
      sw.append(b);
    }
    const clearBtn = h('button', { type: 'button', class: 'gp-btn gp-btn-small', 'data-testid': 'tasks-filter-clear' }, 'Clear filters');
    clearBtn.addEventListener('click', () => {
      for (const i of [this.nameInput, this.minInput, this.maxInput, this.logInput]) i.value = '';
      this.type = null;
      this.bucket = null;
      this.refresh();
    });
    this.el.append(
      h('div', { class: 'tv-toolbar' }, sw, this.nameInput.parentElement!, this.minInput.parentElement!, this.maxInput.parentElement!, this.logInput.parentElement!, clearBtn, this.status),
      this.typesHost,
      h('div', { class: 'tv-lower' }, h('div', { class: 'tv-instances' }, this.instHead, this.instHost), this.details),
    );
    this.renderSwitch();
  }

  setActive(active: boolean): void {
    this.active = active;
    if (active && this.stale) this.refresh();
  }

  traceChanged(_trace: OpenedTrace | null): void {
    this.res = null;
    this.type = null;
    this.bucket = null;
    this.selected = null;
    this.stale = true;
    this.seq++;
    this.render();
    if (this.active) this.refresh();
  }

  private input(testid: string, title: string, label: string): HTMLInputElement {
    const i = h('input', { type: 'search', class: 'tv-input', 'data-testid': testid, title, placeholder: label, 'aria-label': title, spellcheck: 'false' });
    h('label', { class: 'tv-filter' }, i);
    const later = debounce(() => this.refresh(), 300);
    i.addEventListener('input', () => later());
    return i;
  }

  private typeTable(kind: Kind): SortTable<TypeRow> {
    const cols: Column<TypeRow>[] = [
      { key: 'name', title: kind === 'tasks' ? 'Task type' : 'Region type', value: (r) => r.name, render: (r) => nameCell(kind === 'tasks' ? taskName(r.name) : regionName(r.name), r.name === ''), cls: 'tv-type-name' },
    ];
    if (kind === 'regions') {
      cols.push({ key: 'where', title: 'Begun at', value: (r) => (r.frame ? `${r.frame.func} ${r.frame.line}` : ''), render: (r) => frameCell(r.frame) });
    }
    cols.push({ key: 'count', title: 'Count', value: (r) => r.count, numeric: true, cls: 'tv-count' });
    if (kind === 'tasks') cols.push({ key: 'complete', title: 'Complete', value: (r) => r.complete ?? 0, numeric: true });
    cols.push(
      { key: 'total', title: 'Total', value: (r) => r.durations.total, render: (r) => dur(r, r.durations.total), numeric: true },
      { key: 'mean', title: 'Mean', value: (r) => r.durations.mean, render: (r) => dur(r, Math.round(r.durations.mean)), numeric: true },
      { key: 'p50', title: 'p50', value: (r) => r.durations.p50, render: (r) => dur(r, r.durations.p50), numeric: true },
      { key: 'max', title: 'Max', value: (r) => r.durations.max, render: (r) => dur(r, r.durations.max), numeric: true },
      {
        key: 'hist',
        title: 'Durations (log buckets)',
        titleHint: kind === 'tasks' ? 'Durations of complete tasks, 5 buckets per decade (cmd/trace); click a bar to list them' : 'Durations, 5 buckets per decade (cmd/trace); click a bar to list them',
        value: (r) => r.histogram.count,
        render: (r) => sparkHistogram(r.histogram, this.axis, (b) => this.pickType(r, b), this.type?.key === r.key ? this.bucket : null),
        cls: 'tv-hist-col',
      },
    );
    return new SortTable<TypeRow>({
      columns: cols,
      sortKey: 'name',
      sortDesc: false,
      caption: kind === 'tasks' ? 'Task types' : 'Region types',
      empty: kind === 'tasks' ? 'This trace has no user tasks (runtime/trace.NewTask).' : 'This trace has no user regions (runtime/trace.WithRegion, StartRegion).',
      onActivate: (r) => this.pickType(this.type?.key === r.key && this.bucket === null ? null : r, null),
      isCurrent: (r) => this.type?.key === r.key,
      rowAttrs: (r) => ({ 'data-type': r.name, 'data-pc': String(r.pc) }),
    });
  }

  private setKind(k: Kind): void {
    if (k === this.kind) return;
    this.kind = k;
    this.type = null;
    this.bucket = null;
    this.selected = null;
    this.renderSwitch();
    this.refresh();
  }

  private pickType(r: TypeRow | null, bucket: number | null): void {
    this.type = r;
    this.bucket = bucket;
    this.selected = null;
    this.refresh();
  }

  private select(key: string): void {
    this.selected = this.selected === key ? null : key;
    this.taskTable.refresh();
    this.regionTable.refresh();
    this.renderDetails();
  }

  private request(): TasksRegionsRequest {
    const req: TasksRegionsRequest = { kind: this.kind, limit: LIMIT };
    if (this.type !== null) {
      req.type = this.type.name;
      if (this.kind === 'regions') req.pc = this.type.pc;
    }
    if (this.bucket !== null) req.bucket = this.bucket;
    const name = this.nameInput.value;
    if (name !== '') req.name = name;
    const log = this.logInput.value;
    if (log !== '') req.logText = log;
    const min = this.duration(this.minInput);
    if (min !== null) req.minDuration = min;
    const max = this.duration(this.maxInput);
    if (max !== null) req.maxDuration = max;
    return req;
  }

  /** A duration filter's value (null when empty or not a duration, which the input then shows). */
  private duration(i: HTMLInputElement): number | null {
    const text = i.value.trim();
    const v = text === '' ? null : parseDuration(text);
    i.classList.toggle('tv-invalid', text !== '' && v === null);
    return v;
  }

  private async refresh(): Promise<void> {
    const seq = ++this.seq;
    this.stale = false;
    this.status.textContent = 'Loading…';
    this.status.classList.remove('tv-error');
    try {
      const res = await this.ctx.client.tasksRegions(this.request());
      if (seq !== this.seq) return;
      this.res = res;
      this.status.textContent = res.error === null ? '' : `Partly read: ${res.error}`;
      this.status.classList.toggle('tv-error', res.error !== null);
    } catch (e) {
      if (seq !== this.seq) return;
      this.res = null;
      this.status.textContent = errorMessage(e);
      this.status.classList.add('tv-error');
    }
    this.render();
  }

  private typeRows(res: TasksRegionsResponse): TypeRow[] {
    if (this.kind === 'tasks') {
      return res.taskTypes.map((t) => ({ key: typeKey(t.name, 0), name: t.name, pc: 0, frame: null, count: t.count, complete: t.complete, histogram: t.histogram, durations: t.durations }));
    }
    return res.regionTypes.map((t) => {
      const pc = t.frame?.pc ?? 0;
      return { key: typeKey(t.name, pc), name: t.name, pc, frame: t.frame, count: t.count, complete: null, histogram: t.histogram, durations: t.durations };
    });
  }

  private renderSwitch(): void {
    for (const [k, b] of this.switchButtons) {
      b.setAttribute('aria-selected', String(k === this.kind));
      b.classList.toggle('active', k === this.kind);
    }
    this.el.dataset.kind = this.kind;
  }

  private render(): void {
    this.renderSwitch();
    const res = this.res;
    const rows = res === null ? [] : this.typeRows(res);
    const name = this.nameInput.value;
    const shown = rows.filter((r) => name === '' || r.name.includes(name) || r.key === this.type?.key);
    if (this.type !== null) this.type = rows.find((r) => r.key === this.type!.key) ?? null;
    this.axis = axisOf(shown.map((r) => r.histogram));
    if (res !== null) {
      this.switchButtons.get('tasks')!.textContent = `Tasks (${res.taskTypes.reduce((s, t) => s + t.count, 0)})`;
      this.switchButtons.get('regions')!.textContent = `Regions (${res.regionTypes.reduce((s, t) => s + t.count, 0)})`;
    }
    const table = this.typeTables[this.kind];
    table.setRows(shown);
    clear(this.typesHost);
    this.typesHost.append(table.el);
    const ax = this.axis;
    if (ax !== null) {
      const what = this.kind === 'tasks' ? 'complete tasks' : 'regions';
      this.typesHost.append(
        h('p', { class: 'tv-axis tv-muted', 'data-testid': 'tasks-axis' }, `Histograms of durations: ${formatDuration(ax.from)} to ${formatDuration(ax.to)}, five buckets per decade, ${what}. Click a bar to list them.`),
      );
    }
    this.renderInstances();
    this.renderDetails();
  }

  private renderInstances(): void {
    const res = this.res;
    clear(this.instHead);
    clear(this.instHost);
    if (res === null) return;
    const tasks = this.kind === 'tasks';
    const matched = tasks ? res.matchedTasks : res.matchedRegions;
    const listed = tasks ? res.tasks.length : res.regions.length;
    const what = tasks ? 'task' : 'region';
    const title = this.type === null ? `All ${what}s` : tasks ? taskName(this.type.name) : regionName(this.type.name);
    this.instHead.append(h('h3', null, title));
    if (this.type !== null && this.bucket !== null) {
      const chip = h('button', { type: 'button', class: 'tv-chip', title: 'List the whole type', 'data-testid': 'tasks-bucket-chip' }, `${bucketLabel(this.type.histogram, this.bucket)} ✕`);
      chip.addEventListener('click', () => this.pickType(this.type, null));
      this.instHead.append(chip);
    }
    if (this.type !== null) {
      const all = h('button', { type: 'button', class: 'tv-link' }, `all ${what}s`);
      all.addEventListener('click', () => this.pickType(null, null));
      this.instHead.append(all);
    }
    const count = `${matched} ${what}${matched === 1 ? '' : 's'}${listed < matched ? `, the ${listed} longest listed` : ''}`;
    this.instHead.append(h('span', { class: 'tv-muted', 'data-testid': 'tasks-instances-count' }, count));
    if (tasks) {
      this.taskTable.setRows(res.tasks);
      this.instHost.append(this.taskTable.el);
    } else {
      this.regionTable.setRows(res.regions);
      this.instHost.append(this.regionTable.el);
    }
  }

  private renderDetails(): void {
    clear(this.details);
    const res = this.res;
    if (res === null) return;
    if (this.kind === 'tasks') {
      const t = res.tasks.find((x) => taskKey(x) === this.selected);
      if (t !== undefined) {
        this.details.append(taskDetails(t, this.nav));
        return;
      }
    } else {
      const r = res.regions.find((x) => regionKey(x) === this.selected);
      if (r !== undefined) {
        const frame = res.regionTypes.find((ty) => ty.name === r.name && (ty.frame?.pc ?? 0) === r.pc)?.frame ?? null;
        this.details.append(regionDetails(r, frame, this.nav));
        return;
      }
    }
    const ty = this.type;
    if (ty !== null && ty.histogram.count > 0) {
      this.details.append(
        h('h3', null, `Durations of ${this.kind === 'tasks' ? taskName(ty.name) : regionName(ty.name)}`),
        h('p', { class: 'tv-muted' }, this.kind === 'tasks' ? 'Complete tasks, five buckets per decade. Choose a bucket to list its tasks.' : 'Five buckets per decade. Choose a bucket to list its regions.'),
        bucketTable(ty.histogram, (b) => this.pickType(ty, b), this.bucket),
      );
      return;
    }
    this.details.append(h('p', { class: 'tv-hint' }, `Choose a ${this.kind === 'tasks' ? 'task' : 'region'} to see its details.`));
  }
}

function dur(r: TypeRow, ns: number): string {
  return r.histogram.count === 0 ? '—' : formatDuration(ns);
}

function frameCell(f: RegionFrame | null): Node | string {
  if (f === null) return '—';
  return h('span', { class: 'tv-where', title: `${f.func}\n${f.file}:${f.line}` }, `${f.func} :${f.line}`);
}

function nameCell(text: string, placeholder: boolean): HTMLElement {
  return h('span', { class: placeholder ? 'tv-muted' : 'tv-name', title: text }, text);
}

function taskState(t: TaskInstance): string {
  if (t.id === 0) return 'background';
  return t.complete ? 'complete' : !t.hasStart ? 'begun before the trace' : 'not ended';
}

function goroutineCell(g: number | null): string {
  return g === null ? '—' : `G${g}`;
}

const TASK_COLUMNS: Column<TaskInstance>[] = [
  { key: 'id', title: 'ID', value: (t) => t.id, numeric: true },
  { key: 'name', title: 'Name', value: (t) => t.name, render: (t) => nameCell(taskName(t.name), t.name === '') },
  { key: 'start', title: 'Start', value: (t) => t.start, render: (t) => formatTime(t.start), numeric: true },
  { key: 'duration', title: 'Duration', value: (t) => t.duration, render: (t) => formatDuration(t.duration), numeric: true, cls: 'tv-duration' },
  { key: 'g', title: 'G', value: (t) => t.startGoroutine ?? -1, render: (t) => goroutineCell(t.startGoroutine), numeric: true, titleHint: 'The goroutine that began it' },
  { key: 'regions', title: 'Regions', value: (t) => t.regionCount, numeric: true },
  { key: 'logs', title: 'Logs', value: (t) => t.logs.length, numeric: true },
  { key: 'state', title: 'State', value: taskState, render: (t) => h('span', { class: 'tv-muted' }, taskState(t)) },
];

const REGION_COLUMNS: Column<RegionInstance>[] = [
  { key: 'name', title: 'Name', value: (r) => r.name, render: (r) => nameCell(regionName(r.name), r.name === '') },
  { key: 'g', title: 'G', value: (r) => r.goroutine, render: (r) => `G${r.goroutine}`, numeric: true },
  { key: 'task', title: 'Task', value: (r) => r.task, render: (r) => (r.task === 0 ? '—' : String(r.task)), numeric: true },
  { key: 'start', title: 'Start', value: (r) => r.start, render: (r) => formatTime(r.start), numeric: true },
  { key: 'duration', title: 'Duration', value: (r) => r.duration, render: (r) => formatDuration(r.duration) + (r.hasEnd ? '' : ' …'), numeric: true, cls: 'tv-duration' },
  { key: 'exec', title: 'Execution', value: (r) => r.stats['Execution time'] ?? 0, render: (r) => formatDuration(r.stats['Execution time'] ?? 0), numeric: true },
  { key: 'logs', title: 'Logs', value: (r) => r.logs.length, numeric: true },
];
