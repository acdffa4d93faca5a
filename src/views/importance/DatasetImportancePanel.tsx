import { For, Show } from 'solid-js';
import type { DatasetImportance } from '../../bridge';
import { renderBarChart } from '../../charts/bar-chart';
import { UI, categoricalColor } from '../../charts/palette';
import { jobRunning } from '../../state/jobs';
import { Chart } from '../../ui/Chart';
import { Progress } from '../../ui/Progress';
import { sig } from './importance-data';

/** The paper's Fig. 9: each filter's min, mean and max importance over the dataset, per layer. */
export function DatasetImportancePanel(props: {
  result: DatasetImportance | null;
  name: (conv: number) => string;
  onRun: () => void;
  disabled: boolean;
}) {
  const share = () => `${Math.round((props.result?.neverShare ?? 0.01) * 100)}%`;
  return (
    <section class="dataset-importance" aria-label="Dataset importance panel">
      <h3>Over the dataset</h3>
      <div class="importance-controls">
        <button
          type="button"
          disabled={props.disabled || jobRunning('dataset-importance')}
          onClick={() => props.onRun()}
        >
          Compute dataset importance
        </button>
      </div>
      <Progress kinds={['dataset-importance']} />
      <Show when={props.result}>
        {(r) => (
          <>
            <p data-testid="dataset-importance-info">
              Over {r().rows} samples, filters as their{' '}
              {r().filterTensor === 'preActivation' ? 'pre-activation' : 'activation'}; ran on{' '}
              {r().backend} in {(r().ms / 1000).toFixed(1)} s.
            </p>
            <ul class="never-matter" data-testid="never-matter">
              <For each={r().layers}>
                {(l) => (
                  <li data-layer={props.name(l.conv)}>
                    {props.name(l.conv)}: {l.neverMatter} of {l.filters} filters never matter on
                    this dataset (mean below {share()} of the layer's largest)
                  </li>
                )}
              </For>
            </ul>
            <Chart
              label="Dataset importance"
              class="multi"
              draw={(el) => {
                const cleanups = r().layers.map((l, k) =>
                  renderBarChart(
                    el,
                    {
                      values: l.mean,
                      whiskers: { min: l.min, max: l.max },
                      color: (i) =>
                        l.mean[i] < r().neverShare * maxOf(l.mean)
                          ? UI.missing
                          : categoricalColor(k),
                      xLabel: 'filter',
                      yLabel: 'importance',
                      title: `${props.name(l.conv)}: mean with min–max over ${r().rows} samples`,
                    },
                    { height: 200 },
                  ),
                );
                return () => cleanups.forEach((c) => c());
              }}
              table={{
                columns: ['layer', 'filter', 'min', 'mean', 'max', 'never matters'],
                rows: r().layers.flatMap((l) =>
                  Array.from(l.mean, (m, f) => [
                    props.name(l.conv),
                    f,
                    sig(l.min[f]),
                    sig(m),
                    sig(l.max[f]),
                    m < r().neverShare * maxOf(l.mean) ? 'yes' : '',
                  ]),
                ),
              }}
            />
          </>
        )}
      </Show>
    </section>
  );
}

function maxOf(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}
