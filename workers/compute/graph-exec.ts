/**
 * Eager execution of a loaded tf.LayersModel, layer by layer, following its own graph
 * (Sequential or functional), with a hook on any layer's output. The gradient module uses it to
 * add a zero tensor to chosen layer outputs; tests use it to perturb a layer output.
 *
 * The loaded model is never changed: every layer is called with `layer.apply(tensor)` on
 * concrete tensors, which adds no graph node and touches no weight or config, and dropout is
 * off (`training: false`).
 *
 * Layers are named by their index in `model.layers` (never by name). For a tf.Sequential,
 * `model.layers` leaves out the InputLayer; for a functional model it lists it (index 0, usually).
 */
import * as tf from '@tensorflow/tfjs';

type Layer = tf.layers.Layer;
type Shape = (number | null)[];

/** One inbound node of a layer: where its inputs come from. */
interface NodeRef {
  layer: Layer;
  node: number;
}

/** The model's graph as this module walks it, built once per model. */
export interface ModelGraph {
  /** model.layers index of each layer (the Sequential's InputLayer has none). */
  readonly index: ReadonlyMap<Layer, number>;
  /** The model's InputLayer. */
  readonly inputLayer: Layer;
  /** The layer producing the model's (first) output, its node and the output's position. */
  readonly output: { layer: Layer; node: number; tensor: number };
  /** model.layers index of the output layer. */
  readonly outputIndex: number;
  /** The node of each model.layers entry that the model's output uses (0 where unused). */
  readonly nodeOf: readonly number[];
  /** model.layers indices whose output the model's output depends on. */
  readonly upstream: ReadonlySet<number>;
  /** model.layers indices called more than once on the way to the output (shared layers). */
  readonly shared: ReadonlySet<number>;
}

const graphs = new WeakMap<tf.LayersModel, ModelGraph>();

function isInputLayer(layer: Layer): boolean {
  return layer.getClassName() === 'InputLayer';
}

