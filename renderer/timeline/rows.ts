// The timeline's rows: global lanes (GC, STW, Network, Syscalls, tasks), then
// collapsible sections of procs (with their syscall/range sub-rows), threads
// and goroutines (with their ranges and regions). The goroutine section is
// virtual: a trace may have millions of goroutine lanes, so rows are fetched
// by page (lanes({kinds, offset, limit})) only where the user scrolls, and
// the scroll position is a row index, not pixels (row heights vary by kind).
//
// Traces with up to LOCAL_MAX goroutines load the whole goroutine list once
// and sort and filter it here; bigger ones page through a list the main side
// sorts and filters (lanes({goroutines: {sort, filter, only}})).

import type { GoroutineListOptions, LaneInfo } from '../../shared/index/query-types';
import type { Store } from '../app/store';

export type SectionId = 'global' | 'procs' | 'threads' | 'goroutines';
export type GoSort = 'id' | 'blocked' | 'function';

export interface Row {
  type: 'lane' | 'section';
  /** Lane id, -1 for section headers. */
  lane: number;
  info: LaneInfo | null;
  section: SectionId;
  height: number;
  /** A child lane drawn as a sub-row of its parent (smaller, no own background band). */
  child: boolean;
  label: string;
  /** Goroutine rows: the group index (for alternating bands). */
  group: number;
}

export const SECTION_H = 22;
const HEIGHTS: Record<string, number> = {
  gc: 16, stw: 16, network: 12, syscalls: 12, tasks: 16,
  proc: 20, 'proc-ranges': 10, thread: 16,
  goroutine: 18, 'go-ranges': 10, regions: 12,
};
export const GOROUTINE_H = HEIGHTS.goroutine!;

/** Goroutine lists up to this long are held here; `?localMax=N` in the page's URL lowers it (tests of the paged mode on small traces). */
export const LOCAL_MAX = Number(new URLSearchParams(globalThis.location?.search ?? '').get('localMax')) || 20000;
const PAGE = 400;

export function rowHeight(kind: string): number {
  return HEIGHTS[kind] ?? 16;
}

function childLabel(info: LaneInfo): string {
  switch (info.kind) {
    case 'proc-ranges': return info.depth > 0 ? `syscalls, ranges ${info.depth + 1}` : 'syscalls, ranges';
    case 'go-ranges': return info.depth > 0 ? `ranges ${info.depth + 1}` : 'ranges';
    case 'regions': return info.depth >= 256 ? `regions (before trace) ${info.depth - 255}` : `regions ${info.depth + 1}`;
  }
  return info.name;
}

export function laneRow(info: LaneInfo, section: SectionId, group: number): Row {
  const child = info.parent >= 0;
  return {
    type: 'lane', lane: info.id, info, section, height: rowHeight(info.kind), child,
    label: child ? childLabel(info) : info.kind === 'tasks' ? (info.depth > 0 ? `Tasks ${info.depth + 1}` : 'Tasks') : info.name,
    group,
  };
}

function sectionRow(section: SectionId, label: string): Row {
  return { type: 'section', lane: -1, info: null, section, height: SECTION_H, child: false, label, group: 0 };
}

/** Goroutine id (for "G42") from a goroutine lane, when its info is known. */
export class RowModel {
  private global: Row[] = [];
  private procs: Row[] = [];
  private threads: Row[] = [];
  readonly collapsed = new Set<SectionId>(['threads']);
  private fixed: Row[] = [];
  readonly sections = new Map<SectionId, Row>();
  /** Lane info by lane id, for every lane seen (labels of proc slices need the goroutine id). */
  readonly infoByLane = new Map<number, LaneInfo>();

  // Goroutines.
  goTotalLanes = 0;
  goCount = 0;
  local: Row[][] | null = null; // groups (goroutine + children), all of them
  private localView: Row[] = [];
  private pages = new Map<number, Row[] | 'loading'>();
  /** Paged mode: the sort/filter the pages were fetched with (null: by id, unfiltered). */
  private pagedOptions: GoroutineListOptions | null = null;
  /** Paged mode with options: goroutines matched. */
  private pagedMatched = 0;
  sort: GoSort = 'id';
  filter = '';
  private blocked: Map<number, number> | null = null;
  private generation = 0;
  onChange: () => void = () => {};

  constructor(private readonly store: Store) {}

  reset(): void {
    this.generation++;
    this.global = [];
    this.procs = [];
    this.threads = [];
    this.fixed = [];
    this.local = null;
    this.localView = [];
    this.pages.clear();
    this.pagedOptions = null;
    this.pagedMatched = 0;
    this.infoByLane.clear();
    this.blocked = null;
    this.goTotalLanes = 0;
    this.goCount = 0;
  }

