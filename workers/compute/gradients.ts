/**
 * The app's one gradient module: in ONE backward pass, the gradient of a chosen target (a class
 * probability, a logit, an output value or the loss) with respect to the input batch and to any
 * set of layer outputs (the paper's input influence dŷ/dx and filter influence dŷ/da_l, and the
 * loss gradients of inverse optimization and FGSM).
 *
 * How: the model runs eagerly layer by layer (graph-exec.ts); the output a_l of each requested
 * layer l passes through a probe, an identity (tf.customGrad) whose gradient function keeps the
 * dy it receives, d target/da_l; tf.grads of the target, summed over the batch, with respect to
 * x gives d target/dx, and the probes catch the layers' gradients on the way. (Adding zero
 * tensors e_l to the outputs and differentiating with respect to them as well gives the same
 * numbers, at the cost of an Add per layer and the zeros: 10% of the time on wasm.) Each
 * sample's target depends only on its own input (inference mode: dropout off, batch
 * normalisation with its moving statistics), so the summed target gives per-sample gradients.
 *
 * Layers are chosen by their index in `model.layers`. The loaded model is never mutated.
 */
import * as tf from '@tensorflow/tfjs';
import { layerOutputShapes, modelGraph, runModel } from './graph-exec';
import type {
  GradientRequest,
  GradientResult,
  GradientTarget,
  LossKind,
} from '../../src/core/protocol';

/** Which per-sample loss a 'loss' target uses. */
export type {
  GradientRequest,
  GradientResult,
  GradientTarget,
  LossKind,
} from '../../src/core/protocol';

/** Tensors of a GradientResult, owned by the caller (dispose with disposeGradientTensors). */
export interface GradientTensors {
  /** [N, outputUnits] */
  output: tf.Tensor2D;
  /** [N] */
  target: tf.Tensor1D;
  /** [N, T, C], or null when not asked. */
  input: tf.Tensor3D | null;
  /** In request order; activation and gradient [N, ...layer output dims]. */
  layers: { layer: number; activation: tf.Tensor; gradient: tf.Tensor }[];
}

/** How the model's output relates to its pre-activation (found once per model). */
interface Head {
  /** 'sigmoid', 'softmax', 'linear' or another activation name. */
  activation: string;
  /**
   * The logits z from the output layer's inputs; 'output' when z is the output itself (linear
   * output); null when this module cannot compute them (an unsupported layer).
   */
  logits: ((inputs: tf.Tensor[]) => tf.Tensor) | 'output' | null;
}

const heads = new WeakMap<tf.LayersModel, Head>();

/** A weight of a layer by its short name ('kernel', 'bias'), read without copying. */
function weightOf(layer: tf.layers.Layer, name: string): tf.Tensor | null {
  const v = layer.weights.find((w) => w.originalName.split('/').pop() === name);
  return v ? v.read() : null;
}

/** z = x · kernel + bias over the last axis of x (tfjs Dense on any rank). */
function denseLinear(layer: tf.layers.Layer): (inputs: tf.Tensor[]) => tf.Tensor {
  return ([x]) => {
    const kernel = weightOf(layer, 'kernel') as tf.Tensor2D;
    const bias = weightOf(layer, 'bias');
    const [inDim, units] = kernel.shape;
    const flat = x.rank === 2 ? (x as tf.Tensor2D) : x.reshape([-1, inDim]);
    let z: tf.Tensor = tf.matMul(flat as tf.Tensor2D, kernel);
    if (x.rank !== 2) z = z.reshape([...x.shape.slice(0, -1), units]);
    return bias ? z.add(bias) : z;
  };
}

