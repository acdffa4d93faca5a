import { For } from 'solid-js';
import type { BackendName } from '../bridge';
import { switchBackend } from '../state/actions';
import { state } from '../state/app-state';

const ALL: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Lets the user switch the compute backend (also ?backend= in the URL). */
export function BackendSelect() {
  return (
    <label class="backend-select">
      Backend
      <select
        value={state.backend?.name ?? ''}
        disabled={!state.backend}
        onChange={(e) => {
          const name = e.currentTarget.value as BackendName;
          const url = new URL(location.href);
          url.searchParams.set('backend', name);
          history.replaceState(null, '', url);
          void switchBackend(name);
        }}
      >
        <For each={ALL}>
          {(b) => (
            <option value={b} disabled={!state.backend?.available.includes(b)}>
              {b}
            </option>
          )}
        </For>
      </select>
    </label>
  );
}
