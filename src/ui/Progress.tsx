import { Show } from 'solid-js';
import { state } from '../state/app-state';

/** Progress of the running long job, with Cancel. */
export function Progress() {
  return (
    <Show when={state.busy}>
      {(busy) => (
        <div class="progress">
          <label>
            {busy().label}
            <Show when={busy().total > 0} fallback={<progress aria-label={busy().label} />}>
              <progress max={busy().total} value={busy().done} aria-label={busy().label} />
            </Show>
          </label>
          <Show when={busy().cancel}>
            <button type="button" onClick={() => busy().cancel?.()}>
              Cancel
            </button>
          </Show>
        </div>
      )}
    </Show>
  );
}
