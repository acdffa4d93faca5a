/**
 * Influence-guided pruning (paper Section IV-F, V-B), always on a COPY of the model:
 *
 * - `zeroFilters`: zero the kernel and bias of chosen filters of one conv layer (in place, on
 *   the copy); `layerSnapshot` / `restoreLayer` undo it;
 * - `faithfulnessTest` (Table 1): per conv layer, the test loss with its most and with its least
 *   important filter zeroed, no fine-tuning;
 * - `pruningSweep` (Fig. 10): per conv layer, prune one filter at a time until one is left, in
 *   the importance order (least important first) and the reverse as the contrast curve, scored
 *   on the test rows after each step. Without fine-tuning the filters are zeroed on one copy;
 *   with fine-tuning they are removed for real (prune-physical.ts) from a fresh copy and the
 *   smaller model is trained N epochs on the training rows (train.ts) after each step, so
 *   training cannot revive a pruned filter.
 *
 * Rows: scores use the dataset's test rows (all rows without a split), fine-tuning its training
 * rows (none without a split: fine-tuning is then refused). Each step is one or more
 * `ctx.step` chunks: cancellable between them, and a cancelled job leaves nothing behind.
 */
import * as tf from '@tensorflow/tfjs';
import { TsvizError } from '../../src/core/errors';
import type { ModelInfo } from '../../src/core/model-graph';
import type {
  FaithfulnessResult,
  FaithfulnessRow,
  PruningCommon,
  PruningScore,
  SweepCurve,
  SweepRequest,
  SweepResult,
} from '../../src/core/protocol-pruning';
import {
  currentIndex,
  faithfulnessRatio,
  mostAndLeast,
  PRUNE_ORDERS,
  pruneOrder,
  sweepSteps,
} from '../../src/core/pruning-math';
import { rowsOf } from '../../src/core/split';
import type { Dataset } from '../../src/core/types';
import { evaluateModel } from './evaluate';
import type { JobContext } from './job';
import { describeModel } from './model-info';
import { removeFilters } from './prune-physical';
import { copyModel, trainModel } from './train';

/**
 * Zero the kernel [k, Cin, F] slices and biases of `filters` of conv layer `conv`, IN PLACE:
 * pass a copy (copyModel), never the loaded model.
 */
export function zeroFilters(model: tf.LayersModel, conv: number, filters: readonly number[]): void {
  const layer = model.layers[conv];
  const weights = layer.getWeights();
  if (weights.length === 0) throw new RangeError(`layer ${conv} has no weights`);
  const F = weights[0].shape[weights[0].rank - 1];
  const mask = new Float32Array(F).fill(1);
  for (const f of filters) {
    if (!Number.isInteger(f) || f < 0 || f >= F)
      throw new RangeError(`layer ${conv} has no filter ${f}`);
    mask[f] = 0;
  }
  const next = tf.tidy(() => {
    const m = tf.tensor1d(mask);
    // the kernel and the bias both end in the filter axis: the mask broadcasts over it
    return weights.map((w) => tf.mul(w, m));
  });
  layer.setWeights(next);
  tf.dispose(next);
}

/** A copy of one layer's weights, to restore after zeroing. */
export function layerSnapshot(model: tf.LayersModel, layer: number): tf.Tensor[] {
  return model.layers[layer].getWeights().map((w) => w.clone());
}

/** Put a snapshot back (the snapshot stays the caller's to dispose). */
export function restoreLayer(model: tf.LayersModel, layer: number, snapshot: tf.Tensor[]): void {
  model.layers[layer].setWeights(snapshot);
}

/** The test rows to score on (the first `maxRows` of them when given). */
export function testRows(ds: Dataset, maxRows?: number): Int32Array {
  const rows = rowsOf(ds.split, ds.shape[0], 'test');
  if (rows.length === 0)
    throw new TsvizError(
      'dataset-config',
      `${ds.source} has no test rows to score the pruned models on.`,
      'Choose a split with test rows in the dataset form.',
    );
  return maxRows !== undefined && maxRows > 0 && maxRows < rows.length
    ? rows.subarray(0, Math.floor(maxRows))
    : rows;
}

