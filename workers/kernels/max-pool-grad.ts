/**
 * A correct MaxPoolGrad kernel (the input gradient of a 2-D max pool) for the tfjs 'wasm'
 * backend.
 *
 * Why: tfjs-backend-wasm 4.22's own kernel loses the gradient of a window whose values are
 * all negative (it lands on the tensor's first element or nowhere): max-pooling [-5, -2, -3,
 * -0.5] by 2 gives dx [1, 0, 0, 0] instead of [0, 1, 0, 1]. Every model that max-pools a
 * LeakyReLU (or any signed) output therefore gets wrong input and weight gradients on wasm.
 * tfjs's MaxPooling1D is a 2-D pool over [N, W, 1, C], so this kernel serves it too.
 *
 * How: the geometry comes from tfjs's own backend_util.computePool2DInfo (so 'valid',
 * 'same', numeric padding and dimRoundingMode size the output exactly as the forward op
 * did), and maxPoolGradient routes each dy to its window's first maximum, the cpu backend's
 * rule. Plain JavaScript over readSync'd values: the anomaly model's pools (batch 64,
 * [64, 50, 1, 16] and [64, 25, 1, 32]) take well under a millisecond.
 *
 * Inputs {dy, input, output} (output is not needed: the maximum is found again in input);
 * attrs MaxPoolGradAttrs {filterSize, strides, pad, dimRoundingMode}. NHWC, dilation 1.
 * No Node or DOM APIs: usable in a Web Worker.
 */
import * as tf from '@tensorflow/tfjs';

import { maxPoolGradient } from './max-pool-math';
import { kernelReplacement } from './replace-kernel';

/** The backend methods the kernel uses; the cpu and the wasm backends both have them. */
interface SyncBackend {
  readSync(dataId: object): tf.backend_util.BackendValues;
  write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): object;
}

/** The wasm backend's direct access to its heap: views of tensors and new outputs. */
interface HeapBackend {
  typedArrayFromHeap(t: tf.TensorInfo): tf.backend_util.TypedArray;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

const onHeap = (b: object): b is HeapBackend =>
  typeof (b as Partial<HeapBackend>).typedArrayFromHeap === 'function' &&
  typeof (b as Partial<HeapBackend>).makeOutput === 'function';

type Shape4 = [number, number, number, number];
const ROUNDING = [undefined, 'floor', 'round', 'ceil'] as const;

/**
 * The pool's geometry, from tfjs's own computePool2DInfo. tfjs's MaxPool gradient drops the
 * forward op's dimRoundingMode (4.22 passes only filterSize, strides and pad), so when the
 * attrs' rounding does not give dy's shape, the rounding that does is used: the gradient then
 * matches the pool that ran (tfjs's cpu kernel instead ignores dy's extra rows and columns).
 */
function poolInfo(
  xShape: Shape4,
  dyShape: number[],
  attrs: tf.MaxPoolGradAttrs,
): tf.backend_util.Conv2DInfo {
  const { filterSize, strides, pad } = attrs;
  const want = dyShape.join(',');
  for (const mode of [attrs.dimRoundingMode, ...ROUNDING]) {
    const info = tf.backend_util.computePool2DInfo(xShape, filterSize, strides, 1, pad, mode);
    if (info.outShape.join(',') === want) return info;
  }
  throw new Error(`MaxPoolGrad: dy has shape [${want}], which no pool of x [${xShape}] gives.`);
}

/** The tfjs kernel function: inputs MaxPoolGradInputs, attrs MaxPoolGradAttrs. */
function maxPoolGrad(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: object;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { dy, input } = args.inputs as tf.MaxPoolGradInputs;
  const attrs = args.attrs as unknown as tf.MaxPoolGradAttrs;
  if (dy === undefined || input === undefined) throw new Error('MaxPoolGrad needs dy and input.');
  if (input.shape.length !== 4) {
    throw new Error(`MaxPoolGrad: expected a 4-D NHWC input, got shape [${input.shape}].`);
  }
  const info = poolInfo(input.shape as Shape4, dy.shape, attrs);
  const geometry = {
    ...info,
    filterHeight: info.effectiveFilterHeight,
    filterWidth: info.effectiveFilterWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
  const shape = [...input.shape];
  if (onHeap(args.backend) && input.dtype === 'float32' && dy.dtype === 'float32') {
    // wasm: read and write the heap in place (copies out and back, and the garbage they left,
    // were most of this kernel's time)
    const heap = args.backend;
    const out = heap.makeOutput(shape, 'float32');
    maxPoolGradient(
      heap.typedArrayFromHeap(input),
      heap.typedArrayFromHeap(dy),
      geometry,
      heap.typedArrayFromHeap(out) as Float32Array,
    );
    return out;
  }
  const backend = args.backend as SyncBackend;
  const dx = maxPoolGradient(
    backend.readSync(input.dataId) as ArrayLike<number>,
    backend.readSync(dy.dataId) as ArrayLike<number>,
    geometry,
  );
  return { dataId: backend.write(dx, shape, 'float32'), shape, dtype: 'float32' };
}

/** Our kernel per backend, with what it replaced, so tests can put the originals back. */
const replacement = kernelReplacement(tf.MaxPoolGrad, () => maxPoolGrad as tf.KernelFunc);

/**
 * Register the corrected kernel for a backend ('wasm'; any backend whose tensors can be read
 * synchronously works). Idempotent; replaces the built-in kernel quietly.
 */
export function registerMaxPoolGrad(backendName: string): void {
  replacement.register(backendName);
}

/** Undo registerMaxPoolGrad: restore the backend's previous kernel (if any). */
export function unregisterMaxPoolGrad(backendName: string): void {
  replacement.unregister(backendName);
}