  async load(): Promise<void> {
    const gen = ++this.generation;
    const api = this.store.api;
    const trace = this.store.state.trace;
    if (!trace) return;
    const fixed = await api.lanes({ kinds: ['gc', 'stw', 'network', 'syscalls', 'tasks', 'proc', 'proc-ranges', 'thread'], limit: 1_000_000 });
    if (gen !== this.generation) return;
    this.global = [];
    this.procs = [];
    this.threads = [];
    for (const info of fixed.lanes) {
      this.infoByLane.set(info.id, info);
      const k = info.kind;
      if (k === 'proc' || k === 'proc-ranges') this.procs.push(laneRow(info, 'procs', 0));
      else if (k === 'thread') this.threads.push(laneRow(info, 'threads', 0));
      else if ((k === 'network' || k === 'syscalls') && info.instantCount === 0) continue;
      else this.global.push(laneRow(info, 'global', 0));
    }
    this.goCount = trace.summary.laneCountsByKind['goroutine'] ?? 0;
    if (this.goCount <= LOCAL_MAX) {
      const all = await api.lanes({ kinds: ['goroutine', 'go-ranges', 'regions'], limit: 10_000_000 });
      if (gen !== this.generation) return;
      const groups: Row[][] = [];
      for (const info of all.lanes) {
        this.infoByLane.set(info.id, info);
        if (info.parent < 0 || groups.length === 0) groups.push([laneRow(info, 'goroutines', groups.length)]);
        else groups[groups.length - 1]!.push(laneRow(info, 'goroutines', groups.length - 1));
      }
      this.local = groups;
      this.goTotalLanes = all.total;
    } else {
      const first = await api.lanes({ kinds: ['goroutine', 'go-ranges', 'regions'], offset: 0, limit: PAGE });
      if (gen !== this.generation) return;
      this.goTotalLanes = first.total;
      this.storePage(0, first.lanes);
    }
    this.rebuild();
    if (this.sort !== 'id' || this.filter) await this.applyGoroutineOptions();
  }

  private storePage(p: number, lanes: LaneInfo[]): void {
    const rows: Row[] = [];
    let group = p * PAGE;
    for (const info of lanes) {
      this.infoByLane.set(info.id, info);
      if (info.parent < 0) group++;
      rows.push(laneRow(info, 'goroutines', group));
    }
    this.pages.set(p, rows);
  }

  /** Re-applies sort / filter / the store's goroutine filter to the goroutine list. */
  async applyGoroutineOptions(): Promise<void> {
    const gen = this.generation;
    const api = this.store.api;
    if (this.local) {
      if (this.sort === 'blocked' && !this.blocked) {
        const r = await api.blocking({ n: 0, groupBy: 'goroutine' });
        if (gen !== this.generation) return;
        this.blocked = new Map();
        for (const g of r.groups) this.blocked.set(Number(g.key.slice(1)), g.total);
      }
    } else {
      const filter = this.filter.trim();
      const only = this.store.state.goroutineFilter;
      const opts: GoroutineListOptions | null =
        this.sort === 'id' && !filter && !only ? null : { sort: this.sort, ...(filter ? { filter } : {}), ...(only ? { only } : {}) };
      // The first page tells how many rows there are; the others load as they scroll into view.
      const first = await api.lanes({ ...(opts ? { goroutines: opts } : { kinds: ['goroutine', 'go-ranges', 'regions'] }), offset: 0, limit: PAGE });
      if (gen !== this.generation) return;
      this.pagedOptions = opts;
      this.pagedMatched = first.goroutines ?? this.goCount;
      this.goTotalLanes = first.total;
      this.pages.clear();
      this.storePage(0, first.lanes);
    }
    this.rebuild();
  }

