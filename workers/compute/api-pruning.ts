/**
 * The compute worker's calls for the Pruning view (prune.ts, prune-physical.ts): the
 * faithfulness test (Table 1) and the pruning sweep (Fig. 10) as jobs of kind 'pruning', routed
 * like `evaluate` (on a software WebGPU adapter they run on WASM in the long-job worker), and
 * the physically smaller model's files for download. Every call works on a copy of the model:
 * the loaded model is never changed.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import type {
  FaithfulnessResult,
  JobToken,
  PrunedModelFiles,
  PrunedModelRequest,
  PruningCommon,
  ProgressFn,
  SweepRequest,
  SweepResult,
} from '../../src/core/protocol';
import { filtersToRemove, weightBytes } from '../../src/core/pruning-math';
import type { Sidecar } from '../../src/core/types';
import { requireDataset } from './api-data';
import { requireModel } from './api-model';
import { job, type JobContext } from './job';
import { relayProgress, routedJob, type LongJobPlace } from './long-jobs';
import { faithfulnessTest, pruningSweep, rankedLayers, testRows, zeroFilters } from './prune';
import { removeFilters } from './prune-physical';
import { serial, session } from './session';
import { copyModel, modelArtifacts } from './train';

/** Rows on which the download checks the pruned model against the zeroed one. */
const CHECK_ROWS = 64;

/** model.json text for artifacts whose weights are saved as one file, `weights.bin`. */
export function modelJsonText(a: tf.io.ModelArtifacts): string {
  return JSON.stringify({
    format: 'layers-model',
    generatedBy: a.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: 'TSViz pruning',
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs ?? [] }],
  });
}

/** The loaded model's sidecar for the pruned model: its name marks it, stale metrics go. */
function prunedSidecar(s: Sidecar | null, removed: PrunedModelFiles['removed']): string | null {
  if (!s) return null;
  const what = removed.map((r) => `${r.filters.length} of ${r.name}`).join(', ');
  const { metrics: _m, ...rest } = s;
  void _m;
  return JSON.stringify(
    {
      ...rest,
      name: `${s.name} (pruned)`,
      description: `${s.description ? `${s.description} ` : ''}Pruned in TSViz: removed the least important filters (${what}).`,
    },
    null,
    2,
  );
}

/** A 'pruning' job on a fresh copy of the loaded model (disposed after), with the dataset. */
function onPruningCopy<T>(
  token: JobToken | undefined,
  onProgress: ProgressFn | undefined,
  run: (
    copy: tf.LayersModel,
    loaded: ReturnType<typeof requireModel>,
    ds: ReturnType<typeof requireDataset>,
    ctx: JobContext,
  ) => Promise<T>,
): Promise<T> {
  return job('pruning', token, onProgress, async (ctx) => {
    const loaded = requireModel();
    const ds = requireDataset();
    const copy = await ctx.step(() => copyModel(loaded.artifacts, 'the pruning copy'));
    try {
      return await run(copy, loaded, ds, ctx);
    } finally {
      copy.dispose();
    }
  });
}

export const pruningApi = {
  /** Table 1: per conv layer, the test loss with its most / least important filter zeroed. */
  async faithfulness(
    req: PruningCommon,
    token?: JobToken,
    onProgress?: ProgressFn,
  ): Promise<FaithfulnessResult & { place: LongJobPlace }> {
    return routedJob(
      (remote) => remote.faithfulness(req, token, relayProgress(onProgress)),
      () =>
        onPruningCopy(token, onProgress, (copy, { info }, ds, ctx) =>
          faithfulnessTest(copy, info, ds, req, ctx),
        ),
    );
  },

  /** Fig. 10: loss against filters pruned, least and most important first, per conv layer. */
  async pruningSweep(
    req: SweepRequest,
    token?: JobToken,
    onProgress?: ProgressFn,
  ): Promise<SweepResult & { place: LongJobPlace }> {
    return routedJob(
      (remote) => remote.pruningSweep(req, token, relayProgress(onProgress)),
      () =>
        onPruningCopy(token, onProgress, (copy, { artifacts, info }, ds, ctx) =>
          pruningSweep(copy, artifacts, info, ds, req, ctx),
        ),
    );
  },

  /**
   * The model without the `count` least important filters of each chosen conv layer, as
   * model.json + weights.bin + tsviz.json, checked against the zeroed model on test rows.
   */
  async prunedModel(req: PrunedModelRequest): Promise<PrunedModelFiles> {
    return serial(async () => {
      const { model, info } = requireModel();
      const ds = session.dataset;
      const ranked = rankedLayers(info, {
        ranking: req.ranking,
        layers: req.remove.map((r) => r.conv),
      });
      const removed = new Map(
        ranked.map((l, k) => [l.conv, filtersToRemove(l.mean, req.remove[k].count)]),
      );
      const steps = ds ? ds.shape[1] : null;
      const { model: pruned, notes } = await removeFilters(model, info, removed, steps);
      try {
        // before any fine-tuning the pruned model's outputs equal the zeroed model's
        let maxAbsDiff = 0;
        if (ds) {
          const rows = testRows(ds, CHECK_ROWS);
          const [, T, C] = ds.shape;
          const x = new Float32Array(rows.length * T * C);
          rows.forEach((r, k) => x.set(ds.x.subarray(r * T * C, (r + 1) * T * C), k * T * C));
          const zeroed = await copyModel(session.current!.artifacts, 'the zeroed copy');
          try {
            for (const [conv, filters] of removed) zeroFilters(zeroed, conv, filters);
            const diff = tf.tidy(() => {
              const xt = tf.tensor3d(x, [rows.length, T, C]);
              const a = pruned.predict(xt) as tf.Tensor;
              const b = zeroed.predict(xt) as tf.Tensor;
              return tf.max(tf.abs(tf.sub(a, b)));
            });
            maxAbsDiff = (await diff.data())[0];
            diff.dispose();
          } finally {
            zeroed.dispose();
          }
        }
        const artifacts = await modelArtifacts(pruned);
        const weights = artifacts.weightData as ArrayBuffer;
        const after = pruned.countParams();
        const list = ranked.map((l) => ({
          conv: l.conv,
          name: l.name,
          filters: removed.get(l.conv) ?? [],
          kept: l.filters - (removed.get(l.conv)?.length ?? 0),
        }));
        const files: PrunedModelFiles = {
          modelJson: modelJsonText(artifacts),
          weights,
          sidecar: prunedSidecar(session.current?.sidecar ?? null, list),
          before: { params: info.totalParams, bytes: weightBytes(info.totalParams) },
          after: { params: after, bytes: weightBytes(after) },
          removed: list,
          maxAbsDiff,
          notes,
        };
        return Comlink.transfer(files, [weights]);
      } finally {
        pruned.dispose();
      }
    });
  },
};
