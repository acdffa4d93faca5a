/**
 * Pick the fastest tfjs backend available to the training scripts in Node: wasm (SIMD) with
 * our Conv2DBackpropFilter and MaxPoolGrad kernels, else the pure-JS cpu backend with the same
 * Conv2DBackpropFilter kernel (its own MaxPoolGrad is correct).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerConvBackpropFilter } from '../../workers/kernels/conv2d-backprop-filter';
import { registerMaxPoolGrad } from '../../workers/kernels/max-pool-grad';
import { registerConvBackpropInput } from '../../workers/kernels/conv2d-backprop-input';
import { registerSharedIdentity } from '../../workers/kernels/identity-shared';
import {
  registerLeakyReluForward,
  registerLeakyReluGradient,
} from '../../workers/kernels/leaky-relu';

/** Set up a backend for training and return its name ('wasm' or 'cpu'). */
export async function initTrainingBackend(prefer: 'wasm' | 'cpu' = 'wasm'): Promise<string> {
  let name = 'cpu';
  if (prefer === 'wasm') {
    try {
      // Fails when the .wasm binaries cannot be found or instantiated.
      if (await tf.setBackend('wasm')) name = 'wasm';
    } catch (err) {
      console.warn(`wasm backend unavailable (${String(err)}); using cpu.`);
    }
  }
  if (name === 'cpu') await tf.setBackend('cpu');
  await tf.ready();
  registerConvBackpropFilter(name);
  // wasm's own MaxPoolGrad misroutes all-negative windows: train with the corrected one.
  if (name === 'wasm') registerMaxPoolGrad(name);
  if (name === 'wasm') registerConvBackpropInput(name);
  if (name === 'wasm') registerSharedIdentity(name);
  registerLeakyReluGradient();
  if (name === 'wasm') registerLeakyReluForward(name);
  return tf.getBackend();
}
