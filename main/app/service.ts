// AppService: the app's API (shared/ipc/api.ts AppApi) in plain Node — the
// Electron IPC handlers and the browser-mode server both wrap one of these.
// It opens traces (index built on a worker thread, progress pushed as
// events), keeps the open trace's QueryService, and persists recent files
// and settings. Trace files are only ever read; bytes and captures are
// written to new files of our own.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AppApi, AppEvent, AppSettings, LoadProgress, OpenedTrace } from '../../shared/ipc/api';
import type {
  BlockingRequest, BlockingResponse, HitTestRequest, IndexSummary, ItemDetails, ItemRef, LaneListRequest,
  LaneListResponse, RangeStatsRequest, RangeStatsResponse, SearchRequest, SearchResponse, ViewportRequest, ViewportResponse,
} from '../../shared/index/query-types';
import type { BuildProgress } from '../index/build';
import { buildIndexInWorker, IndexBuildError } from '../index/build-in-worker';
import { QueryService } from '../query/service';
import { AnalysisService } from '../analysis/service';
import type {
  ExportProfileResult, GoroutineAnalysisRequest, GoroutineAnalysisResponse, MMURequest, MMUResponse, ProfileRequest,
  ProfileResponse, TasksRegionsRequest, TasksRegionsResponse,
} from '../../shared/ipc/analysis/index';
import { captureUrl, downloadTrace } from './capture';
import { ConfigStore, defaultConfigDir } from './config-store';
import { demoTracePath } from './resources';
import { sameFile, writeFileAtomic } from '../node/write-file';

/** The same file (path or inode); false when either is missing. */
export interface AppServiceOptions {
  /** Where recent files and settings live (default: defaultConfigDir()). */
  configDir?: string;
  /** The native Open dialog (Electron); absent in browser mode, where openDialog() answers null. */
  openDialog?: () => Promise<string | null>;
  /** Overrides the demo trace's location (tests). */
  demoPath?: string;
  /** Where captures without a savePath and openBytes copies go (default os.tmpdir()). */
  tempDir?: string;
  /** The native Save dialog for exports (Electron): the chosen path, or null when cancelled; absent in browser mode, where exports return their bytes. */
  saveDialog?: (defaultName: string) => Promise<string | null>;
}

/** A load that failed or was cancelled; the message is for people (file and byte offset for trace errors). */
export class LoadFailedError extends Error {
  constructor(message: string, readonly cancelled: boolean) {
    super(message);
    this.name = 'LoadFailedError';
  }
}

const PROGRESS_HEARTBEAT_MS = 100;
const PHASES: Record<string, string> = { parse: 'reading', index: 'indexing', finish: 'finishing', done: 'finishing' };

interface OpenTrace {
  opened: OpenedTrace;
  query: QueryService;
  /** Analysis views: jobs that read `file` again on worker threads. */
  analysis: AnalysisService;
  /** A directory of ours holding the file (openBytes, captures): deleted when another trace replaces this one. */
  tempDir?: string;
}

interface LoadOptions {
  /** Shown in progress, titles and error messages instead of the file's path (openBytes). */
  name?: string;
  shownPath?: string;
  recent: boolean;
  /** A directory of ours to delete once the load is over. */
  tempDir?: string;
}

export class AppService implements AppApi {
  private readonly config: ConfigStore;
  private readonly listeners = new Set<(e: AppEvent) => void>();
  private open_: OpenTrace | null = null;
  private cancelCurrent: (() => void) | null = null;
  private loadSeq = 0;
  private nextId = 1;

