/**
 * The whole filter clustering (workers/compute/clusters.ts) for every conv layer of the anomaly
 * demo, on sample 0: activations and importances, the DTW matrix (GPU kernel or CPU path, as
 * the engine picks), complete linkage and the silhouette for every k. One row per layer, in ms
 * (lower is better); the DTW matrix is checked against src/core's dtwMatrix on the same series.
 */
import * as tf from '@tensorflow/tfjs';
import { dtwMatrix, minMaxRows } from '../../src/core/dtw';
import { maxRelDiff } from '../compare';
import { clusterLayer, filterSeries } from '../../workers/compute/clusters';
import type { JobContext } from '../../workers/compute/job';
import type { AnalysisCase, CaseRow } from './types';

/** A job context without the compute worker's queue (the bench worker runs one thing at a time). */
const direct: JobContext = {
  token: { id: 'bench-clusters' },
  progress: () => undefined,
  step: async (fn) => fn(),
};

export const clustersDemoCase: AnalysisCase = {
  id: 'clusters-demo',
  title: 'Filter clustering of each anomaly-demo conv layer, sample 0 (ms, lower is better)',
  async run(ctx) {
    const demo = await ctx.loadDemo('anomaly', 1);
    const { model, info } = demo.loaded;
    const [, T, C] = demo.shape;
    const x = demo.x.slice(0, T * C);
    const rows: CaseRow[] = [];
    try {
      for (const fl of info.filterLayers) {
        const name = info.layers.find((l) => l.index === fl.conv)?.name ?? `layer ${fl.conv}`;
        ctx.progress(`clusters: ${name}`);
        // once to warm up (shaders, WASM), then measured
        await clusterLayer(model, info, x, [T, C], { conv: fl.conv, scale: true }, direct);
        const r = await clusterLayer(
          model,
          info,
          x,
          [T, C],
          { conv: fl.conv, scale: true },
          direct,
        );
        const series = minMaxRows(
          filterSeries(r.activation, r.steps, r.filters),
          r.filters,
          r.steps,
        );
        const ref = dtwMatrix(series, r.filters, r.steps);
        const s = r.ms;
        rows.push({
          variant: `${name}: ${r.filters} filters × ${r.steps} positions`,
          value: s.total,
          unit: 'ms',
          detail:
            `activations ${s.activations.toFixed(1)} ms, DTW ${s.distances.toFixed(1)} ms ` +
            `(${r.distancePath}), linkage ${s.linkage.toFixed(1)} ms, silhouette ` +
            `${s.silhouette.toFixed(1)} ms; best k = ${r.bestK} on ${tf.getBackend()}`,
          maxRelDiff: maxRelDiff(r.dist, ref),
        });
      }
    } finally {
      model.dispose(); // the case loaded it: leave no tensors behind
    }
    return rows;
  },
};
