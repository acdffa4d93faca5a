/**
 * First look at a TF.js layers-model `model.json`, before anything is allocated: is it JSON,
 * is it a layers model, is its weights manifest well formed. Shard sizes: manifest-shards.ts.
 */
import { errorMessage, TsvizError } from './errors';
import { jsonErrorOffset, lineColumn } from './json-position';
import { FIX_REEXPORT, isObject, validateManifest, type ManifestGroup } from './manifest-schema';

export { checkShards, DTYPE_BYTES, MAX_MODEL_ELEMENTS } from './manifest-shards';
export type { ShardPlan, ShardRange, WeightPiece, WeightSpec } from './manifest-shards';
export { validateManifest } from './manifest-schema';
export type { ManifestGroup, ManifestWeight } from './manifest-schema';

export interface ParsedModelJson {
  /** The topology as in the file (a Keras model config, possibly inside `model_config`). */
  modelTopology: Record<string, unknown>;
  weightsManifest: ManifestGroup[];
  /** "layers-model" in tfjs 2+ files; null when absent (older files). */
  format: string | null;
  generatedBy: string | null;
  convertedBy: string | null;
}

function jsonError(text: string, err: unknown, fileName: string): TsvizError {
  const msg = errorMessage(err);
  const m = /position (\d+)/.exec(msg);
  const offset = m ? Number(m[1]) : jsonErrorOffset(text);
  let where = '';
  if (offset !== null && offset >= text.trimEnd().length) {
    where = ' at its end (it is cut short)';
  } else if (offset !== null) {
    const { line, column } = lineColumn(text, offset);
    where = ` at line ${line}, column ${column}`;
  }
  return new TsvizError(
    'model-json',
    `${fileName} is not valid JSON${where}: ${msg.split('\n')[0].slice(0, 120)}`,
    'Open the model.json written by tensorflowjs_converter, unedited and complete.',
  );
}

/**
 * Parse and check model.json text. Throws `model-json` (not JSON, with line and column),
 * `model-graph` (a graph model), `model-topology` (no layers topology), `model-manifest`
 * (missing or malformed weights manifest).
 */
export function parseModelJson(text: string, fileName: string): ParsedModelJson {
  if (text.trim() === '') {
    throw new TsvizError(
      'model-json',
      `${fileName} is empty.`,
      'Open the model.json written by tensorflowjs_converter.',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw jsonError(text, err, fileName);
  }
  if (!isObject(json)) {
    throw new TsvizError(
      'model-json',
      `${fileName} is JSON but not a model description (an object with "modelTopology" and "weightsManifest").`,
      'Open the model.json written by tensorflowjs_converter.',
    );
  }
  const topo = json.modelTopology;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const format = str(json.format);
  if (format === 'graph-model' || (isObject(topo) && 'node' in topo)) {
    throw new TsvizError(
      'model-graph',
      `${fileName} is a TensorFlow.js graph model (converted from a SavedModel or frozen graph); graph models are not supported yet, only layers models.`,
      FIX_REEXPORT,
    );
  }
  if (!isObject(topo)) {
    throw new TsvizError(
      'model-topology',
      `${fileName} has no "modelTopology" object, so the network's layers are unknown.`,
      FIX_REEXPORT,
    );
  }
  const inner = isObject(topo.model_config) ? topo.model_config : topo;
  if (typeof inner.class_name !== 'string' || !('config' in inner)) {
    throw new TsvizError(
      'model-topology',
      `The "modelTopology" in ${fileName} is not a Keras model (it has no "class_name" and "config").`,
      FIX_REEXPORT,
    );
  }
  return {
    modelTopology: topo,
    weightsManifest: validateManifest(json.weightsManifest, fileName),
    format,
    generatedBy: str(json.generatedBy),
    convertedBy: str(json.convertedBy),
  };
}
