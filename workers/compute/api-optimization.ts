/**
 * The compute worker's call for the Optimization view: inverse optimization and adversarial
 * examples (optimize.ts) as a cancellable job of kind 'optimization', routed like `evaluate`
 * (long-jobs.ts: on a software WebGPU adapter it runs on WASM in the long-job worker). Progress
 * goes through the usual ProgressFn; the live trajectory through a typed TraceFn callback.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { normalStart } from '../../src/core/derived-channels';
import { TsvizError } from '../../src/core/errors';
import type {
  JobToken,
  OptimizationRequest,
  OptimizationResult,
  ProgressFn,
  TraceFn,
} from '../../src/core/protocol';
import { batchOf } from './api-analysis';
import { requireModel } from './api-model';
import { job } from './job';
import { relayProgress, routedJob, type LongJobPlace } from './long-jobs';
import { optimize } from './optimize';
import { session } from './session';

/** A trace callback that can be handed on to the long-job worker. */
function relayTrace(fn: TraceFn | undefined): TraceFn | undefined {
  return fn ? Comlink.proxy((points: Parameters<TraceFn>[0]) => void fn(points)) : undefined;
}

/** The start x0 ([T, C]) of a request, and where it came from. */
function startOf(req: OptimizationRequest): {
  x: Float32Array;
  shape: [number, number];
  kind: 'random' | 'sample' | 'input';
  std?: number;
} {
  const { info } = requireModel();
  const s = req.start;
  if ('random' in s) {
    const [T, C] = s.shape;
    const [mT, mC] = info.inputShape;
    if (!(Number.isInteger(T) && T >= 1) || (mT !== null && T !== mT) || C !== mC)
      throw new TsvizError(
        'model-input',
        `A random start of ${T} × ${C} does not fit the model's input ${mT ?? 'any'} × ${mC}.`,
        'Choose the model’s input length.',
      );
    const std = s.std ?? 1;
    if (!(std > 0 && Number.isFinite(std)))
      throw new TsvizError(
        'dataset-config',
        `The random start's standard deviation ${std} is not a positive number.`,
        'Enter a positive number.',
      );
    return {
      x: normalStart(T, C, req.seed, req.derived?.pairs ?? [], std),
      shape: [T, C],
      kind: 'random',
      std,
    };
  }
  const b = batchOf('sample' in s ? { samples: [s.sample] } : s);
  if (b.shape[0] !== 1)
    throw new TsvizError(
      'model-input',
      `${b.shape[0]} inputs were sent, not one.`,
      'Send one input.',
    );
  return { x: b.x, shape: [b.shape[1], b.shape[2]], kind: 'sample' in s ? 'sample' : 'input' };
}

/** The loss and the tracked prediction in words. */
function describe(req: OptimizationRequest): { loss: string; prediction: string } {
  const names = session.current?.sidecar?.classNames ?? session.dataset?.classNames ?? [];
  const inverse = req.method === 'inverse';
  const t = req.target;
  if (t.kind === 'class') {
    const name = names[t.classIndex] ?? `class ${t.classIndex}`;
    return {
      loss: inverse
        ? `cross-entropy to class ${name} (minimized)`
        : `cross-entropy of class ${name} (increased)`,
      prediction: `p(${name})`,
    };
  }
  const out = requireModel().info.outputUnits > 1 ? ` ${t.index}` : '';
  const v = Number(t.value.toPrecision(6));
  return {
    loss: inverse
      ? `squared error (y${out} - ${v})² (minimized)`
      : `squared error (y${out} - ${v})² to the reference value (increased)`,
    prediction: `forecast y${out}`,
  };
}

export const optimizationApi = {
  /**
   * Inverse optimization or an adversarial example (see OptimizationRequest), as a job of kind
   * 'optimization': `onTrace` gets the loss and prediction every `req.every` steps.
   */
  async optimize(
    req: OptimizationRequest,
    token?: JobToken,
    onProgress?: ProgressFn,
    onTrace?: TraceFn,
  ): Promise<OptimizationResult & { place: LongJobPlace }> {
    return routedJob(
      (remote) => remote.optimize(req, token, relayProgress(onProgress), relayTrace(onTrace)),
      () =>
        job('optimization', token, onProgress, async (ctx) => {
          const { model, info } = requireModel();
          const start = startOf(req);
          const out = await optimize(model, info, start.x, start.shape, req, ctx, onTrace);
          const [T, C] = start.shape;
          const units = out.startOutput.length / out.modes.length;
          const { start: _s, ...settings } = req;
          void _s;
          const result: OptimizationResult = {
            method: req.method,
            shape: start.shape,
            start: start.x.slice(),
            runs: out.modes.map((mode, r) => ({
              mode,
              final: out.final.slice(r * T * C, (r + 1) * T * C),
              startOutput: out.startOutput.slice(r * units, (r + 1) * units),
              endOutput: out.endOutput.slice(r * units, (r + 1) * units),
              startPrediction: out.startPrediction[r],
              endPrediction: out.endPrediction[r],
              startLoss: out.startLoss[r],
              endLoss: out.endLoss[r],
            })),
            trace: out.trace,
            steps: out.steps,
            ...describe(req),
            settings: { ...settings, start: start.kind, ...(start.std ? { std: start.std } : {}) },
            backend: tf.getBackend(),
          };
          return result;
        }),
      buffersOf,
    );
  },
};

function buffersOf(r: OptimizationResult): ArrayBuffer[] {
  return [
    r.start.buffer,
    ...r.runs.flatMap((x) => [x.final.buffer, x.startOutput.buffer, x.endOutput.buffer]),
  ] as ArrayBuffer[];
}
