import { createEffect, createSignal, on, type Accessor } from 'solid-js';

/**
 * Draws something big in parts, one part per task, so no task of the page takes 50 ms on a slow
 * machine: after each new value of `source`, the returned count starts at `first` and grows by
 * one per macrotask (setTimeout 0, so input and rendering run in between) up to `parts(value)`.
 * A null or undefined value stops at `first`; a newer value restarts the count.
 *
 * Views show part i when the count is above i (e.g. `<Show when={stage() >= 2}>`).
 */
export function createStagedReveal<T>(
  source: Accessor<T | null | undefined>,
  parts: (value: T) => number,
  first = 0,
): Accessor<number> {
  const [count, setCount] = createSignal(first);
  createEffect(
    on(source, (value) => {
      setCount(first);
      if (value === null || value === undefined) return;
      const total = parts(value);
      const next = () => {
        if (source() !== value) return;
        const n = count() + 1;
        setCount(n);
        if (n < total) setTimeout(next, 0);
      };
      if (first < total) setTimeout(next, 0);
    }),
  );
  return count;
}
