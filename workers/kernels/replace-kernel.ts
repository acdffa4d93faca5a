/**
 * Swap a tfjs kernel for our own on one backend and put the previous one back later.
 *
 * tfjs keeps one kernel per (kernel name, backend) in a global registry; registerKernel warns
 * and overwrites when one exists. `replaceKernel` unregisters the current kernel first (so the
 * swap is quiet), remembers it, and returns a function that restores it. No Node or DOM APIs.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Register `kernelFunc` as `kernelName` on `backendName`, replacing any kernel registered
 * there. Returns `restore`: it unregisters ours and registers the previous kernel again (none
 * when there was none). `restore` acts once, and only while ours is still the registered
 * kernel, so restoring out of order never removes a kernel someone registered later.
 */
export function replaceKernel(
  kernelName: string,
  backendName: string,
  kernelFunc: tf.KernelFunc,
): () => void {
  const previous = tf.getKernel(kernelName, backendName);
  if (previous !== undefined) tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({ kernelName, backendName, kernelFunc });
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (tf.getKernel(kernelName, backendName)?.kernelFunc !== kernelFunc) return;
    tf.unregisterKernel(kernelName, backendName);
    if (previous !== undefined) tf.registerKernel(previous);
  };
}

/**
 * Idempotent register/unregister per backend for one replacement kernel: `register(backend)`
 * installs `make(backend)` once (later calls do nothing until `unregister`), `unregister`
 * restores the backend's previous kernel.
 */
export function kernelReplacement(
  kernelName: string,
  make: (backendName: string) => tf.KernelFunc,
): { register(backendName: string): void; unregister(backendName: string): void } {
  const restorers = new Map<string, () => void>();
  return {
    register(backendName) {
      if (restorers.has(backendName)) return;
      restorers.set(backendName, replaceKernel(kernelName, backendName, make(backendName)));
    },
    unregister(backendName) {
      const restore = restorers.get(backendName);
      restorers.delete(backendName);
      restore?.();
    },
  };
}