/** The linear part of a channels-last Conv1D. */
function conv1dLinear(layer: tf.layers.Layer): ((inputs: tf.Tensor[]) => tf.Tensor) | null {
  const cfg = layer.getConfig() as {
    strides?: number[];
    padding?: string;
    dilationRate?: number[];
  };
  const dataFormat = (layer as unknown as { dataFormat?: string }).dataFormat;
  if (dataFormat === 'channelsFirst') return null;
  if (cfg.padding !== 'same' && cfg.padding !== 'valid') return null;
  const padding = cfg.padding;
  const stride = cfg.strides?.[0] ?? 1;
  const dilation = cfg.dilationRate?.[0] ?? 1;
  return ([x]) => {
    const kernel = weightOf(layer, 'kernel') as tf.Tensor3D;
    const bias = weightOf(layer, 'bias');
    const z = tf.conv1d(x as tf.Tensor3D, kernel, stride, padding, 'NWC', dilation);
    return bias ? z.add(bias) : z;
  };
}

function headOf(model: tf.LayersModel): Head {
  let head = heads.get(model);
  if (head) return head;
  const layer = model.layers[modelGraph(model).outputIndex];
  const cls = layer.getClassName();
  const cfg = layer.getConfig() as { activation?: unknown; axis?: unknown };
  const passInput = ([z]: tf.Tensor[]) => z;
  if (cls === 'Softmax') {
    // tfjs defaults to axis 1, Keras to -1: either is fine when it is the output's last axis.
    const rank = model.outputs[0].shape.length;
    const raw = Array.isArray(cfg.axis) && cfg.axis.length === 1 ? cfg.axis[0] : (cfg.axis ?? -1);
    const axis = typeof raw === 'number' && raw < 0 ? raw + rank : raw;
    head = { activation: 'softmax', logits: axis === rank - 1 ? passInput : null };
  } else if (typeof cfg.activation !== 'string' || cfg.activation === 'linear') {
    head = { activation: 'linear', logits: 'output' };
  } else if (cls === 'Activation') {
    head = { activation: cfg.activation, logits: passInput };
  } else if (cls === 'Dense') {
    head = { activation: cfg.activation, logits: denseLinear(layer) };
  } else if (cls === 'Conv1D') {
    head = { activation: cfg.activation, logits: conv1dLinear(layer) };
  } else {
    head = { activation: cfg.activation, logits: null };
  }
  heads.set(model, head);
  return head;
}

/** Whether the target is computed from the logits (bypassing the output layer's own output). */
function usesLogits(target: GradientTarget, head: Head): boolean {
  if (head.logits === 'output') return false;
  switch (target.kind) {
    case 'probability':
      return (target.temperature ?? 1) !== 1;
    case 'logit':
      return true;
    case 'output':
      return false;
    case 'loss':
      return lossKind(target, head) !== 'mse';
  }
}

function lossKind(target: { loss?: LossKind }, head: Head): LossKind {
  if (target.loss) return target.loss;
  if (head.activation === 'sigmoid') return 'binary-crossentropy';
  if (head.activation === 'softmax') return 'categorical-crossentropy';
  return 'mse';
}

function checkIndex(what: string, i: number, n: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= n) {
    throw new RangeError(
      `${what} ${i} is out of range: the output has ${n} choices (0 to ${n - 1})`,
    );
  }
}

/**
 * The per-sample target [N] (the request is checked already: checkTarget). `output` is the model
 * output flattened to [N, units]; `logits()` gives the pre-activation with the output's shape
 * (computed only when needed).
 */
