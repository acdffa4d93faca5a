/**
 * What the UI can ask for. Each action calls the workers through the bridge, keeps the previous
 * model/dataset when something fails, and turns every failure into a role="alert" message.
 */
import { batch } from 'solid-js';
import { callback, compute, data, latestWins, newJob, progress, transfer } from '../bridge';
import type { BackendName, ComputeEvent, ModelSummary } from '../bridge';
import { errorCode, errorMessage } from '../core/errors';
import { checkAgainstModel } from '../core/model-check';
import type { Dataset, DatasetConfig } from '../core/types';
import { setNotes, setState, showAlert, state, type DatasetMeta } from './app-state';

/** Base URL of the page (for resolving demo files and the WASM binaries). */
export const pageBase = (): string => new URL('./', document.baseURI).href;

async function guarded<T>(what: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (e) {
    if (errorCode(e) !== 'cancelled') showAlert(`${what}: ${errorMessage(e)}`);
    return null;
  }
}

function onComputeEvent(e: ComputeEvent): void {
  if (e.kind === 'device-lost') {
    showAlert(
      `The GPU device was lost (${e.message}). Restarting the backend and reloading the model…`,
    );
    return;
  }
  showAlert(e.message);
  if (e.backend) setState('backend', e.backend);
  if (e.kind === 'recovered') void selectSample(state.sampleIndex);
}

export async function startBackend(preferred: BackendName | null): Promise<void> {
  void compute().subscribe(callback(onComputeEvent));
  const info = await guarded('Starting the compute backend', () =>
    compute().init(preferred, new URL('tfjs-wasm/', pageBase()).href),
  );
  if (info) setState({ backend: info, backendError: null });
  else setState('backendError', 'No compute backend could start.');
}

export async function switchBackend(name: BackendName): Promise<void> {
  const info = await guarded(`Switching to ${name}`, () => compute().switchBackend(name));
  if (info) {
    setState('backend', info);
    await selectSample(state.sampleIndex);
  }
}

function notesFor(summary: ModelSummary): string[] {
  const notes = summary.info.stripped.map(
    (s) => `Removed a training-only setting that does not change predictions: ${s}.`,
  );
  return [...notes, ...summary.info.warnings];
}

/** Adopt a freshly loaded model, then its sidecar dataset if it brings one and one is needed. */
async function afterModel(
  summary: ModelSummary,
  modelUrl: string | null,
  datasetUrl: string | null,
  force: boolean,
) {
  // the old sample's activations belong to the old model
  setState({ model: summary, modelUrl, sample: null, backendTimings: null });
  setNotes(notesFor(summary));
  const side = summary.sidecar;
  const ds = state.dataset;
  let misfit: string | null = null;
  if (ds) {
    try {
      checkAgainstModel(ds.shape, summary.info.inputShape);
    } catch (e) {
      misfit = errorMessage(e);
    }
  }
  if (side && datasetUrl && (force || !ds || misfit)) {
    await loadDataset(datasetUrl, side.dataset, datasetUrl.split('/').pop() ?? datasetUrl);
  } else if (ds && misfit) {
    showAlert(`The dataset ${ds.source} does not fit the model: ${misfit}`);
  } else {
    await selectSample(Math.min(state.sampleIndex, (ds?.shape[0] ?? 1) - 1));
  }
}

export async function openModelUrl(url: string, force = true): Promise<void> {
  const summary = await guarded('Opening the model', () => compute().loadModelUrl(url));
  if (!summary) return;
  const dsUrl = summary.sidecar?.datasetUrl ? new URL(summary.sidecar.datasetUrl, url).href : null;
  await afterModel(summary, url, dsUrl, force);
}

export async function openModelFiles(files: File[]): Promise<void> {
  const summary = await guarded('Opening the model', () => compute().loadModelFiles(files));
  if (summary) await afterModel(summary, null, null, false);
}

function metaOf(ds: Dataset): DatasetMeta {
  return {
    source: ds.source,
    shape: ds.shape,
    task: ds.task,
    channelNames: ds.channelNames,
    classNames: ds.classNames,
    labels: ds.y ? ds.y.slice() : null,
    standardization: ds.standardization,
  };
}

/** Parse (in the data worker) and adopt (in the compute worker) a dataset. */
export async function loadDataset(
  source: File | string,
  config: DatasetConfig,
  name: string,
): Promise<boolean> {
  // a config read from the store (or the form) is a proxy, which cannot cross into a worker
  const plainConfig = JSON.parse(JSON.stringify(config)) as DatasetConfig;
  const job = newJob();
  setState('busy', {
    label: `Reading ${name}`,
    done: 0,
    total: 0,
    cancel: () => void data().cancel(job.id),
  });
  try {
    const ds = await guarded(`Reading ${name}`, () =>
      data().load(
        source,
        plainConfig,
        job,
        progress((done, total, label) =>
          setState('busy', (b) => (b ? { ...b, done, total, label } : b)),
        ),
      ),
    );
    if (!ds) return false;
    const meta = metaOf(ds);
    const ok = await guarded(`Using ${name}`, () =>
      compute().setDataset(transfer(ds, [ds.x.buffer, ds.y?.buffer]), {
        layout: plainConfig.layout.kind,
        derived: plainConfig.derived,
      }),
    );
    if (!ok) return false;
    batch(() => {
      setState('dataset', meta);
      setState('sampleIndex', 0);
    });
    await selectSample(0);
    return true;
  } finally {
    setState('busy', null);
  }
}

const fetchSample = latestWins((i: number) => compute().sample(i));

let measuredFor: string | null = null;

/**
 * On a software WebGPU adapter, time the loaded model on WebGPU and WASM once, so the status
 * bar can name the faster backend on this machine from a real measurement.
 */
async function measureOnSoftwareAdapter(): Promise<void> {
  const b = state.backend;
  const key = state.model ? `${state.model.info.name}|${state.dataset?.source}` : null;
  if (!b?.adapter?.isFallbackAdapter || b.name !== 'webgpu' || !key || key === measuredFor) return;
  measuredFor = key;
  try {
    setState('backendTimings', await compute().compareBackends());
  } catch {
    setState('backendTimings', null); // the static advice stays
  }
}

export async function selectSample(index: number): Promise<void> {
  if (!state.model || !state.dataset) return;
  const n = state.dataset.shape[0];
  const i = Math.max(0, Math.min(n - 1, Math.round(index)));
  setState('sampleIndex', i);
  const view = await guarded(`Analysing sample ${i}`, () => fetchSample(i));
  if (view) {
    setState('sample', view);
    void measureOnSoftwareAdapter();
  }
}
