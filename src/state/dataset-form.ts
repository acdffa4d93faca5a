/**
 * The dataset mapping form's state: a file was inspected (first bytes, in the data worker),
 * the form shows a proposed configuration, the user confirms it and the full file is loaded.
 */
import { createSignal } from 'solid-js';
import { data } from '../bridge';
import type { DatasetConfig, Sidecar } from '../core/types';
import { loadDataset } from './actions';
import { showAlert, state } from './app-state';
import { errorMessage } from '../core/errors';
import type { InspectResult } from '../../workers/data.worker';

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
 * Start from the model's sidecar when its layout fits the file (same kind as the guess, or
 * exactly its columns), else from the guess.
 */
function proposal(inspect: InspectResult, sidecar: Sidecar | null): DatasetConfig {
  const guess = inspect.config;
  const side = sidecar?.dataset;
  if (side) {
    const cols = inspect.sniff.columnCount;
    const l = side.layout;
    const used = l.kind === 'channel-groups' ? l.channelColumns.flat() : l.valueColumns;
    const label = l.kind !== 'series' && l.labelColumn !== null ? 1 : 0;
    // a file with exactly the sidecar's columns is laid out as the model's data, even when
    // its first rows mislead the guess (no header, decimal commas, text cells)
    const exact = l.kind !== 'series' && used.length + label === cols;
    if ((l.kind === guess.layout.kind || exact) && used.every((c) => c < cols)) return side;
  }
  const T = state.model?.info.inputShape[0];
  if (guess.layout.kind === 'series' && T) {
    return { ...guess, layout: { ...guess.layout, windowLength: T } };
  }
  return guess;
}

/** Inspect a dataset (a dropped/opened file or a URL) and show the form for it. */
export async function openDatasetFile(source: File | string): Promise<void> {
  const name = typeof source === 'string' ? (source.split('/').pop() ?? source) : source.name;
  try {
    const inspect = await data().inspect(source);
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
