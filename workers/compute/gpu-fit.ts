/**
 * Does a model fit the GPU device? WebGPU caps each buffer (maxBufferSize) and each buffer a
 * shader binds (maxStorageBufferBindingSize); tfjs keeps every tensor in one buffer, so a
 * weight or a layer output over the smaller cap cannot run, and allocating it anyway leaves
 * an invalid buffer behind (errors later, or a lost device). Checked before anything is
 * allocated. Pure: the limits come from webgpu-device.ts, or from a test.
 */
import { errorMessage, TsvizError } from '../../src/core/errors';

export interface GpuLimits {
  /** Bytes; GPUSupportedLimits.maxBufferSize. */
  maxBufferSize: number;
  /** Bytes; GPUSupportedLimits.maxStorageBufferBindingSize. */
  maxStorageBufferBindingSize: number;
}

/**
 * Bytes one tensor of `shape` takes on the GPU: tfjs stores float32, int32 and bool as 4-byte
 * words and dequantizes uint8 / uint16 / float16 weights to float32.
 */
export function gpuBytes(shape: readonly (number | null)[]): number {
  return shape.reduce<number>((a, b) => a * (b ?? 1), 1) * 4;
}

/** The largest single tensor the device takes, in bytes. */
export function gpuCap(limits: GpuLimits): number {
  return Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize);
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 3 : 1)} MiB`;

function refuse(what: string, bytes: number, cap: number, fileName: string): never {
  throw new TsvizError(
    'model-too-large',
    `${what} in ${fileName} needs ${mib(bytes)} in one GPU buffer, more than this GPU allows (${mib(cap)}).`,
    'Choose the WASM or CPU backend in the Backend selector, or open a smaller model.',
  );
}

/**
 * Throws `model-too-large` naming the largest weight over the device's cap; `limits` null
 * (not on WebGPU) accepts everything.
 */
export function checkWeightsFitGpu(
  weights: readonly { name: string; shape: readonly number[] }[],
  limits: GpuLimits | null,
  fileName: string,
): void {
  if (!limits) return;
  const cap = gpuCap(limits);
  let worst: { name: string; bytes: number } | null = null;
  for (const w of weights) {
    const bytes = gpuBytes(w.shape);
    if (bytes > cap && (!worst || bytes > worst.bytes)) worst = { name: w.name, bytes };
  }
  if (worst) refuse(`The weight '${worst.name}'`, worst.bytes, cap, fileName);
}

/**
 * Throws `model-too-large` when one layer's output for a single sample (shape without the
 * batch dimension) is over the device's cap.
 */
export function checkActivationsFitGpu(
  layers: readonly { name: string; outputShape: readonly (number | null)[] }[],
  limits: GpuLimits | null,
  fileName: string,
): void {
  if (!limits) return;
  const cap = gpuCap(limits);
  for (const l of layers) {
    const bytes = gpuBytes(l.outputShape);
    if (bytes > cap) refuse(`The output of layer '${l.name}' for one sample`, bytes, cap, fileName);
  }
}

const OUT_OF_MEMORY =
  /out of memory|allocation failed|invalid typed array length|array buffer allocation|texture size/i;

/** Out-of-memory failures (worker heap, GPU, WebGL textures) as a `model-too-large` error. */
export function asTooLarge(e: unknown, fileName: string): TsvizError | null {
  const msg = errorMessage(e);
  if (!OUT_OF_MEMORY.test(msg)) return null;
  return new TsvizError(
    'model-too-large',
    `The model in ${fileName} does not fit in memory here (${msg}).`,
    'Choose the WASM or CPU backend in the Backend selector, close other tabs, or open a smaller model.',
  );
}

/** Both checks for a model already loaded: its weights, and its layers' outputs. */
export function checkModelFitsGpu(
  weights: readonly { name: string; shape: readonly number[] }[],
  info: {
    name: string;
    layers: readonly { name: string; outputShape: readonly (number | null)[] }[];
  },
  limits: GpuLimits | null,
): void {
  checkWeightsFitGpu(weights, limits, info.name);
  checkActivationsFitGpu(info.layers, limits, info.name);
}
