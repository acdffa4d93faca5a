/**
 * The types that cross between the page and the workers, in one place. Workers implement them;
 * the page imports them from here (or through src/bridge), never from a worker file. The worker
 * APIs themselves are typed from their implementation (`typeof api`).
 */
import type { SniffResult } from './csv-sniff';
import type { ModelInfo } from './model-graph';
import type { DatasetConfig, Sidecar, Task } from './types';
import type { SplitSummary } from './split';

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

/**
 * One analysed sample as the page gets it: what the page shows, and no activations. The layer
 * stack's panels (input + every layer's values) go from the compute worker straight to the
 * render worker under `id` (StackPanelsMessage); one unit's curve (`unitSeries`) and all the
 * activations (`stackActivations`, for the export) are asked for by that id.
 */
export interface SampleView {
  /** Names this analysis (unique within the compute worker); the render worker draws by it. */
  id: number;
  index: number;
  /** [T, C] row-major. */
  x: Float32Array;
  shape: [number, number];
  /** Class index or regression target; null when unlabelled. */
  label: number | null;
  /** The model output vector for this sample. */
  output: Float32Array;
  /** One per layer-stack panel: the input first, then every layer in model.layers order. */
  panels: PanelSummary[];
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
  /** Training and test sample counts and the rule in words; null without a split. */
  split: SplitSummary | null;
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

// ---- gradients (workers/compute/gradients.ts) ----

export type LossKind = 'binary-crossentropy' | 'categorical-crossentropy' | 'mse';

export type GradientTarget =
  /**
   * A class probability. Sigmoid or softmax output only. With one sigmoid unit p, class 1 is p
   * and class 0 is 1 - p. `temperature` T (default 1): softmax(z/T) or sigmoid(z/T) on the
   * logits z; T = 1 uses the model's own output.
   */
  | { kind: 'probability'; classIndex: number; temperature?: number }
  /**
   * The pre-activation z of the output layer (the output itself for a linear output). With one
   * sigmoid unit, class 1 is z and class 0 is -z (the logit of 1 - p).
   */
  | { kind: 'logit'; classIndex: number }
  /** One value of the raw model output, flattened to [N, outputUnits]. */
  | { kind: 'output'; index: number }
  /**
   * The per-sample loss against `labels`. Default by the final activation: sigmoid: binary
   * cross-entropy (labels [N, units] in [0, 1]); softmax: categorical cross-entropy (labels [N]
   * class indices); otherwise mean squared error (labels [N, units]). Cross-entropies are
   * computed from the logits (stable: no clipping, no vanishing gradient at p = 0 or 1), the
   * mean over output units for several units.
   */
  | { kind: 'loss'; labels: Float32Array; loss?: LossKind };

export interface GradientRequest {
  target: GradientTarget;
  /** model.layers indices whose output gradient is wanted (duplicates allowed, kept in order). */
  layers: number[];
  /** Whether to compute d target / d x. */
  input: boolean;
}

export interface GradientResult {
  /** [N, outputUnits] the model output (probabilities / values), as model.predict gives it. */
  output: Float32Array;
  /** [N] the differentiated target per sample. */
  target: Float32Array;
  /** [N, T, C] d target / d x, or null when not asked. */
  input: Float32Array | null;
  /**
   * One per requested layer, in request order: its activation and d target / d activation,
   * both with shape `shape` = [N, ...layer output dims], row-major.
   */
  layers: { layer: number; shape: number[]; activation: Float32Array; gradient: Float32Array }[];
}

// ---- influence (workers/compute/influence.ts) ----

/** Which tensor stands for a filter's activation (see FilterLayer in model-graph.ts). */
export type FilterTensor = 'activation' | 'preActivation';

export interface InfluenceRequest {
  /** Dataset sample indices, or an input of its own ([N, T, C] row-major with its shape). */
  source: { samples: number[] } | { x: Float32Array; shape: [number, number, number] };
  /** What to explain; default: the predicted class's probability, or output 0 for regression. */
  target?: GradientTarget;
  /** Filter a_l = the activation's output (default) or the conv's pre-activation. */
  filterTensor?: FilterTensor;
  /** Force the CPU reduction (tests compare it with the WGSL path). */
  prefer?: 'auto' | 'cpu';
}

export interface FilterImportance {
  /** Index of the conv layer (model graph) whose filters these are. */
  conv: number;
  /** Index of the layer differentiated (the activation or the pre-activation). */
  layer: number;
  /** [N, F] Σ over positions of |d target / d a_l|. */
  importance: Float32Array;
  /** Where the reduction ran: the WGSL kernel on the GPU, or the CPU loop. */
  path: 'gpu' | 'cpu';
}

export interface InfluenceResult {
  shape: [number, number, number];
  /** [N, outputUnits] the model output. */
  output: Float32Array;
  /** [N] the explained target per sample. */
  target: Float32Array;
  /** [N, T, C] |d target / d x| (the paper's output saliency). */
  saliency: Float32Array;
  /** One per FilterLayer of the model, in graph order. */
  filters: FilterImportance[];
  filterTensor: FilterTensor;
  backend: string;
}

// ---- the layer stack (workers/compute/api-stack.ts -> src/gl/render.worker.ts) ----

/** What a layer-stack panel stands for; decides its shape (see src/gl/stack-layout.ts). */
export type StackPanelKind = 'input' | 'conv' | 'pool' | 'dense' | 'other';

/**
 * One panel of the layer stack for one sample.
 * - input: steps = T, units = C (one strip per channel)
 * - conv/pool: steps = positions T_l, units = filters F_l (one strip per filter)
 * - dense/flatten: steps = 1, units = size (one cell per unit)
 */
export interface StackPanel {
  name: string;
  kind: StackPanelKind;
  steps: number;
  units: number;
  /** Raw activations, shape [steps, units], row-major (values[s * units + u]). */
  values: Float32Array;
}

/** Per-panel numbers behind the layer stack picture (its table), computed in the worker. */
export interface PanelSummary {
  /** Index into model.layers, or -1 for the input panel. */
  layer: number;
  name: string;
  kind: StackPanelKind;
  /** [steps, units] */
  shape: [number, number];
  min: number;
  max: number;
  mean: number;
  /** The unit (filter / channel) with the largest mean activation. */
  topUnit: number;
}

/** Compute worker -> render worker, over the port the page joined them with (transferred). */
export interface StackPanelsMessage {
  type: 'panels';
  /** SampleView.id of the analysis these panels belong to. */
  sample: number;
  /** Input first, then every layer, as SampleView.panels. */
  panels: StackPanel[];
}

// ---- the Importance view (workers/compute/api-importance.ts) ----

/** How input attributions are computed (Section V-C: first-order gradients are noisy). */
export type AttributionMethod = 'gradient' | 'smoothgrad' | 'integrated-gradients';

export interface AttributionSettings {
  /** SmoothGrad: noise σ as a share of the sample's value range (max - min); default 0.15. */
  noise?: number;
  /** SmoothGrad: noisy copies averaged; default 25. */
  samples?: number;
  /** Integrated Gradients: the baseline input; default 'zeros'. */
  baseline?: 'zeros' | 'dataset-mean';
  /** Integrated Gradients: Riemann steps (midpoint rule); default 32. */
  steps?: number;
  /** Seed of the SmoothGrad noise (src/core/random.ts); default 1. */
  seed?: number;
}

export interface SampleImportanceRequest {
  /** A dataset sample index, or an input of its own ([1, T, C]: an optimized or adversarial series). */
  source: { sample: number } | { x: Float32Array; shape: [1, number, number] };
  /** Default: the predicted class's probability (classification), output 0 (regression). */
  target?: GradientTarget;
  /** Filter a_l: the activation's output (default) or the conv's pre-activation. */
  filterTensor?: FilterTensor;
  /** The attributions to compute besides the raw gradient (each with its settings). */
  attributions?: {
    method: Exclude<AttributionMethod, 'gradient'>;
    settings: AttributionSettings;
  }[];
  /** model.layers index of a conv layer whose per-filter input saliency |d(Σ_t a_j)/dx| is wanted (all filters, batched). */
  filterSaliencyLayer?: number;
}

export interface LayerImportance {
  /** Index of the conv layer (model graph). */
  conv: number;
  /** Index of the layer differentiated (activation or pre-activation). */
  layer: number;
  name: string;
  /** [T_l, F] the filters' activation for this sample, row-major. */
  activation: Float32Array;
  steps: number;
  filters: number;
  /** [F] Σ_p |d target / d a[p, f]| (the paper's filter importance). */
  importance: Float32Array;
  /** [F] Σ_p |dL/da[p, f]| when the sample has a label, else null. */
  lossImpact: Float32Array | null;
  /** Where the per-filter reduction ran. */
  path: 'gpu' | 'cpu';
}

export interface SampleImportance {
  /** [T, C] of the input. */
  shape: [number, number];
  /** [T, C] the input itself. */
  x: Float32Array;
  /** The model output vector. */
  output: Float32Array;
  /** The explained target's value and what it is ("probability of anomalous", "output 0"). */
  target: { value: number; label: string; spec: GradientTarget };
  /** Attributions over the input, [T, C] each: the raw |gradient| first, then those asked for. */
  attributions: {
    method: AttributionMethod;
    settings: AttributionSettings;
    values: Float32Array;
  }[];
  layers: LayerImportance[];
  /** [F, T, C] |d(Σ_t a_j)/dx| for every filter j of `filterSaliencyLayer`, or null. */
  filterSaliency: { conv: number; filters: number; values: Float32Array } | null;
  /**
   * Proposition 1: true when the output saturates (a probability within 1e-3 of 0 or 1, or the
   * largest input gradient below 1e-6 of the input's range): gradients vanish there.
   */
  saturated: boolean;
  filterTensor: FilterTensor;
  backend: string;
}

export interface DatasetImportanceLayer {
  conv: number;
  layer: number;
  name: string;
  filters: number;
  /** [F] each filter's min, mean and max importance over the rows. */
  min: Float32Array;
  mean: Float32Array;
  max: Float32Array;
  /** Filters whose mean importance is below `neverShare` of the layer's largest mean. */
  neverMatter: number;
}

export interface DatasetImportance {
  /** How many samples were used. */
  rows: number;
  /** The share of a layer's largest mean importance below which a filter never matters (0.01). */
  neverShare: number;
  layers: DatasetImportanceLayer[];
  filterTensor: FilterTensor;
  backend: string;
  ms: number;
}
export * from './protocol-clusters';
export * from './protocol-optimization';
export * from './protocol-split';
export * from './protocol-pruning';
