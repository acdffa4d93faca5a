/**
 * The compute worker's long jobs (see job.ts and long-jobs.ts). Each takes a JobToken and a
 * progress callback, can be cancelled with `cancel(token.id)`, and runs where long-jobs.ts
 * decides. The Influence, Clustering, Optimization and Pruning views add their jobs here.
 */
import type { EvaluatedRows, JobToken, ProgressFn } from '../../src/core/protocol';
import { rowsOf } from '../../src/core/split';
import { cancelJob } from '../jobs';
import { requireDataset } from './api-data';
import { requireModel } from './api-model';
import { evaluateModel, type Evaluation } from './evaluate';
import { job } from './job';
import {
  cancelInLongJobWorker,
  longJobPlace,
  relayProgress,
  routedJob,
  type LongJobPlace,
} from './long-jobs';
import { session } from './session';

export type { Evaluation } from './evaluate';

export type { LongJobPlace } from './long-jobs';

export const jobsApi = {
  /**
   * The loaded model's loss and accuracy (or MSE) over the dataset's test rows (every sample
   * when it has no split); `rows` says which.
   */
  async evaluate(
    token?: JobToken,
    onProgress?: ProgressFn,
  ): Promise<Evaluation & { place: LongJobPlace; rows: EvaluatedRows }> {
    return routedJob(
      (remote) => remote.evaluate(token, relayProgress(onProgress)),
      async () => {
        let rows: EvaluatedRows = { part: 'all', count: 0, of: 0 };
        const r = await job('evaluate', token, onProgress, (ctx) => {
          const { model, info } = requireModel();
          const ds = requireDataset();
          const n = ds.shape[0];
          const test = ds.split ? rowsOf(ds.split, n, 'test') : null;
          rows = { part: test ? 'test' : 'all', count: test ? test.length : n, of: n };
          return evaluateModel(model, info, ds, ctx, test);
        });
        return { ...r, rows };
      },
      (r) => [r.outputs.buffer as ArrayBuffer],
    );
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
