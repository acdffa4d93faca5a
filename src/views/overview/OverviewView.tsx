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
import { stackLayers, unitSeries } from './stack-data';

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
  const layers = createMemo(() => {
    const s = state.sample;
    const m = state.model;
    return s && m ? stackLayers(s, m.info.layers) : [];
  });
  const inputSeries = () => {
    const s = state.sample;
    if (!s) return [];
    const names = state.dataset?.channelNames ?? [];
    return Array.from({ length: s.shape[1] }, (_, c) => ({
      name: names[c] ?? `channel ${c}`,
      values: unitSeries(layers()[0], c),
      color: categoricalColor(c),
    }));
  };
  const selected = () => {
    const sel = selection();
    const layer = sel ? layers()[sel.layer] : undefined;
    return sel && layer && sel.unit < layer.units ? { sel, layer } : null;
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
              <LayerStackFigure layers={layers()} selection={selection()} onSelect={setSelection} />
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
              <Show when={selected()}>
                {(s) => (
                  <Chart
                    label="Selected filter activation"
                    draw={(el) =>
                      renderLineChart(el, {
                        series: [
                          {
                            name: `${s().layer.name} #${s().sel.unit}`,
                            values: unitSeries(s().layer, s().sel.unit),
                          },
                        ],
                        xLabel: 'position',
                        yLabel: 'activation',
                        title: `${s().layer.name}, unit ${s().sel.unit}`,
                      })
                    }
                    table={{
                      columns: ['position', 'activation'],
                      rows: Array.from(unitSeries(s().layer, s().sel.unit), (v, i) => [
                        i,
                        Number(v.toFixed(5)),
                      ]),
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
