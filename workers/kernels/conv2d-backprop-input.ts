/**
 * A faster Conv2DBackpropInput (the gradient of a convolution with respect to its input) for
 * the tfjs 'wasm' backend, for stride 1 and dilation 1 (every Conv1D of the demos and of the
 * paper's models).
 *
 * Why: tfjs-backend-wasm 4.22's own kernel is a plain loop; it took 19 ms of the 66 ms that
 * one influence() call (saliency + every filter's importance) spends on the anomaly model at
 * batch 256, while the forward Conv2D (XNNPACK) took 2 ms for the same sizes.
 *
 * How: with stride 1, dx is a convolution of dy with the filter flipped in space and with its
 * in/out channels swapped, padded by (filter - 1 - forward padding) on each side:
 *   dx[b, h, w, c] = Σ_{i, j, o} dy[b, h + top - i, w + left - j, o] · W[i, j, c, o]
 *                  = conv2d(dy, W')[b, h, w, c],  W'[i, j, o, c] = W[fh-1-i, fw-1-j, c, o].
 * The backend's own Conv2D kernel computes it. Other strides, dilations, NCHW or a forward
 * padding larger than the filter go to the kernel this one replaced.
 *
 * Shapes: dy [batch, outHeight, outWidth, outChannels], filter [fh, fw, inChannels,
 * outChannels], result [batch, inHeight, inWidth, inChannels] (attrs.inputShape).
 * No Node or DOM APIs: usable in a Web Worker.
 */
import * as tf from '@tensorflow/tfjs';

import { kernelReplacement } from './replace-kernel';

interface SyncBackend {
  readSync(dataId: object): tf.backend_util.BackendValues;
  write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): object;
  disposeData(dataId: object, force?: boolean): boolean;
}

/**
 * W [fh, fw, inC, outC] -> W' [fh, fw, outC, inC], flipped in space.
 * @param w the filter, row-major
 */
export function flipFilter(w: ArrayLike<number>, shape: readonly number[]): Float32Array {
  const [fh, fw, inC, outC] = shape;
  const out = new Float32Array(fh * fw * inC * outC);
  for (let i = 0; i < fh; i++)
    for (let j = 0; j < fw; j++) {
      const src = ((fh - 1 - i) * fw + (fw - 1 - j)) * inC * outC;
      const dst = (i * fw + j) * outC * inC;
      for (let c = 0; c < inC; c++)
        for (let o = 0; o < outC; o++) out[dst + o * inC + c] = w[src + c * outC + o];
    }
  return out;
}

function make(backendName: string): tf.KernelFunc {
  const previous = tf.getKernel(tf.Conv2DBackpropInput, backendName)?.kernelFunc;
  return (args) => {
    const dy = args.inputs.dy as tf.TensorInfo;
    const filter = args.inputs.filter as tf.TensorInfo;
    const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const conv = tf.getKernel(tf.Conv2D, backendName)?.kernelFunc;
    const fallback = () => {
      if (!previous) throw new Error(`Conv2DBackpropInput is not available on ${backendName}.`);
      return previous(args);
    };
    if (!conv || attrs.dataFormat === 'NCHW' || filter.shape.length !== 4) return fallback();
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const [fh, fw] = filter.shape;
    const p = info.padInfo;
    const pads = [fh - 1 - p.top, fh - 1 - p.bottom, fw - 1 - p.left, fw - 1 - p.right];
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || pads.some((v) => v < 0)) {
      return fallback();
    }
    const backend = args.backend as SyncBackend;
    const flipped = flipFilter(backend.readSync(filter.dataId) as ArrayLike<number>, filter.shape);
    const shape = [fh, fw, filter.shape[3], filter.shape[2]];
    const id = backend.write(flipped, shape, 'float32');
    try {
      return conv({
        inputs: { x: dy, filter: { dataId: id, shape, dtype: 'float32' } },
        backend: args.backend,
        attrs: {
          strides: [1, 1],
          pad: [
            [0, 0],
            [pads[0], pads[1]],
            [pads[2], pads[3]],
            [0, 0],
          ],
          dataFormat: 'NHWC',
          dilations: [1, 1],
        } as unknown as tf.NamedAttrMap,
      }) as tf.TensorInfo;
    } finally {
      backend.disposeData(id);
    }
  };
}

const replacement = kernelReplacement(tf.Conv2DBackpropInput, make);

/** Register the faster kernel for a backend ('wasm'). Idempotent. */
export function registerConvBackpropInput(backendName: string): void {
  replacement.register(backendName);
}

/** Undo registerConvBackpropInput: restore the backend's previous kernel. */
export function unregisterConvBackpropInput(backendName: string): void {
  replacement.unregister(backendName);
}
