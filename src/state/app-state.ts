/**
 * The app's one store: backend, model, dataset metadata, selection and messages.
 * Created once (module singleton) and read through the exported accessors.
 */
import { createStore } from 'solid-js/store';
import type { BackendInfo, DatasetSummary, ModelSummary, SampleView } from '../bridge';

/** What the main thread keeps of a dataset: everything but the [N, T, C] values. */
export type DatasetMeta = Omit<DatasetSummary, 'id'>;

export interface Message {
  id: number;
  text: string;
}

/** A running job as the page shows it (see src/state/jobs.ts and src/ui/Progress.tsx). */
export interface JobView {
  label: string;
  done: number;
  total: number;
  /** Cancels the job, when it can be cancelled. */
  cancel?: () => void;
}

export interface AppState {
  backend: BackendInfo | null;
  /** Measured forward-pass times of the loaded model per backend (on a software adapter). */
  backendTimings: { backend: string; ms: number }[] | null;
  backendError: string | null;
  model: ModelSummary | null;
  /** Where the model came from: its model.json URL, or null for files from disk. */
  modelUrl: string | null;
  dataset: DatasetMeta | null;
  sampleIndex: number;
  sample: SampleView | null;
  /**
   * Set when the views explain an input of their own (an optimized or adversarial series, see
   * explainInput in sample.ts) instead of dataset sample `sampleIndex`; `sample` is then its view
   * (index -1). Null while a dataset sample is selected.
   */
  explained: { name: string } | null;
  /** Errors, shown in role="alert". */
  alerts: Message[];
  /** Information worth reading (stripped settings, warnings), shown in a notes list. */
  notes: Message[];
  /** Running jobs by kind ('dataset', 'evaluate', ...): at most one per kind. */
  jobs: Record<string, JobView | undefined>;
  /** Where long jobs run and why (from the compute worker), or null before a model. */
  longJobs: { backend: string; reason: string; pinned: boolean } | null;
}

const [state, setState] = createStore<AppState>({
  backend: null,
  backendTimings: null,
  backendError: null,
  model: null,
  modelUrl: null,
  dataset: null,
  sampleIndex: 0,
  sample: null,
  explained: null,
  alerts: [],
  notes: [],
  jobs: {},
  longJobs: null,
});

export { state, setState };

let messageId = 0;

export function showAlert(text: string): void {
  messageId += 1;
  setState('alerts', (a) => [...a, { id: messageId, text }]);
}

export function dismissAlert(id: number): void {
  setState('alerts', (a) => a.filter((m) => m.id !== id));
}

export function clearAlerts(): void {
  setState('alerts', []);
}

export function setNotes(texts: string[]): void {
  setState(
    'notes',
    texts.map((text) => ({ id: ++messageId, text })),
  );
}
