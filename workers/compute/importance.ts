/**
 * The Importance view's worker side (paper Sections IV-B, V-C and Fig. 9), on the engine's
 * gradient module (gradients.ts) and the WGSL reduction (workers/gpu/importance.ts):
 *
 * - `sampleImportance`: one sample, in as few backward passes as there are questions:
 *   1. the target w.r.t. the input and every filter layer (raw |dŷ/dx|, importances Σ_p |dŷ/da|,
 *      activations);
 *   2. the loss w.r.t. every filter layer when the sample has a label (loss impact Σ_p |dL/da|);
 *   3. SmoothGrad: all noisy copies in one batched pass;
 *   4. Integrated Gradients: all path points in one batched pass;
 *   5. per-filter input saliency of one layer: all filters in one batched pass (filter-saliency.ts).
 * - `datasetImportance`: per filter min / mean / max importance over the dataset, as a job.
 *
 * Shapes: x is [T, C] row-major (one sample); layer activations [T_l, F]; importances [F].
 */
import * as tf from '@tensorflow/tfjs';
import {
  addImportanceBatch,
  countInactive,
  datasetMean,
  emptyImportanceStats,
  finishImportanceStats,
  integratedGradients,
  integrationPath,
  meanAbs,
  noisyCopies,
  valueRange,
} from '../../src/core/importance-math';
import { filterLayerOf, type ModelInfo } from '../../src/core/model-graph';
import type {
  AttributionSettings,
  DatasetImportance,
  DatasetImportanceLayer,
  FilterTensor,
  GradientTarget,
  LayerImportance,
  SampleImportance,
  SampleImportanceRequest,
} from '../../src/core/protocol';
import type { Dataset } from '../../src/core/types';
import { filterImportanceOfTensor } from '../gpu/importance';
import { filterSaliencyTensor } from './filter-saliency';
import {
  disposeGradientTensors,
  gradientTensors,
  outputTensor,
  type GradientTensors,
} from './gradients';
import type { JobContext } from './job';

/** Dataset-wide importance: the share of a layer's largest mean below which a filter never matters. */
export const NEVER_SHARE = 0.01;

/** Samples per backward pass in the dataset job. */
export const IMPORTANCE_BATCH = 64;

/** Most SmoothGrad copies or IG steps in one batched pass. */
export const MAX_ATTRIBUTION_BATCH = 1024;

/** Proposition 1: a probability this close to 0 or 1 saturates. */
export const SATURATED_PROBABILITY = 1e-3;
/** ... or the largest input gradient below this share of the input's value range. */
export const SATURATED_GRADIENT = 1e-6;

/** Settings with every default filled in (what the view shows). */
export function attributionDefaults(
  method: 'smoothgrad' | 'integrated-gradients',
  s: AttributionSettings,
): AttributionSettings {
  return method === 'smoothgrad'
    ? { noise: s.noise ?? 0.15, samples: s.samples ?? 25, seed: s.seed ?? 1 }
    : { baseline: s.baseline ?? 'zeros', steps: s.steps ?? 32 };
}

function checkCount(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_ATTRIBUTION_BATCH)
    throw new RangeError(
      `${what} must be a whole number from 1 to ${MAX_ATTRIBUTION_BATCH}, got ${n}`,
    );
}

/** The filter layers' differentiated tensors (model.layers indices), in graph order. */
export function filterLayerIndices(info: ModelInfo, filterTensor: FilterTensor): number[] {
  return info.filterLayers.map((f) => (filterTensor === 'activation' ? f.output : f.preActivation));
}

function layerName(info: ModelInfo, index: number): string {
  return info.layers.find((l) => l.index === index)?.name ?? `layer ${index}`;
}

const isOneSigmoid = (info: ModelInfo) =>
  info.outputActivation === 'sigmoid' && info.outputUnits === 1;

/** The class's display name: the given names, else "class k". */
function className(names: readonly string[] | undefined, k: number): string {
  return names?.[k] ?? `class ${k}`;
}