function targetOf(
  target: GradientTarget,
  head: Head,
  output: tf.Tensor2D,
  logits: () => tf.Tensor,
): tf.Tensor1D {
  const [n, units] = output.shape;
  const flat = (t: tf.Tensor) => t.reshape([n, units]) as tf.Tensor2D;
  const column = (t: tf.Tensor2D, c: number) => t.slice([0, c], [n, 1]).reshape([n]) as tf.Tensor1D;
  const oneSigmoid = head.activation === 'sigmoid' && units === 1;
  switch (target.kind) {
    case 'output':
      return column(output, target.index);
    case 'probability': {
      const c = target.classIndex;
      const T = target.temperature ?? 1;
      let p = output;
      if (T !== 1) {
        const z = logits().div(T);
        p = flat(head.activation === 'sigmoid' ? tf.sigmoid(z) : tf.softmax(z));
      }
      if (oneSigmoid) return c === 1 ? column(p, 0) : tf.sub(1, column(p, 0));
      return column(p, c);
    }
    case 'logit': {
      const c = target.classIndex;
      const z = flat(logits());
      if (oneSigmoid) return c === 1 ? column(z, 0) : column(z, 0).neg();
      return column(z, c);
    }
    case 'loss': {
      const kind = lossKind(target, head);
      if (kind === 'categorical-crossentropy') {
        const z = flat(logits());
        const onehot = tf.oneHot(tf.tensor1d(Array.from(target.labels), 'int32'), units);
        return tf.logSumExp(z, -1).sub(z.mul(onehot).sum(-1)) as tf.Tensor1D;
      }
      const y = tf.tensor2d(target.labels, [n, units]);
      if (kind === 'mse') return output.sub(y).square().mean(-1) as tf.Tensor1D;
      // Binary cross-entropy from logits: max(z, 0) - z·y + log(1 + exp(-|z|)).
      const z = flat(logits());
      return tf
        .relu(z)
        .sub(z.mul(y))
        .add(tf.log1p(tf.exp(z.abs().neg())))
        .mean(-1) as tf.Tensor1D;
    }
  }
}

/**
 * Check the target for a batch of n samples and `units` output values per sample. Everything
 * that can be wrong with a request is caught here, before the tape starts: a throw inside
 * tf.grads would leave the tape's saved tensors behind.
 */
function checkTarget(target: GradientTarget, head: Head, n: number, units: number): void {
  const oneSigmoid = head.activation === 'sigmoid' && units === 1;
  switch (target.kind) {
    case 'output':
      checkIndex('output index', target.index, units);
      return;
    case 'probability': {
      if (head.activation !== 'sigmoid' && head.activation !== 'softmax') {
        throw new Error(
          `a probability target needs a sigmoid or softmax output, not '${head.activation}'`,
        );
      }
      checkIndex('class', target.classIndex, oneSigmoid ? 2 : units);
      const T = target.temperature ?? 1;
      if (!(T > 0) || !Number.isFinite(T)) {
        throw new RangeError(`temperature must be a positive number, got ${T}`);
      }
      return;
    }
    case 'logit':
      checkIndex('class', target.classIndex, oneSigmoid ? 2 : units);
      return;
    case 'loss': {
      const kind = lossKind(target, head);
      const { labels } = target;
      if (kind === 'binary-crossentropy' && head.activation !== 'sigmoid') {
        throw new Error(`binary cross-entropy needs a sigmoid output, not '${head.activation}'`);
      }
      if (kind === 'categorical-crossentropy') {
        if (head.activation !== 'softmax') {
          throw new Error(
            `categorical cross-entropy needs a softmax output, not '${head.activation}'`,
          );
        }
        if (labels.length !== n) throw new RangeError(`${labels.length} labels for ${n} samples`);
        labels.forEach((y) => checkIndex('label', y, units));
      } else if (labels.length !== n * units) {
        throw new RangeError(`${labels.length} labels for ${n} samples of ${units} outputs`);
      }
      return;
    }
  }
}

/** Check the request against the model before running anything. */
function checkRequest(model: tf.LayersModel, req: GradientRequest, head: Head, n: number): void {
  const graph = modelGraph(model);
  const dims = model.outputs[0].shape.slice(1);
  if (dims.every((d) => d != null)) {
    checkTarget(
      req.target,
      head,
      n,
      dims.reduce((a: number, b) => a * (b as number), 1),
    );
  }
  for (const l of req.layers) {
    checkIndex('layer', l, model.layers.length);
    if (graph.shared.has(l)) throw new Error(`layer ${l} is called more than once in the model`);
  }
  if (usesLogits(req.target, head)) {
    if (head.logits === null) {
      throw new Error(
        `this target needs the output's pre-activation, which cannot be computed for a ` +
          `${model.layers[graph.outputIndex].getClassName()} output layer`,
      );
    }
    if (req.layers.includes(graph.outputIndex)) {
      throw new Error(
        `this target is computed from the logits, so it is not a function of the output layer ` +
          `(${graph.outputIndex}); ask for an earlier layer, or use a probability (temperature 1) ` +
          `or output target`,
      );
    }
  }
}

