/**
 * The operations the benchmark times, built once per model on the current tfjs backend. Each
 * one starts from a Float32Array and ends with its result downloaded, as the app sees it.
 */
import * as tf from '@tensorflow/tfjs';
import { predictBatch, sampleActivations } from '../workers/compute/activations';
import type { LoadedModel } from '../workers/compute/model-loader';
import type { Operation } from './types';

export type Op = () => Promise<Float32Array>;

async function download(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

/** Index in model.layers of the layer named conv2, else of the second Conv1D layer. */
export function convLayerIndex(model: tf.LayersModel): number {
  const byName = model.layers.findIndex((l) => l.name === 'conv2');
  if (byName >= 0) return byName;
  const convs = model.layers.flatMap((l, i) => (l.getClassName() === 'Conv1D' ? [i] : []));
  const index = convs[1] ?? convs[0];
  if (index === undefined) throw new Error('the model has no Conv1D layer');
  return index;
}

/**
 * @param batch [N, T, C] row-major samples for predict and the gradients
 * @param shape [N, T, C]
 */
export function buildOps(
  loaded: LoadedModel,
  batch: Float32Array,
  shape: [number, number, number],
): { ops: Record<Operation, Op>; convActivation: Op } {
  const { model, info } = loaded;
  const [, T, C] = shape;
  const one = batch.subarray(0, T * C);

  const sumOfOutput = (x: tf.Tensor) => (model.apply(x) as tf.Tensor).sum();
  const gradInput = tf.grad(sumOfOutput);

  // Split at the conv activation: head gives it, the rest of the layers are applied eagerly
  // (no new graph nodes, the loaded model is left as it is) inside tf.grad.
  const split = convLayerIndex(model);
  const head = tf.model({
    inputs: model.inputs,
    outputs: model.layers[split].output as tf.SymbolicTensor,
  });
  const rest = model.layers.slice(split + 1);
  const gradConv = tf.grad((a: tf.Tensor) => {
    let t = a;
    for (const layer of rest) t = layer.apply(t) as tf.Tensor;
    return t.sum();
  });

  const ops: Record<Operation, Op> = {
    predict: () => predictBatch(model, batch, shape),
    activations: async () => {
      const { activations } = await sampleActivations(model, info.layers, one, [T, C]);
      const all = new Float32Array(activations.reduce((n, a) => n + a.values.length, 0));
      let offset = 0;
      for (const a of activations) {
        all.set(a.values, offset);
        offset += a.values.length;
      }
      return all;
    },
    'grad-input': () => download(tf.tidy(() => gradInput(tf.tensor3d(batch, shape)))),
    'grad-conv': () =>
      download(tf.tidy(() => gradConv(head.predict(tf.tensor3d(batch, shape)) as tf.Tensor))),
  };
  /** The conv activation itself (not timed): to leave ties out of the cross-backend check. */
  const convActivation = () =>
    download(tf.tidy(() => head.predict(tf.tensor3d(batch, shape)) as tf.Tensor));
  return { ops, convActivation };
}
