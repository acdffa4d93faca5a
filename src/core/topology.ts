/**
 * A Keras/tfjs layers topology (model.json's modelTopology): list the layers with what the app
 * can explain (stripping training-only settings: topology-sanitize.ts). Handles Sequential and
 * functional models, Keras 2 and Keras 3 configs (class aliases, batch_shape, inbound_nodes).
 */
import { TsvizError } from './errors';
import { FIX_TOPOLOGY as FIX, MAX_TOPOLOGY_DEPTH as MAX_DEPTH, tooDeep } from './topology-sanitize';
import {
  CLASS_ALIASES,
  KNOWN_CLASSES,
  layerKind,
  MODEL_CLASSES,
  notExplainable,
} from './layer-kinds';
import { checkLayerNames, layerName } from './topology-names';
import { declaredShape, summarize } from './topology-summary';

export { sanitizeTopology } from './topology-sanitize';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface TopologyLayer {
  name: string;
  /** Canonical (tfjs / Keras 2) class name, e.g. MaxPooling1D for Keras' MaxPool1D. */
  className: string;
  /** As written in model.json. */
  originalClassName: string;
  /** Settings in a few words: "64 filters, kernel 3, same, relu". */
  summary: string;
  isConv1D: boolean;
  /** False when the app's views cannot explain this layer (recurrent, 2-D, nested). */
  explainable: boolean;
  reason: string | null;
  /** Names of the layers feeding this one (functional); the previous layer (sequential). */
  inbound: string[];
}

export interface TopologyInfo {
  kind: 'sequential' | 'functional';
  /** In model order. */
  layers: TopologyLayer[];
  /** At least one top-level Conv1D layer (the filter views need one). */
  hasConv1D: boolean;
  /** Declared input shape with the batch dimension first ([null, 50, 3]), or null. */
  inputShape: (number | null)[] | null;
  /** Sentences for the UI: layers that cannot be explained, a model without Conv1D. */
  warnings: string[];
}

function layerError(name: string, cls: string, why: string): TsvizError {
  return new TsvizError(
    'model-layer',
    `Layer '${name}' uses the class '${cls}', ${why}.`,
    'Rebuild the model with standard Keras layers (Conv1D, pooling, Dense, ...) in place of it, then convert it again with tensorflowjs_converter.',
  );
}

function canonical(raw: Obj, name: string): string {
  const cls = raw.class_name;
  if (typeof cls !== 'string' || cls === '') {
    throw new TsvizError(
      'model-topology',
      `Layer '${name}' in the model topology has no class name.`,
      FIX,
    );
  }
  if (cls === 'Lambda' || cls === 'TFOpLambda' || cls === 'SlicingOpLambda') {
    throw layerError(name, cls, 'which holds Python code that cannot run in the browser');
  }
  const registered = typeof raw.registered_name === 'string' ? raw.registered_name : null;
  const module = typeof raw.module === 'string' ? raw.module : null;
  const custom =
    cls.includes('>') ||
    (registered !== null && registered.includes('>')) ||
    (module !== null && !module.startsWith('keras'));
  const c = CLASS_ALIASES[cls] ?? cls;
  if (custom || !KNOWN_CLASSES.has(c)) {
    throw layerError(name, cls, 'a custom or unknown layer that TensorFlow.js cannot load');
  }
  return c;
}

/** Names of the layers an inbound_nodes entry refers to (Keras 2 lists, Keras 3 keras_history). */
function inboundNames(nodes: unknown, depth = 0): string[] {
  if (depth > MAX_DEPTH) throw tooDeep();
  if (Array.isArray(nodes)) {
    if (typeof nodes[0] === 'string' && typeof nodes[1] === 'number') return [nodes[0]];
    return nodes.flatMap((n) => inboundNames(n, depth + 1));
  }
  if (!isObj(nodes)) return [];
  if (Array.isArray(nodes.keras_history) && typeof nodes.keras_history[0] === 'string') {
    return [nodes.keras_history[0]];
  }
  return Object.values(nodes).flatMap((n) => inboundNames(n, depth + 1));
}

