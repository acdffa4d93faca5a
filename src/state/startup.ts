/**
 * Page start: the backend (?backend=), then a model (?model= or the default demo) and its
 * dataset (?data= or the model's own). What the user opens while this runs wins: the start-up
 * loads give way (see model.ts and dataset.ts).
 */
import type { BackendName } from '../bridge';
import { measureOnSoftwareAdapter, pageBase, startBackend } from './backend';
import { state } from './app-state';
import { loadDataset, STARTUP_DATASET_REQUEST } from './dataset';
import { DEFAULT_DEMO } from './demos';
import { openDatasetFile } from './dataset-form';
import { openModelUrl } from './model';
import { onSampleShown } from './sample';

const BACKENDS: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export async function startup(): Promise<void> {
  onSampleShown(() => void measureOnSoftwareAdapter());
  const params = new URLSearchParams(location.search);
  const b = params.get('backend') as BackendName | null;
  await startBackend(b && BACKENDS.includes(b) ? b : null, new URL('tfjs-wasm/', pageBase()).href);
  if (!state.backend) return;
  const modelParam = params.get('model');
  const modelUrl = new URL(modelParam ?? DEFAULT_DEMO.modelPath, pageBase()).href;
  await openModelUrl(modelUrl, true, false);
  const dataParam = params.get('data');
  const side = state.model?.sidecar;
  if (dataParam) {
    const url = new URL(dataParam, pageBase()).href;
    const name = url.split('/').pop() ?? url;
    // With a sidecar the model says how to read its data; otherwise the user confirms a form.
    const loaded = side && (await loadDataset(url, side.dataset, name, STARTUP_DATASET_REQUEST));
    if (!loaded) await openDatasetFile(url); // the form shows what the file holds
  }
}
