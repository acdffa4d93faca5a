import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import type { DerivedMode, OptimizationResult, OptimizationRun } from '../../bridge';
import { renderLineChart } from '../../charts/line-chart';
import { channelOf, renderSeriesOverlay } from '../../charts/series-overlay';
import { renderTrajectory } from '../../charts/trajectory';
import { perturbation, perturbationSummary } from '../../core/perturbation';
import { state } from '../../state/app-state';
import { jobRunning } from '../../state/jobs';
import {
  channelNames,
  clearOptimization,
  effectiveTarget,
  explainResult,
  liveModes,
  liveTrace,
  METHOD_LABELS,
  optimizationResult,
  optimizationSettings,
  resultName,
  resultStart,
  runOptimization,
} from '../../state/optimization';
import { Chart } from '../../ui/Chart';
import { ExportButtons } from '../../ui/ExportButtons';
import { Progress } from '../../ui/Progress';
import { createStagedReveal } from '../../ui/staged';
import { classNames } from '../overview/PredictionBox';
import { optimizationPayload } from './export';
import { OptimizationControls } from './OptimizationControls';
import './optimization.css';

/** Four significant digits, for tables. */
const sig = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)) : String(v));
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

const MODE_NAMES: Record<DerivedMode, string> = {
  plain: 'result',
  consistent: 'consistent Δ',
  independent: 'independent Δ (paper)',
};

/** What the run will do, in words, before it runs. */
function plannedLoss(): string {
  const t = effectiveTarget(optimizationSettings);
  if (!t) return '';
  const inverse = optimizationSettings.method === 'inverse';
  if (t.kind === 'class') {
    const name = classNames()[t.classIndex] ?? `class ${t.classIndex}`;
    return inverse
      ? `Loss: cross-entropy to class ${name}, minimized by x ← x − α dL/dx.`
      : `Loss: cross-entropy of class ${name}, increased along sign(dL/dx).`;
  }
  const v = Number(t.value.toPrecision(6));
  return inverse
    ? `Loss: squared error (y − ${v})², minimized by x ← x − α dL/dx.`
    : `Loss: squared error (y − ${v})² to the reference value (the true one by default), increased along sign(dL/dx).`;
}

/** One run's result: input and result per channel, the change, its summary, explain it. */
/** Parts of a run panel drawn one per task: the optimized input, then the perturbation. */
const RUN_PARTS = 2;

