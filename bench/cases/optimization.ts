/**
 * Inverse optimization and iterative FGSM (workers/compute/optimize.ts) on the anomaly demo:
 * milliseconds per step over 1,000 steps (quick: 20), each step one backward pass to the input
 * and the update, the loss and prediction read back every 10 steps as the app's live chart
 * does. A warm-up of a few steps first (shader compilation on WebGPU). One row per method.
 */
import * as tf from '@tensorflow/tfjs';
import { normalStart } from '../../src/core/derived-channels';
import type { JobContext } from '../../workers/compute/job';
import { optimize, type OptimizeSpec } from '../../workers/compute/optimize';
import type { AnalysisCase, CaseRow } from './types';

/** A job context without the compute worker's queue (the bench worker runs one thing at a time). */
const direct: JobContext = {
  token: { id: 'bench-optimization' },
  progress: () => undefined,
  step: async (fn) => fn(),
};

export const optimizationCase: AnalysisCase = {
  id: 'optimization',
  title:
    'Inverse optimization and iterative FGSM on the anomaly demo, one input (ms/step, lower is better)',
  async run(ctx) {
    const steps = ctx.quick ? 20 : 1000;
    const demo = await ctx.loadDemo('anomaly', 1);
    const { model, info } = demo.loaded;
    const [, T, C] = demo.shape;
    const rows: CaseRow[] = [];
    const methods: { name: string; x0: Float32Array; spec: OptimizeSpec }[] = [
      {
        name: 'inverse optimization (alpha 0.01) from N(0, 0.25² I)',
        x0: normalStart(T, C, 1, [], 0.25),
        spec: {
          method: 'inverse',
          target: { kind: 'class', classIndex: 1 },
          alpha: 0.01,
          epsilon: 0.1,
          steps,
          seed: 1,
          channels: Array.from({ length: C }, () => true),
          derived: null,
          every: 10,
        },
      },
      {
        name: 'iterative FGSM (alpha 1e-4, epsilon 0.1) of test sample 0',
        x0: demo.x.slice(0, T * C),
        spec: {
          method: 'iterative-fgsm',
          target: { kind: 'class', classIndex: demo.y ? demo.y[0] : 1 },
          alpha: 1e-4,
          epsilon: 0.1,
          steps,
          seed: 1,
          channels: Array.from({ length: C }, () => true),
          derived: null,
          every: 10,
        },
      },
    ];
    try {
      for (const m of methods) {
        ctx.progress(`optimization: ${m.name}, warm-up`);
        await optimize(model, info, m.x0, [T, C], { ...m.spec, steps: 3, every: 3 }, direct);
        ctx.progress(`optimization: ${m.name}, ${steps} steps`);
        const t0 = performance.now();
        const r = await optimize(model, info, m.x0, [T, C], m.spec, direct);
        const ms = performance.now() - t0;
        rows.push({
          variant: `${m.name}, ${steps} steps`,
          value: ms / steps,
          unit: 'ms/step',
          detail: `p(anomalous) ${r.startPrediction[0].toFixed(4)} -> ${r.endPrediction[0].toFixed(4)} on ${tf.getBackend()}`,
          maxRelDiff: null,
        });
      }
    } finally {
      model.dispose();
    }
    return rows;
  },
};
