/**
 * The compute worker's calls for the Importance view (importance.ts): one sample's saliency,
 * filter importances, attributions and per-filter saliency; and the dataset-wide min/mean/max
 * importance as a long job (routed like `evaluate`: on a software WebGPU adapter it runs on WASM
 * in the long-job worker), cached per model, dataset and filter tensor.
 */
import * as Comlink from 'comlink';
import { TsvizError } from '../../src/core/errors';
import type {
  DatasetImportance,
  FilterTensor,
  JobToken,
  ProgressFn,
  SampleImportance,
  SampleImportanceRequest,
} from '../../src/core/protocol';
import { rowsOf } from '../../src/core/split';
import { classNamesNow, inputOf } from './api-analysis';
import { requireDataset } from './api-data';
import { requireModel } from './api-model';
import { datasetImportance, sampleImportance } from './importance';
import { job } from './job';
import { longJobPlace, relayProgress, routedJob, type LongJobPlace } from './long-jobs';
import { serial, session } from './session';

/** Dataset-wide results of this worker, by `${model}:${dataset}:${filterTensor}[:train]` versions. */
const cache = new Map<string, DatasetImportance>();

/**
 * The rows a dataset-wide result averages over: 'train' (the Pruning view's ranking) is the
 * training split when the dataset has training rows, else every row like 'all'.
 */
function trainRows(part: 'all' | 'train'): Int32Array | null {
  const ds = session.dataset;
  if (part !== 'train' || !ds) return null;
  const rows = rowsOf(ds.split, ds.shape[0], 'train');
  return rows.length > 0 ? rows : null;
}

const keyOf = (filterTensor: FilterTensor, part: 'all' | 'train' = 'all') =>
  `${session.version.model}:${session.version.dataset}:${filterTensor}${trainRows(part) ? ':train' : ''}`;

/** A copy whose arrays can be transferred without detaching the cached ones. */
function copyOf(r: DatasetImportance): DatasetImportance {
  return {
    ...r,
    layers: r.layers.map((l) => ({
      ...l,
      min: l.min.slice(),
      mean: l.mean.slice(),
      max: l.max.slice(),
    })),
  };
}

function datasetBuffers(r: DatasetImportance): ArrayBuffer[] {
  return r.layers.flatMap((l) => [l.min.buffer, l.mean.buffer, l.max.buffer]) as ArrayBuffer[];
}

/** Whether a dataset-wide result is cached for the current model and dataset (tests, UI). */
export function cachedDatasetImportance(
  filterTensor: FilterTensor,
  part: 'all' | 'train' = 'all',
): boolean {
  return cache.has(keyOf(filterTensor, part));
}

/** Forget every cached dataset-wide result (tests). */
export function clearImportanceCache(): void {
  cache.clear();
}

export const importanceApi = {
  /** Everything the Importance view shows for one sample (see SampleImportance). */
  async sampleImportance(req: SampleImportanceRequest): Promise<SampleImportance> {
    return serial(async () => {
      const { model, info } = requireModel();
      const { x, shape } = inputOf(req.source);
      const ds = session.dataset;
      const label = 'sample' in req.source && ds?.y ? ds.y[req.source.sample] : null;
      const classNames = classNamesNow();
      const needsMean = (req.attributions ?? []).some(
        (a) => a.method === 'integrated-gradients' && a.settings.baseline === 'dataset-mean',
      );
      if (needsMean && !ds)
        throw new TsvizError(
          'no-dataset',
          'The dataset-mean baseline needs a dataset, and none is loaded.',
          'Open a dataset, or choose the zeros baseline.',
        );
      const r = await sampleImportance(model, info, x, [shape[1], shape[2]], req, {
        label,
        classNames,
        dataset: ds,
      });
      const arrays = [
        r.x,
        r.output,
        ...r.attributions.map((a) => a.values),
        ...r.layers.flatMap((l) => [l.activation, l.importance, l.lossImpact]),
        r.filterSaliency?.values ?? null,
      ].filter((a): a is Float32Array => a !== null);
      return Comlink.transfer(r, [...new Set(arrays.map((a) => a.buffer))] as ArrayBuffer[]);
    });
  },

  /**
   * Per filter min / mean / max importance over every sample of the dataset (Fig. 9), as a
   * cancellable job of kind `importance-<filterTensor>-<part>` (so the Pruning view's ranking and
   * the Importance view's dataset job do not cancel each other); cached per model, dataset and
   * filter tensor. `part` 'train' (the Pruning view's ranking): over the training rows when the
   * dataset has a split.
   */
  async datasetImportance(
    filterTensor: FilterTensor = 'activation',
    token?: JobToken,
    onProgress?: ProgressFn,
    part: 'all' | 'train' = 'all',
  ): Promise<DatasetImportance & { place: LongJobPlace; cached: boolean }> {
    const key = keyOf(filterTensor, part);
    const hit = cache.get(key);
    if (hit) {
      const r = copyOf(hit);
      const place = await longJobPlace();
      return Comlink.transfer({ ...r, place, cached: true }, datasetBuffers(r));
    }
    const { place, ...r } = await routedJob<DatasetImportance>(
      async (remote) => {
        const { cached: _c, ...rest } = await remote.datasetImportance(
          filterTensor,
          token,
          relayProgress(onProgress),
          part,
        );
        void _c;
        return rest;
      },
      () =>
        job(`importance-${filterTensor}-${part}`, token, onProgress, (ctx) => {
          const { model, info } = requireModel();
          return datasetImportance(
            model,
            info,
            requireDataset(),
            ctx,
            filterTensor,
            trainRows(part),
          );
        }),
    );
    // The model or dataset may have changed meanwhile: cache under the versions it started with.
    if (keyOf(filterTensor, part) === key) cache.set(key, copyOf(r));
    return Comlink.transfer({ ...r, place, cached: false }, datasetBuffers(r));
  },
};
