import { For, Show } from 'solid-js';
import { dismissAlert, state } from '../state/app-state';

/** Errors (role="alert") and notes. Text only: names from files are never parsed as markup. */
export function Alerts() {
  return (
    <>
      <div class="alerts">
        <For each={state.alerts}>
          {(m) => (
            <div class="alert" role="alert">
              <span>{m.text}</span>
              <button type="button" aria-label="Dismiss" onClick={() => dismissAlert(m.id)}>
                ×
              </button>
            </div>
          )}
        </For>
      </div>
      <Show when={state.notes.length > 0}>
        <ul class="notes" aria-label="Notes">
          <For each={state.notes}>{(m) => <li>{m.text}</li>}</For>
        </ul>
      </Show>
    </>
  );
}
