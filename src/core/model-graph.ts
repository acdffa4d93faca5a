/**
 * The model graph: one description of a loaded model's layers, built once in the compute worker
 * from the tfjs model (workers/compute/model-info.ts reads the facts) and sent to the page.
 * Every view, the layer stack and every worker module name layers by their `index` (their place
 * in model.layers, which tfjs keeps in topological order), never by name.
 *
 * Conventions:
 * - Shapes leave out the batch dimension; a free dimension (any length) is `null`.
 * - `inbound` lists the indices of the layers feeding a layer; `[]` means the model's input
 *   (tfjs' Sequential models have no InputLayer in model.layers).
 * - "Filters to explain" (`filterLayers`): each convolution over time together with the layer
 *   whose output is what its filters emit (see `findFilterLayers`).
 */
import { layerKind, notExplainable, perChannel, type LayerKind } from './layer-kinds';
import type { Task } from './types';

export type { LayerKind } from './layer-kinds';

/** What the worker reads off one tfjs layer (or a test writes by hand). */
export interface LayerFacts {
  name: string;
  className: string;
  /** The layer's tfjs config (camelCase keys: filters, kernelSize, activation, alpha, ...). */
  config: Record<string, unknown>;
  /** Output shape without the batch dimension; null for a free dimension. */
  outputShape: (number | null)[];
  params: number;
  /** Names of the layers feeding this one; names not in the list stand for the model input. */
  inbound: string[];
}

export interface GraphLayer {
  /** Index into model.layers: the layer's place in the graph. */
  index: number;
  name: string;
  className: string;
  kind: LayerKind;
  /** Output shape without the batch dimension; null for a free dimension. */
  outputShape: (number | null)[];
  /** Convolutions: number of filters; otherwise null. */
  filters: number | null;
  params: number;
  /** Indices of the layers feeding this one; [] is the model's input. */
  inbound: number[];
  /** Indices of the layers this one feeds. */
  outbound: number[];
  /** The activation applied inside the layer ('relu', 'linear', ...), or for an activation layer its function ('leakyReLU(0.3)'); null for other layers. */
  activation: string | null;
  /** Null when the views can explain the layer, else why not (recurrent, 2-D, nested). */
  notExplainable: string | null;
}

/**
 * One convolution's filters and the tensor that stands for what they emit.
 * - Fused (`Conv1D(activation: 'relu')`): `output === conv`, `between` is empty.
 * - Separate (the paper's anomaly model: Conv1D then LeakyReLU): `output` is the activation layer.
 * - Per-channel layers between (the FCN/ResNet baselines: Conv1D, BatchNormalization, ReLU):
 *   they are listed in `between`; each filter keeps its own channel through them.
 * - A residual block (Conv1D, BatchNormalization, Add(shortcut), ReLU): `output` is the
 *   activation after the Add, whose channel f mixes filter f with the shortcut's channel f;
 *   `note` says so. `preActivation` is then the conv layer's own output.
 * - No activation follows (a linear conv feeding pooling or Flatten): `output` is the conv (or
 *   the last per-channel layer) and `activation` is 'linear'.
 */
export interface FilterLayer {
  /** Index of the convolution whose kernels are the filters. */
  conv: number;
  /** Index of the layer whose output is the filters' activation a_l [T_l, F_l]. */
  output: number;
  /** Index of the layer whose output is the filters' pre-activation (the conv output, or the last per-channel layer after it). */
  preActivation: number;
  /** Per-channel layers between the conv and the activation (BatchNormalization, Dropout). */
  between: number[];
  /** The activation function: 'relu', 'leakyReLU(0.3)', 'linear', ... */
  activation: string;
  /** Whether the activation is fused into the conv layer or is a layer of its own. */
  fused: boolean;
  filters: number;
  /** Positions T_l of the activation; null when free. */
  steps: number | null;
  /** A caveat to show with this layer's results (residual shortcut), or null. */
  note: string | null;
}

export interface ModelInfo {
  name: string;
  kind: 'sequential' | 'functional';
  /** [T, C]; T is null when the model accepts any length. */
  inputShape: [number | null, number];
  outputUnits: number;
  /** Activation of the final layer: 'sigmoid', 'softmax', 'linear', ... */
  outputActivation: string;
  task: Task;
  layers: GraphLayer[];
  /** The convolutions whose filters the views explain, in graph order. */
  filterLayers: FilterLayer[];
  totalParams: number;
  /** Training-only settings removed at load time, one line each. */
  stripped: string[];
  /** Things the user should know (e.g. layers this app cannot explain). */
  warnings: string[];
}

/** Kept for the code that speaks of one layer's description. */
export type LayerInfo = GraphLayer;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** The activation a layer applies, as a short name, or null when it applies none of its own. */
function activationOf(
  kind: LayerKind,
  className: string,
  c: Record<string, unknown>,
): string | null {
  if (kind === 'conv' || kind === 'dense') return str(c.activation) ?? 'linear';
  if (kind !== 'activation') return null;
  switch (className) {
    case 'Activation':
      return str(c.activation) ?? 'linear';
    case 'LeakyReLU':
      return `leakyReLU(${num(c.alpha) ?? num(c.negativeSlope) ?? 0.3})`;
    case 'ELU':
      return `elu(${num(c.alpha) ?? 1})`;
    case 'ReLU':
      return num(c.maxValue) !== null ? `relu(max ${num(c.maxValue)})` : 'relu';
    case 'ThresholdedReLU':
      return `thresholdedReLU(${num(c.theta) ?? 1})`;
    default:
      return className.charAt(0).toLowerCase() + className.slice(1);
  }
}

