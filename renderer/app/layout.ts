// The page layout: a slim top bar (trace name, legend), the banner, the
// timeline (or the start page when no trace is open) with the side panel on
// its right (resizable), and the full-window overlay host.

import { LEGEND, css } from '../timeline/colors';
import type { PanelHosts } from './panel-hosts';

export interface Shell {
  hosts: PanelHosts;
  timeline: HTMLElement;
  /** The view tabs (top bar) and the analysis views' host (over the timeline). */
  viewBar: HTMLElement;
  views: HTMLElement;
  title: HTMLElement;
  dropZone: HTMLElement;
  setOpen(open: boolean): void;
}

function div(cls: string, parent?: HTMLElement, testid?: string): HTMLDivElement {
  const e = document.createElement('div');
  e.className = cls;
  if (testid) e.dataset.testid = testid;
  parent?.appendChild(e);
  return e;
}

const SIDE_KEY = 'gotrace.sideWidth';

export function buildLayout(root: HTMLElement): Shell {
  root.innerHTML = '';
  root.classList.add('app');
  const top = div('topbar', root, 'topbar');
  const brand = div('brand', top);
  brand.textContent = 'gotrace';
  const title = div('trace-title', top, 'trace-title');
  const viewBar = div('view-bar', top, 'view-bar');
  const legend = div('legend', top, 'legend');
  for (const item of LEGEND) {
    const s = document.createElement('span');
    s.className = 'legend-item';
    s.title = item.title;
    const sw = document.createElement('i');
    sw.className = 'swatch';
    sw.style.background = css(item.color);
    s.append(sw, item.label);
    legend.appendChild(s);
  }
  const banner = div('banner-host', root, 'banner-host');
  const main = div('main', root);
  const center = div('center', main);
  const start = div('start-host', center, 'start');
  const timeline = div('timeline-host', center);
  const views = div('views-host', center, 'views-host');
  views.hidden = true;
  const splitter = div('splitter', main, 'side-splitter');
  const side = div('side-host', main, 'side-panel');
  const overlay = div('overlay-host', root, 'overlay');
  const dropZone = div('drop-zone', root, 'drop-zone');
  dropZone.textContent = 'Drop a trace file to open it';

  const saved = Number(localStorage.getItem(SIDE_KEY));
  if (saved >= 240 && saved <= 1200) side.style.width = `${saved}px`;
  splitter.addEventListener('mousedown', (e) => {
    e.preventDefault();
    const x0 = e.clientX;
    const w0 = side.getBoundingClientRect().width;
    root.classList.add('resizing');
    const move = (ev: MouseEvent) => {
      const w = Math.max(240, Math.min(window.innerWidth - 400, w0 - (ev.clientX - x0)));
      side.style.width = `${w}px`;
    };
    const up = () => {
      root.classList.remove('resizing');
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      localStorage.setItem(SIDE_KEY, String(Math.round(side.getBoundingClientRect().width)));
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  });

  const shell: Shell = {
    hosts: { side, overlay, start, banner },
    timeline,
    viewBar,
    views,
    title,
    dropZone,
    setOpen(open: boolean) {
      root.classList.toggle('trace-open', open);
      start.hidden = open;
      timeline.hidden = !open;
      if (!open) views.hidden = true;
    },
  };
  shell.setOpen(false);
  return shell;
}
