import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { formatNumber } from '../../core/format';
import { evaluateModel, pinLongJobs } from '../../state/actions';
import { state } from '../../state/app-state';
import type { EvaluationView } from '../../state/evaluate';
import { jobRunning } from '../../state/jobs';
import { Progress } from '../../ui/Progress';
import { classNames } from './PredictionBox';

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Score the model on the dataset's test rows (every row without a split; a job: progress,
 * Cancel), and say which rows and where it ran.
 */
export function EvaluationPanel() {
  const [result, setResult] = createSignal<EvaluationView | null>(null);
  // a score belongs to one model and one dataset
  createEffect(
    on(
      () => [state.model, state.dataset],
      () => setResult(null),
      { defer: true },
    ),
  );
  const software = () =>
    state.backend?.name === 'webgpu' && state.backend.adapter?.isFallbackAdapter === true;
  const run = async () => {
    const r = await evaluateModel();
    if (r) setResult(r);
  };
  return (
    <section class="evaluation" aria-label="Evaluation">
      <div class="evaluation-controls">
        <button
          type="button"
          disabled={!state.model || !state.dataset?.labels || jobRunning('evaluate')}
          onClick={() => void run()}
        >
          Evaluate on the dataset
        </button>
        <Show when={software()}>
          <label class="inline">
            <input
              type="checkbox"
              checked={state.longJobs?.pinned ?? false}
              onChange={(e) => void pinLongJobs(e.currentTarget.checked)}
            />
            Run long jobs on WebGPU
          </label>
        </Show>
      </div>
      <Show when={state.longJobs?.reason}>
        <p class="long-jobs" data-testid="long-jobs">
          {state.longJobs?.reason}
        </p>
      </Show>
      <Progress kinds={['evaluate']} />
      <Show when={result()}>
        {(r) => (
          <div data-testid="evaluation">
            <p>
              Over {r().n} samples (
              <span data-testid="evaluation-rows">
                {r().rows.part === 'test'
                  ? `test rows: ${count(r().rows.count)} of ${count(r().rows.of)}`
                  : `all ${count(r().rows.of)} rows: no split`}
              </span>
              ):{' '}
              <Show when={r().accuracy !== null}>
                accuracy{' '}
                <strong data-testid="accuracy">{((r().accuracy ?? 0) * 100).toFixed(1)}%</strong>
                ,{' '}
              </Show>
              <Show when={r().mse !== null}>
                MSE <strong data-testid="mse">{formatNumber(r().mse ?? NaN)}</strong>, MAE{' '}
                {formatNumber(r().mae ?? NaN)},{' '}
              </Show>
              {r().lossName} <strong data-testid="loss">{formatNumber(r().loss)}</strong>; ran on{' '}
              <span data-testid="evaluation-backend">{r().backend}</span> in{' '}
              {(r().ms / 1000).toFixed(1)} s.
            </p>
            <Show when={r().confusion}>
              {(c) => (
                <table class="confusion">
                  <caption>Confusion matrix (rows: label, columns: prediction)</caption>
                  <thead>
                    <tr>
                      <th scope="col">label \ predicted</th>
                      <For each={c()}>
                        {(_, k) => <th scope="col">{classNames()[k()] ?? k()}</th>}
                      </For>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={c()}>
                      {(row, i) => (
                        <tr>
                          <th scope="row">{classNames()[i()] ?? i()}</th>
                          <For each={row}>{(v) => <td>{v}</td>}</For>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              )}
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
