import { For, Show } from 'solid-js';
import { selectSample } from '../../state/actions';
import { state } from '../../state/app-state';

/** Choose the sample by index, previous/next, or the next sample of a class. */
export function SampleControls() {
  const n = () => state.dataset?.shape[0] ?? 0;
  const nextOfClass = (c: number) => {
    const labels = state.dataset?.labels;
    if (!labels) return;
    for (let k = 1; k <= labels.length; k++) {
      const i = (state.sampleIndex + k) % labels.length;
      if (labels[i] === c) return void selectSample(i);
    }
  };
  return (
    <div class="sample-controls">
      <button
        type="button"
        onClick={() => void selectSample(state.sampleIndex - 1)}
        disabled={state.sampleIndex <= 0}
      >
        Previous
      </button>
      <label>
        Sample
        <input
          type="number"
          min="0"
          max={Math.max(0, n() - 1)}
          value={state.sampleIndex}
          onChange={(e) => void selectSample(Number(e.currentTarget.value))}
        />
      </label>
      <span> of {n()}</span>
      <button
        type="button"
        onClick={() => void selectSample(state.sampleIndex + 1)}
        disabled={state.sampleIndex >= n() - 1}
      >
        Next
      </button>
      <Show when={state.dataset?.task === 'classification' && state.dataset.labels}>
        <label>
          Next of class
          <select
            onChange={(e) => {
              const v = e.currentTarget.value;
              e.currentTarget.value = '';
              if (v !== '') nextOfClass(Number(v));
            }}
          >
            <option value="">choose…</option>
            <For each={state.dataset?.classNames ?? []}>
              {(name, i) => <option value={i()}>{name}</option>}
            </For>
          </select>
        </label>
      </Show>
    </div>
  );
}
