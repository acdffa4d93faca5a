/**
 * The Importance view's state and actions: its settings (target class, temperature, which
 * tensor stands for a filter, the percentile, the extra attributions, the selected filter), the
 * selected sample's importance (latest request wins) and the dataset-wide importance (a job).
 */
import { createStore } from 'solid-js/store';
import { latestWins } from '../bridge';
import type {
  AttributionSettings,
  DatasetImportance,
  FilterTensor,
  GradientTarget,
  SampleImportance,
  SampleImportanceRequest,
} from '../bridge';
import { state } from './app-state';
import { notePlace } from './backend';
import { bridge } from './bridge';
import { guarded } from './guarded';
import { runJob } from './jobs';
import { selectedSource } from './sample';

export interface ImportanceSettings {
  /** The explained class; null: the predicted class (the worker's default). */
  targetClass: number | null;
  /** Softmax/sigmoid temperature T of the explained probability (Proposition 1); 1: the model's own. */
  temperature: number;
  filterTensor: FilterTensor;
  /** Highlight only the top p% filters of each layer, 1..100. */
  percentile: number;
  smoothGrad: { enabled: boolean; noise: number; samples: number };
  integratedGradients: {
    enabled: boolean;
    baseline: NonNullable<AttributionSettings['baseline']>;
    steps: number;
  };
  /** The selected filter: its conv layer (model.layers index) and filter index. */
  selected: { conv: number; filter: number } | null;
}

export const DEFAULT_IMPORTANCE_SETTINGS: ImportanceSettings = {
  targetClass: null,
  temperature: 1,
  filterTensor: 'activation',
  percentile: 100,
  smoothGrad: { enabled: true, noise: 0.15, samples: 25 },
  integratedGradients: { enabled: true, baseline: 'zeros', steps: 32 },
  selected: null,
};

const [importanceSettings, setImportanceSettings] = createStore<ImportanceSettings>(
  structuredClone(DEFAULT_IMPORTANCE_SETTINGS),
);
export { importanceSettings, setImportanceSettings };

/** The request for the selected input (a dataset sample or an explained input) under the current settings (null: nothing to explain). */
export function importanceRequest(s: ImportanceSettings): SampleImportanceRequest | null {
  const m = state.model;
  const source = selectedSource();
  if (!m || !state.dataset || !state.sample || !source) return null;
  const req: SampleImportanceRequest = {
    source,
    filterTensor: s.filterTensor,
  };
  if (m.info.task === 'classification' && (s.targetClass !== null || s.temperature !== 1)) {
    const target: GradientTarget = {
      kind: 'probability',
      classIndex: s.targetClass ?? predictedClass(state.sample.output, m.info.outputUnits),
      temperature: s.temperature,
    };
    req.target = target;
  }
  const attributions: NonNullable<SampleImportanceRequest['attributions']> = [];
  if (s.smoothGrad.enabled)
    attributions.push({
      method: 'smoothgrad',
      settings: { noise: s.smoothGrad.noise, samples: s.smoothGrad.samples, seed: 1 },
    });
  if (s.integratedGradients.enabled)
    attributions.push({
      method: 'integrated-gradients',
      settings: { baseline: s.integratedGradients.baseline, steps: s.integratedGradients.steps },
    });
  req.attributions = attributions;
  if (s.selected && m.info.filterLayers.some((f) => f.conv === s.selected?.conv))
    req.filterSaliencyLayer = s.selected.conv;
  return req;
}

/** The predicted class of one output vector (one sigmoid unit: p > 0.5). */
export function predictedClass(output: ArrayLike<number>, units: number): number {
  if (units === 1) return output[0] > 0.5 ? 1 : 0;
  let best = 0;
  for (let i = 1; i < units; i++) if (output[i] > output[best]) best = i;
  return best;
}

const fetchImportance = latestWins((req: SampleImportanceRequest) =>
  bridge().compute().sampleImportance(req),
);

/** The selected sample's importance under `req`; null when stale or failed (an alert says why). */
export async function loadSampleImportance(
  req: SampleImportanceRequest,
): Promise<SampleImportance | null> {
  return guarded('Computing importance', () => fetchImportance(req));
}

/** Min, mean and max importance of every filter over the dataset: a job with progress and Cancel. */
export async function runDatasetImportance(
  filterTensor: FilterTensor,
): Promise<DatasetImportance | null> {
  const r = await runJob(
    'dataset-importance',
    { label: 'Filter importance over the dataset' },
    (t, p) => bridge().compute().datasetImportance(filterTensor, t, p),
  );
  if (!r) return null;
  notePlace(r.place);
  const { place: _place, cached: _cached, ...result } = r;
  void _place;
  void _cached;
  return result;
}
