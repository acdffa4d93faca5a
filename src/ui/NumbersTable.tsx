import { Index } from 'solid-js';

export interface TableData {
  columns: string[];
  rows: (string | number)[][];
}

/**
 * A chart's numbers as a table under a disclosure ("<label>: numbers"), captioned `label`.
 * Rows and cells are keyed by position (Index), so a new sample's numbers update the cells in
 * place instead of rebuilding every row.
 */
export function NumbersTable(props: { label: string; table: TableData }) {
  return (
    <details>
      <summary>{props.label}: numbers</summary>
      <div class="table-scroll">
        <table>
          <caption>{props.label}</caption>
          <thead>
            <tr>
              <Index each={props.table.columns}>{(c) => <th scope="col">{c()}</th>}</Index>
            </tr>
          </thead>
          <tbody>
            <Index each={props.table.rows}>
              {(r) => (
                <tr>
                  <Index each={r()}>{(c) => <td>{c()}</td>}</Index>
                </tr>
              )}
            </Index>
          </tbody>
        </table>
      </div>
    </details>
  );
}
