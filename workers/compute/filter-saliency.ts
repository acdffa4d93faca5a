/**
 * Per-filter input saliency (paper Section IV-B.1, the authors' form): for every filter j of
 * one layer, |d(Σ_t a[t, j]) / dx|, in ONE backward pass. x [1, T, C] is tiled into F copies
 * [F, T, C]; copy j keeps only filter j's activation (a one-hot mask over the filter axis), so
 * d/d(tiled x) of Σ_j Σ_t a[j, t, j] is, in row j, filter j's own input saliency (each copy's
 * activation depends only on its own input: inference mode).
 */
import * as tf from '@tensorflow/tfjs';
import { modelGraph, runModel } from './graph-exec';

/**
 * d(Σ_t a[t, j]) / dx for every filter j of model.layers[layer] (an output [1, T_l, F]), signed.
 * Synchronous; the caller owns the returned tensor.
 * @param x [1, T, C]
 * @returns [F, T, C]
 */
export function filterSaliencyTensor(
  model: tf.LayersModel,
  x: tf.Tensor3D,
  layer: number,
  filters: number,
): tf.Tensor3D {
  if (x.shape[0] !== 1) throw new RangeError(`expected one sample, got [${x.shape}]`);
  if (!Number.isInteger(layer) || layer < 0 || layer >= model.layers.length)
    throw new RangeError(`layer ${layer} is out of range`);
  if (modelGraph(model).shared.has(layer))
    throw new Error(`layer ${layer} is called more than once in the model`);
  if (!Number.isInteger(filters) || filters < 1) throw new RangeError(`filters = ${filters}`);
  return tf.tidy(() => {
    const tiled = tf.tile(x, [filters, 1, 1]);
    // [F, 1, F]: copy j selects filter j (broadcast over positions).
    const mask = tf.eye(filters).reshape([filters, 1, filters]);
    const g = tf.grad((xs: tf.Tensor) => {
      // Only the wanted layer's output enters the sum; the rest of the walk gets no gradient.
      const walk = runModel(model, xs, { extra: [layer] });
      const a = (walk.outputsOf(layer) as tf.Tensor[])[0];
      if (a.rank !== 3 || a.shape[2] !== filters)
        throw new Error(`layer ${layer} gave shape [${a.shape}], expected [N, T, ${filters}]`);
      return a.mul(mask).sum() as tf.Scalar;
    })(tiled);
    return g as tf.Tensor3D;
  });
}
