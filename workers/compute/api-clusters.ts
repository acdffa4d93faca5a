/**
 * The compute worker's call for the Clusters view (clusters.ts): cluster one conv layer's
 * filters for one input as a cancellable job of kind 'clusters', routed like `evaluate` (on a
 * software WebGPU adapter it runs on WASM in the long-job worker, so this worker keeps serving
 * the page).
 */
import type { ClusterRequest, ClusterResult, JobToken, ProgressFn } from '../../src/core/protocol';
import { classNamesNow, inputOf } from './api-analysis';
import { requireModel } from './api-model';
import { clusterLayer } from './clusters';
import { job } from './job';
import { relayProgress, routedJob, type LongJobPlace } from './long-jobs';
import { serial } from './session';

const buffersOf = (r: ClusterResult) =>
  [r.activation.buffer, r.importance.buffer, r.dist.buffer] as ArrayBuffer[];

export const clustersApi = {
  /**
   * DTW distances, the complete-linkage tree and the silhouette for every k of one conv layer's
   * filters for one input (a dataset sample or an input of one's own), as a job of kind
   * 'clusters' (a newer one cancels the older).
   */
  async clusterLayer(
    req: ClusterRequest,
    token?: JobToken,
    onProgress?: ProgressFn,
  ): Promise<ClusterResult & { place: LongJobPlace }> {
    return routedJob(
      (remote) => remote.clusterLayer(req, token, relayProgress(onProgress)),
      () =>
        job('clusters', token, onProgress, async (ctx) => {
          // the input is read in the queue: the dataset cannot change under it
          const input = await serial(async () => {
            const { x, shape } = inputOf(req.source);
            const classNames = classNamesNow();
            return { x, shape: [shape[1], shape[2]] as [number, number], classNames };
          });
          const { model, info } = requireModel();
          return clusterLayer(model, info, input.x, input.shape, req, ctx, {
            classNames: input.classNames,
          });
        }),
      buffersOf,
    );
  },
};