/** Build the graph's layers from the facts (inbound names resolved to indices). */
export function graphLayers(facts: readonly LayerFacts[]): GraphLayer[] {
  const byName = new Map(facts.map((f, i) => [f.name, i]));
  const layers: GraphLayer[] = facts.map((f, index) => {
    const kind = layerKind(f.className);
    return {
      index,
      name: f.name,
      className: f.className,
      kind,
      outputShape: f.outputShape,
      filters: kind === 'conv' ? (num(f.config.filters) ?? null) : null,
      params: f.params,
      inbound: [
        ...new Set(f.inbound.map((n) => byName.get(n)).filter((i) => i !== undefined)),
      ] as number[],
      outbound: [],
      activation: activationOf(kind, f.className, f.config),
      notExplainable: notExplainable(f.className),
    };
  });
  for (const l of layers) for (const i of l.inbound) layers[i].outbound.push(l.index);
  return layers;
}

const isLinear = (a: string | null) => a === null || a === 'linear';

/**
 * For each convolution over time, the layer whose output stands for its filters (see
 * FilterLayer). Follows the graph forward from the conv through per-channel layers, an
 * optional residual Add, to the first activation layer.
 */
export function findFilterLayers(layers: readonly GraphLayer[]): FilterLayer[] {
  const result: FilterLayer[] = [];
  for (const conv of layers) {
    if (conv.kind !== 'conv' || conv.filters === null || conv.notExplainable) continue;
    const base = {
      conv: conv.index,
      filters: conv.filters,
      steps: conv.outputShape.length >= 2 ? conv.outputShape[0] : null,
    };
    if (!isLinear(conv.activation)) {
      result.push({
        ...base,
        output: conv.index,
        preActivation: conv.index,
        between: [],
        activation: conv.activation ?? 'linear',
        fused: true,
        note: null,
      });
      continue;
    }
    const between: number[] = [];
    let at = conv;
    let merged: GraphLayer | null = null;
    let found: GraphLayer | null = null;
    for (;;) {
      if (at.outbound.length !== 1) break;
      const next = layers[at.outbound[0]];
      if (perChannel(next.kind) && !merged) {
        between.push(next.index);
        at = next;
      } else if (next.kind === 'activation' && next.className !== 'Softmax') {
        found = next;
        break;
      } else if (next.className === 'Add' && !merged) {
        merged = next;
        at = next;
      } else break;
    }
    const preActivation = between.length ? between[between.length - 1] : conv.index;
    if (found) {
      result.push({
        ...base,
        output: found.index,
        preActivation,
        between,
        activation: found.activation ?? 'linear',
        fused: false,
        note: merged
          ? `Residual block: '${layers[merged.index].name}' adds a shortcut before '${found.name}', so each of its channels mixes a filter of '${conv.name}' with the shortcut; the activation shown is that sum after '${found.name}', the pre-activation option shows '${layers[preActivation].name}'.`
          : null,
      });
    } else {
      result.push({
        ...base,
        output: preActivation,
        preActivation,
        between,
        activation: 'linear',
        fused: true,
        note: `No activation follows '${conv.name}': its filters' activation is their linear output.`,
      });
    }
  }
  return result;
}

/** The final layer's activation (a separate Activation/Softmax layer counts). */
export function outputActivationOf(layers: readonly GraphLayer[]): string {
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i];
    if (l.className === 'Softmax') return 'softmax';
    if (l.kind === 'activation' && !isLinear(l.activation)) return l.activation as string;
    if (l.kind === 'dense' || l.kind === 'conv') return l.activation ?? 'linear';
  }
  return 'linear';
}

export interface GraphOptions {
  name: string;
  kind: 'sequential' | 'functional';
  /** Model input shape without batch: [T, C]. */
  inputShape: [number | null, number];
  outputUnits: number;
  /** From the sidecar; when null the output activation decides. */
  task: Task | null;
  stripped: string[];
  warnings: string[];
}

/** The whole description of a model (pure: facts in, ModelInfo out). */
export function buildModelInfo(facts: readonly LayerFacts[], o: GraphOptions): ModelInfo {
  const layers = graphLayers(facts);
  const outputActivation = outputActivationOf(layers);
  const guessed: Task =
    outputActivation === 'sigmoid' || outputActivation === 'softmax'
      ? 'classification'
      : 'regression';
  return {
    name: o.name,
    kind: o.kind,
    inputShape: o.inputShape,
    outputUnits: o.outputUnits,
    outputActivation,
    task: o.task ?? guessed,
    layers,
    filterLayers: findFilterLayers(layers),
    totalParams: layers.reduce((a, l) => a + l.params, 0),
    stripped: o.stripped,
    warnings: o.warnings,
  };
}

/** The FilterLayer of a conv layer index (or of its output layer), or null. */
export function filterLayerOf(info: ModelInfo, layer: number): FilterLayer | null {
  return info.filterLayers.find((f) => f.conv === layer || f.output === layer) ?? null;
}
