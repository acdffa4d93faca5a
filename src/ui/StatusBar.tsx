import { Show } from 'solid-js';
import { state } from '../state/app-state';

/** Which compute backend runs the model, on what adapter, and why (role="status"). */
export function StatusBar() {
  const text = () => {
    const b = state.backend;
    if (state.backendError) return state.backendError;
    if (!b) return 'Starting the compute backend…';
    const adapter = b.adapter
      ? ` — adapter: ${[b.adapter.vendor, b.adapter.architecture].filter(Boolean).join(' / ') || 'unknown'}${b.adapter.isFallbackAdapter ? ' (software fallback adapter)' : ''}`
      : '';
    return `Backend: ${b.name}${adapter}`;
  };
  return (
    <div class="status-bar" role="status" aria-live="polite">
      <span class="backend" data-backend={state.backend?.name ?? ''}>
        {text()}
      </span>
      <Show when={state.backend?.fallbackReason}>
        <span class="fallback"> Fallback: {state.backend?.fallbackReason}</span>
      </Show>
      <Show when={state.backend?.advice}>
        <span class="advice"> {state.backend?.advice}</span>
      </Show>
    </div>
  );
}
