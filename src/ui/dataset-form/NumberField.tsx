import { createEffect, createSignal, createUniqueId, on, Show, untrack } from 'solid-js';
import { parseWholeNumber } from './config';

/**
 * A labelled whole-number input (≥ `min`). Only valid numbers reach `onChange`; while the
 * text is not one, the problem shows under the field and `onValidity(false)` is called (the
 * form then keeps its Load button disabled).
 */
export function NumberField(props: {
  label: string;
  value: number;
  min: number;
  onChange: (value: number) => void;
  onValidity?: (ok: boolean) => void;
}) {
  const id = createUniqueId();
  // the input keeps what the user types (a number input reads "" while its text is not a
  // number, so the text is never written back from a signal)
  let input!: HTMLInputElement;
  const [problem, setProblem] = createSignal<string | null>(null);
  // a new value from outside (not typed here) replaces the text
  createEffect(
    on(
      () => props.value,
      (v) => {
        const r = parseWholeNumber(input.value, props.min);
        if (!r.ok || r.value !== v) {
          input.value = String(v);
          setProblem(null);
          props.onValidity?.(true);
        }
      },
      { defer: true },
    ),
  );
  const onInput = (value: string) => {
    const r = parseWholeNumber(value, props.min);
    setProblem(r.ok ? null : r.problem);
    props.onValidity?.(r.ok);
    if (r.ok && r.value !== props.value) props.onChange(r.value);
  };
  return (
    <>
      <label>
        {props.label}
        <input
          type="number"
          min={props.min}
          step="1"
          ref={input}
          value={untrack(() => props.value)}
          aria-invalid={problem() !== null}
          aria-describedby={problem() !== null ? `${id}-problem` : undefined}
          onInput={(e) => onInput(e.currentTarget.value)}
        />
      </label>
      <Show when={problem()}>
        {(p) => (
          <p class="form-error" id={`${id}-problem`} role="alert">
            {props.label}: {p()}
          </p>
        )}
      </Show>
    </>
  );
}
