/**
 * The compute worker's analysis calls for the views: gradients of any target with respect to
 * the input and any layers (gradients.ts), and input saliency with filter importance
 * (influence.ts), for dataset samples or an input of the caller's own (an optimized or
 * adversarial series). Results come back as transferred Float32Arrays.
 */
import * as Comlink from 'comlink';
import { TsvizError } from '../../src/core/errors';
import type {
  GradientRequest,
  GradientResult,
  InfluenceRequest,
  InfluenceResult,
} from '../../src/core/protocol';
import { checkFit, requireDataset } from './api-data';
import { requireModel } from './api-model';
import { gradients } from './gradients';
import { influence } from './influence';
import { serial, session } from './session';

/** The batch a request names: dataset samples (copied out) or the caller's own input. */
export function batchOf(source: InfluenceRequest['source']): {
  x: Float32Array;
  shape: [number, number, number];
} {
  const { info } = requireModel();
  if ('x' in source) {
    const [n, T, C] = source.shape;
    if (source.x.length !== n * T * C)
      throw new TsvizError(
        'dataset-config',
        `The input has ${source.x.length} values, not ${n} × ${T} × ${C}.`,
        'Send the values of [N, T, C] samples, row-major.',
      );
    const [mT, mC] = info.inputShape;
    if ((mT !== null && mT !== T) || mC !== C)
      throw new TsvizError(
        'dataset-window',
        `The input is ${T} × ${C}; the model takes ${mT ?? 'any'} × ${mC}.`,
        'Send samples of the model’s input shape.',
      );
    return { x: source.x, shape: source.shape };
  }
  const ds = requireDataset();
  checkFit(info, ds);
  const [N, T, C] = ds.shape;
  const x = new Float32Array(source.samples.length * T * C);
  source.samples.forEach((i, k) => {
    if (!Number.isInteger(i) || i < 0 || i >= N)
      throw new TsvizError(
        'dataset-config',
        `Sample ${i} does not exist.`,
        `Choose 0 to ${N - 1}.`,
      );
    x.set(ds.x.subarray(i * T * C, (i + 1) * T * C), k * T * C);
  });
  return { x, shape: [source.samples.length, T, C] };
}

/** The one input a view explains (a dataset sample, or the caller's own [1, T, C] series). */
export function inputOf(
  source: { sample: number } | { x: Float32Array; shape: [1, number, number] },
): { x: Float32Array; shape: [number, number, number] } {
  return batchOf('sample' in source ? { samples: [source.sample] } : source);
}

/** The class names to show: the sidecar's, else the dataset's, else none. */
export function classNamesNow(): string[] | undefined {
  const ds = session.dataset;
  return (
    session.current?.sidecar?.classNames ?? (ds?.classNames.length ? ds.classNames : undefined)
  );
}

const buffersOf = (arrays: (Float32Array | null)[]) =>
  [
    ...new Set(arrays.filter((a): a is Float32Array => a !== null).map((a) => a.buffer)),
  ] as ArrayBuffer[];

export const analysisApi = {
  /** d target / d input and d target / d (layer outputs), in one backward pass. */
  async gradients(
    source: InfluenceRequest['source'],
    req: GradientRequest,
  ): Promise<GradientResult> {
    return serial(async () => {
      const { model } = requireModel();
      const { x, shape } = batchOf(source);
      const r = await gradients(model, x, shape, req);
      return Comlink.transfer(
        r,
        buffersOf([
          r.output,
          r.target,
          r.input,
          ...r.layers.flatMap((l) => [l.activation, l.gradient]),
        ]),
      );
    });
  },

  /** Output saliency |d target / d x| and every filter layer's importance, one backward pass. */
  async influence(req: InfluenceRequest): Promise<InfluenceResult> {
    return serial(async () => {
      const { model, info } = requireModel();
      const { x, shape } = batchOf(req.source);
      const r = await influence(model, info, x, shape, req);
      return Comlink.transfer(
        r,
        buffersOf([r.output, r.target, r.saliency, ...r.filters.map((f) => f.importance)]),
      );
    });
  },
};
