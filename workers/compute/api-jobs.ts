/**
 * The compute worker's long jobs (see job.ts and long-jobs.ts). Each takes a JobToken and a
 * progress callback, can be cancelled with `cancel(token.id)`, and runs where long-jobs.ts
 * decides. The Influence, Clustering, Optimization and Pruning views add their jobs here.
 */
import * as Comlink from 'comlink';
import type { JobToken, ProgressFn } from '../../src/core/protocol';
import { cancelJob } from '../jobs';
import { requireDataset } from './api-data';
import { requireModel } from './api-model';
import { evaluateModel, type Evaluation } from './evaluate';
import { job } from './job';
import {
  cancelInLongJobWorker,
  longJobPlace,
  longJobWorker,
  relayProgress,
  type LongJobPlace,
} from './long-jobs';
import { session } from './session';

export type { Evaluation } from './evaluate';
export type { LongJobPlace } from './long-jobs';

export const jobsApi = {
  /** The loaded model's loss and accuracy (or MSE) over every sample of the dataset. */
  async evaluate(
    token?: JobToken,
    onProgress?: ProgressFn,
  ): Promise<Evaluation & { place: LongJobPlace }> {
    const place = await longJobPlace();
    if (place.where === 'worker') {
      const remote = await longJobWorker();
      const r = await remote.evaluate(token, relayProgress(onProgress));
      return Comlink.transfer({ ...r, place }, [r.outputs.buffer as ArrayBuffer]);
    }
    const r = await job('evaluate', token, onProgress, (ctx) => {
      const { model, info } = requireModel();
      return evaluateModel(model, info, requireDataset(), ctx);
    });
    return Comlink.transfer({ ...r, place }, [r.outputs.buffer as ArrayBuffer]);
  },

  /** Where the next long job will run, and why (for the screen). */
  longJobPlace,

  /** 'auto': long jobs on the measured faster backend; 'here': pinned to this worker's backend. */
  setLongJobs(policy: 'auto' | 'here'): void {
    session.longJobs = policy;
  },

  cancel(id: string): void {
    cancelJob(id);
    cancelInLongJobWorker(id);
  },
};
