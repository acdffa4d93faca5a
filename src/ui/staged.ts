import { createEffect, createSignal, on, onCleanup, untrack, type Accessor } from 'solid-js';

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

/**
 * `source`, one task later: after each change, the returned accessor takes the new value in a
 * setTimeout 0 (only the latest, if several came meanwhile). What reads it is drawn in a task of
 * its own, after whatever changed `source` (e.g. moving the dendrogram cut redraws the cut at
 * once, then the silhouette plot and the filter grid in their own tasks).
 */
export function createNextTask<T>(source: Accessor<T>): Accessor<T> {
  const [value, setValue] = createSignal<T>(untrack(source), { equals: false });
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on(
      source,
      (v) => {
        clearTimeout(timer);
        timer = setTimeout(() => setValue(() => v), 0);
      },
      { defer: true },
    ),
  );
  onCleanup(() => clearTimeout(timer));
  return value;
}
