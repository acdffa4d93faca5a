/**
 * Strip training-only settings from a Keras/tfjs topology: regularizers and constraints only
 * shape training, tfjs refuses some of them (activity regularizers), inference is unchanged.
 */
import { TsvizError } from './errors';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deeper nesting than this is refused (a real topology is a few levels deep). */
export const MAX_TOPOLOGY_DEPTH = 64;
const TRAINING_ONLY = /_(regularizer|constraint)$/;
export const FIX_TOPOLOGY =
  'Export the model again with tensorflowjs_converter --input_format keras (tfjs_layers_model).';

export function tooDeep(): TsvizError {
  return new TsvizError(
    'model-topology',
    'The model topology is nested too deeply to be a Keras model.',
    FIX_TOPOLOGY,
  );
}

function kindOf(v: unknown): string {
  if (isObj(v)) return typeof v.class_name === 'string' ? v.class_name : 'object';
  return typeof v === 'string' ? v : typeof v;
}

/** Deep copy, dropping *_regularizer and *_constraint settings (listed when not null). */
function strip(v: unknown, layer: string | null, out: string[], depth: number): unknown {
  if (depth > MAX_TOPOLOGY_DEPTH) throw tooDeep();
  if (Array.isArray(v)) return v.map((x) => strip(x, layer, out, depth + 1));
  if (!isObj(v)) return v;
  const cfg = v.config;
  const here =
    typeof v.class_name === 'string' && isObj(cfg) && typeof cfg.name === 'string'
      ? cfg.name
      : layer;
  const copy: Obj = {};
  for (const [key, value] of Object.entries(v)) {
    if (TRAINING_ONLY.test(key)) {
      if (value !== null && value !== undefined) {
        out.push(`${here === null ? 'model' : `layer '${here}'`}: ${key} (${kindOf(value)})`);
      }
      continue;
    }
    // defineProperty: a "__proto__" key from JSON stays a plain own property.
    Object.defineProperty(copy, key, {
      value: strip(value, here, out, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/**
 * A deep copy of the topology without regularizers and constraints (training-only; they do
 * not change inference), and the list of what was removed, e.g.
 * "layer 'logits': activity_regularizer (L1L2)". Throws `model-topology` for a non-object.
 */
export function sanitizeTopology(modelTopology: unknown): { topology: Obj; stripped: string[] } {
  if (!isObj(modelTopology)) {
    throw new TsvizError('model-topology', 'The model topology is not an object.', FIX_TOPOLOGY);
  }
  const stripped: string[] = [];
  const topology = strip(modelTopology, null, stripped, 0) as Obj;
  return { topology, stripped };
}