/** The training rows for fine-tuning; refused when there are none. */
export function trainRows(ds: Dataset): Int32Array {
  const rows = rowsOf(ds.split, ds.shape[0], 'train');
  if (rows.length === 0)
    throw new TsvizError(
      'dataset-config',
      `${ds.source} has no training rows, so the pruned models cannot be fine-tuned.`,
      'Set fine-tuning epochs to 0, or open the dataset with a train/test split (the dataset form\u2019s split settings).',
    );
  return rows;
}

/** The conv layers a request names, each with its ranking (mean importance [F]). */
export function rankedLayers(
  info: ModelInfo,
  req: PruningCommon,
): { conv: number; name: string; filters: number; mean: ArrayLike<number> }[] {
  const wanted = req.layers ?? info.filterLayers.map((f) => f.conv);
  if (wanted.length === 0)
    throw new TsvizError('model-graph', 'No conv layer is chosen.', 'Tick at least one layer.');
  return wanted.map((conv) => {
    const fl = info.filterLayers.find((f) => f.conv === conv);
    if (!fl) throw new RangeError(`layer ${conv} is not a conv layer with filters`);
    const r = req.ranking.layers.find((l) => l.conv === conv);
    if (!r || r.mean.length !== fl.filters)
      throw new TsvizError(
        'model-graph',
        `The importance ranking does not fit '${info.layers[conv].name}' (${fl.filters} filters).`,
        'Compute the dataset importance again for this model.',
      );
    return { conv, name: info.layers[conv].name, filters: fl.filters, mean: r.mean };
  });
}

/** A job context whose progress calls go nowhere (evaluateModel reports its own). */
function quiet(ctx: JobContext): JobContext {
  return { ...ctx, progress: () => undefined };
}

async function score(
  model: tf.LayersModel,
  info: ModelInfo,
  ds: Dataset,
  ctx: JobContext,
  rows: Int32Array,
): Promise<PruningScore> {
  const m = await evaluateModel(model, info, ds, quiet(ctx), rows);
  return { loss: m.loss, accuracy: m.accuracy, mse: m.mse, mae: m.mae };
}

/**
 * Table 1 on `model` (a copy: it is zeroed and restored in place; it ends as it began).
 */
export async function faithfulnessTest(
  model: tf.LayersModel,
  info: ModelInfo,
  ds: Dataset,
  req: PruningCommon,
  ctx: JobContext,
): Promise<FaithfulnessResult> {
  const t0 = performance.now();
  const layers = rankedLayers(info, req);
  const rows = testRows(ds, req.maxRows);
  const total = 1 + 2 * layers.length;
  let done = 0;
  const label = `Faithfulness test on ${rows.length} test rows`;
  ctx.progress(0, total, label);
  const base = await score(model, info, ds, ctx, rows);
  ctx.progress(++done, total, label);
  const out: FaithfulnessRow[] = [];
  for (const l of layers) {
    const { most, least } = mostAndLeast(l.mean);
    const snapshot = await ctx.step(() => layerSnapshot(model, l.conv));
    try {
      const zeroed = async (f: number) => {
        await ctx.step(() => zeroFilters(model, l.conv, [f]));
        try {
          return await score(model, info, ds, ctx, rows);
        } finally {
          restoreLayer(model, l.conv, snapshot);
        }
      };
      const mostScore = await zeroed(most);
      ctx.progress(++done, total, label);
      const leastScore = await zeroed(least);
      ctx.progress(++done, total, label);
      out.push({
        conv: l.conv,
        name: l.name,
        filters: l.filters,
        most,
        least,
        mostLoss: mostScore.loss,
        leastLoss: leastScore.loss,
        ratio: faithfulnessRatio(mostScore.loss, leastScore.loss),
        mostScore,
        leastScore,
      });
    } finally {
      tf.dispose(snapshot);
    }
  }
  return {
    base,
    rows: out,
    testRows: rows.length,
    backend: tf.getBackend(),
    ms: performance.now() - t0,
  };
}

