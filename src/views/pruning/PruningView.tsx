import { createEffect, createSignal, on, Show } from 'solid-js';
import type {
  DatasetImportance,
  FaithfulnessResult,
  PrunedModelFiles,
  SweepResult,
} from '../../bridge';
import { renderBarChart } from '../../charts/bar-chart';
import { UI, categoricalColor } from '../../charts/palette';
import { renderPruningSweep } from '../../charts/pruning-sweep';
import { reduction } from '../../core/pruning-math';
import { state } from '../../state/app-state';
import { jobRunning } from '../../state/jobs';
import {
  buildPrunedModel,
  chosenLayers,
  effectiveEpochs,
  pruningSettings,
  rankingOf,
  runFaithfulness,
  runPruningRanking,
  runSweep,
  trainingRows,
} from '../../state/pruning';
import { Chart } from '../../ui/Chart';
import { ExportButtons } from '../../ui/ExportButtons';
import { Progress } from '../../ui/Progress';
import { sig } from '../importance/importance-data';
import { saveFiles } from './download-files';
import { pruningPayload } from './export';
import { FaithfulnessTable } from './FaithfulnessTable';
import { PruningControls, RemoveControls } from './PruningControls';

const JOBS = ['pruning-ranking', 'pruning'];

/** The paper's pruning test (Section IV-F, V-B): Table 1, Fig. 10 and a smaller model. */
export function PruningView() {
  const [ranking, setRanking] = createSignal<DatasetImportance | null>(null);
  const [faithfulness, setFaithfulness] = createSignal<FaithfulnessResult | null>(null);
  const [sweep, setSweep] = createSignal<SweepResult | null>(null);
  const [pruned, setPruned] = createSignal<PrunedModelFiles | null>(null);
  const [building, setBuilding] = createSignal(false);
  // results belong to one model and one dataset
  createEffect(
    on(
      () => [state.model, state.dataset],
      () => {
        setRanking(null);
        setFaithfulness(null);
        setSweep(null);
        setPruned(null);
      },
      { defer: true },
    ),
  );

  const layerName = (conv: number) => state.model?.info.layers[conv]?.name ?? `layer ${conv}`;
  const part = () => (trainingRows() > 0 ? 'train' : 'all') as 'train' | 'all';
  const busy = () => JOBS.some(jobRunning) || building();
  const ready = () => !!state.model && !!state.dataset && !busy();
  const lossLabel = () =>
    state.model?.info.task === 'regression' ? 'test loss (MSE)' : 'test loss (cross-entropy)';

  /** The ranking: the dataset-wide importance (cached in the worker after the first run). */
  const ensureRanking = async () => {
    const have = ranking();
    if (have) return have;
    const r = await runPruningRanking();
    if (r) setRanking(r);
    return r;
  };
  const onFaithfulness = async () => {
    const imp = await ensureRanking();
    if (!imp) return;
    const r = await runFaithfulness(pruningSettings, rankingOf(imp, part()));
    if (r) setFaithfulness(r);
  };
  const onSweep = async () => {
    const imp = await ensureRanking();
    if (!imp) return;
    const r = await runSweep(pruningSettings, rankingOf(imp, part()));
    if (r) setSweep(r);
  };
  const onDownload = async () => {
    setBuilding(true);
    try {
      const imp = await ensureRanking();
      if (!imp) return;
      const files = await buildPrunedModel(pruningSettings, rankingOf(imp, part()));
      if (!files) return;
      setPruned(files);
      await saveFiles([
        { name: 'model.json', data: files.modelJson, mime: 'application/json' },
        { name: 'weights.bin', data: files.weights, mime: 'application/octet-stream' },
        ...(files.sidecar
          ? [{ name: 'tsviz.json', data: files.sidecar, mime: 'application/json' }]
          : []),
      ]);
    } finally {
      setBuilding(false);
    }
  };

  const sweepRows = (r: SweepResult) =>
    r.curves.flatMap((c) =>
      c.points.map((p) => [
        c.name,
        c.order,
        p.pruned,
        p.filter < 0 ? '' : p.filter,
        sig(p.score.loss),
        sig(p.score.accuracy ?? p.score.mse ?? NaN),
      ]),
    );

  return (
    <section class="view pruning" aria-label="Pruning">
      <p class="note">
        Filters are ranked by their mean importance over the{' '}
        {part() === 'train' ? `${trainingRows()} training rows` : 'whole dataset'} (the Importance
        view's dataset-wide importance). The faithfulness test zeroes each layer's most and least
        important filter (no fine-tuning); the sweep prunes one filter at a time until one is left,
        least important first and, as the contrast, most important first. The loaded model is never
        changed: every run works on a copy.
      </p>
      <PruningControls />
      <div class="importance-controls pruning-actions">
        <button type="button" disabled={!ready()} onClick={() => void onFaithfulness()}>
          Run faithfulness test
        </button>
        <button
          type="button"
          disabled={!ready() || chosenLayers(pruningSettings).length === 0}
          onClick={() => void onSweep()}
        >
          Run pruning sweep
        </button>
        <ExportButtons
          payload={() =>
            pruningPayload(state.model?.info.name, sweep(), faithfulness(), ranking(), pruned())
          }
        />
      </div>
      <Progress kinds={JOBS} />

      <Show when={faithfulness()}>
        {(f) => (
          <>
            <FaithfulnessTable result={f()} />
            <p class="note" data-testid="faithfulness-info">
              Unpruned: loss {sig(f().base.loss)} on {f().testRows} test rows; ran on {f().backend}{' '}
              in {(f().ms / 1000).toFixed(1)} s. A ratio above 1: removing the filter the ranking
              calls most important hurts more.
            </p>
          </>
        )}
      </Show>

      <Show when={sweep()}>
        {(r) => (
          <>
            <p class="note" data-testid="sweep-info">
              {r().epochs > 0
                ? `Each step removes the filter for real and fine-tunes ${r().epochs} epochs on ${r().trainRows} training rows (seed ${r().seed}); `
                : 'Each step zeroes one more filter (no fine-tuning); '}
              scored on {r().testRows} test rows, on {r().backend} in {(r().ms / 1000).toFixed(1)}{' '}
              s.
            </p>
            <Chart
              label="Pruning sweep"
              class="multi"
              draw={(el) => {
                const convs = [...new Set(r().curves.map((c) => c.conv))];
                const cleanups = convs.map((conv) => {
                  const of = (order: string) =>
                    r()
                      .curves.find((c) => c.conv === conv && c.order === order)
                      ?.points.map((p) => p.score.loss) ?? [];
                  return renderPruningSweep(el, {
                    layer: layerName(conv),
                    leastFirst: of('least-first'),
                    mostFirst: of('most-first'),
                    yLabel: lossLabel(),
                    epochs: r().epochs,
                  });
                });
                return () => cleanups.forEach((c) => c());
              }}
              table={{
                columns: [
                  'layer',
                  'order',
                  'filters pruned',
                  'filter removed',
                  'loss',
                  state.model?.info.task === 'regression' ? 'MSE' : 'accuracy',
                ],
                rows: sweepRows(r()),
              }}
            />
          </>
        )}
      </Show>

      <Show when={ranking()}>
        {(imp) => (
          <Chart
            label="Pruning ranking"
            class="multi"
            draw={(el) => {
              const cleanups = imp().layers.map((l, k) =>
                renderBarChart(
                  el,
                  {
                    values: l.mean,
                    whiskers: { min: l.min, max: l.max },
                    color: (i) =>
                      l.mean[i] < imp().neverShare * Math.max(...l.mean)
                        ? UI.missing
                        : categoricalColor(k),
                    xLabel: 'filter',
                    yLabel: 'importance',
                    title: `${layerName(l.conv)}: mean with min–max over ${imp().rows} samples (the ranking)`,
                  },
                  { height: 180 },
                ),
              );
              return () => cleanups.forEach((c) => c());
            }}
            table={{
              columns: ['layer', 'filter', 'min', 'mean', 'max'],
              rows: imp().layers.flatMap((l) =>
                Array.from(l.mean, (m, f) => [
                  layerName(l.conv),
                  f,
                  sig(l.min[f]),
                  sig(m),
                  sig(l.max[f]),
                ]),
              ),
            }}
          />
        )}
      </Show>

      <h3>A smaller model</h3>
      <p class="note">
        Removes each chosen layer's least important filters for real (and the matching weights of
        the layer after it). Before any fine-tuning its outputs equal the zeroed model's.
      </p>
      <RemoveControls />
      <div class="importance-controls pruning-actions">
        <button type="button" disabled={!ready()} onClick={() => void onDownload()}>
          Download pruned model
        </button>
      </div>
      <table class="numbers model-size" data-testid="model-size">
        <caption>Model size</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Before</th>
            <th scope="col">After</th>
            <th scope="col">Smaller by</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Parameters</th>
            <td data-testid="params-before">{state.model?.info.totalParams ?? ''}</td>
            <td data-testid="params-after">{pruned()?.after.params ?? ''}</td>
            <td>
              {pruned()
                ? `${(100 * reduction(pruned()!.before.params, pruned()!.after.params)).toFixed(1)}%`
                : ''}
            </td>
          </tr>
          <tr>
            <th scope="row">Weights (KB, float32)</th>
            <td>{state.model ? ((state.model.info.totalParams * 4) / 1024).toFixed(1) : ''}</td>
            <td>{pruned() ? (pruned()!.after.bytes / 1024).toFixed(1) : ''}</td>
            <td />
          </tr>
        </tbody>
      </table>
      <Show when={pruned()}>
        {(p) => (
          <p class="note" data-testid="pruned-check">
            Removed{' '}
            {p()
              .removed.map((r) => `${r.filters.length} of ${r.name}`)
              .join(', ')}
            . Largest difference from the zeroed model on the test rows checked:{' '}
            {p().maxAbsDiff.toExponential(1)}. {p().notes.join(' ')}
          </p>
        )}
      </Show>
      <Show when={effectiveEpochs(pruningSettings) === 0 && trainingRows() > 0}>
        <p class="note">Fine-tuning epochs are 0: the sweep zeroes filters without training.</p>
      </Show>
    </section>
  );
}
