/**
 * The zero-out pruning sweep (workers/compute/prune.ts, Fig. 10 without fine-tuning) over every
 * conv layer of the anomaly demo: per layer, prune one filter at a time until one is left, least
 * important first and most important first, scoring the zeroed copy on the test rows after each
 * step. The ranking (dataset-wide importance) is computed first and reported apart. Quick: one
 * layer and 32 rows (one batch per score). One row per layer, in seconds (lower is better).
 */
import * as tf from '@tensorflow/tfjs';
import type { PruningRanking } from '../../src/core/protocol';
import { sweepSteps } from '../../src/core/pruning-math';
import type { Dataset } from '../../src/core/types';
import { datasetImportance } from '../../workers/compute/importance';
import type { JobContext } from '../../workers/compute/job';
import { pruningSweep } from '../../workers/compute/prune';
import { copyModel } from '../../workers/compute/train';
import type { AnalysisCase, CaseRow } from './types';

/** A job context without the compute worker's queue (the bench worker runs one thing at a time). */
const direct: JobContext = {
  token: { id: 'bench-pruning' },
  progress: () => undefined,
  step: async (fn) => fn(),
};

export const pruningCase: AnalysisCase = {
  id: 'pruning',
  // SwiftShader compiles the ranking's shaders for about a minute: CI's quick run skips webgpu
  quickBackends: ['webgl', 'wasm', 'cpu'],
  title:
    'Zero-out pruning sweep of each anomaly-demo conv layer, no fine-tuning (s, lower is better)',
  async run(ctx) {
    const rowsWanted = ctx.quick ? 32 : 1000;
    const demo = await ctx.loadDemo('anomaly', rowsWanted);
    const { artifacts, info } = demo.loaded;
    const ds: Dataset = {
      x: demo.x,
      shape: demo.shape,
      y: demo.y,
      task: info.task,
      channelNames: [],
      classNames: [],
      standardization: null,
      source: 'anomaly demo',
      split: null, // every row a test row
    };
    const rows: CaseRow[] = [];
    let copy: tf.LayersModel | null = null;
    try {
      const n = demo.shape[0];
      ctx.progress(`pruning: ranking over ${n} rows`);
      const t0 = performance.now();
      const imp = await datasetImportance(demo.loaded.model, info, ds, direct);
      const rankingS = (performance.now() - t0) / 1000;
      const ranking: PruningRanking = {
        rows: 'all',
        layers: imp.layers.map((l) => ({ conv: l.conv, mean: l.mean })),
      };
      const layers = ctx.quick ? info.filterLayers.slice(0, 1) : info.filterLayers;
      copy = await copyModel(artifacts, 'the bench copy');
      for (const fl of layers) {
        const name = info.layers[fl.conv].name;
        ctx.progress(`pruning: ${name}`);
        const t1 = performance.now();
        const r = await pruningSweep(
          copy,
          artifacts,
          info,
          ds,
          { ranking, layers: [fl.conv], epochs: 0, seed: 1 },
          direct,
        );
        const s = (performance.now() - t1) / 1000;
        const [least, most] = r.curves;
        const last = (c: typeof least) => c.points[c.points.length - 1].score.loss;
        rows.push({
          variant: `${name}: ${fl.filters} filters, 2 × ${sweepSteps(fl.filters)} steps, ${n} rows`,
          value: s,
          unit: 's',
          detail:
            `ranking ${rankingS.toFixed(2)} s (once); loss ${least.points[0].score.loss.toFixed(4)} ` +
            `unpruned, ${last(least).toFixed(4)} / ${last(most).toFixed(4)} with one filter left ` +
            `(least / most first) on ${tf.getBackend()}`,
          maxRelDiff: null,
        });
      }
    } finally {
      copy?.dispose();
      demo.loaded.model.dispose();
    }
    return rows;
  },
};
