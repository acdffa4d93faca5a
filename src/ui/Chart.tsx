import { createEffect, createSignal, onCleanup, onMount, Show } from 'solid-js';
import { onWidthChange } from '../charts/measure';
import { NumbersTable, type TableData } from './NumbersTable';

/**
 * A chart as the UI contract wants it: an element with role="img" and an aria-label naming it,
 * drawn by a plain renderer function, with its numbers in a table under a disclosure. It is
 * drawn again when its width changes (a window resize, or its tab shown after it was drawn hidden).
 */
export function Chart(props: {
  label: string;
  draw: (el: HTMLElement) => () => void;
  table?: TableData;
  class?: string;
}) {
  let el!: HTMLDivElement;
  const [width, setWidth] = createSignal(0);
  onMount(() => onCleanup(onWidthChange(el, setWidth)));
  createEffect(() => {
    width();
    const cleanup = props.draw(el);
    onCleanup(cleanup);
  });
  return (
    <figure class={`chart ${props.class ?? ''}`}>
      <div ref={el} role="img" aria-label={props.label} />
      <Show when={props.table}>{(t) => <NumbersTable label={props.label} table={t()} />}</Show>
    </figure>
  );
}
