/**
 * Identity (tensor.clone()) for the tfjs 'wasm' backend without a copy: the clone shares the
 * input's data and the backend counts the references, as its own Reshape kernel and the cpu
 * backend's Identity already do.
 *
 * Why: tfjs-backend-wasm 4.22's Identity copies the whole buffer, and tfjs clones every tensor
 * a backward pass saves (Engine.saveTensorsForBackwardMode): 72 copies per influence() call on
 * the anomaly model at batch 256, 1.6 to 4.4 ms of its 22 to 28 ms of kernel time. No wasm
 * kernel writes into its inputs, so sharing is safe. String tensors keep the original kernel.
 *
 * Inputs {x}; no attrs. No Node or DOM APIs: usable in a Web Worker.
 */
import * as tf from '@tensorflow/tfjs';
import { kernelReplacement } from './replace-kernel';

/** The backend method used: the wasm backend has it (its Reshape kernel relies on it). */
interface RefCountingBackend {
  incRef(dataId: object): void;
}

const replacement = kernelReplacement(tf.Identity, (backendName) => {
  const original = tf.getKernel(tf.Identity, backendName)?.kernelFunc;
  return (args) => {
    const x = (args.inputs as tf.IdentityInputs).x as tf.TensorInfo;
    if (x.dtype === 'string' && original) return original(args);
    (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
});

/** Register the sharing Identity on a backend with reference counts ('wasm'). Idempotent. */
export function registerSharedIdentity(backendName: string): void {
  replacement.register(backendName);
}

/** Undo registerSharedIdentity: the backend's own Identity again. */
export function unregisterSharedIdentity(backendName: string): void {
  replacement.unregister(backendName);
}
