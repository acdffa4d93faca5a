/**
 * The operations the benchmark times, built once per model on the current tfjs backend. Each
 * one starts from a Float32Array and ends with its result downloaded, as the app sees it.
 */
import * as tf from '@tensorflow/tfjs';
import { predictBatch, sampleActivations } from '../workers/compute/activations';
import {
  disposeGradientTensors,
  gradientTensors,
  type GradientRequest,
  type GradientTarget,
  type GradientTensors,
} from '../workers/compute/gradients';
import { runModel } from '../workers/compute/graph-exec';
import { influence } from '../workers/compute/influence';
import type { LoadedModel } from '../workers/compute/model-loader';
import type { Operation } from './types';

export type Op = () => Promise<Float32Array>;

async function download(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

/** Index in model.layers of the second Conv1D layer (by position; the first when only one). */
export function convLayerIndex(model: tf.LayersModel): number {
  const convs = model.layers.flatMap((l, i) => (l.getClassName() === 'Conv1D' ? [i] : []));
  const index = convs[1] ?? convs[0];
  if (index === undefined) throw new Error('the model has no Conv1D layer');
  return index;
}

/**
 * The target the app differentiates for a model: the probability of the positive class (class 1
 * of one sigmoid unit, else class 0) for classification, output 0 for regression.
 */
export function benchTarget(info: LoadedModel['info']): GradientTarget {
  if (info.task === 'classification') {
    return { kind: 'probability', classIndex: info.outputUnits === 1 ? 1 : 0 };
  }
  return { kind: 'output', index: 0 };
}

/**
 * @param batch [N, T, C] row-major samples for predict and the gradients
 * @param shape [N, T, C]
 */
export function buildOps(
  loaded: LoadedModel,
  batch: Float32Array,
  shape: [number, number, number],
): { ops: Record<Operation, Op>; convActivation: Op; influencePaths: () => string } {
  const { model, info } = loaded;
  const [, T, C] = shape;
  const one = batch.subarray(0, T * C);
  const target = benchTarget(info);
  const conv = convLayerIndex(model);
  /** Where the last influence call's per-filter reductions ran ('gpu' = the WGSL kernel). */
  let paths: string[] = [];

  /** One gradient call (workers/compute/gradients.ts), one result kept, the rest disposed. */
  const gradient =
    (req: GradientRequest, pick: (g: GradientTensors) => tf.Tensor): Op =>
    async () => {
      const x = tf.tensor3d(batch, shape);
      let g: GradientTensors | null = null;
      try {
        g = gradientTensors(model, x, req);
        return (await pick(g).data()) as Float32Array;
      } finally {
        x.dispose();
        if (g) disposeGradientTensors(g);
      }
    };

  const ops: Record<Operation, Op> = {
    predict: () => predictBatch(model, batch, shape),
    activations: async () => {
      const { activations } = await sampleActivations(model, info.layers, one, [T, C]);
      const all = new Float32Array(activations.reduce((n, a) => n + a.values.length, 0));
      let offset = 0;
      for (const a of activations) {
        all.set(a.values, offset);
        offset += a.values.length;
      }
      return all;
    },
    'grad-input': gradient({ target, layers: [], input: true }, (g) => g.input as tf.Tensor),
    'grad-conv': gradient({ target, layers: [conv], input: false }, (g) => g.layers[0].gradient),
    influence: async () => {
      const r = await influence(model, info, batch, shape);
      paths = r.filters.map((f) => f.path);
      // The importances of every filter layer ([N, F_l] each, in graph order), end to end.
      const all = new Float32Array(r.filters.reduce((n, f) => n + f.importance.length, 0));
      let offset = 0;
      for (const f of r.filters) {
        all.set(f.importance, offset);
        offset += f.importance.length;
      }
      return all;
    },
  };
  const influencePaths = () =>
    `${info.filterLayers.length} filter layer(s), reduction: ${[...new Set(paths)].join('+')}`;
  /** The conv activation itself (not timed): to leave ties out of the cross-backend check. */
  const convActivation = () =>
    download(
      tf.tidy(() => runModel(model, tf.tensor3d(batch, shape)).outputsOf(conv)?.[0] as tf.Tensor),
    );
  return { ops, convActivation, influencePaths };
}
