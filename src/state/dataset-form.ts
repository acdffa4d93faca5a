/**
 * The dataset mapping form's state: a file was inspected (first bytes, in the data worker),
 * the form shows a proposed configuration, the user confirms it and the full file is loaded.
 */
import { createSignal } from 'solid-js';
import { data } from '../bridge';
import type { DatasetConfig, Sidecar } from '../core/types';
import { proposeConfig } from '../core/layout-guess';
import { loadDataset } from './actions';
import { showAlert, state } from './app-state';
import { errorMessage } from '../core/errors';
import type { InspectResult } from '../core/protocol';

export interface PendingDataset {
  source: File | string;
  name: string;
  inspect: InspectResult;
  /** The proposal the form starts from. */
  initial: DatasetConfig;
}

const [pending, setPending] = createSignal<PendingDataset | null>(null);
export { pending };

/**
 * The file's own proposal, or the model's sidecar where it fits that file (see
 * `proposeConfig`); a guessed series gets the model's window length.
 */
function proposal(inspect: InspectResult, sidecar: Sidecar | null): DatasetConfig {
  const config = proposeConfig(inspect.config, sidecar?.dataset, inspect.sniff.columnCount);
  const T = state.model?.info.inputShape[0];
  if (config === inspect.config && config.layout.kind === 'series' && T) {
    return { ...config, layout: { ...config.layout, windowLength: T } };
  }
  return config;
}

/** Inspect a dataset (a dropped/opened file or a URL) and show the form for it. */
export async function openDatasetFile(source: File | string): Promise<void> {
  const name = typeof source === 'string' ? (source.split('/').pop() ?? source) : source.name;
  try {
    // the model's length: archive files pad shorter series to it
    const inspect = await data().inspect(source, {
      windowLength: state.model?.info.inputShape[0] ?? undefined,
    });
    const initial = proposal(inspect, state.model?.sidecar ?? null);
    setPending({ source, name: inspect.name || name, inspect, initial });
  } catch (e) {
    showAlert(`Reading ${name}: ${errorMessage(e)}`);
  }
}

export function cancelDatasetForm(): void {
  setPending(null);
}

export async function submitDatasetForm(config: DatasetConfig): Promise<void> {
  const p = pending();
  if (!p) return;
  const ok = await loadDataset(p.source, config, p.name);
  if (ok) setPending(null);
}