/**
 * The gradients as tensors, on the current backend (nothing is downloaded): for loops that must
 * stay on the GPU (influence, inverse optimization, FGSM). Synchronous. The caller owns every
 * returned tensor (disposeGradientTensors, or an enclosing tf.tidy); everything else is
 * disposed here.
 * @param x [N, T, C]
 */
export function gradientTensors(
  model: tf.LayersModel,
  x: tf.Tensor3D,
  req: GradientRequest,
): GradientTensors {
  const head = headOf(model);
  const n = x.shape[0];
  checkRequest(model, req, head, n);
  const graph = modelGraph(model);
  const layers = [...new Set(req.layers)];
  const shapes = layerOutputShapes(model, x.shape, layers);

  // The forward tensors the caller gets back must outlive tf.grads' own tidy: keep a clone of
  // each (a clone shares the data, no copy; the forward pass's own tensors, x itself for a
  // tapped InputLayer, stay as they are), re-own it below, dispose the kept one at the end.
  const kept: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    const c = tf.keep(t.clone());
    kept.push(c);
    return c;
  };
  let keptOutput: tf.Tensor | null = null;
  let keptTarget: tf.Tensor | null = null;
  const keptActivations: tf.Tensor[] = [];
  // The gradient reaching each requested layer's output, caught on its way back: each output
  // passes through an identity whose gradient function keeps dy (cloned: the same tensor also
  // flows on). A layer the target does not depend on is never reached: a zero gradient.
  const caught: (tf.Tensor | null)[] = layers.map(() => null);
  const probes = layers.map((_, k) =>
    tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
      value: (args[0] as tf.Tensor).clone(),
      gradFunc: (dy: tf.Tensor) => {
        caught[k]?.dispose();
        caught[k] = keep(dy);
        return dy;
      },
    })),
  );
  /** The forward pass with the requested layers' outputs probed; returns the summed target. */
  const forward = (input: tf.Tensor): tf.Scalar => {
    const slot = new Map(layers.map((l, k) => [l, k]));
    const walk = runModel(model, input, {
      extra: layers,
      tap: (i, a) => {
        const k = slot.get(i);
        return k === undefined ? a : (probes[k](a) as tf.Tensor);
      },
    });
    const out = walk.output.reshape([n, -1]) as tf.Tensor2D;
    keptOutput = keep(out);
    for (const l of layers) keptActivations.push(keep((walk.outputsOf(l) as tf.Tensor[])[0]));
    const logits = () => {
      if (head.logits === 'output') return walk.output;
      if (head.logits === null) throw new Error('no logits');
      return head.logits(walk.inputsOf(graph.outputIndex) as tf.Tensor[]);
    };
    checkTarget(req.target, head, n, out.shape[1]); // for outputs of unknown static size
    const target = targetOf(req.target, head, out, logits);
    keptTarget = keep(target);
    return target.sum();
  };

  try {
    const results = tf.tidy(() => {
      let dx: tf.Tensor | null = null;
      // the gradient is taken with respect to x (then dropped when not asked): the probes
      // catch the layers' gradients on the way
      if (req.input || layers.length > 0)
        dx = tf.grads((input: tf.Tensor) => forward(input))([x])[0];
      else forward(x);
      // Re-own the kept tensors in this scope (clone shares the data), so the result behaves
      // like any tensor made here.
      const own = (t: tf.Tensor | null) => (t as tf.Tensor).clone();
      const grads = caught.map((g, k) => (g ? own(g) : tf.zeros(shapes[k])));
      return [
        own(keptOutput),
        own(keptTarget),
        ...keptActivations.map(own),
        ...(req.input ? [dx as tf.Tensor] : []),
        ...grads,
      ];
    });
    const [output, target, ...rest] = results;
    const activations = rest.slice(0, layers.length);
    const grads = rest.slice(layers.length);
    const input = req.input ? (grads.shift() as tf.Tensor3D) : null;
    const byLayer = new Map(layers.map((l, k) => [l, k]));
    const taken = new Set<number>();
    const out: GradientTensors = {
      output: output as tf.Tensor2D,
      target: target as tf.Tensor1D,
      input,
      layers: req.layers.map((l) => {
        const k = byLayer.get(l) as number;
        const first = !taken.has(k);
        taken.add(k);
        // A repeated index gets its own copies, so every entry can be disposed on its own.
        const a = activations[k];
        const g = grads[k];
        return first
          ? { layer: l, activation: a, gradient: g }
          : { layer: l, activation: a.clone(), gradient: g.clone() };
      }),
    };
    return out;
  } catch (e) {
    dropFailedTape();
    throw e;
  } finally {
    kept.forEach((t) => t.dispose());
  }
}

