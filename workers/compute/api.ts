/**
 * The compute worker's API: all tfjs work of the app happens behind this object. One module
 * per concern (api-model, api-data, api-sample, api-jobs, api-analysis), merged here; kept apart from
 * the Comlink wiring (compute.worker.ts) so Vitest can drive it in Node on the CPU backend.
 * The page sees its type only (`ComputeApi`, through src/bridge).
 */
import { analysisApi } from './api-analysis';
import { clustersApi } from './api-clusters';
import { datasetApi } from './api-data';
import { importanceApi } from './api-importance';
import { jobsApi } from './api-jobs';
import { modelApi } from './api-model';
import { optimizationApi } from './api-optimization';
import { pruningApi } from './api-pruning';
import { sampleApi } from './api-sample';
import { stackApi } from './api-stack';

export type { ComputeEvent, ModelSummary, SampleView } from '../../src/core/protocol';
export type { Evaluation, LongJobPlace } from './api-jobs';

export const api = {
  ...modelApi,
  ...datasetApi,
  ...sampleApi,
  ...stackApi,
  ...jobsApi,
  ...analysisApi,
  ...importanceApi,
  ...optimizationApi,
  ...clustersApi,
  ...pruningApi,
};

export type ComputeApi = typeof api;