  constructor(private readonly opts: AppServiceOptions = {}) {
    this.config = new ConfigStore(opts.configDir ?? defaultConfigDir());
  }

  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(cb: (e: AppEvent) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /**
   * What a page connecting now has missed of the load under way or just
   * failed (its last progress, or the failure); null once a trace opened.
   * Browser mode starts serving before the trace is read and replays this
   * to each new page.
   */
  lastLoadEvent(): AppEvent | null {
    return this.lastLoad;
  }
  private lastLoad: AppEvent | null = null;

  private emit(e: AppEvent): void {
    if (e.type === 'progress' || e.type === 'load-failed') this.lastLoad = e;
    else if (e.type === 'opened') this.lastLoad = null;
    for (const cb of [...this.listeners]) {
      try {
        cb(e);
      } catch {
        // a failing subscriber (e.g. a closed socket) must not break the load
      }
    }
  }

  async current(): Promise<OpenedTrace | null> {
    return this.open_?.opened ?? null;
  }

  open(file: string): Promise<OpenedTrace> {
    return this.load(path.resolve(file), { recent: true });
  }

  async openDemo(): Promise<OpenedTrace> {
    const p = this.opts.demoPath ?? demoTracePath();
    if (!fs.existsSync(p)) throw new Error(`the demo trace is missing: expected it at ${p}`);
    return this.load(p, { recent: false, name: 'demo.trace' });
  }

  async openBytes(name: string, data: Uint8Array): Promise<OpenedTrace> {
    const { dir, file, shown } = this.tempFileFor(name);
    try {
      fs.writeFileSync(file, data, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`${shown}: cannot write a temporary copy in ${path.dirname(dir)}: ${(e as Error).message}`);
    }
    return this.load(file, { recent: false, name: shown, shownPath: shown, tempDir: dir });
  }

  /**
   * A private temporary file for a trace that arrives as bytes (openBytes,
   * the browser-mode upload): the caller writes it, then calls openTempFile.
   */
  tempFileFor(name: string): { dir: string; file: string; shown: string } {
    const shown = path.basename(name.replace(/\\/g, '/')).replace(/[^\w.\-+ ()]/g, '_').slice(0, 100) || 'trace';
    const dir = fs.mkdtempSync(path.join(this.opts.tempDir ?? os.tmpdir(), 'gotrace-'));
    return { dir, file: path.join(dir, shown), shown };
  }

  /** Opens a file written into a tempFileFor() directory, deleting the directory afterwards. */
  openTempFile(t: { dir: string; file: string; shown: string }): Promise<OpenedTrace> {
    return this.load(t.file, { recent: false, name: t.shown, shownPath: t.shown, tempDir: t.dir });
  }

  async openDialog(): Promise<OpenedTrace | null> {
    if (this.opts.openDialog === undefined) return null;
    const p = await this.opts.openDialog();
    return p === null ? null : this.open(p);
  }

  async capture(url: string, seconds: number, savePath?: string): Promise<OpenedTrace> {
    this.cancelCurrent?.();
    const seq = ++this.loadSeq;
    const u = captureUrl(url, seconds);
    let dest: string;
    if (savePath !== undefined) {
      dest = path.resolve(savePath);
      if (fs.existsSync(dest)) throw new Error(`capture: ${dest} already exists; choose a new file name (existing files are never overwritten)`);
    } else {
      const dir = path.join(this.opts.tempDir ?? os.tmpdir(), 'gotrace-captures');
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      dest = path.join(dir, `${u.hostname.replace(/[^\w.-]/g, '_')}-${u.port || 'default'}-${stamp}.trace`);
    }
    const name = path.basename(dest);
    const ac = new AbortController();
    this.cancelCurrent = () => ac.abort();
    const totalMs = seconds * 1000;
    this.emitProgress({ phase: 'capturing', percent: 0, bytes: 0, totalBytes: 0, etaMs: totalMs, elapsedMs: 0, name });
    try {
      await downloadTrace(u, dest, {
        signal: ac.signal,
        idleTimeoutMs: totalMs + 30_000,
        onProgress: (p) => {
          if (seq !== this.loadSeq) return;
          this.emitProgress({
            phase: 'capturing', percent: Math.min(99, (p.elapsedMs / totalMs) * 100), bytes: p.bytes, totalBytes: 0,
            etaMs: Math.max(0, totalMs - p.elapsedMs), elapsedMs: p.elapsedMs, name,
          });
        },
      });
    } catch (e) {
      const cancelled = ac.signal.aborted;
      const message = cancelled ? `capturing ${u.href} was cancelled` : (e as Error).message;
      this.emit({ type: 'load-failed', message, cancelled });
      throw new LoadFailedError(message, cancelled);
    } finally {
      if (seq === this.loadSeq) this.cancelCurrent = null;
    }
    return this.load(dest, { recent: true });
  }

  async cancelLoad(): Promise<void> {
    this.cancelCurrent?.();
  }

  async recent(): Promise<string[]> {
    return this.config.recent();
  }

  async settings(): Promise<AppSettings> {
    return this.config.settings();
  }

  async setSettings(s: Partial<AppSettings>): Promise<AppSettings> {
    return this.config.setSettings(s);
  }

  /** Cancels a load under way and drops listeners (app shutdown). */
  dispose(): void {
    this.cancelCurrent?.();
    this.listeners.clear();
    this.close();
  }

  private emitProgress(progress: LoadProgress): void {
    this.emit({ type: 'progress', progress });
  }

  private async load(file: string, o: LoadOptions): Promise<OpenedTrace> {
    this.cancelCurrent?.();
    const seq = ++this.loadSeq;
    const name = o.name ?? path.basename(file);
    const shownPath = o.shownPath ?? file;
    const t0 = Date.now();
    let totalBytes = 0;
    try {
      totalBytes = fs.statSync(file).size;
    } catch {
      // the worker reports the problem with the file
    }
    let last: LoadProgress = { phase: 'reading', percent: 0, bytes: 0, totalBytes, etaMs: null, elapsedMs: 0, name };
    let lastAt = Date.now();
    const report = (p: LoadProgress) => {
      if (seq !== this.loadSeq) return;
      last = p;
      lastAt = Date.now();
      this.emitProgress(p);
    };
    report(last);
    // The worker is silent while it reads and decompresses the file: repeat the last report so the UI sees time passing.
    const heartbeat = setInterval(() => {
      if (Date.now() - lastAt >= PROGRESS_HEARTBEAT_MS - 5) report({ ...last, elapsedMs: Date.now() - t0 });
    }, PROGRESS_HEARTBEAT_MS);
    const build = buildIndexInWorker(file, (p: BuildProgress) =>
      report({
        phase: PHASES[p.phase] ?? p.phase, percent: p.percent, bytes: p.bytes, totalBytes: p.totalBytes || totalBytes,
        etaMs: p.etaMs, elapsedMs: Date.now() - t0, name,
      }),
    );
    let cancelled = false;
    let keepTemp = false;
    this.cancelCurrent = () => {
      cancelled = true;
      build.cancel();
    };
    try {
      const r = await build.result;
      if (cancelled) throw new IndexBuildError('index build cancelled', true);
      const query = new QueryService(r.index);
      const opened: OpenedTrace = {
        id: this.nextId++, path: shownPath, name, fileBytes: r.fileBytes, summary: await query.summary(),
        warning: r.error === null ? null : this.readable(r.error, file, shownPath), buildMs: Math.round(r.buildMs),
      };
      this.replaceOpen({ opened, query, analysis: new AnalysisService(file), tempDir: o.tempDir });
      keepTemp = true;
      if (o.recent) {
        try {
          this.config.addRecent(file);
        } catch {
          // an unwritable config directory must not stop the trace from opening
        }
      }
      this.emit({ type: 'opened', trace: opened });
      return opened;
    } catch (e) {
      cancelled ||= e instanceof IndexBuildError && e.cancelled;
      const message = cancelled ? `loading ${name} was cancelled` : this.readable(e instanceof Error ? e.message : String(e), file, shownPath);
      this.emit({ type: 'load-failed', message, cancelled });
      throw new LoadFailedError(message, cancelled);
    } finally {
      clearInterval(heartbeat);
      if (seq === this.loadSeq) this.cancelCurrent = null;
      if (o.tempDir !== undefined && !keepTemp) fs.rmSync(o.tempDir, { recursive: true, force: true });
    }
  }

  /** The worker names the file it read; show the name the user knows, once (load errors already carry it). */
  private readable(message: string, file: string, shownPath: string): string {
    let m = message;
    const prefix = `${file}: `;
    while (m.startsWith(prefix + prefix)) m = m.slice(prefix.length);
    if (m.startsWith(prefix)) m = `${shownPath}: ${m.slice(prefix.length)}`;
    else if (!m.includes(shownPath)) m = `${shownPath}: ${m}`;
    return m;
  }

  /** The open trace becomes `t`: the previous one's analyses stop and its temporary copy goes. */
  private replaceOpen(t: OpenTrace | null): void {
    const prev = this.open_;
    this.open_ = t;
    if (prev === null) return;
    prev.analysis.dispose();
    if (prev.tempDir !== undefined && prev.tempDir !== t?.tempDir) fs.rmSync(prev.tempDir, { recursive: true, force: true });
  }

  /** Closes the open trace (its analyses stop, its temporary copy is deleted). */
  close(): void {
    this.replaceOpen(null);
  }

  private analysis(): AnalysisService {
    if (this.open_ === null) throw new Error('no trace is open: open a trace file first');
    return this.open_.analysis;
  }

  private query(): QueryService {
    if (this.open_ === null) throw new Error('no trace is open: open a trace file first');
    return this.open_.query;
  }

  async summary(): Promise<IndexSummary> {
    return this.query().summary();
  }
  async strings(from: number): Promise<string[]> {
    return this.query().strings(from);
  }
  async lanes(req: LaneListRequest): Promise<LaneListResponse> {
    return this.query().lanes(req);
  }
  async viewport(req: ViewportRequest): Promise<ViewportResponse> {
    return this.query().viewport(req);
  }
  async hitTest(req: HitTestRequest): Promise<ItemRef | null> {
    return this.query().hitTest(req);
  }
  async details(ref: ItemRef): Promise<ItemDetails | null> {
    return this.query().details(ref);
  }
  async blocking(req: BlockingRequest): Promise<BlockingResponse> {
    return this.query().blocking(req);
  }
  async search(req: SearchRequest): Promise<SearchResponse> {
    return this.query().search(req);
  }
  async rangeStats(req: RangeStatsRequest): Promise<RangeStatsResponse> {
    return this.query().rangeStats(req);
  }

  async goroutineLanes(ids: number[]): Promise<number[]> {
    return this.query().goroutineLanes(ids);
  }
  async profile(req: ProfileRequest): Promise<ProfileResponse> {
    return this.analysis().run('profile', req);
  }
  async exportProfile(req: ProfileRequest, savePath?: string): Promise<ExportProfileResult> {
    const analysis = this.analysis();
    const opened = this.open_!.opened;
    const fileName = `${opened.name.replace(/(\.gz)?$/i, '').replace(/\.(trace|out|bin)$/i, '')}.${req.type}.pb.gz`;
    let target = savePath ?? null;
    if (target === null && this.opts.saveDialog !== undefined) {
      target = await this.opts.saveDialog(fileName);
      if (target === null) return { path: null, fileName, bytes: null };
    }
    if (target !== null && [analysis.file, opened.path].some((f) => sameFile(f, target!))) {
      throw new Error(`${target}: refusing to write the profile over the trace file`);
    }
    const bytes = await analysis.run<Uint8Array>('exportProfile', req);
    if (target === null) return { path: null, fileName, bytes };
    try {
      writeFileAtomic(target, bytes);
    } catch (e) {
      throw new Error(`${target}: cannot write the profile: ${(e as Error).message}`);
    }
    return { path: target, fileName, bytes: null };
  }
  async mmu(req: MMURequest): Promise<MMUResponse> {
    return this.analysis().run('mmu', req);
  }
  async tasksRegions(req: TasksRegionsRequest): Promise<TasksRegionsResponse> {
    return this.analysis().run('tasksRegions', req);
  }
  async goroutineAnalysis(req: GoroutineAnalysisRequest): Promise<GoroutineAnalysisResponse> {
    return this.analysis().run('goroutineAnalysis', req);
  }
}
