import { createEffect, createMemo, createSignal, on, Show } from 'solid-js';
import { renderLineChart } from '../../charts/line-chart';
import { categoricalColor } from '../../charts/palette';
import type { StackSelection } from '../../gl/stack-types';
import { state } from '../../state/app-state';
import { Chart } from '../../ui/Chart';
import { ExportButtons } from '../../ui/ExportButtons';
import { overviewExport } from './export';
import { LayersTable } from './LayersTable';
import { LayerStackFigure } from './LayerStackFigure';
import { PredictionBox } from './PredictionBox';
import { EvaluationPanel } from './EvaluationPanel';
import { SampleControls } from './SampleControls';
import { fetchUnitSeries } from './stack-calls';
import { drawableSample, unitSeries } from './stack-data';

/** The paper's first view: the layer stack, the layers table, the sample and its prediction. */
export function OverviewView() {
  const [selection, setSelection] = createSignal<StackSelection | null>(null);
  // a selected filter belongs to one model
  createEffect(
    on(
      () => state.model,
      () => setSelection(null),
      { defer: true },
    ),
  );
  // the activations stay in the workers: the page has the sample's summaries and its input
  const sample = createMemo(() => drawableSample(state.sample, state.model?.info.layers));
  const stackSample = createMemo(() => {
    const s = sample();
    return s ? { id: s.id, panels: s.panels } : null;
  });
  const inputSeries = () => {
    const s = state.sample;
    if (!s) return [];
    const names = state.dataset?.channelNames ?? [];
    const input = { steps: s.shape[0], units: s.shape[1], values: s.x };
    return Array.from({ length: s.shape[1] }, (_, c) => ({
      name: names[c] ?? `channel ${c}`,
      values: unitSeries(input, c),
      color: categoricalColor(c),
    }));
  };
  /** The selected unit of the drawn sample. */
  const selected = createMemo(
    () => {
      const sel = selection();
      const s = sample();
      const panel = sel && s ? s.panels[sel.layer] : undefined;
      return sel && s && panel && sel.unit < panel.shape[1]
        ? { key: `${s.id}:${sel.layer}:${sel.unit}`, id: s.id, sel, panel }
        : null;
    },
    null,
    { equals: (a, b) => a?.key === b?.key },
  );
  // its curve comes from the compute worker, which keeps the sample's activations
  const [selectedSeries, setSelectedSeries] = createSignal<{
    sel: StackSelection;
    values: Float32Array;
  } | null>(null);
  createEffect(
    on(selected, (s) => {
      if (!s) return setSelectedSeries(null);
      void fetchUnitSeries(s.id, s.sel.layer, s.sel.unit).then(
        (values) => values && setSelectedSeries({ sel: s.sel, values }),
        () => undefined, // no answer: the next sample's will come
      );
    }),
  );
  /** The curve of the selected unit; the previous sample's until the new one's is here. */
  const selectedCurve = () => {
    const s = selected();
    const v = selectedSeries();
    const same = s && v && v.sel.layer === s.sel.layer && v.sel.unit === s.sel.unit;
    return same && v.values.length === s.panel.shape[0] ? { ...s, values: v.values } : null;
  };

  return (
    <section class="view overview" aria-label="Overview">
      <SampleControls />
      <PredictionBox />
      <EvaluationPanel />
      <Show when={state.model} fallback={<p>Open a model to see its layers.</p>}>
        {(model) => (
          <div class="overview-grid">
            <div>
              <Show when={!state.sample}>
                <p>Open a dataset that fits the model to see activations.</p>
              </Show>
              {/* stays mounted across samples and models: one render worker for the page */}
              <LayerStackFigure
                sample={stackSample()}
                selection={selection()}
                onSelect={setSelection}
              />
              <Show when={inputSeries().length > 0}>
                <Chart
                  label="Input sample"
                  draw={(el) =>
                    renderLineChart(el, {
                      series: inputSeries(),
                      xLabel: 'time step',
                      yLabel: 'value',
                      title: `Sample ${state.sampleIndex}`,
                    })
                  }
                  table={{
                    columns: ['step', ...inputSeries().map((s) => s.name)],
                    rows: Array.from({ length: state.sample?.shape[0] ?? 0 }, (_, t) => [
                      t,
                      ...inputSeries().map((s) => Number(s.values[t].toFixed(4))),
                    ]),
                  }}
                />
              </Show>
              <Show when={selectedCurve()}>
                {(s) => (
                  <Chart
                    label="Selected filter activation"
                    draw={(el) =>
                      renderLineChart(el, {
                        series: [
                          { name: `${s().panel.name} #${s().sel.unit}`, values: s().values },
                        ],
                        xLabel: 'position',
                        yLabel: 'activation',
                        title: `${s().panel.name}, unit ${s().sel.unit}`,
                      })
                    }
                    table={{
                      columns: ['position', 'activation'],
                      rows: Array.from(s().values, (v, i) => [i, Number(v.toFixed(5))]),
                    }}
                  />
                )}
              </Show>
            </div>
            <div>
              <LayersTable layers={model().info.layers} totalParams={model().info.totalParams} />
              <ExportButtons payload={overviewExport} />
            </div>
          </div>
        )}
      </Show>
    </section>
  );
}
