/**
 * The Clusters view's worker side (paper Section IV-C, Figs. 3 and 4): one conv layer's filters
 * grouped by how alike their activations are for one input.
 *
 * Stages of `clusterLayer` (each one `ctx.step`, so Cancel lands between them):
 *   1. one backward pass of the input's default target (as the Importance view explains it) to
 *      the layer's filter tensor (FilterLayer.output): the activation a [T_l, F] and each
 *      filter's importance Σ_p |d target / d a[p, f]| [F] (the WGSL reduction on WebGPU);
 *   2. each filter's series a[:, f] as a row of [F, T_l], min-max scaled per row when asked (the
 *      authors' code), and the DTW distance matrix [F, F] (workers/gpu/dtw.ts: WGSL or CPU);
 *   3. complete-linkage agglomerative clustering of the matrix (the whole merge tree);
 *   4. the silhouette score of the tree cut into every k from 2 to F - 1, and the best k.
 * Partial results stay local: a cancelled job returns nothing and leaves no tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { minMaxRows } from '../../src/core/dtw';
import { TsvizError } from '../../src/core/errors';
import { completeLinkage } from '../../src/core/linkage';
import { filterLayerOf, type ModelInfo } from '../../src/core/model-graph';
import type { ClusterRequest, ClusterResult } from '../../src/core/protocol';
import { silhouetteByK } from '../../src/core/silhouette';
import { distanceMatrix } from '../gpu/dtw';
import { throwIfCancelled, yieldToEvents } from '../jobs';
import { filterImportanceOfTensor } from '../gpu/importance';
import { disposeGradientTensors, gradientTensors, outputTensor } from './gradients';
import { defaultTargetOf, targetLabel } from './importance';
import type { JobContext } from './job';

/** The stages of one clustering, in order (the progress bar counts them). */
export const CLUSTER_STAGES = [
  'Activations and importances',
  'DTW distances',
  'Complete linkage',
  'Silhouette for every k',
] as const;

export interface ClusterOptions {
  /** Display names of the classes (sidecar, else dataset). */
  classNames?: readonly string[];
  /** Force the CPU paths of the importances and the DTW matrix (tests). */
  prefer?: 'cpu';
}

/**
 * [T_l, F] row-major -> [F, T_l] row-major: each filter's activation over positions as a row.
 * @param a the activation [steps, filters]
 */
export function filterSeries(a: ArrayLike<number>, steps: number, filters: number): Float32Array {
  const out = new Float32Array(steps * filters);
  for (let t = 0; t < steps; t++)
    for (let f = 0; f < filters; f++) out[f * steps + t] = a[t * filters + f];
  return out;
}

/** One forward and backward pass: the layer's activation [T_l, F], importances [F], target. */
async function activationAndImportance(
  model: tf.LayersModel,
  info: ModelInfo,
  x: Float32Array,
  shape: [number, number],
  layer: number,
  opts: ClusterOptions,
): Promise<{
  activation: Float32Array;
  steps: number;
  importance: Float32Array;
  target: { label: string; value: number };
}> {
  const xt = tf.tensor3d(x, [1, shape[0], shape[1]]);
  let g: ReturnType<typeof gradientTensors> | null = null;
  try {
    const out = outputTensor(model, xt);
    let output: Float32Array;
    try {
      output = (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
    const target = defaultTargetOf(info, output);
    g = gradientTensors(model, xt, { target, layers: [layer], input: false });
    const l = g.layers[0];
    const dims = l.activation.shape;
    if (dims.length !== 3)
      throw new TsvizError(
        'model-layer',
        `Layer ${layer}'s output has shape [${dims.join(', ')}], not [1, positions, filters].`,
        'Choose a 1-D convolution layer.',
      );
    const [importance, activation, value] = await Promise.all([
      filterImportanceOfTensor(l.gradient, { prefer: opts.prefer }),
      l.activation.data() as Promise<Float32Array>,
      g.target.data() as Promise<Float32Array>,
    ]);
    return {
      activation,
      steps: dims[1],
      importance: importance.value,
      target: { label: targetLabel(target, opts.classNames), value: value[0] },
    };
  } finally {
    xt.dispose();
    if (g) disposeGradientTensors(g);
  }
}

/**
 * Cluster the filters of conv layer `req.conv` for one input (see the file comment) as the
 * body of a job.
 * @param x the input [T, C] row-major; shape [T, C]
 */
export async function clusterLayer(
  model: tf.LayersModel,
  info: ModelInfo,
  x: Float32Array,
  shape: [number, number],
  req: Omit<ClusterRequest, 'source'>,
  ctx: JobContext,
  opts: ClusterOptions = {},
): Promise<ClusterResult> {
  const t0 = performance.now();
  const fl = filterLayerOf(info, req.conv);
  if (!fl)
    throw new TsvizError(
      'model-layer',
      `Layer ${req.conv} is not a convolution with filters to cluster.`,
      'Choose one of the model’s conv layers.',
    );
  const window = req.window ?? null;
  if (window !== null && !(Number.isInteger(window) && window >= 0))
    throw new RangeError(`the DTW window must be a whole number of positions, got ${window}`);
  const name = info.layers.find((l) => l.index === fl.conv)?.name ?? `layer ${fl.conv}`;
  const total = CLUSTER_STAGES.length;
  const stage = (i: number) => ctx.progress(i, total, `${name}: ${CLUSTER_STAGES[i] ?? 'done'}`);
  const ms = { activations: 0, distances: 0, linkage: 0, silhouette: 0, total: 0 };
  const timed = async <T>(key: keyof typeof ms, fn: () => Promise<T> | T): Promise<T> => {
    const s = performance.now();
    const r = await ctx.step(fn);
    ms[key] = performance.now() - s;
    return r;
  };

  stage(0);
  const a = await timed('activations', () =>
    activationAndImportance(model, info, x, shape, fl.output, opts),
  );
  const F = fl.filters;
  if (a.activation.length !== a.steps * F)
    throw new TsvizError(
      'model-layer',
      `${name}'s activation has ${a.activation.length} values, not ${a.steps} × ${F}.`,
      'Choose a 1-D convolution layer.',
    );
  stage(1);
  const raw = filterSeries(a.activation, a.steps, F);
  const series = req.scale ? minMaxRows(raw, F, a.steps) : raw;
  // the matrix comes in chunks of rows (CPU) or pairs (GPU): progress and Cancel between them
  const d = await timed('distances', () =>
    distanceMatrix(series, F, a.steps, {
      ...(window === null ? {} : { window }),
      prefer: opts.prefer,
      onChunk: async (done, all) => {
        ctx.progress(1 + done / Math.max(1, all), total, `${name}: ${CLUSTER_STAGES[1]}`);
        await yieldToEvents();
        throwIfCancelled(ctx.token);
      },
    }),
  );
  stage(2);
  const merges = await timed('linkage', () => completeLinkage(d.dist, F));
  stage(3);
  const s = await timed('silhouette', () => silhouetteByK(d.dist, F, merges));
  stage(4);
  ms.total = performance.now() - t0;
  return {
    conv: fl.conv,
    name,
    layer: fl.output,
    filters: F,
    steps: a.steps,
    activation: a.activation,
    importance: a.importance,
    target: a.target,
    dist: d.dist,
    merges,
    silhouette: s.scores,
    bestK: s.best,
    scale: req.scale,
    window,
    distancePath: d.path,
    backend: tf.getBackend(),
    ms,
  };
}
