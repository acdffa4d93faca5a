/**
 * Layer names as TensorFlow.js needs them: it refuses a name outside its tensor-name rule
 * ("Not a valid tensor name") and cannot explain a model where two layers share a name.
 */
import { TsvizError } from './errors';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** tfjs-layers' rule for tensor (and so layer and weight) names. */
export const VALID_LAYER_NAME = /^[A-Za-z0-9][-A-Za-z0-9._/]*$/;

const FIX =
  'Rename the layer in Keras (a unique name of letters, digits, -, _, . or /, starting with a letter or digit), then convert the model again with tensorflowjs_converter.';

/** The name written in the file for this layer (config.name, else name), or null. */
function writtenName(raw: unknown): string | null {
  if (!isObj(raw)) return null;
  const cfg = isObj(raw.config) ? raw.config : {};
  if (typeof cfg.name === 'string') return cfg.name;
  return typeof raw.name === 'string' ? raw.name : null;
}

/** The layer's name: as written, else "layer N" (tfjs then makes one up). */
export function layerName(raw: unknown, index: number): string {
  return writtenName(raw) ?? `layer ${index + 1}`;
}

/**
 * Throws `model-topology` for a written layer name tfjs refuses, or one used twice in the same
 * model (names are shown as text by the UI, never as markup).
 */
export function checkLayerNames(raws: unknown[]): void {
  const seen = new Map<string, number>();
  for (const raw of raws) {
    const name = writtenName(raw);
    if (name === null) continue;
    if (!VALID_LAYER_NAME.test(name)) {
      throw new TsvizError(
        'model-topology',
        `Layer '${name}' has a name TensorFlow.js does not accept.`,
        FIX,
      );
    }
    seen.set(name, (seen.get(name) ?? 0) + 1);
  }
  for (const [name, n] of seen) {
    if (n > 1) {
      throw new TsvizError(
        'model-topology',
        `${n} layers are named '${name}'; TensorFlow.js needs every layer of a model to have its own name.`,
        FIX,
      );
    }
  }
}