/** What a target is, in words ("probability of anomalous", "output 0"). */
export function targetLabel(target: GradientTarget, classNames?: readonly string[]): string {
  switch (target.kind) {
    case 'probability': {
      const T = target.temperature ?? 1;
      const t = T !== 1 ? ` (temperature ${T})` : '';
      return `probability of ${className(classNames, target.classIndex)}${t}`;
    }
    case 'logit':
      return `logit of ${className(classNames, target.classIndex)}`;
    case 'output':
      return `output ${target.index}`;
    case 'loss':
      return `loss${target.loss ? ` (${target.loss})` : ''}`;
  }
}

/**
 * The default target of one sample: its predicted class's probability (sigmoid or softmax), the
 * largest output of another classifier, output 0 for regression.
 * @param output the sample's model output [units]
 */
export function defaultTargetOf(info: ModelInfo, output: ArrayLike<number>): GradientTarget {
  if (info.task !== 'classification') return { kind: 'output', index: 0 };
  if (isOneSigmoid(info)) return { kind: 'probability', classIndex: output[0] >= 0.5 ? 1 : 0 };
  let k = 0;
  for (let i = 1; i < output.length; i++) if (output[i] > output[k]) k = i;
  if (info.outputActivation === 'softmax' || info.outputActivation === 'sigmoid')
    return { kind: 'probability', classIndex: k };
  return { kind: 'output', index: k };
}

/** The same target for n copies of one sample (a loss target's labels repeated). */
function tiledTarget(target: GradientTarget, n: number): GradientTarget {
  if (target.kind !== 'loss' || n === 1) return target;
  const one = target.labels;
  const labels = new Float32Array(one.length * n);
  for (let k = 0; k < n; k++) labels.set(one, k * one.length);
  return { ...target, labels };
}

/** The loss target of a sample with label y, or null when the model's output has no such loss. */
function lossTargetOf(info: ModelInfo, y: number): GradientTarget | null {
  if (!Number.isFinite(y)) return null;
  if (info.outputActivation === 'softmax') return { kind: 'loss', labels: Float32Array.of(y) };
  if (info.outputUnits !== 1) return null;
  return { kind: 'loss', labels: Float32Array.of(y) };
}

export interface SampleOptions {
  /** The sample's label (class index or regression target); loss impact is computed with it. */
  label?: number | null;
  /** Display names of the classes (sidecar, else dataset). */
  classNames?: readonly string[];
  /** The dataset, for the 'dataset-mean' Integrated Gradients baseline. */
  dataset?: Dataset | null;
  /** Force the CPU reduction of the importances. */
  prefer?: 'cpu';
}

/** d target/dx for a batch of inputs [n, T, C] (one backward pass), downloaded [n, T, C]. */
async function inputGradients(
  model: tf.LayersModel,
  xs: Float32Array,
  shape: [number, number, number],
  target: GradientTarget,
): Promise<Float32Array> {
  const xt = tf.tensor3d(xs, shape);
  let g: GradientTensors | null = null;
  try {
    g = gradientTensors(model, xt, {
      target: tiledTarget(target, shape[0]),
      layers: [],
      input: true,
    });
    return (await (g.input as tf.Tensor).data()) as Float32Array;
  } finally {
    xt.dispose();
    if (g) disposeGradientTensors(g);
  }
}

/**
 * Everything the Importance view shows for one sample (see the file comment).
 * @param x [T, C] row-major; shape [T, C]
 */
