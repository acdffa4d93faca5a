import { Show } from 'solid-js';
import { state } from '../state/app-state';

const count = (n: number) => n.toLocaleString('en-US');

/** The loaded dataset's training and test rows and how they were chosen (nothing without a split). */
export function DatasetSplit() {
  return (
    <Show when={state.dataset?.split}>
      {(s) => (
        <span class="dataset-split" data-testid="dataset-split" title={s().rule}>
          {' '}
          · {count(s().train)} training and {count(s().test)} test samples ({s().rule})
        </span>
      )}
    </Show>
  );
}