/**
 * After a throw inside tf.grads, tfjs 4.22 leaves its tape (and the tensors saved for the
 * backward pass) in place until the next gradient call overwrites it: dispose them as
 * Engine.gradients does after a backward pass. Only outside any enclosing gradient.
 */
function dropFailedTape(): void {
  const state = (
    tf.engine() as unknown as {
      state?: { gradientDepth?: number; activeTape?: { saved?: tf.Tensor[] }[] | null };
    }
  ).state;
  if (!state || state.gradientDepth !== 0 || !Array.isArray(state.activeTape)) return;
  for (const node of state.activeTape) node.saved?.forEach((t) => t.dispose());
  state.activeTape = null;
}

/** Dispose every tensor of a GradientTensors. */
export function disposeGradientTensors(g: GradientTensors): void {
  g.output.dispose();
  g.target.dispose();
  g.input?.dispose();
  for (const l of g.layers) {
    l.activation.dispose();
    l.gradient.dispose();
  }
}

/**
 * The model output for x ([N, T, C]), by the same eager execution as the gradients (dropout
 * off), shape [N, ...output dims]. The caller disposes it; nothing else is left.
 */
export function outputTensor(model: tf.LayersModel, x: tf.Tensor3D): tf.Tensor {
  return tf.tidy(() => runModel(model, x).output);
}

/**
 * Gradients for a batch x ([N, T, C] row-major, `shape` = [N, T, C]), downloaded.
 * See GradientRequest / GradientResult.
 */
export async function gradients(
  model: tf.LayersModel,
  x: Float32Array,
  shape: [number, number, number],
  req: GradientRequest,
): Promise<GradientResult> {
  const [n, t, c] = shape;
  if (x.length !== n * t * c) {
    throw new RangeError(
      `x has ${x.length} values, shape [${shape.join(', ')}] needs ${n * t * c}`,
    );
  }
  const xt = tf.tensor3d(x, shape);
  let g: GradientTensors | null = null;
  try {
    g = gradientTensors(model, xt, req);
    const res = g;
    const [output, target, input, ...layerData] = await Promise.all([
      res.output.data() as Promise<Float32Array>,
      res.target.data() as Promise<Float32Array>,
      (res.input?.data() ?? Promise.resolve(null)) as Promise<Float32Array | null>,
      ...res.layers.flatMap(
        (l) => [l.activation.data(), l.gradient.data()] as Promise<Float32Array>[],
      ),
    ]);
    return {
      output,
      target,
      input,
      layers: res.layers.map((l, k) => ({
        layer: l.layer,
        shape: l.activation.shape.slice(),
        activation: layerData[2 * k] as Float32Array,
        gradient: layerData[2 * k + 1] as Float32Array,
      })),
    };
  } finally {
    xt.dispose();
    if (g) disposeGradientTensors(g);
  }
}
