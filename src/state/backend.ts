/** Backend actions: start tfjs in the compute worker, switch backends, hear device loss, place long jobs. */
import type { BackendName, ComputeEvent, LongJobPlace } from '../bridge';
import { setState, showAlert, state } from './app-state';
import { bridge } from './bridge';
import { guarded } from './guarded';
import { selectSample } from './sample';

/** Base URL of the page (for resolving demo files and the WASM binaries). */
export const pageBase = (): string => new URL('./', document.baseURI).href;

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

export async function startBackend(preferred: BackendName | null, wasmBase: string): Promise<void> {
  const b = bridge();
  void b.compute().subscribe(b.callback(onComputeEvent));
  const info = await guarded('Starting the compute backend', () =>
    b.compute().init(preferred, wasmBase),
  );
  if (info) setState({ backend: info, backendError: null });
  else setState('backendError', 'No compute backend could start.');
}

export async function switchBackend(name: BackendName): Promise<void> {
  const info = await guarded(`Switching to ${name}`, () => bridge().compute().switchBackend(name));
  if (info) {
    setState('backend', info);
    await selectSample(state.sampleIndex);
    await refreshLongJobs();
  }
}

let measuredFor: string | null = null;

/**
 * On a software WebGPU adapter, time the loaded model on WebGPU and WASM once, so the status
 * bar can name the faster backend on this machine from a real measurement.
 */
export async function measureOnSoftwareAdapter(): Promise<void> {
  const b = state.backend;
  const key = state.model ? `${state.model.info.name}|${state.dataset?.source}` : null;
  if (!b?.adapter?.isFallbackAdapter || b.name !== 'webgpu' || !key || key === measuredFor) return;
  measuredFor = key;
  try {
    setState('backendTimings', await bridge().compute().compareBackends());
  } catch {
    setState('backendTimings', null); // the static advice stays
  }
  await refreshLongJobs();
}

/** Ask the compute worker where long jobs run now, for the status line. */
export async function refreshLongJobs(): Promise<void> {
  if (!state.model) return;
  const place = await bridge()
    .compute()
    .longJobPlace()
    .catch(() => null);
  if (place) notePlace(place);
}

/** Show where a long job ran (or the next will run), and why; the user's pin stays. */
export function notePlace(place: LongJobPlace): void {
  setState('longJobs', (l) => ({
    backend: place.backend,
    reason: place.reason,
    pinned: l?.pinned ?? false,
  }));
}

/** Pin long jobs to the running backend (true), or let the measured faster one run them. */
export async function pinLongJobs(pinned: boolean): Promise<void> {
  await bridge()
    .compute()
    .setLongJobs(pinned ? 'here' : 'auto');
  setState('longJobs', (l) => (l ? { ...l, pinned } : { backend: '', reason: '', pinned }));
  await refreshLongJobs();
}
