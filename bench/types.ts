/**
 * Shapes shared by the benchmark's runner (Node), page and worker. Times are milliseconds.
 */
import type { AdapterDescription, BackendName } from '../workers/compute/backend';

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
}

/** A case as the page hands it back: the values replaced by their agreement with cpu. */
export type PageCase = Omit<CaseTiming, 'values'> & {
  /** max |this - cpu| / max |cpu| over the operation's result; null for cpu itself. */
  maxRelDiffVsCpu: number | null;
};

export type PageRun =
  (Omit<BackendRun, 'cases'> & { cases: PageCase[] }) | { requested: BackendName; error: string };

/** What the page hands back to the runner: plain numbers only. */
export interface PageResult {
  userAgent: string;
  hardwareConcurrency: number;
  runs: PageRun[];
}

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
