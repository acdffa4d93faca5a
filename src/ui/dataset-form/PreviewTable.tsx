import { For, Show } from 'solid-js';

/** The first rows of a file as text, so the user can check the detected columns. */
export function PreviewTable(props: { header: string[] | null; rows: string[][] }) {
  return (
    <div class="table-scroll">
      <table class="preview">
        <caption>First rows of the file</caption>
        <Show when={props.header}>
          <thead>
            <tr>
              <For each={(props.header ?? []).slice(0, 12)}>{(h) => <th scope="col">{h}</th>}</For>
            </tr>
          </thead>
        </Show>
        <tbody>
          <For each={props.rows}>
            {(r) => (
              <tr>
                <For each={r.slice(0, 12)}>{(c) => <td>{c}</td>}</For>
                <Show when={r.length > 12}>
                  <td>… {r.length - 12} more</td>
                </Show>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
