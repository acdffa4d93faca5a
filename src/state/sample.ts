/**
 * The selected input: a dataset sample (browsing, latest request wins) or an input of its own
 * that every view explains instead (explainInput: an optimized or adversarial series).
 */
import { latestWins } from '../bridge';
import { setState, state } from './app-state';
import { bridge } from './bridge';
import { guarded } from './guarded';

const fetchSample = latestWins((source: number | { x: Float32Array; shape: [number, number] }) =>
  typeof source === 'number'
    ? bridge().compute().sample(source)
    : bridge().compute().inputView(source.x, source.shape),
);

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
    setState({ sample: view, explained: null });
    afterSample();
  }
}

/**
 * Make every view explain `x` ([T, C] row-major) instead of the selected dataset sample, under
 * `name` (e.g. "Iterative FGSM of sample 12"); selectSample goes back to the dataset.
 */
export async function explainInput(
  name: string,
  x: Float32Array,
  shape: [number, number],
): Promise<void> {
  if (!state.model) return;
  const view = await guarded(`Explaining ${name}`, () => fetchSample({ x: x.slice(), shape }));
  if (view) setState({ sample: view, explained: { name } });
}

/** The worker source for the selected input: its dataset index, or the explained input itself. */
export function selectedSource():
  { sample: number } | { x: Float32Array; shape: [1, number, number] } | null {
  const s = state.sample;
  if (!s) return null;
  return state.explained
    ? { x: s.x.slice(), shape: [1, s.shape[0], s.shape[1]] }
    : { sample: s.index };
}
