/** Browsing samples: the selected sample's activations and output, latest request wins. */
import { latestWins } from '../bridge';
import { setState, state } from './app-state';
import { bridge } from './bridge';
import { guarded } from './guarded';

const fetchSample = latestWins((i: number) => bridge().compute().sample(i));

/** Hook run after each shown sample (the backend measurement on a software adapter). */
let afterSample: () => void = () => undefined;
export function onSampleShown(fn: () => void): void {
  afterSample = fn;
}

export async function selectSample(index: number): Promise<void> {
  if (!state.model || !state.dataset) return;
  const n = state.dataset.shape[0];
  const i = Math.max(0, Math.min(n - 1, Math.round(index)));
  setState('sampleIndex', i);
  const view = await guarded(`Analysing sample ${i}`, () => fetchSample(i));
  if (view) {
    setState('sample', view);
    afterSample();
  }
}