export async function sampleImportance(
  model: tf.LayersModel,
  info: ModelInfo,
  x: Float32Array,
  shape: [number, number],
  req: Omit<SampleImportanceRequest, 'source'>,
  opts: SampleOptions = {},
): Promise<SampleImportance> {
  const [T, C] = shape;
  if (x.length !== T * C)
    throw new RangeError(`x has ${x.length} values, [${T}, ${C}] needs ${T * C}`);
  const filterTensor = req.filterTensor ?? 'activation';
  const layers = filterLayerIndices(info, filterTensor);
  const prefer = opts.prefer;
  // Check what can be checked before any tensor exists.
  const attributionsAsked = (req.attributions ?? []).map((a) => {
    const settings = attributionDefaults(a.method, a.settings);
    if (a.method === 'smoothgrad') {
      checkCount('SmoothGrad samples', settings.samples as number);
      if (!(Number.isFinite(settings.noise) && (settings.noise as number) >= 0))
        throw new RangeError(`SmoothGrad noise must be 0 or more, got ${settings.noise}`);
    } else {
      checkCount('Integrated Gradients steps', settings.steps as number);
    }
    return { method: a.method, settings };
  });
  let saliencyFl = null;
  if (req.filterSaliencyLayer !== undefined) {
    saliencyFl = filterLayerOf(info, req.filterSaliencyLayer);
    if (!saliencyFl)
      throw new RangeError(`layer ${req.filterSaliencyLayer} is not a conv layer with filters`);
  }

  const xt = tf.tensor3d(x, [1, T, C]);
  let g: GradientTensors | null = null;
  let lossG: GradientTensors | null = null;
  let absInput: tf.Tensor | null = null;
  try {
    let target = req.target;
    if (!target) {
      const out = outputTensor(model, xt);
      try {
        target = defaultTargetOf(info, (await out.data()) as Float32Array);
      } finally {
        out.dispose();
      }
    }
    // Pass 1: the target w.r.t. the input and every filter layer.
    g = gradientTensors(model, xt, { target, layers, input: true });
    absInput = tf.abs(g.input as tf.Tensor);
    const importances: Awaited<ReturnType<typeof filterImportanceOfTensor>>[] = [];
    for (const l of g.layers)
      importances.push(await filterImportanceOfTensor(l.gradient, { prefer }));
    // Pass 2: the loss, when the sample has a label.
    const lossTarget =
      opts.label !== undefined && opts.label !== null ? lossTargetOf(info, opts.label) : null;
    let lossImpact: Float32Array[] | null = null;
    if (lossTarget) {
      try {
        lossG = gradientTensors(model, xt, { target: lossTarget, layers, input: false });
      } catch {
        lossG = null; // a label the loss cannot take (checked before the tape: nothing leaks)
      }
      if (lossG) {
        lossImpact = [];
        for (const l of lossG.layers)
          lossImpact.push((await filterImportanceOfTensor(l.gradient, { prefer })).value);
      }
    }
    const [output, targetValue, gradient, ...activations] = (await Promise.all([
      g.output.data(),
      g.target.data(),
      absInput.data(),
      ...g.layers.map((l) => l.activation.data()),
    ])) as Float32Array[];

    const layerResults: LayerImportance[] = g.layers.map((l, k) => {
      const fl = info.filterLayers[k];
      const [, steps, filters] = l.activation.shape as [number, number, number];
      return {
        conv: fl.conv,
        layer: l.layer,
        name: layerName(info, fl.conv),
        activation: activations[k],
        steps,
        filters,
        importance: importances[k].value,
        lossImpact: lossImpact ? lossImpact[k] : null,
        path: importances[k].path,
      };
    });

    // SmoothGrad and Integrated Gradients: one batched pass each.
    const attributions: SampleImportance['attributions'] = [
      { method: 'gradient', settings: {}, values: gradient },
    ];
    for (const a of attributionsAsked) {
      if (a.method === 'smoothgrad') {
        const n = a.settings.samples as number;
        const sigma = (a.settings.noise as number) * valueRange(x);
        const xs = noisyCopies(x, n, sigma, a.settings.seed as number);
        const grads = await inputGradients(model, xs, [n, T, C], target);
        attributions.push({ ...a, values: meanAbs(grads, n) });
      } else {
        const steps = a.settings.steps as number;
        const baseline = baselineOf(a.settings.baseline ?? 'zeros', T * C, opts.dataset);
        const path = integrationPath(x, baseline, steps);
        const grads = await inputGradients(model, path, [steps, T, C], target);
        const ig = integratedGradients(x, baseline, grads, steps);
        attributions.push({ ...a, values: ig.map(Math.abs) });
      }
    }

    // Per-filter input saliency of one layer: all filters in one batched pass.
    let filterSaliency: SampleImportance['filterSaliency'] = null;
    if (saliencyFl) {
      const layer = filterTensor === 'activation' ? saliencyFl.output : saliencyFl.preActivation;
      const values = await filterSaliency1(model, xt, layer, saliencyFl.filters);
      filterSaliency = { conv: saliencyFl.conv, filters: saliencyFl.filters, values };
    }

    return {
      shape: [T, C],
      x: x.slice(),
      output,
      target: {
        value: targetValue[0],
        label: targetLabel(target, opts.classNames),
        spec: target,
      },
      attributions,
      layers: layerResults,
      filterSaliency,
      saturated: isSaturated(target, targetValue[0], gradient, x),
      filterTensor,
      backend: tf.getBackend(),
    };
  } finally {
    xt.dispose();
    absInput?.dispose();
    if (g) disposeGradientTensors(g);
    if (lossG) disposeGradientTensors(lossG);
  }
}

