/**
 * Analysis bench cases (clustering, optimization, pruning, ...): each feature adds one file in
 * bench/cases/ exporting an `AnalysisCase` and lists it in bench/cases/index.ts. The bench worker
 * runs every case once per backend (in that backend's fresh worker, after the model cases) and
 * the runner prints one table per case: rows by `variant`, columns by backend.
 */
import type { BackendName } from '../../workers/compute/backend';
import type { loadModel } from '../../workers/compute/model-loader';

export interface DemoData {
  loaded: Awaited<ReturnType<typeof loadModel>>;
  /** The first `n` samples of the demo's dataset, [n, T, C] row-major. */
  x: Float32Array;
  shape: [number, number, number];
  /** Labels (class index or regression target) of those samples, or null. */
  y: Float32Array | null;
}

export interface CaseContext {
  /** The backend this worker runs (already initialised; tf.getBackend() says the same). */
  backend: BackendName;
  /** CI's quick run: seconds, not minutes (a few sequences, tens of steps). */
  quick: boolean;
  /** Load a demo model (by folder name under public/models) and its first `n` samples (0: all). */
  loadDemo(name: string, n: number): Promise<DemoData>;
  /** A line for the log. */
  progress(message: string): void;
}

/** One measured number. */
export interface CaseRow {
  /** What was measured, e.g. "distance matrix 64 × 50, GPU kernel". One row per variant. */
  variant: string;
  /** The figure, in `unit` (higher or lower is better: say which in the case's `title`). */
  value: number;
  /** "cells/s", "ms/step", "s", ... */
  unit: string;
  /** Free text shown under the table (agreement with a reference, sizes, paths taken). */
  detail?: string;
  /** Agreement of this variant's values with its own reference (max relative difference), or null. */
  maxRelDiff?: number | null;
}

export interface AnalysisCase {
  /** Short id, e.g. "clusters"; `--cases clusters,optimization` picks cases by it. */
  id: string;
  /** The table's heading, e.g. "Filter clustering: DTW distance matrix (cells/s, higher is better)". */
  title: string;
  /** Backends it runs on (default: every backend of the run). */
  backends?: BackendName[];
  /** Backends it runs on in a quick run (default: `backends`), to keep CI short. */
  quickBackends?: BackendName[];
  run(ctx: CaseContext): Promise<CaseRow[]>;
}
