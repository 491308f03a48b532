// The app's API between the renderer and the main-process services: the same
// methods over Electron IPC (preload + contextBridge) and, in browser mode,
// over a WebSocket on 127.0.0.1. Queries are the index's query service
// (shared/index/query-types.ts); the rest manages the open trace.

import type {
  BlockingRequest, BlockingResponse, HitTestRequest, IndexSummary, ItemDetails, ItemRef, LaneListRequest,
  LaneListResponse, RangeStatsRequest, RangeStatsResponse, SearchRequest, SearchResponse, ViewportRequest, ViewportResponse,
} from '../index/query-types';
import type {
  ExportProfileResult, GoroutineAnalysisRequest, GoroutineAnalysisResponse, MMURequest, MMUResponse, ProfileRequest,
  ProfileResponse, TasksRegionsRequest, TasksRegionsResponse,
} from './analysis/index';

export const APP_API_VERSION = 1;

/** Progress of the load under way (parse, index, finish). */
export interface LoadProgress {
  /** What is happening, for people: "reading", "indexing", "finishing", "capturing". */
  phase: string;
  /** 0..100. */
  percent: number;
  bytes: number;
  totalBytes: number;
  /** Estimated milliseconds left, null when unknown. */
  etaMs: number | null;
  elapsedMs: number;
  /** File name being loaded. */
  name: string;
}

export interface OpenedTrace {
  /** Increases with every open; queries answer for the trace with this id. */
  id: number;
  path: string;
  /** Base name, for titles. */
  name: string;
  fileBytes: number;
  summary: IndexSummary;
  /** The trace was damaged or truncated: this says what and where (file and byte offset); what was complete is shown. */
  warning: string | null;
  buildMs: number;
}

export interface AppSettings {
  /** "Open in editor" URL template; {file} and {line} are replaced (default vscode://file/{file}:{line}). */
  editorUrl: string;
}

/** Pushed from the main side to the renderer. */
export type AppEvent =
  | { type: 'progress'; progress: LoadProgress }
  | { type: 'opened'; trace: OpenedTrace }
  | { type: 'load-failed'; message: string; cancelled: boolean }
  /** A native menu command (Electron), e.g. 'open', 'fit-all', 'shortcuts', 'export'. */
  | { type: 'menu'; command: string };

/** Every method rejects with an Error whose message is for people (file name and byte offset for trace errors). */
export interface AppApi {
  /** The trace open now, if any. */
  current(): Promise<OpenedTrace | null>;
  /** Open a trace file by path (command line, recent files, Electron's dialog or drop). */
  open(path: string): Promise<OpenedTrace>;
  /** Open the demo trace shipped in assets/. */
  openDemo(): Promise<OpenedTrace>;
  /** Open dropped / chosen bytes (browser mode, where the page has no paths). */
  openBytes(name: string, data: Uint8Array): Promise<OpenedTrace>;
  /** Electron: the native Open dialog (null: cancelled). Browser mode: always null (use a file input). */
  openDialog(): Promise<OpenedTrace | null>;
  /** Capture from a live program's /debug/pprof/trace endpoint, save it (to savePath or a temporary file) and open it. */
  capture(url: string, seconds: number, savePath?: string): Promise<OpenedTrace>;
  cancelLoad(): Promise<void>;
  /** Recently opened paths, newest first. */
  recent(): Promise<string[]>;
  settings(): Promise<AppSettings>;
  setSettings(s: Partial<AppSettings>): Promise<AppSettings>;

  // Queries about the open trace (reject when none is open).
  summary(): Promise<IndexSummary>;
  /** String table from id `from` on (render batches carry string ids). */
  strings(from: number): Promise<string[]>;
  lanes(req: LaneListRequest): Promise<LaneListResponse>;
  viewport(req: ViewportRequest): Promise<ViewportResponse>;
  hitTest(req: HitTestRequest): Promise<ItemRef | null>;
  details(ref: ItemRef): Promise<ItemDetails | null>;
  blocking(req: BlockingRequest): Promise<BlockingResponse>;
  search(req: SearchRequest): Promise<SearchResponse>;
  rangeStats(req: RangeStatsRequest): Promise<RangeStatsResponse>;
  /** The timeline lane of each goroutine id (-1: the trace has no such goroutine). */
  goroutineLanes(ids: number[]): Promise<number[]>;

  // Analysis views (main/analysis/: computed on a worker thread from the trace file, cached per request).
  /** A profile as a call tree (flame graph), with its filters. */
  profile(req: ProfileRequest): Promise<ProfileResponse>;
  /** The profile as gzipped profile.proto: saved to savePath, or (Electron) where the user chooses, or (browser mode) returned as bytes. */
  exportProfile(req: ProfileRequest, savePath?: string): Promise<ExportProfileResult>;
  mmu(req: MMURequest): Promise<MMUResponse>;
  tasksRegions(req: TasksRegionsRequest): Promise<TasksRegionsResponse>;
  goroutineAnalysis(req: GoroutineAnalysisRequest): Promise<GoroutineAnalysisResponse>;
}

export type AppMethod = keyof AppApi;

export const APP_METHODS: readonly AppMethod[] = [
  'current', 'open', 'openDemo', 'openBytes', 'openDialog', 'capture', 'cancelLoad', 'recent', 'settings', 'setSettings',
  'summary', 'strings', 'lanes', 'viewport', 'hitTest', 'details', 'blocking', 'search', 'rangeStats', 'goroutineLanes',
  'profile', 'exportProfile', 'mmu', 'tasksRegions', 'goroutineAnalysis',
];

/** What the renderer holds: the API plus the event stream. */
export interface AppClient extends AppApi {
  /** Subscribe to pushed events; returns the unsubscribe function. */
  onEvent(cb: (e: AppEvent) => void): () => void;
  /** 'electron' or 'browser'. */
  readonly mode: 'electron' | 'browser';
}