/** |d(Σ_t a_j)/dx| [F, T, C] for every filter j, downloaded. */
async function filterSaliency1(
  model: tf.LayersModel,
  xt: tf.Tensor3D,
  layer: number,
  filters: number,
): Promise<Float32Array> {
  const s = filterSaliencyTensor(model, xt, layer, filters);
  const a = tf.abs(s);
  s.dispose();
  try {
    return (await a.data()) as Float32Array;
  } finally {
    a.dispose();
  }
}

/** The Integrated Gradients baseline [T·C]. */
function baselineOf(
  kind: 'zeros' | 'dataset-mean',
  size: number,
  ds: Dataset | null | undefined,
): Float32Array {
  if (kind === 'zeros') return new Float32Array(size);
  if (!ds) throw new RangeError('the dataset-mean baseline needs a dataset');
  const [N, T, C] = ds.shape;
  if (T * C !== size)
    throw new RangeError(`the dataset's samples are ${T} × ${C}, not ${size} values`);
  return datasetMean(ds.x, N);
}

/**
 * Proposition 1: a probability target within 1e-3 of 0 or 1, or the largest input gradient
 * below 1e-6 of the input's value range (any target).
 * @param gradient |d target/dx| [T, C]
 */
export function isSaturated(
  target: GradientTarget,
  value: number,
  gradient: ArrayLike<number>,
  x: ArrayLike<number>,
): boolean {
  if (
    target.kind === 'probability' &&
    (value <= SATURATED_PROBABILITY || value >= 1 - SATURATED_PROBABILITY)
  )
    return true;
  let max = 0;
  for (let i = 0; i < gradient.length; i++) {
    const v = Math.abs(gradient[i]);
    if (v > max) max = v;
  }
  return max < SATURATED_GRADIENT * valueRange(x);
}

/**
 * Per-sample default targets of a batch, grouped: [target, rows of the batch] pairs. Softmax:
 * one group per predicted class; one sigmoid unit: the probability of class 1; another
 * classifier: its largest output; regression: output 0.
 */
async function targetGroups(
  model: tf.LayersModel,
  info: ModelInfo,
  xt: tf.Tensor3D,
): Promise<[GradientTarget, number[]][]> {
  const n = xt.shape[0];
  const all = Array.from({ length: n }, (_, i) => i);
  if (info.task !== 'classification') return [[{ kind: 'output', index: 0 }, all]];
  if (isOneSigmoid(info)) return [[{ kind: 'probability', classIndex: 1 }, all]];
  const am = tf.tidy(() => outputTensor(model, xt).reshape([n, -1]).argMax(-1));
  let classes: Int32Array;
  try {
    classes = (await am.data()) as Int32Array;
  } finally {
    am.dispose();
  }
  const byClass = new Map<number, number[]>();
  classes.forEach((k, i) => {
    const list = byClass.get(k);
    if (list) list.push(i);
    else byClass.set(k, [i]);
  });
  const prob = info.outputActivation === 'softmax' || info.outputActivation === 'sigmoid';
  return [...byClass.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([k, rows]) => [
      prob ? { kind: 'probability', classIndex: k } : { kind: 'output', index: k },
      rows,
    ]);
}