function layerList(model: Obj): { layers: unknown[]; functional: boolean } {
  const cfg = model.config;
  if (Array.isArray(cfg)) return { layers: cfg, functional: false };
  if (!isObj(cfg) || !Array.isArray(cfg.layers)) {
    throw new TsvizError(
      'model-topology',
      `The ${String(model.class_name)} model in the topology has no list of layers.`,
      FIX,
    );
  }
  const functional = (CLASS_ALIASES[String(model.class_name)] ?? model.class_name) !== 'Sequential';
  return { layers: cfg.layers, functional };
}

function describeModel(model: Obj, depth: number): TopologyInfo {
  if (depth > 8) throw tooDeep();
  const { layers: raws, functional } = layerList(model);
  const layers: TopologyLayer[] = [];
  raws.forEach((raw, i) => {
    if (!isObj(raw))
      throw new TsvizError(
        'model-topology',
        `Layer ${i + 1} of the model topology is not an object.`,
        FIX,
      );
    const cfg = isObj(raw.config) ? raw.config : {};
    const name = layerName(raw, i);
    const className = canonical(raw, name);
    if (MODEL_CLASSES.has(className)) describeModel({ ...raw, class_name: className }, depth + 1);
    if (isObj(cfg.layer))
      canonical(
        cfg.layer,
        `${name}/${String((cfg.layer.config as Obj | undefined)?.name ?? 'inner')}`,
      );
    const reason = notExplainable(className);
    layers.push({
      name,
      className,
      originalClassName: String(raw.class_name),
      summary: summarize(className, cfg),
      isConv1D: layerKind(className) === 'conv',
      explainable: reason === null,
      reason,
      inbound: functional
        ? [...new Set(inboundNames(raw.inbound_nodes))]
        : i > 0
          ? [layers[i - 1].name]
          : [],
    });
  });
  checkLayerNames(raws);
  const hasConv1D = layers.some((l) => l.isConv1D);
  const warnings = layers
    .filter((l) => !l.explainable)
    .map((l) => `Layer '${l.name}' (${l.className}) is ${l.reason}.`);
  if (!hasConv1D) {
    warnings.push(
      'The model has no Conv1D layer, so the filter views (importance, clusters, pruning) have nothing to show; the prediction, input influence and input optimisation still work.',
    );
  }
  return {
    kind: functional ? 'functional' : 'sequential',
    layers,
    hasConv1D,
    inputShape: inputShapeOf(model, raws),
    warnings,
  };
}

function inputShapeOf(model: Obj, raws: unknown[]): (number | null)[] | null {
  for (const raw of raws) {
    if (isObj(raw) && isObj(raw.config)) {
      const s = declaredShape(raw.config);
      if (s) return s;
    }
  }
  const cfg = model.config;
  if (isObj(cfg) && Array.isArray(cfg.build_input_shape))
    return cfg.build_input_shape as (number | null)[];
  return null;
}

/**
 * The layers of a topology (as given by sanitizeTopology or parseModelJson), in order.
 * Throws `model-layer` for a class tfjs cannot load (custom, Lambda, unknown), naming the
 * layer; `model-topology` when there is no layer list or a layer name tfjs refuses or repeats. Recurrent and 2-D layers load but
 * are marked not explainable, with a warning.
 */
export function describeLayers(topology: unknown): TopologyInfo {
  if (!isObj(topology))
    throw new TsvizError('model-topology', 'The model topology is not an object.', FIX);
  const model = isObj(topology.model_config) ? topology.model_config : topology;
  const cls =
    typeof model.class_name === 'string'
      ? (CLASS_ALIASES[model.class_name] ?? model.class_name)
      : null;
  if (cls === null || !MODEL_CLASSES.has(cls)) {
    throw new TsvizError(
      'model-topology',
      `The model topology is a '${String(model.class_name)}', not a Sequential or functional model.`,
      FIX,
    );
  }
  return describeModel(model, 0);
}
