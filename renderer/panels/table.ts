// A sortable HTML table: header buttons sort by any column (aria-sort), rows
// are focusable and activate on click or Enter. Optionally a totals row
// below the rows (never sorted), and sorting done by the owner when the rows
// are only the first N of a longer list (it fetches them again in the new
// order).

import { h, clear } from './dom';

export interface Column<R> {
  key: string;
  title: string;
  /** A small line above the title (the kind of column: "Block", "Range"). */
  over?: string;
  /** Sort value (numbers sort descending first, strings ascending). */
  value(r: R): string | number;
  /** Cell content (default: the value). */
  render?(r: R): Node | string;
  numeric?: boolean;
  /** Class of the cells (tests read cells by class; every cell also carries data-col = key). */
  cls?: string;
  /** The sort button's tooltip (default: "Sort by TITLE", or "HINT. Sort by it." with a hint). */
  titleHint?: string;
  /** What the column means (header tooltip). */
  hint?: string;
  /** Not sortable (actions, bars scaled to the rows shown). */
  fixed?: boolean;
}

export interface SortTableOptions<R> {
  columns: Column<R>[];
  sortKey?: string;
  sortDesc?: boolean;
  caption?: string;
  /** Extra class of the table element. */
  tableClass?: string;
  /** Sorting is done by the owner: the rows are shown as given, and this is told of the new order. */
  sortElsewhere?(key: string, desc: boolean): void;
  onActivate?(r: R, ev: Event): void;
  rowAttrs?(r: R): Record<string, string>;
  /** A row to mark (aria-current). */
  isCurrent?(r: R): boolean;
  empty?: string;
}

export class SortTable<R> {
  readonly el: HTMLTableElement;
  private rows: R[] = [];
  private footer: { row: R; attrs: Record<string, string> } | null = null;
  private sortKey: string;
  private desc: boolean;
  private readonly thead = h('thead');
  private readonly tbody = h('tbody');
  private readonly tfoot = h('tfoot');

  constructor(private readonly opt: SortTableOptions<R>) {
    this.sortKey = opt.sortKey ?? opt.columns[0]!.key;
    this.desc = opt.sortDesc ?? true;
    this.el = h(
      'table',
      { class: `gp-table${opt.tableClass ? ` ${opt.tableClass}` : ''}` },
      opt.caption ? h('caption', { class: 'gp-sr-only' }, opt.caption) : null,
      this.thead,
      this.tbody,
      this.tfoot,
    );
    this.renderHead();
  }

  get sort(): { key: string; desc: boolean } {
    return { key: this.sortKey, desc: this.desc };
  }

  /** The rows, and optionally a totals row below them (never sorted). */
  setRows(rows: R[], footer: { row: R; attrs: Record<string, string> } | null = null): void {
    this.rows = rows;
    this.footer = footer;
    this.renderBody();
  }

  /** The rows in the order shown. */
  getSortedRows(): R[] {
    if (this.opt.sortElsewhere) return this.rows;
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
      const cls = `${c.numeric ? 'gp-num ' : ''}${c.cls ?? ''}`;
      if (c.fixed) {
        tr.append(h('th', { scope: 'col', class: cls, title: c.hint ?? null }, c.key === 'actions' ? h('span', { class: 'gp-sr-only' }, c.title) : c.title));
        continue;
      }
      const sorted = c.key === this.sortKey;
      const title = c.titleHint ?? (c.hint ? `${c.hint}. Sort by it.` : `Sort by ${c.title}`);
      const btn = h(
        'button',
        { type: 'button', class: 'gp-sort', title, 'data-sort': c.key },
        c.over ? h('span', { class: 'ga-th-over' }, c.over) : null,
        c.title,
        h('span', { class: 'gp-sort-mark', 'aria-hidden': 'true' }, sorted ? (this.desc ? ' ▼' : ' ▲') : ''),
      );
      btn.addEventListener('click', () => {
        if (this.sortKey === c.key) this.desc = !this.desc;
        else {
          this.sortKey = c.key;
          this.desc = !!c.numeric;
        }
        this.renderHead();
        if (this.opt.sortElsewhere) this.opt.sortElsewhere(this.sortKey, this.desc);
        else this.renderBody();
      });
      tr.append(h('th', { scope: 'col', class: cls, 'aria-sort': sorted ? (this.desc ? 'descending' : 'ascending') : 'none' }, btn));
    }
    this.thead.append(tr);
  }

  private row(r: R): HTMLTableRowElement {
    const tr = h('tr');
    for (const c of this.opt.columns) {
      const content = c.render ? c.render(r) : String(c.value(r));
      tr.append(h('td', { class: `${c.numeric ? 'gp-num ' : ''}${c.cls ?? ''}`, 'data-col': c.key }, content));
    }
    return tr;
  }

  private renderBody(): void {
    clear(this.tbody);
    clear(this.tfoot);
    const rows = this.getSortedRows();
    if (rows.length === 0) {
      this.tbody.append(h('tr', null, h('td', { colspan: this.opt.columns.length, class: 'gp-empty' }, this.opt.empty ?? 'Nothing here.')));
    }
    const act = this.opt.onActivate;
    for (const r of rows) {
      const tr = this.row(r);
      if (this.opt.rowAttrs) for (const [k, v] of Object.entries(this.opt.rowAttrs(r))) tr.setAttribute(k, v);
      if (this.opt.isCurrent?.(r)) tr.setAttribute('aria-current', 'true');
      if (act) {
        tr.tabIndex = 0;
        tr.classList.add('gp-row-link');
        tr.addEventListener('click', (e) => {
          if ((e.target as HTMLElement).closest('a,button')) return;
          if (window.getSelection()?.toString()) return; // selecting text, not clicking
          act(r, e);
        });
        tr.addEventListener('keydown', (e) => {
          if (e.target !== tr) return; // keys on a button inside the row are the button's
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            act(r, e);
          } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            ((e.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling) as HTMLElement | null)?.focus();
          }
        });
      }
      this.tbody.append(tr);
    }
    if (this.footer !== null) {
      const tr = this.row(this.footer.row);
      for (const [k, v] of Object.entries(this.footer.attrs)) tr.setAttribute(k, v);
      this.tfoot.append(tr);
    }
  }
}
