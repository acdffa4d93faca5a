import { For, Show } from 'solid-js';
import { openModelUrl, pageBase } from '../state/actions';
import { state } from '../state/app-state';
import { DEMOS } from '../state/demos';

const demoUrl = (path: string) => new URL(path, pageBase()).href;

/** Switch between the shipped demo models (each opens with its own dataset). */
export function DemoPicker() {
  const current = () => DEMOS.find((d) => demoUrl(d.modelPath) === state.modelUrl)?.id ?? '';
  return (
    <label class="demo-picker">
      Demo
      <select
        value={current()}
        onChange={(e) => {
          const demo = DEMOS.find((d) => d.id === e.currentTarget.value);
          if (demo) void openModelUrl(demoUrl(demo.modelPath), true);
        }}
      >
        <Show when={current() === ''}>
          <option value="" disabled>
            {state.model ? 'your model' : 'choose…'}
          </option>
        </Show>
        <For each={DEMOS}>{(d) => <option value={d.id}>{d.label}</option>}</For>
      </select>
    </label>
  );
}
