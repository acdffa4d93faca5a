/**
 * The shape of a TF.js weights manifest, checked field by field (no sizes: manifest-shards.ts).
 */
import { TsvizError } from './errors';

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const FIX_REEXPORT =
  'Convert the Keras model again with tensorflowjs_converter --input_format keras --output_format tfjs_layers_model.';

/** One weight as declared in the manifest (not yet checked against shards). */
export interface ManifestWeight {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number; original_dtype?: string };
}

/** One group of the manifest: its weights are stored in the concatenation of `paths`. */
export interface ManifestGroup {
  paths: string[];
  weights: ManifestWeight[];
}

function manifestError(fileName: string, problem: string): TsvizError {
  return new TsvizError(
    'model-manifest',
    `The weights manifest in ${fileName} ${problem}`,
    FIX_REEXPORT,
  );
}

/** Checks the manifest's structure (types and presence of fields), not sizes. */
export function validateManifest(value: unknown, fileName: string): ManifestGroup[] {
  if (value === undefined || value === null) {
    throw manifestError(
      fileName,
      'is missing (no "weightsManifest"), so the weights cannot be found.',
    );
  }
  if (!Array.isArray(value)) throw manifestError(fileName, 'is not a list of weight groups.');
  return value.map((g: unknown, gi) => {
    const at = `(group ${gi + 1})`;
    if (!isObject(g)) throw manifestError(fileName, `${at} is not an object.`);
    const { paths, weights } = g;
    if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string' || p === '')) {
      throw manifestError(fileName, `${at} has no valid list of shard file names ("paths").`);
    }
    if (!Array.isArray(weights)) throw manifestError(fileName, `${at} has no list of weights.`);
    const ws = weights.map((w: unknown, wi): ManifestWeight => {
      if (!isObject(w) || typeof w.name !== 'string') {
        throw manifestError(fileName, `${at} has a weight (number ${wi + 1}) without a name.`);
      }
      if (!Array.isArray(w.shape) || w.shape.some((d) => typeof d !== 'number')) {
        throw manifestError(fileName, `gives weight '${w.name}' no valid shape.`);
      }
      if (typeof w.dtype !== 'string') {
        throw manifestError(fileName, `gives weight '${w.name}' no dtype.`);
      }
      const out: ManifestWeight = { name: w.name, shape: [...w.shape], dtype: w.dtype };
      if (w.quantization !== undefined && w.quantization !== null) {
        const q = w.quantization;
        if (!isObject(q) || typeof q.dtype !== 'string') {
          throw manifestError(fileName, `gives weight '${w.name}' a quantization without a dtype.`);
        }
        out.quantization = { ...(q as ManifestWeight['quantization'] & object) };
      }
      return out;
    });
    if (ws.length > 0 && paths.length === 0) {
      throw manifestError(fileName, `${at} declares weights but no shard files.`);
    }
    return { paths: [...paths] as string[], weights: ws };
  });
}
