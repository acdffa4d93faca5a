import { For } from 'solid-js';
import type { LayerInfo } from '../../bridge';

/** The paper's Overview as a table: each layer's type, order, output shape and filters. */
export function LayersTable(props: { layers: LayerInfo[]; totalParams: number }) {
  return (
    <table class="layers">
      <caption>Layers</caption>
      <thead>
        <tr>
          <th scope="col">Layer</th>
          <th scope="col">Type</th>
          <th scope="col">Output shape</th>
          <th scope="col">Filters</th>
          <th scope="col">Parameters</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.layers}>
          {(l) => (
            <tr>
              <th scope="row">{l.name}</th>
              <td>{l.className}</td>
              <td>[{l.outputShape.map((d) => (d === null ? '?' : d)).join(', ')}]</td>
              <td>{l.filters ?? ''}</td>
              <td>{l.params.toLocaleString('en-US')}</td>
            </tr>
          )}
        </For>
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colspan="4">
            Total
          </th>
          <td>{props.totalParams.toLocaleString('en-US')}</td>
        </tr>
      </tfoot>
    </table>
  );
}
