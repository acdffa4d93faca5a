/**
 * Shapes shared by the benchmark's runner (Node), page and worker. Times are milliseconds.
 */
import type { AdapterDescription, BackendName } from '../workers/compute/backend';
import type { CaseRow } from './cases/types';

export type Operation = 'predict' | 'activations' | 'grad-input' | 'grad-conv' | 'influence';

export const OPERATIONS: Operation[] = [
  'predict',
  'activations',
  'grad-input',
  'grad-conv',
  'influence',
];

/** What each operation measures, for the report. */
export const OPERATION_TEXT: Record<Operation, string> = {
  predict: 'model.predict on a batch, values downloaded',
  activations: 'every layer output for one sample (the Overview; sampleActivations)',
  'grad-input':
    "the app's gradient module (gradientTensors): d target / d input batch, one backward " +
    'pass, downloaded; target = the class-1 probability (one sigmoid unit), the class-0 ' +
    'probability (softmax) or output 0 (regression)',
  'grad-conv':
    "the same target's gradient w.r.t. the output of the second Conv1D layer (by graph " +
    'position; the first when only one), downloaded (compared with cpu where that activation ' +
    'is not 0: max-pool ties among ReLU zeros are broken differently by each backend)',
  influence:
    "the analysis engine's main path, influence() of workers/compute/influence.ts: output " +
    "saliency and every filter layer's importance from ONE backward pass, the per-filter " +
    'reduction by the WGSL kernel on WebGPU and on the CPU elsewhere, default target; ' +
    'compared with cpu: the importances of every filter layer',
};

export interface BenchSettings {
  /** Demo model folders under public/models/. */
  models: string[];
  /** Batch for predict and the gradients (activations always use one sample). */
  batch: number;
  /** Untimed calls before the timed ones (the first one's time is reported as warm-up). */
  warmups: number;
  /** Timed calls per case. */
  runs: number;
  /** The dataset-wide importance case (DatasetCase), or null to skip it. */
  dataset: DatasetSettings | null;
  /** Ids of the analysis cases to run (bench/cases/index.ts), in their listed order. */
  analysis: string[];
  /** CI's quick run: the analysis cases use their small settings. */
  quick: boolean;
}

/** One analysis case on one backend (bench/cases/): its rows, or why it failed. */
export interface AnalysisRun {
  id: string;
  title: string;
  rows: CaseRow[];
  error: string | null;
  ms: number;
}

/**
 * Dataset-wide importance: influence() (saliency + every filter layer's importance, one
 * backward pass per call) over a demo model's whole dataset, batched and one sample at a time.
 */
export interface DatasetSettings {
  /** Demo model folder under public/models/ (its sidecar's dataset). */
  model: string;
  /** First this many sequences of the dataset; 0 for all of them. */
  sequences: number;
  /** Sequences per influence() call in the batched pass. */
  batch: number;
  /** Timed batched passes over the sequences. */
  runs: number;
  /** The first this many sequences are also timed one influence() call each (one pass). */
  single: number;
}

/** One backend's dataset-wide importance run, inside the worker. */
export interface DatasetTiming {
  model: string;
  sequences: number;
  batch: number;
  /** Untimed: one call of each batch shape (full and last), then one of a single sample. */
  warmupMs: number;
  /** Each timed batched pass over all `sequences`. */
  batchedMs: number[];
  singleSequences: number;
  /** Each timed one-at-a-time pass over the first `singleSequences`. */
  singleMs: number[];
  /** One-at-a-time against batched results for the same sequences: max |s - b| / max |b|. */
  singleVsBatched: number;
  /** Filters per filter layer, in graph order (the layout of `values`). */
  filterLayers: number[];
  /** The last batched pass: per filter layer importances [N, F_l], then saliency [N, T, C]. */
  values: Float32Array;
  /** influence()'s reduction paths ('gpu' = the WGSL kernel). */
  detail: string;
  leakedTensors: number;
}

/** One backend's run of one operation on one model, inside the worker. */
export interface CaseTiming {
  model: string;
  operation: Operation;
  batch: number;
  /** The first (untimed) call: shader compilation, weight upload, kernel set-up. */
  warmupMs: number;
  /** Every timed call, in order. */
  timesMs: number[];
  /** The result of the last call, for the cross-backend check. */
  values: Float32Array;
  /** Live tensors after the timed runs minus before them (0 means nothing leaked). */
  leakedTensors: number;
  /** What the report should say about how the case ran (influence: where it reduced), or null. */
  detail: string | null;
}

export interface BackendRun {
  requested: BackendName;
  /** The backend tfjs actually ran (initBackend may fall back). */
  name: BackendName;
  fallbackReason: string | null;
  adapter: AdapterDescription | null;
  initMs: number;
  cases: CaseTiming[];
  dataset: DatasetTiming | null;
  /** The cpu backend's dataset values as little-endian float32 in base64 (null elsewhere). */
  datasetBase64: string | null;
  /** The analysis cases that run on this backend. */
  analysis: AnalysisRun[];
}

/** A case as the page hands it back: the values replaced by their agreement with cpu. */
export type PageCase = Omit<CaseTiming, 'values'> & {
  /** max |this - cpu| / max |cpu| over the operation's result; null for cpu itself. */
  maxRelDiffVsCpu: number | null;
};

/** The dataset case as the page hands it back: values replaced by agreement with cpu. */
export type PageDataset = Omit<DatasetTiming, 'values'> & {
  /** max |this - cpu| / max |cpu| per block (each filter layer, then saliency), max over them. */
  maxRelDiffVsCpu: number | null;
};

export type PageRun =
  | (Omit<BackendRun, 'cases' | 'dataset' | 'datasetBase64'> & {
      cases: PageCase[];
      dataset: PageDataset | null;
    })
  | { requested: BackendName; error: string };

/** What the page hands back to the runner: plain numbers only. */
export interface PageResult {
  userAgent: string;
  hardwareConcurrency: number;
  runs: PageRun[];
  /** PerformanceObserver 'longtask' on the bench page while the backends ran. */
  mainThread: MainThreadTasks;
  /** The cpu backend's dataset-case values (little-endian float32, base64), for the peer. */
  cpuDatasetValues: string | null;
}

export interface MainThreadTasks {
  /** Whether this browser reports 'longtask' entries (PerformanceObserver.supportedEntryTypes). */
  supported: boolean;
  /** Tasks of 50 ms or more (the only ones the API reports) during the run. */
  count: number;
  /** The longest of them in ms; 0 when there was none (every task was under 50 ms). */
  longestMs: number;
}

/** The longest main-thread task allowed during the run (ms): the run fails at or above it. */
export const LONG_TASK_LIMIT_MS = 50;

/** One row of latest.json. */
export interface CaseResult {
  model: string;
  backend: BackendName;
  operation: Operation;
  batch: number;
  runs: number;
  medianMs: number;
  p10Ms: number;
  p90Ms: number;
  warmupMs: number;
  /** Median over the fastest backend's median for this model and operation. */
  ratioToFastest: number;
  /** max |this - cpu| / max |cpu| over the result of the operation; null for cpu itself. */
  maxRelDiffVsCpu: number | null;
  /** maxRelDiffVsCpu within AGREEMENT_TOLERANCE (true where nothing was compared). */
  agreesWithCpu: boolean;
  leakedTensors: number;
  /** CaseTiming.detail. */
  detail: string | null;
}

/** Largest max-relative difference from cpu still counted as agreement (float32 noise is ~1e-6). */
export const AGREEMENT_TOLERANCE = 1e-4;
