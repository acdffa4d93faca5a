/**
 * A model that builds can still fail on its first input (a layer tfjs builds but cannot run,
 * a shape that only breaks at run time). One forward pass of zeros before the model replaces
 * the previous one turns that into a clear message instead of a lost model.
 */
import * as tf from '@tensorflow/tfjs';
import { TsvizError } from '../../src/core/errors';
import type { ModelInfo } from './model-info';

/**
 * Run x = zeros [1, T, C] through `model` (T from the model, else `fallbackSteps`).
 * Throws TsvizError('model-topology') when it fails or gives a non-finite output.
 */
export async function smokeTest(
  model: tf.LayersModel,
  info: ModelInfo,
  fallbackSteps: number | null,
): Promise<void> {
  const T = info.inputShape[0] ?? fallbackSteps;
  if (T === null) return; // free length and no hint: the first real sample is the test
  const shape: [number, number, number] = [1, T, info.inputShape[1]];
  let values: Float32Array | null = null;
  let failure: string | null = null;
  try {
    const y = tf.tidy(() => model.predict(tf.zeros(shape)) as tf.Tensor);
    try {
      values = (await y.data()) as Float32Array;
    } finally {
      y.dispose();
    }
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
  }
  if (failure === null && values && values.every((v) => Number.isFinite(v))) return;
  throw new TsvizError(
    'model-topology',
    `The model "${info.name}" loaded but ${failure ? `failed on a test input of shape [${shape.join(', ')}]: ${failure}` : 'gave a non-finite output (NaN or Infinity) for an input of zeros'}.`,
    'Check the model in Keras (model.predict on one sample), then convert it again with tensorflowjs_converter.',
  );
}
