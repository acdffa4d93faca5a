/**
 * Page start: the backend (?backend=), then a model (?model= or the default demo) and its
 * dataset (?data= or the model's own).
 */
import type { BackendName } from '../bridge';
import { loadDataset, openModelUrl, pageBase, startBackend } from './actions';
import { state } from './app-state';
import { DEFAULT_DEMO } from './demos';
import { openDatasetFile } from './dataset-form';

const BACKENDS: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export async function startup(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const b = params.get('backend') as BackendName | null;
  await startBackend(b && BACKENDS.includes(b) ? b : null);
  if (!state.backend) return;
  const modelParam = params.get('model');
  const modelUrl = new URL(modelParam ?? DEFAULT_DEMO.modelPath, pageBase()).href;
  await openModelUrl(modelUrl, true);
  const dataParam = params.get('data');
  const side = state.model?.sidecar;
  if (dataParam) {
    const url = new URL(dataParam, pageBase()).href;
    // With a sidecar the model says how to read its data; otherwise the user confirms a form.
    const loaded = side && (await loadDataset(url, side.dataset, url.split('/').pop() ?? url));
    if (!loaded) await openDatasetFile(url); // the form shows what the file holds
  }
}
