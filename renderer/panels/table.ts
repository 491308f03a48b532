// A sortable HTML table: header buttons sort by any column (aria-sort), rows
// are focusable and activate on click or Enter.

import { h, clear } from './dom';

export interface Column<R> {
  key: string;
  title: string;
  /** Sort value (numbers sort descending first, strings ascending). */
  value(r: R): string | number;
  /** Cell content (default: the value). */
  render?(r: R): Node | string;
  numeric?: boolean;
  /** Class of the cells (tests read cells by class). */
  cls?: string;
  titleHint?: string;
}

export interface SortTableOptions<R> {
  columns: Column<R>[];
  sortKey?: string;
  sortDesc?: boolean;
  caption?: string;
  onActivate?(r: R, ev: Event): void;
  rowAttrs?(r: R): Record<string, string>;
  /** A row to mark (aria-current). */
  isCurrent?(r: R): boolean;
  empty?: string;
}

export class SortTable<R> {
  readonly el: HTMLTableElement;
  private rows: R[] = [];
  private sortKey: string;
  private desc: boolean;
  private readonly thead: HTMLTableSectionElement;
  private readonly tbody: HTMLTableSectionElement;

  constructor(private readonly opt: SortTableOptions<R>) {
    this.sortKey = opt.sortKey ?? opt.columns[0]!.key;
    this.desc = opt.sortDesc ?? true;
    this.thead = h('thead');
    this.tbody = h('tbody');
    this.el = h('table', { class: 'gp-table' }, opt.caption ? h('caption', { class: 'gp-sr-only' }, opt.caption) : null, this.thead, this.tbody);
    this.renderHead();
  }

  setRows(rows: R[]): void {
    this.rows = rows;
    this.renderBody();
  }

  getSortedRows(): R[] {
    const col = this.opt.columns.find((c) => c.key === this.sortKey) ?? this.opt.columns[0]!;
    const dir = this.desc ? -1 : 1;
    return [...this.rows].sort((a, b) => {
      const va = col.value(a);
      const vb = col.value(b);
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
      return c * dir;
    });
  }

  refresh(): void {
    this.renderBody();
  }

  private renderHead(): void {
    clear(this.thead);
    const tr = h('tr');
    for (const c of this.opt.columns) {
      const sorted = c.key === this.sortKey;
      const btn = h('button', { type: 'button', class: 'gp-sort', title: c.titleHint ?? `Sort by ${c.title}` }, c.title, h('span', { class: 'gp-sort-mark', 'aria-hidden': 'true' }, sorted ? (this.desc ? ' ▼' : ' ▲') : ''));
      btn.addEventListener('click', () => {
        if (this.sortKey === c.key) this.desc = !this.desc;
        else {
          this.sortKey = c.key;
          this.desc = !!c.numeric;
        }
        this.renderHead();
        this.renderBody();
      });
      tr.append(h('th', { scope: 'col', class: `${c.numeric ? 'gp-num ' : ''}${c.cls ?? ''}`, 'aria-sort': sorted ? (this.desc ? 'descending' : 'ascending') : 'none' }, btn));
    }
    this.thead.append(tr);
  }

  private renderBody(): void {
    clear(this.tbody);
    const rows = this.getSortedRows();
    if (rows.length === 0) {
      this.tbody.append(h('tr', null, h('td', { colspan: this.opt.columns.length, class: 'gp-empty' }, this.opt.empty ?? 'Nothing here.')));
      return;
    }
    for (const r of rows) {
      const tr = h('tr', this.opt.onActivate ? { tabindex: 0, class: 'gp-row-link' } : null);
      if (this.opt.rowAttrs) for (const [k, v] of Object.entries(this.opt.rowAttrs(r))) tr.setAttribute(k, v);
      if (this.opt.isCurrent?.(r)) tr.setAttribute('aria-current', 'true');
      for (const c of this.opt.columns) {
        const content = c.render ? c.render(r) : String(c.value(r));
        tr.append(h('td', { class: `${c.numeric ? 'gp-num ' : ''}${c.cls ?? ''}` }, content));
      }
      if (this.opt.onActivate) {
        const act = this.opt.onActivate;
        tr.addEventListener('click', (e) => {
          if ((e.target as HTMLElement).closest('a,button')) return;
          if (window.getSelection()?.toString()) return; // selecting text, not clicking
          act(r, e);
        });
        tr.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            act(r, e);
          } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const next = (e.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling) as HTMLElement | null;
            next?.focus();
          }
        });
      }
      this.tbody.append(tr);
    }
  }
}
