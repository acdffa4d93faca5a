/**
 * Sizes in a weights manifest: elements from shapes, bytes per dtype, and which dtypes tfjs
 * can load. Everything is computed from numbers; nothing is allocated.
 */
import { TsvizError } from './errors';
import type { ManifestWeight } from './manifest-schema';

/** Bytes per element of a stored dtype (top-level dtype, or quantization dtype). */
export const DTYPE_BYTES: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  complex64: 8,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};
const QUANTIZED = ['uint8', 'uint16', 'float16'];
const LOADABLE = ['float32', 'int32', 'bool', 'complex64'];

/** Dtypes tfjs creates weights in. */
export type LoadableDtype = 'float32' | 'int32' | 'bool' | 'complex64';

/** Refused above 2^31 weight values in all (8 GiB as float32). */
export const MAX_MODEL_ELEMENTS = 2 ** 31;

export function describeWeight(w: { name: string; shape: number[]; dtype: string }): string {
  return `'${w.name}' [${w.shape.join(', ')}] ${w.dtype}`;
}

export function tooLarge(fileName: string, what: string): TsvizError {
  return new TsvizError(
    'model-too-large',
    `${fileName} ${what}; nothing was loaded.`,
    'Check that model.json is the undamaged file written by tensorflowjs_converter.',
  );
}

export function elements(w: { name: string; shape: number[] }, fileName: string): number {
  let n = 1;
  for (const d of w.shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw tooLarge(
        fileName,
        `declares weight '${w.name}' with the dimension ${d}, which is not a size`,
      );
    }
    n *= d;
  }
  return n;
}

export function storedBytes(w: ManifestWeight, fileName: string): number {
  const q = w.quantization?.dtype;
  const fix =
    'Convert the Keras model again with tensorflowjs_converter (float32, or --quantize_uint8/--quantize_float16).';
  if (q !== undefined && !QUANTIZED.includes(q)) {
    throw new TsvizError(
      'model-manifest',
      `${fileName} quantizes weight '${w.name}' as ${q}, an unknown type.`,
      fix,
    );
  }
  const bytes = DTYPE_BYTES[q ?? w.dtype];
  if (bytes === undefined) {
    throw new TsvizError(
      'model-manifest',
      `${fileName} gives weight '${w.name}' the dtype ${w.dtype}, which a layers model cannot hold.`,
      fix,
    );
  }
  return bytes;
}

/** The dtype tfjs will create; uint8/float16 are only valid as quantized storage. */
export function loadable(w: ManifestWeight, fileName: string): LoadableDtype {
  if (LOADABLE.includes(w.dtype)) return w.dtype as LoadableDtype;
  throw new TsvizError(
    'model-manifest',
    `${fileName} gives weight '${w.name}' the dtype ${w.dtype}; TensorFlow.js loads float32, int32, bool or complex64 weights (uint8 and float16 only as quantized storage).`,
    'Convert the Keras model again with tensorflowjs_converter (float32, or --quantize_uint8/--quantize_float16).',
  );
}
