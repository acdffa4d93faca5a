/**
 * Load a TF.js layers model safely: parse and validate model.json and the weights manifest
 * against the shard sizes before reading or allocating anything, strip training-only settings,
 * then build the model from memory. Every expected failure is a TsvizError.
 */
import * as tf from '@tensorflow/tfjs';
import { errorMessage, TsvizError } from '../../src/core/errors';
import { parseModelJson, checkShards } from '../../src/core/manifest';
import { sanitizeTopology, describeLayers } from '../../src/core/topology';
import { readAsConv1d, weightShape1d } from '../../src/core/topology-1d';
import type { Task } from '../../src/core/types';
import type { ModelSource } from './model-files';
import { describeModel, type ModelInfo } from './model-info';
import { asTooLarge, checkActivationsFitGpu, checkWeightsFitGpu, type GpuLimits } from './gpu-fit';

export interface LoadedModel {
  model: tf.LayersModel;
  info: ModelInfo;
  /** Validated topology and weights, kept to rebuild the model after a GPU device loss. */
  artifacts: tf.io.ModelArtifacts;
}

/** Build a tfjs model from validated artifacts; a tfjs refusal becomes a TsvizError. */
export async function buildModel(
  artifacts: tf.io.ModelArtifacts,
  fileName: string,
): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (e) {
    const tooLarge = asTooLarge(e, fileName);
    if (tooLarge) throw tooLarge;
    const msg = errorMessage(e);
    const dtypes = /dtype of the new value \((\w+)\) and previous value \((\w+)\)/.exec(msg);
    if (dtypes) {
      const [, given, held] = dtypes;
      const names = (artifacts.weightSpecs ?? [])
        .filter((w) => w.dtype === given)
        .map((w) => `'${w.name}'`);
      const list = names.slice(0, 3).join(', ') || 'a weight';
      throw new TsvizError(
        'model-manifest',
        `${fileName} declares ${list} as ${given}, but the layer holds ${held} values: the weights manifest does not match the layers.`,
        'Convert the Keras model again with tensorflowjs_converter (float32 weights), or open the model.json that belongs to these weights.',
      );
    }
    throw new TsvizError(
      /Unknown layer|class/i.test(msg) ? 'model-layer' : 'model-topology',
      `TensorFlow.js could not build the model in ${fileName}: ${msg}`,
      'Re-export it from Keras with standard layers (tensorflowjs_converter --input_format keras), or open another model.',
    );
  }
}

/**
 * @param limits the WebGPU device's buffer limits when the model will run on WebGPU: a weight
 *   or a one-sample layer output over them is refused (`model-too-large`) before allocation.
 */
export async function loadModel(
  source: ModelSource,
  task: Task | null,
  limits: GpuLimits | null = null,
): Promise<LoadedModel> {
  const parsed = parseModelJson(source.modelJson, source.modelJsonName);
  const sanitized = sanitizeTopology(parsed.modelTopology);
  const stripped = sanitized.stripped;
  // [batch, T] inputs with a Reshape, and (k, 1) Conv2D layers, read as 1-D (topology-1d.ts)
  const oneD = readAsConv1d(sanitized.topology);
  const topology = oneD.topology;
  const description = describeLayers(topology);
  const paths = parsed.weightsManifest.flatMap((g) => g.paths);
  const sizes = await source.shardSizes(paths);
  const plan = checkShards(parsed.weightsManifest, sizes, source.modelJsonName);
  checkWeightsFitGpu(plan.weightSpecs, limits, source.modelJsonName);
  let weightData: Uint8Array<ArrayBuffer>;
  try {
    weightData = new Uint8Array(plan.totalBytes);
  } catch (e) {
    throw asTooLarge(e, source.modelJsonName) ?? e;
  }
  for (const range of plan.shards) {
    const bytes = await source.shard(range.path);
    if (!bytes || (await bytes).byteLength !== range.byteLength) {
      throw new TsvizError(
        'model-shard-missing',
        `Weight shard ${range.path} could not be read.`,
        'Open it together with model.json.',
      );
    }
    weightData.set(new Uint8Array(await bytes), range.offset);
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: topology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: plan.weightSpecs.map((w) => ({
      ...w,
      shape: weightShape1d(oneD, w.name, w.shape),
    })) as tf.io.WeightsManifestEntry[],
    weightData: weightData.buffer,
  };
  const model = await buildModel(artifacts, source.modelJsonName);
  const inShape = model.inputs[0]?.shape ?? [];
  if (model.inputs.length !== 1 || inShape.length !== 3) {
    model.dispose();
    throw new TsvizError(
      'model-input',
      `The model takes ${model.inputs.length} input(s) of shape [${inShape.map((d) => d ?? 'batch').join(', ')}]; TSViz explains models with one input of shape [batch, time steps, channels].${oneD.notes.length ? ` ${oneD.notes.join(' ')}` : ''}`,
      'Open a 1-D convolutional time-series model (Conv1D layers on [time, channels] inputs).',
    );
  }
  const warnings = [...oneD.notes, ...description.warnings];
  const info = describeModel(model, source.sidecar?.name ?? source.name, task, stripped, warnings);
  try {
    checkActivationsFitGpu(info.layers, limits, source.modelJsonName);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { model, info, artifacts };
}
