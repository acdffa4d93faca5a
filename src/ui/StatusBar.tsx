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
  const timingText = () => {
    const t = state.backendTimings;
    if (!t || t.length < 2) return null;
    const sorted = [...t].sort((a, b) => a.ms - b.ms);
    const [fast, slow] = [sorted[0], sorted[sorted.length - 1]];
    const list = t.map((x) => `${x.backend} ${x.ms.toFixed(1)} ms`).join(', ');
    return `Measured here with this model (batch of 16): ${list}; ${fast.backend} is ${(slow.ms / Math.max(fast.ms, 1e-3)).toFixed(1)}× faster.`;
  };
  return (
    <div class="status-bar" role="status" aria-live="polite">
      <span class="backend" data-backend={state.backend?.name ?? ''}>
        {text()}
      </span>
      <Show when={state.backend?.fallbackReason}>
        <span class="fallback"> Fallback: {state.backend?.fallbackReason}</span>
      </Show>
      <Show when={state.backend?.advice && state.backend.name === 'webgpu' && !timingText()}>
        <span class="advice"> {state.backend?.advice}</span>
      </Show>
      <Show when={timingText()}>
        <span class="timing" data-testid="backend-timing">
          {' '}
          {timingText()}
        </span>
      </Show>
    </div>
  );
}