/** Rows of x [N, T, C] and y [N] gathered into new arrays. */
function gatherRows(ds: Dataset, rows: Int32Array): { x: Float32Array; y: Float32Array } {
  const [, T, C] = ds.shape;
  const size = T * C;
  const x = new Float32Array(rows.length * size);
  const y = new Float32Array(rows.length);
  rows.forEach((r, k) => {
    x.set(ds.x.subarray(r * size, (r + 1) * size), k * size);
    y[k] = ds.y ? ds.y[r] : NaN;
  });
  return { x, y };
}

/**
 * Fig. 10: the sweep curves of every requested layer, least-first and most-first.
 * @param model a copy to zero and restore in place (no fine-tuning); it ends as it began
 * @param artifacts the loaded model's artifacts: fine-tuning starts each curve from a fresh copy
 */
export async function pruningSweep(
  model: tf.LayersModel,
  artifacts: tf.io.ModelArtifacts,
  info: ModelInfo,
  ds: Dataset,
  req: SweepRequest,
  ctx: JobContext,
): Promise<SweepResult> {
  const t0 = performance.now();
  const epochs = Math.max(0, Math.floor(req.epochs));
  const layers = rankedLayers(info, req);
  const rows = testRows(ds, req.maxRows);
  const train = epochs > 0 ? gatherRows(ds, trainRows(ds)) : null;
  const [, T, C] = ds.shape;
  const total = layers.reduce((a, l) => a + 2 * sweepSteps(l.filters), 0);
  let done = 0;
  const base = await score(model, info, ds, ctx, rows);
  const curves: SweepCurve[] = [];
  for (const l of layers) {
    for (const order of PRUNE_ORDERS) {
      const steps = pruneOrder(l.mean, order).slice(0, sweepSteps(l.filters));
      const points: SweepCurve['points'] = [{ pruned: 0, filter: -1, score: base }];
      const label = (s: number) =>
        `Pruning ${l.name}, ${order === 'least-first' ? 'least' : 'most'} important first: ${s} of ${steps.length} filters${epochs ? `, ${epochs} epochs of fine-tuning each` : ''}`;
      ctx.progress(done, total, label(0));
      if (!train) {
        const snapshot = await ctx.step(() => layerSnapshot(model, l.conv));
        try {
          for (let s = 1; s <= steps.length; s++) {
            await ctx.step(() => zeroFilters(model, l.conv, steps.slice(0, s)));
            points.push({
              pruned: s,
              filter: steps[s - 1],
              score: await score(model, info, ds, ctx, rows),
            });
            ctx.progress(++done, total, label(s));
          }
        } finally {
          restoreLayer(model, l.conv, snapshot);
          tf.dispose(snapshot);
        }
      } else {
        let m = await ctx.step(() => copyModel(artifacts, 'the pruned copy'));
        try {
          const removed: number[] = [];
          for (let s = 1; s <= steps.length; s++) {
            const f = steps[s - 1];
            const mInfo = describeModel(m, info.name, info.task, [], []);
            const cur = m;
            const next = await ctx.step(() =>
              removeFilters(cur, mInfo, new Map([[l.conv, [currentIndex(f, removed)]]]), T),
            );
            m.dispose();
            m = next.model;
            removed.push(f);
            const trained = m;
            await ctx.step(() =>
              trainModel(
                trained,
                {
                  x: train.x,
                  shape: [train.y.length, T, C],
                  y: train.y,
                  task: info.task,
                  batchSize: req.batchSize ?? 32,
                  epochs,
                  seed: req.seed + s,
                },
                ctx.token,
              ),
            );
            const sInfo = describeModel(m, info.name, info.task, [], []);
            points.push({ pruned: s, filter: f, score: await score(m, sInfo, ds, ctx, rows) });
            ctx.progress(++done, total, label(s));
          }
        } finally {
          m.dispose();
        }
      }
      curves.push({ conv: l.conv, name: l.name, filters: l.filters, order, points });
    }
  }
  return {
    curves,
    epochs,
    seed: req.seed,
    testRows: rows.length,
    trainRows: train ? train.y.length : 0,
    backend: tf.getBackend(),
    ms: performance.now() - t0,
  };
}
