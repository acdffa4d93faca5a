import { For } from 'solid-js';

export interface TableData {
  columns: string[];
  rows: (string | number)[][];
}

/** A chart's numbers as a table under a disclosure ("<label>: numbers"), captioned `label`. */
export function NumbersTable(props: { label: string; table: TableData }) {
  return (
    <details>
      <summary>{props.label}: numbers</summary>
      <div class="table-scroll">
        <table>
          <caption>{props.label}</caption>
          <thead>
            <tr>
              <For each={props.table.columns}>{(c) => <th scope="col">{c}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={props.table.rows}>
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
  );
}
