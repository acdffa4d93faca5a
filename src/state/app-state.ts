/**
 * The app's one store: backend, model, dataset metadata, selection and messages.
 * Created once (module singleton) and read through the exported accessors.
 */
import { createStore } from 'solid-js/store';
import type { BackendInfo, ModelSummary, SampleView } from '../bridge';
import type { Task } from '../core/types';

/** What the main thread keeps of a dataset: everything but the [N, T, C] values. */
export interface DatasetMeta {
  source: string;
  shape: [number, number, number];
  task: Task;
  channelNames: string[];
  classNames: string[];
  /** [N] labels (class index or target), null when unlabelled. */
  labels: Float32Array | null;
  standardization: { mean: number[]; std: number[] } | null;
}

export interface Message {
  id: number;
  text: string;
}

export interface Busy {
  label: string;
  done: number;
  total: number;
  /** Cancels the running job, when it can be cancelled. */
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
  /** Errors, shown in role="alert". */
  alerts: Message[];
  /** Information worth reading (stripped settings, warnings), shown in a notes list. */
  notes: Message[];
  busy: Busy | null;
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
  alerts: [],
  notes: [],
  busy: null,
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