/** The model's graph (cached). Throws for a model with several inputs. */
export function modelGraph(model: tf.LayersModel): ModelGraph {
  const cached = graphs.get(model);
  if (cached) return cached;
  if (model.inputs.length !== 1) {
    throw new Error(
      `the model has ${model.inputs.length} inputs; only one [N, T, C] input is supported`,
    );
  }
  const index = new Map<Layer, number>();
  model.layers.forEach((layer, i) => index.set(layer, i));
  const out = model.outputs[0];
  const nodeOf = model.layers.map(() => 0);
  const upstream = new Set<number>();
  const shared = new Set<number>();
  const seen = new Set<string>();
  const nodeIds = new Map<Layer, number>();
  // Depth-first from the output over (layer, node) pairs, without recursion.
  const stack: NodeRef[] = [{ layer: out.sourceLayer, node: out.nodeIndex }];
  while (stack.length > 0) {
    const { layer, node } = stack.pop() as NodeRef;
    const key = `${layer.name}#${node}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const i = index.get(layer);
    if (i !== undefined) {
      if (upstream.has(i) && nodeIds.get(layer) !== node) shared.add(i);
      upstream.add(i);
      nodeOf[i] = node;
      nodeIds.set(layer, node);
    }
    if (isInputLayer(layer)) continue;
    const n = layer.inboundNodes[node];
    n.inboundLayers.forEach((l, k) => stack.push({ layer: l, node: n.nodeIndices[k] }));
  }
  const outputIndex = index.get(out.sourceLayer);
  if (outputIndex === undefined) throw new Error('the model output layer is not in model.layers');
  const graph: ModelGraph = {
    index,
    inputLayer: model.inputs[0].sourceLayer,
    output: { layer: out.sourceLayer, node: out.nodeIndex, tensor: out.tensorIndex },
    outputIndex,
    nodeOf,
    upstream,
    shared,
  };
  graphs.set(model, graph);
  return graph;
}

/** What a walk computes: the model output and, per model.layers index, a layer's values. */
export interface Walk<V> {
  /** The model's (first) output, after any tap on the output layer. */
  output: V;
  /** model.layers[index]'s outputs before its tap; undefined when the walk did not reach it. */
  outputsOf(index: number): V[] | undefined;
  /** The values fed to model.layers[index] (after the taps upstream); undefined when not reached. */
  inputsOf(index: number): V[] | undefined;
}

export interface WalkOptions<V> {
  /** Replace model.layers[index]'s (single) output by `tap(index, output)` downstream. */
  tap?: (index: number, value: V) => V;
  /** model.layers indices to evaluate even when the output does not depend on them. */
  extra?: readonly number[];
}

/**
 * Evaluate the model's graph on `input` with `apply(layer, inputs, node)` per layer, each layer
 * once, in dependency order. Generic so that the same walk computes tensors or shapes.
 */
export function walkGraph<V>(
  model: tf.LayersModel,
  input: V,
  apply: (layer: Layer, inputs: V[], node: number) => V[],
  options: WalkOptions<V> = {},
): Walk<V> {
  const graph = modelGraph(model);
  const { tap } = options;
  const fed = new Map<Layer, Map<number, V[]>>();
  const raw = new Map<number, V[]>();
  const inputs = new Map<number, V[]>();

  const evaluate = (root: NodeRef): V[] => {
    // Iterative post-order: push a node, then its missing inputs; evaluate once they are ready.
    const stack: NodeRef[] = [root];
    while (stack.length > 0) {
      const { layer, node } = stack[stack.length - 1];
      const done = fed.get(layer)?.get(node);
      if (done) {
        stack.pop();
        continue;
      }
      let ins: V[] = [];
      if (!isInputLayer(layer)) {
        const n = layer.inboundNodes[node];
        const missing = n.inboundLayers
          .map((l, k) => ({ layer: l, node: n.nodeIndices[k] }))
          .filter((r) => !fed.get(r.layer)?.has(r.node));
        if (missing.length > 0) {
          stack.push(...missing);
          continue;
        }
        ins = n.inboundLayers.map(
          (l, k) => (fed.get(l)?.get(n.nodeIndices[k]) as V[])[n.tensorIndices[k]],
        );
      }
      stack.pop();
      let outs: V[];
      if (isInputLayer(layer)) {
        if (layer !== graph.inputLayer) throw new Error(`unexpected input layer ${layer.name}`);
        outs = [input];
      } else {
        outs = apply(layer, ins, node);
      }
      const i = graph.index.get(layer);
      if (i !== undefined) {
        raw.set(i, outs);
        inputs.set(i, ins);
        if (tap) {
          if (outs.length !== 1) throw new Error(`layer ${i} has ${outs.length} outputs`);
          outs = [tap(i, outs[0])];
        }
      }
      let byNode = fed.get(layer);
      if (!byNode) fed.set(layer, (byNode = new Map()));
      byNode.set(node, outs);
    }
    return fed.get(root.layer)?.get(root.node) as V[];
  };

  const output = evaluate(graph.output)[graph.output.tensor];
  for (const i of options.extra ?? []) {
    if (!raw.has(i)) evaluate({ layer: model.layers[i], node: graph.nodeOf[i] });
  }
  return { output, outputsOf: (i) => raw.get(i), inputsOf: (i) => inputs.get(i) };
}

/**
 * Run the model eagerly on x ([N, T, C]) with dropout off. Call it inside tf.tidy (the layers'
 * outputs are not disposed here): the walk's tensors belong to the caller's scope.
 */
export function runModel(
  model: tf.LayersModel,
  x: tf.Tensor,
  options: WalkOptions<tf.Tensor> = {},
): Walk<tf.Tensor> {
  return walkGraph(
    model,
    x,
    (layer, ins, node) => {
      const callArgs = layer.inboundNodes[node].callArgs ?? {};
      const out = layer.apply(ins.length === 1 ? ins[0] : ins, { ...callArgs, training: false });
      return (Array.isArray(out) ? out : [out]) as tf.Tensor[];
    },
    options,
  );
}

function isShapeList(s: Shape | Shape[]): s is Shape[] {
  return Array.isArray(s[0]);
}

/**
 * Output shape of each of `layers` (model.layers indices) for an input of the given full shape
 * (e.g. [N, T, C]), from the layers' computeOutputShape: no tensor is made.
 */
export function layerOutputShapes(
  model: tf.LayersModel,
  inputShape: number[],
  layers: readonly number[],
): number[][] {
  const walk = walkGraph<Shape>(
    model,
    inputShape,
    (layer, ins) => {
      const s = layer.computeOutputShape(ins.length === 1 ? ins[0] : ins) as Shape | Shape[];
      return isShapeList(s) ? s : [s];
    },
    { extra: layers },
  );
  return layers.map((i) => {
    const outs = walk.outputsOf(i);
    if (!outs || outs.length !== 1) throw new Error(`layer ${i} does not have one output`);
    const shape = outs[0];
    if (shape.some((d) => d == null || d < 0)) {
      throw new Error(`layer ${i}'s output shape [${shape.join(', ')}] is not fully known`);
    }
    return shape as number[];
  });
}
