/**
 * Read the facts of a loaded tfjs LayersModel (class, config, output shape, parameters,
 * inbound layers) and build the one model graph of src/core/model-graph.ts from them.
 */
import type * as tf from '@tensorflow/tfjs';
import { buildModelInfo, type LayerFacts, type ModelInfo } from '../../src/core/model-graph';
import type { Task } from '../../src/core/types';

export type { GraphLayer, LayerInfo, ModelInfo, FilterLayer } from '../../src/core/model-graph';

/** A tfjs shape (possibly a list of shapes) without its batch dimension; free dims are null. */
function dropBatch(shape: tf.Shape | tf.Shape[]): (number | null)[] {
  const first = (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
  return first.slice(1).map((d) => (d == null || d < 0 ? null : d));
}

/** What model-graph needs to know about each layer of `model`, in model.layers order. */
export function layerFacts(model: tf.LayersModel): LayerFacts[] {
  return model.layers.map((layer) => ({
    name: layer.name,
    className: layer.getClassName(),
    config: layer.getConfig() as Record<string, unknown>,
    outputShape: dropBatch(layer.outputShape),
    params: layer.countParams(),
    inbound: [
      ...new Set(layer.inboundNodes.flatMap((node) => node.inboundLayers.map((l) => l.name))),
    ],
  }));
}

export function describeModel(
  model: tf.LayersModel,
  name: string,
  task: Task | null,
  stripped: string[],
  warnings: string[],
): ModelInfo {
  const inShape = model.inputs[0].shape;
  const outShape = model.outputs[0].shape;
  return buildModelInfo(layerFacts(model), {
    name,
    kind: model.getClassName() === 'Sequential' ? 'sequential' : 'functional',
    inputShape: [inShape[1] ?? null, inShape[2] ?? 1],
    outputUnits: outShape[outShape.length - 1] ?? 1,
    task,
    stripped,
    warnings,
  });
}