/**
 * One batch's importances, one [n, F] array per filter layer, for each sample's default target.
 * @param xt [n, T, C]
 */
export async function batchImportance(
  model: tf.LayersModel,
  info: ModelInfo,
  xt: tf.Tensor3D,
  layers: number[],
  prefer?: 'cpu',
): Promise<{ values: Float32Array[]; path: ('gpu' | 'cpu')[] }> {
  const n = xt.shape[0];
  const groups = await targetGroups(model, info, xt);
  const values = info.filterLayers.map((f) => new Float32Array(n * f.filters));
  const path: ('gpu' | 'cpu')[] = info.filterLayers.map(() => 'cpu');
  for (const [target, rows] of groups) {
    const whole = rows.length === n;
    const sub = whole ? xt : tf.tidy(() => tf.gather(xt, tf.tensor1d(rows, 'int32')));
    let g: GradientTensors | null = null;
    try {
      g = gradientTensors(model, sub as tf.Tensor3D, { target, layers, input: false });
      for (const [k, l] of g.layers.entries()) {
        const r = await filterImportanceOfTensor(l.gradient, { prefer });
        path[k] = r.path;
        const F = info.filterLayers[k].filters;
        if (whole) values[k].set(r.value);
        else rows.forEach((row, i) => values[k].set(r.value.subarray(i * F, (i + 1) * F), row * F));
      }
    } finally {
      if (!whole) sub.dispose();
      if (g) disposeGradientTensors(g);
    }
  }
  return { values, path };
}

/**
 * Dataset-wide importance (Fig. 9) as a job: per filter of every filter layer, the min, mean and
 * max importance of each sample's default target over `rows` (default: every sample), batch by
 * batch (each one `ctx.step`). The sums stay local until the end: a cancelled job leaves nothing.
 */
export async function datasetImportance(
  model: tf.LayersModel,
  info: ModelInfo,
  ds: Dataset,
  ctx: JobContext,
  filterTensor: FilterTensor = 'activation',
  rows: Int32Array | null = null,
  prefer?: 'cpu',
): Promise<DatasetImportance> {
  const t0 = performance.now();
  const [N, T, C] = ds.shape;
  const idx = rows ?? Int32Array.from({ length: N }, (_, i) => i);
  const n = idx.length;
  const layers = filterLayerIndices(info, filterTensor);
  const stats = info.filterLayers.map((f) => emptyImportanceStats(f.filters));
  const label = `Filter importance over ${n} samples`;
  ctx.progress(0, n, label);
  for (let start = 0; start < n; start += IMPORTANCE_BATCH) {
    const count = Math.min(IMPORTANCE_BATCH, n - start);
    const x = new Float32Array(count * T * C);
    for (let k = 0; k < count; k++) {
      const i = idx[start + k];
      x.set(ds.x.subarray(i * T * C, (i + 1) * T * C), k * T * C);
    }
    const batch = await ctx.step(async () => {
      const xt = tf.tensor3d(x, [count, T, C]);
      try {
        return await batchImportance(model, info, xt, layers, prefer);
      } finally {
        xt.dispose();
      }
    });
    batch.values.forEach((v, k) => addImportanceBatch(stats[k], v));
    ctx.progress(start + count, n, label);
  }
  const out: DatasetImportanceLayer[] = info.filterLayers.map((fl, k) => {
    const { min, mean, max } = finishImportanceStats(stats[k]);
    return {
      conv: fl.conv,
      layer: layers[k],
      name: layerName(info, fl.conv),
      filters: fl.filters,
      min,
      mean,
      max,
      neverMatter: countInactive(mean, NEVER_SHARE),
    };
  });
  return {
    rows: n,
    neverShare: NEVER_SHARE,
    layers: out,
    filterTensor,
    backend: tf.getBackend(),
    ms: performance.now() - t0,
  };
}
