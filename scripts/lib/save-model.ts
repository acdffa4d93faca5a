/**
 * Save a tfjs LayersModel as model.json + group1-shard1of1.bin without tfjs-node (whose
 * file:// handler downloads a native binary we cannot install).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

export const SHARD_NAME = 'group1-shard1of1.bin';

/** Keras-style topology JSON, as tfjs writes it (snake_case keys). */
export type TopologyJson = { config: { layers: { config: Record<string, unknown> }[] } };

/**
 * Write dir/model.json and dir/group1-shard1of1.bin. `patch` may edit the topology first
 * (e.g. to record training-only settings tfjs cannot express). Returns the byte sizes.
 */
export async function saveLayersModel(
  model: tf.LayersModel,
  dir: string,
  patch?: (topology: TopologyJson) => void,
): Promise<{ jsonBytes: number; weightBytes: number }> {
  await mkdir(dir, { recursive: true });
  let sizes = { jsonBytes: 0, weightBytes: 0 };
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const topology = artifacts.modelTopology as unknown as TopologyJson;
      patch?.(topology);
      const data = artifacts.weightData;
      const weights = new Uint8Array(
        data === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(data),
      );
      const json = JSON.stringify({
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        modelTopology: topology,
        weightsManifest: [{ paths: [SHARD_NAME], weights: artifacts.weightSpecs ?? [] }],
      });
      await writeFile(path.join(dir, 'model.json'), json + '\n');
      await writeFile(path.join(dir, SHARD_NAME), weights);
      sizes = { jsonBytes: json.length + 1, weightBytes: weights.byteLength };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return sizes;
}

/** Set a layer's config key in a saved topology (throws if the layer is missing). */
export function setLayerConfig(topology: TopologyJson, layer: string, key: string, value: unknown) {
  const found = topology.config.layers.find((l) => l.config.name === layer);
  if (found === undefined) throw new Error(`No layer named ${layer} in the topology.`);
  found.config[key] = value;
}
