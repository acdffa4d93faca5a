import { createSignal, createUniqueId, Show } from 'solid-js';

/**
 * A labelled decimal input (alpha = 1e-4, epsilon = 0.1, ...). Only numbers in [min, max] reach
 * `onChange`; while the text is not one, the problem shows under the field (NumberField's twin
 * for non-whole numbers).
 */
export function DecimalField(props: {
  label: string;
  value: number;
  min: number;
  max?: number;
  /** Whether `min` itself is allowed (default: no, the value must exceed it). */
  inclusive?: boolean;
  onChange: (value: number) => void;
}) {
  const id = createUniqueId();
  const [problem, setProblem] = createSignal<string | null>(null);
  const check = (text: string) => {
    const v = Number(text.trim());
    const max = props.max ?? Infinity;
    if (text.trim() === '' || !Number.isFinite(v)) return setProblem('enter a number.');
    if (props.inclusive ? v < props.min : v <= props.min)
      return setProblem(
        `enter a number ${props.inclusive ? 'of at least' : 'above'} ${props.min}.`,
      );
    if (v > max) return setProblem(`enter a number of at most ${max}.`);
    setProblem(null);
    if (v !== props.value) props.onChange(v);
  };
  return (
    <>
      <label>
        {props.label}
        <input
          type="text"
          inputmode="decimal"
          value={props.value}
          aria-invalid={problem() !== null}
          aria-describedby={problem() !== null ? `${id}-problem` : undefined}
          onChange={(e) => check(e.currentTarget.value)}
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