function RunPanel(props: {
  r: OptimizationResult;
  run: OptimizationRun;
  k: number;
  /** How many of its RUN_PARTS are drawn so far. */
  parts: number;
}) {
  const names = () => channelNames();
  const C = () => props.r.shape[1];
  const single = () => props.r.runs.length === 1;
  const suffix = () => (single() ? '' : ` (${MODE_NAMES[props.run.mode]})`);
  const delta = createMemo(() => perturbation(props.r.start, props.run.final));
  const summary = createMemo(() => perturbationSummary(props.r.start, props.run.final, C()));
  const [explained, setExplained] = createSignal(false);
  const startName = () => (props.r.settings.start === 'random' ? 'random start' : 'original');
  return (
    <div class="optimization-run" data-mode={props.run.mode}>
      <Show when={!single()}>
        <h3>{MODE_NAMES[props.run.mode]}</h3>
      </Show>
      <p>
        {props.r.prediction}: {sig(props.run.startPrediction)} → {sig(props.run.endPrediction)};
        loss {sig(props.run.startLoss)} → {sig(props.run.endLoss)}.
      </p>
      <Chart
        label={`Optimized input${suffix()}`}
        class="multi"
        draw={(el) =>
          renderSeriesOverlay(el, {
            start: props.r.start,
            startName: startName(),
            results: [{ name: MODE_NAMES[props.run.mode], values: props.run.final }],
            channelNames: names(),
            yLabel: 'value',
          })
        }
        table={{
          columns: [
            'step',
            ...names().map((n) => `${startName()} ${n}`),
            ...names().map((n) => `result ${n}`),
          ],
          rows: Array.from({ length: props.r.shape[0] }, (_, t) => [
            t,
            ...Array.from(props.r.start.subarray(t * C(), (t + 1) * C()), sig),
            ...Array.from(props.run.final.subarray(t * C(), (t + 1) * C()), sig),
          ]),
        }}
      />
      <Show when={props.parts >= 2}>
        <Chart
          label={`Perturbation${suffix()}`}
          draw={(el) =>
            renderLineChart(
              el,
              {
                series: names().map((n, c) => ({ name: n, values: channelOf(delta(), C(), c) })),
                xLabel: 'time step',
                yLabel: 'x − x0',
                title: 'Change per channel',
              },
              { height: 200 },
            )
          }
          table={{
            columns: ['step', ...names()],
            rows: Array.from({ length: props.r.shape[0] }, (_, t) => [
              t,
              ...Array.from(delta().subarray(t * C(), (t + 1) * C()), sig),
            ]),
          }}
        />
      </Show>
      <table class="perturbation-summary">
        <caption>Perturbation per channel{suffix()}</caption>
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">L1</th>
            <th scope="col">L-inf</th>
            <th scope="col">Share of total</th>
          </tr>
        </thead>
        <tbody>
          <For each={summary()}>
            {(row) => (
              <tr>
                <th scope="row">{names()[row.channel]}</th>
                <td>{sig(row.l1)}</td>
                <td>{sig(row.linf)}</td>
                <td>{pct(row.share)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <button
        type="button"
        onClick={() => void explainResult(props.k).then(() => setExplained(true))}
      >
        Explain this input
      </button>
      <Show when={explained() && state.explained}>
        <p class="note" role="status">
          The other views now explain “{resultName(props.r, props.k)}”. Choose a sample in the
          Overview to go back to the dataset.
        </p>
      </Show>
    </div>
  );
}

/** The paper's inverse optimization and adversarial examples (Sections IV-D and IV-E). */
export function OptimizationView() {
  createEffect(on(() => [state.model, state.dataset], clearOptimization, { defer: true }));
  const result = optimizationResult;
  const running = () => jobRunning('optimization');
  // A result's run panels (three charts and a table each) are drawn one per task after the
  // trajectory, so no task of the page takes 50 ms on a slow machine.
  // one part of a run panel per task (a whole panel, two charts and their tables, took 40 ms)
  const shownParts = createStagedReveal(result, (r) => r.runs.length * RUN_PARTS);
  const trace = createMemo(() => {
    const points = liveTrace();
    const modes = result()?.runs.map((r) => r.mode) ?? liveModes();
    return {
      steps: points.map((p) => p.step),
      runs: modes.map((m, k) => ({
        name: MODE_NAMES[m],
        prediction: points.map((p) => p.prediction[k]),
        loss: points.map((p) => p.loss[k]),
      })),
    };
  });
  const total = () =>
    result()?.steps ??
    (optimizationSettings.method === 'fgsm'
      ? 1
      : optimizationSettings.steps[optimizationSettings.method]);
  const predictionLabel = () => result()?.prediction ?? 'prediction';
  const list = (pick: (run: OptimizationRun) => number) => {
    const r = result();
    if (!r) return '';
    return r.runs.length === 1
      ? String(sig(pick(r.runs[0])))
      : r.runs.map((run) => `${MODE_NAMES[run.mode]} ${sig(pick(run))}`).join(' · ');
  };
  return (
    <section class="view optimization" aria-label="Optimization">
      <Show
        when={state.model}
        fallback={<p>Open a model to optimize its input or to attack it.</p>}
      >
        <p class="note">
          Inverse optimization searches for an input the model scores as a chosen class or value;
          adversarial examples (FGSM, iterative FGSM) change an input within ±ε to push it away from
          its class. Steps are on the model's input scale (standardised values).
        </p>
        <OptimizationControls />
        <p class="planned" data-testid="optimization-loss">
          {plannedLoss()}
        </p>
        <div class="run-row">
          <button type="button" disabled={running()} onClick={() => void runOptimization()}>
            Run
          </button>
          <Progress kinds={['optimization']} />
        </div>
        <Show when={state.longJobs}>{(l) => <p class="note">{l().reason}</p>}</Show>
        <Show when={result()}>
          {(r) => (
            <p class="predictions" data-testid="optimization-result">
              {METHOD_LABELS[r().method].split(' (')[0]} from {resultStart()}, loss {r().loss}:{' '}
              {r().prediction} at the start{' '}
              <strong data-testid="start-prediction">{list((x) => x.startPrediction)}</strong>, at
              the end (step {r().steps}){' '}
              <strong data-testid="end-prediction">{list((x) => x.endPrediction)}</strong> (ran on{' '}
              {r().backend}, seed {r().settings.seed}).
            </p>
          )}
        </Show>
        <Show when={trace().steps.length > 0}>
          <Chart
            label="Trajectory"
            class="multi"
            draw={(el) =>
              renderTrajectory(el, {
                ...trace(),
                total: total(),
                predictionLabel: `${predictionLabel()} over the steps`,
                lossLabel: 'loss over the steps',
              })
            }
            table={{
              columns: [
                'step',
                ...trace().runs.flatMap((run) => [`${run.name} loss`, `${run.name} prediction`]),
              ],
              rows: trace().steps.map((s, i) => [
                s,
                ...trace().runs.flatMap((run) => [sig(run.loss[i]), sig(run.prediction[i])]),
              ]),
            }}
          />
        </Show>
        <Show when={result()}>
          {(r) => (
            <div class="optimization-runs">
              <For each={r().runs.slice(0, Math.ceil(shownParts() / RUN_PARTS))}>
                {(run, k) => (
                  <RunPanel
                    r={r()}
                    run={run}
                    k={k()}
                    parts={Math.min(RUN_PARTS, shownParts() - k() * RUN_PARTS)}
                  />
                )}
              </For>
            </div>
          )}
        </Show>
        <Show when={(result()?.runs.length ?? 0) > 1}>
          <p class="note">
            Consistent: only the base signal moves and its Δ channel is computed from it (the first
            difference of a window reaches back before the window, so Δ at step 0 keeps its value);
            the ε-ball applies to the base. Independent: both channels move on their own, as in the
            paper.
          </p>
        </Show>
        <ExportButtons
          payload={() =>
            optimizationPayload(state.model?.info.name, result(), channelNames(), resultStart())
          }
        />
      </Show>
    </section>
  );
}
