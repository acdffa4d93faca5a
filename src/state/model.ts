/**
 * Opening models. Requests are numbered: what the user opens (files, a drop, the demo picker)
 * outranks the demo the app opens at start-up, so a model opened while the app is still
 * starting is neither lost nor replaced by the demo when that finishes loading.
 */
import type { ModelSummary } from '../bridge';
import { errorMessage } from '../core/errors';
import { checkAgainstModel } from '../core/model-check';
import { setNotes, setState, showAlert, state } from './app-state';
import { bridge } from './bridge';
import { loadDataset, STARTUP_DATASET_REQUEST } from './dataset';
import { guarded } from './guarded';
import { refreshLongJobs } from './backend';
import { selectSample } from './sample';

let requests = 0;

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
  fromUser: boolean,
) {
  // the old sample's activations belong to the old model
  setState({ model: summary, modelUrl, sample: null, backendTimings: null, longJobs: null });
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
    const name = datasetUrl.split('/').pop() ?? datasetUrl;
    // the start-up demo's dataset does not replace one the user opened meanwhile
    const request = fromUser ? undefined : STARTUP_DATASET_REQUEST;
    await loadDataset(datasetUrl, side.dataset, name, request);
  } else if (ds && misfit) {
    showAlert(`The dataset ${ds.source} does not fit the model: ${misfit}`);
  } else {
    await selectSample(Math.min(state.sampleIndex, (ds?.shape[0] ?? 1) - 1));
  }
  void refreshLongJobs();
}

/**
 * Open a model.json URL (a demo, ?model=). `fromUser` false: the start-up demo, which gives way
 * to anything the user opens meanwhile.
 */
export async function openModelUrl(url: string, force = true, fromUser = true): Promise<void> {
  // the start-up load is request 0: it loses to anything the user opens, even meanwhile
  const request = fromUser ? ++requests : 0;
  const summary = await guarded('Opening the model', () =>
    bridge().compute().loadModelUrl(url, request),
  );
  if (!summary || request < requests) return;
  const dsUrl = summary.sidecar?.datasetUrl ? new URL(summary.sidecar.datasetUrl, url).href : null;
  await afterModel(summary, url, dsUrl, force, fromUser);
}

/** Open a model the user chose from disk (model.json, shards, optional tsviz.json). */
export async function openModelFiles(files: File[]): Promise<void> {
  const request = ++requests;
  const summary = await guarded('Opening the model', () =>
    bridge().compute().loadModelFiles(files, request),
  );
  if (!summary || request < requests) return;
  await afterModel(summary, null, null, false, true);
}
