import { createSignal, For } from 'solid-js';
import { openModelUrl, pageBase } from '../state/actions';
import { DEFAULT_DEMO, DEMOS } from '../state/demos';

/** Switch between the shipped demo models (each opens with its own dataset). */
export function DemoPicker() {
  const [value, setValue] = createSignal(DEFAULT_DEMO.id);
  return (
    <label class="demo-picker">
      Demo
      <select
        value={value()}
        onChange={(e) => {
          const demo = DEMOS.find((d) => d.id === e.currentTarget.value);
          if (!demo) return;
          setValue(demo.id);
          void openModelUrl(new URL(demo.modelPath, pageBase()).href, true);
        }}
      >
        <For each={DEMOS}>{(d) => <option value={d.id}>{d.label}</option>}</For>
      </select>
    </label>
  );
}
