/**
 * The types that cross between the page and the workers, in one place. Workers implement them;
 * the page imports them from here (or through src/bridge), never from a worker file. The worker
 * APIs themselves are typed from their implementation (`typeof api`).
 */
import type { SniffResult } from './csv-sniff';
import type { ModelInfo } from './model-graph';
import type { DatasetConfig, Sidecar, Task } from './types';

export type { FilterLayer, GraphLayer, LayerInfo, ModelInfo } from './model-graph';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export interface AdapterDescription {
  vendor: string;
  architecture: string;
  description: string;
  /** True for a software (CPU-emulated) adapter such as SwiftShader. */
  isFallbackAdapter: boolean;
}

export interface BackendInfo {
  name: BackendName;
  /** The WebGPU adapter, when WebGPU is in use or was probed. */
  adapter: AdapterDescription | null;
  /** Why the preferred backend is not the one running, or null. */
  fallbackReason: string | null;
  /** A note for the user, e.g. that another backend is faster on a software adapter. */
  advice: string | null;
  /** Backends that initialised or may be tried on this machine. */
  available: BackendName[];
}

/** Events the UI hears about without asking (device loss and recovery). */
export interface ComputeEvent {
  kind: 'device-lost' | 'recovered' | 'recovery-failed';
  message: string;
  backend: BackendInfo | null;
}

export interface ModelSummary {
  info: ModelInfo;
  sidecar: Sidecar | null;
}

/** One layer's output for one sample: values [steps, units] row-major. */
export interface LayerActivation {
  /** Index into model.layers (the model graph). */
  layer: number;
  name: string;
  steps: number;
  units: number;
  values: Float32Array;
}

export interface SampleView {
  index: number;
  /** [T, C] row-major. */
  x: Float32Array;
  shape: [number, number];
  /** Class index or regression target; null when unlabelled. */
  label: number | null;
  /** The model output vector for this sample. */
  output: Float32Array;
  /** Every layer's activation, model.layers order (input layer excluded). */
  activations: LayerActivation[];
}

export interface BackendTiming {
  backend: string;
  /** Median milliseconds per forward pass of the batch. */
  ms: number;
}

/** Cancellation token of a long call (see workers/jobs.ts). */
export interface JobToken {
  id: string;
}

/** Progress of a long call: (done, total, label); total 0 when unknown. */
export type ProgressFn = (done: number, total: number, label: string) => void;

/**
 * A dataset as the page knows it: everything but the [N, T, C] values, which go from the data
 * worker to the compute worker directly. `id` names the delivery for `useDataset(id)`.
 */
export interface DatasetSummary {
  id: string;
  source: string;
  shape: [number, number, number];
  task: Task;
  channelNames: string[];
  classNames: string[];
  /** [N] labels (class index or target), null when unlabelled. */
  labels: Float32Array | null;
  standardization: { mean: number[]; std: number[] } | null;
}

/** What the data worker saw at the start of a dataset file. */
export interface InspectResult {
  /** File name, or the last part of the URL. */
  name: string;
  /** Size in bytes when known (File, or a URL with Content-Length). */
  bytes: number | null;
  sniff: SniffResult;
  /** A proposal for the dataset form (always with `csv` filled in). */
  config: DatasetConfig;
}
