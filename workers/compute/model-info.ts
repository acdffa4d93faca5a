/**
 * Describe a loaded tfjs LayersModel in the terms the views use (the paper's Overview):
 * each layer's type, order, output shape, filter count and parameter count.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Task } from '../../src/core/types';

export type LayerKind = 'input' | 'conv' | 'pool' | 'dense' | 'activation' | 'other';

export interface LayerInfo {
  /** Index into model.layers. */
  index: number;
  name: string;
  className: string;
  kind: LayerKind;
  /** Output shape without the batch dimension, e.g. [50, 16]. */
  outputShape: number[];
  /** Conv layers: number of filters; otherwise null. */
  filters: number | null;
  params: number;
}

export interface ModelInfo {
  name: string;
  /** [T, C]; T is null when the model accepts any length. */
  inputShape: [number | null, number];
  outputUnits: number;
  /** Activation of the final layer: 'sigmoid', 'softmax', 'linear', ... */
  outputActivation: string;
  task: Task;
  layers: LayerInfo[];
  totalParams: number;
  /** Training-only settings removed at load time, one line each. */
  stripped: string[];
  /** Things the user should know (e.g. layers this app cannot explain). */
  warnings: string[];
}

const CONV = new Set(['Conv1D', 'Conv2D', 'SeparableConv1D', 'DepthwiseConv1D']);
const POOL = new Set([
  'MaxPooling1D',
  'AveragePooling1D',
  'GlobalMaxPooling1D',
  'GlobalAveragePooling1D',
  'MaxPool1D',
  'AvgPool1D',
]);
const ACTIVATION = new Set(['Activation', 'LeakyReLU', 'ReLU', 'Softmax', 'ELU', 'PReLU']);

export function layerKind(className: string): LayerKind {
  if (className === 'InputLayer') return 'input';
  if (CONV.has(className)) return 'conv';
  if (POOL.has(className)) return 'pool';
  if (className === 'Dense') return 'dense';
  if (ACTIVATION.has(className)) return 'activation';
  return 'other';
}

function dropBatch(shape: tf.Shape | tf.Shape[]): number[] {
  const first = (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
  return first.slice(1).map((d) => (d == null ? -1 : d));
}

function finalActivation(model: tf.LayersModel): string {
  for (let i = model.layers.length - 1; i >= 0; i--) {
    const cfg = model.layers[i].getConfig() as { activation?: unknown };
    const cls = model.layers[i].getClassName();
    if (cls === 'Softmax') return 'softmax';
    if (typeof cfg.activation === 'string') {
      if (cfg.activation !== 'linear' || cls === 'Dense') return cfg.activation;
    }
    if (cls === 'Dense' || CONV.has(cls)) return 'linear';
  }
  return 'linear';
}

export function describeModel(
  model: tf.LayersModel,
  name: string,
  task: Task | null,
  stripped: string[],
  warnings: string[],
): ModelInfo {
  const layers: LayerInfo[] = model.layers.map((layer, index) => {
    const className = layer.getClassName();
    const cfg = layer.getConfig() as { filters?: number };
    return {
      index,
      name: layer.name,
      className,
      kind: layerKind(className),
      outputShape: dropBatch(layer.outputShape),
      filters: CONV.has(className) && typeof cfg.filters === 'number' ? cfg.filters : null,
      params: layer.countParams(),
    };
  });
  const inShape = model.inputs[0].shape;
  const outShape = model.outputs[0].shape;
  const outputActivation = finalActivation(model);
  const guessedTask: Task =
    outputActivation === 'sigmoid' || outputActivation === 'softmax'
      ? 'classification'
      : 'regression';
  return {
    name,
    inputShape: [inShape[1] ?? null, inShape[2] ?? 1],
    outputUnits: outShape[outShape.length - 1] ?? 1,
    outputActivation,
    task: task ?? guessedTask,
    layers,
    totalParams: layers.reduce((a, l) => a + l.params, 0),
    stripped,
    warnings,
  };
}
