import { For } from 'solid-js';
import type { FaithfulnessResult } from '../../bridge';
import { sig } from '../importance/importance-data';

/** The paper's Table 1: test loss with the most / least important filter of each layer zeroed. */
export function FaithfulnessTable(props: { result: FaithfulnessResult }) {
  const ratio = (r: number) => (Number.isFinite(r) ? sig(r) : r > 0 ? '∞' : '–');
  return (
    <table class="numbers faithfulness" data-testid="faithfulness">
      <caption>Faithfulness</caption>
      <thead>
        <tr>
          <th scope="col">Layer</th>
          <th scope="col">Filters</th>
          <th scope="col">Most important filter</th>
          <th scope="col">Loss without most</th>
          <th scope="col">Least important filter</th>
          <th scope="col">Loss without least</th>
          <th scope="col">Ratio most/least</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.result.rows}>
          {(r) => (
            <tr data-layer={r.name}>
              <th scope="row">{r.name}</th>
              <td>{r.filters}</td>
              <td>{r.most}</td>
              <td data-loss="most" data-value={r.mostLoss}>
                {sig(r.mostLoss)}
              </td>
              <td>{r.least}</td>
              <td data-loss="least" data-value={r.leastLoss}>
                {sig(r.leastLoss)}
              </td>
              <td>{ratio(r.ratio)}</td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
