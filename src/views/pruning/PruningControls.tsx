import { For, Show } from 'solid-js';
import { state } from '../../state/app-state';
import { sweepSteps } from '../../core/pruning-math';
import {
  chosenLayers,
  effectiveEpochs,
  pruningSettings as s,
  removeCount,
  setPruningSettings as set,
  trainingRows,
} from '../../state/pruning';

/** A whole number from an input, clamped to [lo, hi]; the fallback when it is not a number. */
function whole(input: HTMLInputElement, lo: number, hi: number, fallback: number): number {
  const v = Math.floor(Number(input.value));
  const out = Number.isFinite(v) && input.value !== '' ? Math.min(hi, Math.max(lo, v)) : fallback;
  input.value = String(out);
  return out;
}

const layerName = (conv: number) => state.model?.info.layers[conv]?.name ?? `layer ${conv}`;

/** Which conv layers, fine-tuning epochs and seed, how many test rows. */
export function PruningControls() {
  const layers = () => state.model?.info.filterLayers ?? [];
  const sweepSize = () =>
    layers()
      .filter((f) => chosenLayers(s).includes(f.conv))
      .reduce((a, f) => a + 2 * sweepSteps(f.filters), 0);
  const toggle = (conv: number, on: boolean) => {
    const now = chosenLayers(s);
    const next = on ? [...new Set([...now, conv])] : now.filter((c) => c !== conv);
    set('layers', next);
  };
  return (
    <>
      <div class="importance-controls pruning-controls">
        <fieldset>
          <legend>Layers to prune</legend>
          <For each={layers()}>
            {(f) => (
              <label class="inline">
                <input
                  type="checkbox"
                  checked={chosenLayers(s).includes(f.conv)}
                  onChange={(e) => toggle(f.conv, e.currentTarget.checked)}
                />
                {layerName(f.conv)} ({f.filters} filters)
              </label>
            )}
          </For>
        </fieldset>
        <label>
          Fine-tuning epochs
          <input
            type="number"
            min="0"
            max="100"
            step="1"
            value={trainingRows() > 0 ? s.epochs : 0}
            disabled={trainingRows() === 0}
            onChange={(e) => set('epochs', whole(e.currentTarget, 0, 100, s.epochs))}
          />
        </label>
        <label>
          Seed
          <input
            type="number"
            min="0"
            step="1"
            value={s.seed}
            disabled={trainingRows() === 0}
            onChange={(e) => set('seed', whole(e.currentTarget, 0, 2 ** 31 - 1, s.seed))}
          />
        </label>
        <label>
          Test rows (0: all)
          <input
            type="number"
            min="0"
            step="1"
            value={s.maxRows}
            onChange={(e) => set('maxRows', whole(e.currentTarget, 0, 1e9, s.maxRows))}
          />
        </label>
      </div>
      <p class="note" data-testid="sweep-size">
        A sweep of these layers takes {sweepSize()} pruning steps (one filter at a time until one is
        left, in both orders)
        {effectiveEpochs(s) > 0
          ? `, each followed by ${effectiveEpochs(s)} epochs of fine-tuning on ${trainingRows()} rows`
          : ''}
        .
      </p>
      <Show
        when={trainingRows() > 0}
        fallback={
          <p class="note" data-testid="fine-tuning">
            Fine-tuning is off: this dataset has no training rows. Choose a train/test split in the
            dataset form to fine-tune after each pruning step (the paper: 10 epochs).
          </p>
        }
      >
        <p class="note" data-testid="fine-tuning">
          Fine-tuning on {trainingRows()} training rows ({state.dataset?.split?.rule}); scores on
          the {state.dataset?.split?.test} test rows. Seed {s.seed} orders the batches.
        </p>
      </Show>
    </>
  );
}

/** How many of each layer's least important filters the download removes. */
export function RemoveControls() {
  const layers = () =>
    (state.model?.info.filterLayers ?? []).filter((f) => chosenLayers(s).includes(f.conv));
  return (
    <div class="importance-controls pruning-controls">
      <For each={layers()}>
        {(f) => (
          <label>
            Filters to remove from {layerName(f.conv)}
            <input
              type="number"
              min="0"
              max={f.filters - 1}
              step="1"
              value={removeCount(s, f.conv, f.filters)}
              onChange={(e) => set('remove', f.conv, whole(e.currentTarget, 0, f.filters - 1, 0))}
            />
          </label>
        )}
      </For>
    </div>
  );
}