  rebuild(): void {
    this.fixed = [...this.global];
    if (this.procs.length) {
      this.fixed.push(this.section('procs', 'Procs'));
      if (!this.collapsed.has('procs')) this.fixed.push(...this.procs);
    }
    if (this.threads.length) {
      this.fixed.push(this.section('threads', 'Threads'));
      if (!this.collapsed.has('threads')) this.fixed.push(...this.threads);
    }
    this.fixed.push(this.section('goroutines', 'Goroutines'));
    if (this.local) {
      const f = this.filter.trim().toLowerCase();
      const only = this.store.state.goroutineFilter ? new Set(this.store.state.goroutineFilter) : null;
      const gm = /^g(\d+)$/.exec(f);
      let groups = this.local.filter((g) => {
        const info = g[0]!.info!;
        if (only && !only.has(info.id)) return false;
        if (!f) return true;
        if (gm) return String(info.resource) === gm[1];
        return info.name.toLowerCase().includes(f);
      });
      if (this.sort === 'blocked') {
        const b = this.blocked ?? new Map<number, number>();
        groups = groups.slice().sort((x, y) => (b.get(y[0]!.info!.resource) ?? 0) - (b.get(x[0]!.info!.resource) ?? 0) || x[0]!.info!.resource - y[0]!.info!.resource);
      } else if (this.sort === 'function') {
        const fn = (r: Row) => r.info!.name.replace(/^G\d+ ?/, '');
        groups = groups.slice().sort((x, y) => {
          const a = fn(x[0]!);
          const c = fn(y[0]!);
          return a < c ? -1 : a > c ? 1 : x[0]!.info!.resource - y[0]!.info!.resource;
        });
      }
      this.localView = [];
      groups.forEach((g, k) => {
        for (const r of g) this.localView.push(k === r.group ? r : { ...r, group: k });
      });
      this.sections.get('goroutines')!.label = `Goroutines${groups.length !== this.local.length ? ` (${groups.length.toLocaleString('en-US')} of ${this.local.length.toLocaleString('en-US')})` : ` (${this.local.length.toLocaleString('en-US')})`}`;
    } else {
      const n = this.pagedOptions ? this.pagedMatched : this.goCount;
      this.sections.get('goroutines')!.label = `Goroutines${n !== this.goCount ? ` (${n.toLocaleString('en-US')} of ${this.goCount.toLocaleString('en-US')})` : ` (${this.goCount.toLocaleString('en-US')})`}`;
    }
    this.onChange();
  }

  private section(id: SectionId, label: string): Row {
    let r = this.sections.get(id);
    if (!r) this.sections.set(id, (r = sectionRow(id, label)));
    return r;
  }

  toggle(id: SectionId): void {
    if (this.collapsed.has(id)) this.collapsed.delete(id);
    else this.collapsed.add(id);
    this.rebuild();
  }

  private goRows(): number {
    if (this.collapsed.has('goroutines')) return 0;
    if (this.local) return this.localView.length;
    return this.goTotalLanes;
  }

  count(): number {
    return this.fixed.length + this.goRows();
  }

  /** Row i, or null while its page loads (drawn as a placeholder of goroutine height). */
  row(i: number): Row | null {
    if (i < this.fixed.length) return this.fixed[i] ?? null;
    const g = i - this.fixed.length;
    if (this.local) return this.localView[g] ?? null;
    const p = Math.floor(g / PAGE);
    const page = this.pages.get(p);
    if (page === undefined) {
      this.fetchPage(p);
      return null;
    }
    if (page === 'loading') return null;
    return page[g - p * PAGE] ?? null;
  }

  height(i: number): number {
    return this.row(i)?.height ?? GOROUTINE_H;
  }

  private fetchPage(p: number): void {
    const gen = this.generation;
    this.pages.set(p, 'loading');
    const opts = this.pagedOptions;
    this.store.api.lanes({ ...(opts ? { goroutines: opts } : { kinds: ['goroutine', 'go-ranges', 'regions'] }), offset: p * PAGE, limit: PAGE }).then((r) => {
      if (gen !== this.generation) return;
      this.storePage(p, r.lanes);
      if (this.pages.size > 200) {
        // Keep memory bounded: forget pages far from this one.
        for (const k of this.pages.keys()) if (Math.abs(k - p) > 50) this.pages.delete(k);
      }
      this.onChange();
    }, () => {
      if (gen === this.generation) this.pages.delete(p);
    });
  }

  /** Index of the row of a lane, when it is among the rows known (fixed rows, the local list, loaded pages). */
  indexOfLane(lane: number): number {
    for (let i = 0; i < this.fixed.length; i++) if (this.fixed[i]!.lane === lane) return i;
    const base = this.fixed.length;
    if (this.collapsed.has('goroutines')) return -1;
    if (this.local) {
      const k = this.localView.findIndex((r) => r.lane === lane);
      return k < 0 ? -1 : base + k;
    }
    for (const [p, page] of this.pages) {
      if (page === 'loading') continue;
      const k = page.findIndex((r) => r.lane === lane);
      if (k >= 0) return base + p * PAGE + k;
    }
    return -1;
  }

  /** Section of a lane kind. */
  static sectionOfKind(kind: string): SectionId {
    if (kind === 'proc' || kind === 'proc-ranges') return 'procs';
    if (kind === 'thread') return 'threads';
    if (kind === 'goroutine' || kind === 'go-ranges' || kind === 'regions') return 'goroutines';
    return 'global';
  }
}
