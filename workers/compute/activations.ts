/**
 * Forward pass of one sample through every layer (the paper's Overview: each filter's
 * activation over time). One multi-output model per loaded model, built once and reused.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerActivation, LayerInfo } from '../../src/core/protocol';

export type { LayerActivation } from '../../src/core/protocol';

interface Probe {
  model: tf.LayersModel;
  /** model.layers index of each probe output. */
  layers: number[];
  /** Which probe output is the model's own output. */
  outputIndex: number;
}

const probes = new WeakMap<tf.LayersModel, Probe>();

/** A model whose outputs are every non-input layer's output. */
function probeFor(model: tf.LayersModel): Probe {
  let probe = probes.get(model);
  if (!probe) {
    const layers: number[] = [];
    const outputs: tf.SymbolicTensor[] = [];
    model.layers.forEach((layer, i) => {
      if (layer.getClassName() === 'InputLayer') return;
      const out = layer.output;
      if (Array.isArray(out)) return;
      layers.push(i);
      outputs.push(out);
    });
    const outputIndex = Math.max(0, outputs.indexOf(model.outputs[0]));
    probe = { model: tf.model({ inputs: model.inputs, outputs }), layers, outputIndex };
    probes.set(model, probe);
  }
  return probe;
}

/** Flatten an output tensor of shape [1, ...] into [steps, units]. */
function asSteps(shape: number[]): { steps: number; units: number } {
  const dims = shape.slice(1);
  if (dims.length <= 1) return { steps: 1, units: dims[0] ?? 1 };
  const units = dims[dims.length - 1];
  return { steps: dims.slice(0, -1).reduce((a, b) => a * b, 1), units };
}

/**
 * Run one sample x ([T, C] row-major) through the model.
 * @returns the model output vector and every layer's activation, in model.layers order.
 */
export async function sampleActivations(
  model: tf.LayersModel,
  layers: LayerInfo[],
  x: Float32Array,
  shape: [number, number],
): Promise<{ output: Float32Array; activations: LayerActivation[] }> {
  const probe = probeFor(model);
  const outs = tf.tidy(() => {
    const input = tf.tensor3d(x, [1, shape[0], shape[1]]);
    const result = probe.model.predict(input);
    return Array.isArray(result) ? result : [result];
  });
  try {
    const data = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
    const activations = outs.map((t, k) => {
      const { steps, units } = asSteps(t.shape);
      const index = probe.layers[k];
      return { layer: index, name: layers[index].name, steps, units, values: data[k] };
    });
    return { output: activations[probe.outputIndex].values.slice(), activations };
  } finally {
    outs.forEach((t) => t.dispose());
  }
}

/** Predict a batch [N, T, C]; returns [N, outputUnits]. */
export async function predictBatch(
  model: tf.LayersModel,
  x: Float32Array,
  shape: [number, number, number],
): Promise<Float32Array> {
  const out = tf.tidy(() => model.predict(tf.tensor3d(x, shape)) as tf.Tensor);
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}
