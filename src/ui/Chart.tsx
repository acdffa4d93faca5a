import { createEffect, For, onCleanup, Show } from 'solid-js';

/**
 * A chart as the UI contract wants it: an element with role="img" and an aria-label naming it,
 * drawn by a plain renderer function, with its numbers in a table under a disclosure.
 */
export function Chart(props: {
  label: string;
  draw: (el: HTMLElement) => () => void;
  table?: { columns: string[]; rows: (string | number)[][] };
  class?: string;
}) {
  let el!: HTMLDivElement;
  createEffect(() => {
    const cleanup = props.draw(el);
    onCleanup(cleanup);
  });
  return (
    <figure class={`chart ${props.class ?? ''}`}>
      <div ref={el} role="img" aria-label={props.label} />
      <Show when={props.table}>
        {(t) => (
          <details>
            <summary>{props.label}: numbers</summary>
            <div class="table-scroll">
              <table>
                <caption>{props.label}</caption>
                <thead>
                  <tr>
                    <For each={t().columns}>{(c) => <th scope="col">{c}</th>}</For>
                  </tr>
                </thead>
                <tbody>
                  <For each={t().rows}>
                    {(r) => (
                      <tr>
                        <For each={r}>{(c) => <td>{c}</td>}</For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </details>
        )}
      </Show>
    </figure>
  );
}
