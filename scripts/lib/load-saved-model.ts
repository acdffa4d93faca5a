/**
 * Load a model saved by saveLayersModel from disk (Node), for tests and evaluation.
 *
 * tfjs 4.22 builds no layer that has an activity regularizer: `Layer.apply` throws
 * NotImplementedError "Layer invocation in the presence of activity regularizer(s) is not
 * supported yet." So training-only `activity_regularizer` settings are removed before loading,
 * as the app's model loader does.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

interface ModelJson {
  modelTopology: { config: { layers: { config: Record<string, unknown> }[] } };
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  format?: string;
  generatedBy?: string;
}

/** Names of layers whose activity_regularizer was removed. */
export function stripActivityRegularizers(json: ModelJson): string[] {
  const stripped: string[] = [];
  for (const layer of json.modelTopology.config.layers) {
    if (layer.config.activity_regularizer != null) {
      stripped.push(String(layer.config.name));
      layer.config.activity_regularizer = null;
    }
  }
  return stripped;
}

/** Read dir/model.json and its shards; optionally keep the activity regularizers. */
export async function readModelArtifacts(
  dir: string,
  opts: { strip: boolean } = { strip: true },
): Promise<tf.io.ModelArtifacts> {
  const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as ModelJson;
  if (opts.strip) stripActivityRegularizers(json);
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const shards = await Promise.all(
    json.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(path.join(dir, p))),
  );
  const bytes = Buffer.concat(shards);
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return {
    modelTopology: json.modelTopology as unknown as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: specs,
    weightData,
    format: json.format,
    generatedBy: json.generatedBy,
  };
}

/** Load a saved LayersModel from a folder. */
export async function loadSavedModel(dir: string, opts = { strip: true }): Promise<tf.LayersModel> {
  const artifacts = await readModelArtifacts(dir, opts);
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}
