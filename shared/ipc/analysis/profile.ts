// Profiles (cmd/trace pprof.go semantics) as the app shows them: a call tree
// for flame graphs, and the pprof export.

import type { AnalysisFilter } from './common';

/**
 * net, sync, syscall, sched: `go tool trace -pprof=TYPE`; cpu: the trace's
 * StackSample events; offcpu: the four blocking profiles together, split at
 * the root by reason, plus the CPU samples as on-CPU time when there are any.
 */
export type ProfileKind = 'net' | 'sync' | 'syscall' | 'sched' | 'cpu' | 'offcpu';

export const PROFILE_KINDS: readonly ProfileKind[] = ['sync', 'net', 'syscall', 'sched', 'cpu', 'offcpu'];

export interface ProfileRequest extends AnalysisFilter {
  type: ProfileKind;
}

/**
 * A profile as a call tree, root first (node 0 stands for every stack).
 * Nodes are in depth-first preorder, so a node's subtree is the index range
 * [i, end[i]); children are ordered by total, largest first. Frames are
 * merged by function and file (pprof's "functions" granularity).
 */
export interface ProfileResponse {
  type: ProfileKind;
  /** What the profile shows, e.g. "Synchronization blocking profile". */
  title: string;
  /** What node values count: blocking time in ns, or CPU samples. */
  unit: 'ns' | 'samples';
  /** Where `go tool trace -pprof` stops with an error (no matching goroutine, nothing readable): its message; the tree is then only the root. */
  failure: string | null;
  /** A read error or a summary panic: what the profile covers is partial. */
  warning: string | null;

  /** Function names and file names, by index. */
  strings: string[];
  parent: Int32Array;
  /** Past the last node of the subtree. */
  end: Int32Array;
  depth: Int32Array;
  /** Index into `strings` (-1 for the root). */
  func: Int32Array;
  file: Int32Array;
  /** The frames' line; 0 when the merged frames have different lines. */
  line: Int32Array;
  /** 1 for the root-level reason nodes of an offcpu profile (not stack frames). */
  synthetic: Uint8Array;
  /** Value of the subtree (ns or samples). */
  total: Float64Array;
  /** Value of the stacks ending here. */
  self: Float64Array;
  /** Blocking episodes (contentions) or samples of the subtree. */
  count: Float64Array;

  /**
   * Contributing spans, grouped by the node where their stack ends (sorted
   * by node): for each distinct stack, its longest episodes (up to
   * SPANS_PER_STACK) by the time they add; for CPU samples, the first
   * samples. Times are index times; `spanValue` is what the span adds to
   * the profile (the part of [t0, t1] that passes the filters; 1 per CPU sample).
   */
  spanNode: Int32Array;
  spanGoroutine: Float64Array;
  spanT0: Float64Array;
  spanT1: Float64Array;
  spanValue: Float64Array;

  /** For the filter controls: goroutine groups (start function) with their goroutine counts, and user region types. */
  groups: { name: string; count: number }[];
  regionTypes: string[];
  /** StackSample events in the whole trace (0: no CPU profile was recorded with it). */
  cpuSamples: number;
  /** What one CPU sample stands for in an offcpu profile (runtime/pprof's default rate: the trace does not record it). */
  cpuPeriodNs: number;
}

/** Longest episodes (or first samples) kept per distinct stack. */
export const SPANS_PER_STACK = 24;

export interface ExportProfileResult {
  /** Where it was written (Electron, CLI-like save); null when the bytes are returned for the page to download (browser mode) or the user cancelled. */
  path: string | null;
  /** Suggested file name, e.g. "trace.sync.pb.gz". */
  fileName: string;
  /** Browser mode: the gzipped profile.proto to download. */
  bytes: Uint8Array | null;
}
