/**
 * Input saliency and filter importance for a batch, in one backward pass (the paper's Section
 * IV-B): the gradient of the target with respect to the input and to every filter layer's
 * activation (gradients.ts), reduced to per-filter importances Σ_p |d target / d a_l[p, f]| by
 * the WGSL kernel of workers/gpu/importance.ts on the GPU (the gradients never leave it), or by
 * the same reduction on the CPU on other backends. The Influence view builds on this.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelInfo } from '../../src/core/model-graph';
import type {
  FilterImportance,
  GradientTarget,
  InfluenceRequest,
  InfluenceResult,
} from '../../src/core/protocol';
import { filterImportanceOfTensor } from '../gpu/importance';
import { disposeGradientTensors, gradientTensors, outputTensor } from './gradients';

/**
 * The target explained when the request names none: the probability of the positive class for
 * one sigmoid unit, of the first sample's predicted class for softmax, else output 0.
 */
async function defaultTarget(
  model: tf.LayersModel,
  info: ModelInfo,
  xt: tf.Tensor3D,
): Promise<GradientTarget> {
  if (info.task !== 'classification') return { kind: 'output', index: 0 };
  if (info.outputUnits === 1) return { kind: 'probability', classIndex: 1 };
  const first = tf.tidy(() => outputTensor(model, xt.slice([0, 0, 0], [1, -1, -1])).argMax(-1));
  try {
    const [k] = await first.data();
    return { kind: 'probability', classIndex: k };
  } finally {
    first.dispose();
  }
}

/**
 * @param x [N, T, C] row-major
 * @returns saliency [N, T, C] = |d target / d x| and per filter layer importance [N, F]
 */
export async function influence(
  model: tf.LayersModel,
  info: ModelInfo,
  x: Float32Array,
  shape: [number, number, number],
  req: Pick<InfluenceRequest, 'target' | 'filterTensor' | 'prefer'> = {},
): Promise<InfluenceResult> {
  const filterTensor = req.filterTensor ?? 'activation';
  const layers = info.filterLayers.map((f) =>
    filterTensor === 'activation' ? f.output : f.preActivation,
  );
  const xt = tf.tensor3d(x, shape);
  let g: ReturnType<typeof gradientTensors> | null = null;
  let saliencyT: tf.Tensor | null = null;
  try {
    const target = req.target ?? (await defaultTarget(model, info, xt));
    g = gradientTensors(model, xt, { target, layers, input: true });
    const input = g.input as tf.Tensor3D;
    saliencyT = tf.abs(input);
    const filters: FilterImportance[] = [];
    for (const [k, l] of g.layers.entries()) {
      const r = await filterImportanceOfTensor(l.gradient, {
        prefer: req.prefer === 'cpu' ? 'cpu' : undefined,
      });
      filters.push({
        conv: info.filterLayers[k].conv,
        layer: l.layer,
        importance: r.value,
        path: r.path,
      });
    }
    const [output, targetValues, saliency] = await Promise.all([
      g.output.data() as Promise<Float32Array>,
      g.target.data() as Promise<Float32Array>,
      saliencyT.data() as Promise<Float32Array>,
    ]);
    return {
      shape,
      output,
      target: targetValues,
      saliency,
      filters,
      filterTensor,
      backend: tf.getBackend(),
    };
  } finally {
    xt.dispose();
    saliencyT?.dispose();
    if (g) disposeGradientTensors(g);
  }
}
