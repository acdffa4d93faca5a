import {
  createEffect,
  createMemo,
  createSignal,
  For,
  on,
  onCleanup,
  onMount,
  Show,
  untrack,
} from 'solid-js';
import type { DatasetImportance, SampleImportance } from '../../bridge';
import { renderImportanceBars } from '../../charts/importance-bars';
import { renderLineChart } from '../../charts/line-chart';
import { renderSaliencyChart } from '../../charts/saliency-chart';
import { formatNumber } from '../../core/format';
import { state } from '../../state/app-state';
import {
  importanceRequest,
  importanceSettings,
  loadSampleImportance,
  runDatasetImportance,
  setImportanceSettings,
} from '../../state/importance';
import { Chart } from '../../ui/Chart';
import { LayerStackFigure, type StackSample } from '../overview/LayerStackFigure';
import { drawableSample } from '../overview/stack-data';
import { convOfPanel, emphasisTable, stackEmphasis } from './stack-emphasis';
import { ExportButtons } from '../../ui/ExportButtons';
import { DatasetImportancePanel } from './DatasetImportancePanel';
import { importancePayload } from './export';
import { AttributionControls, TargetControls } from './ImportanceControls';
import {
  block,
  column,
  IMPORTANCE_COLUMNS,
  importanceRows,
  layerCounts,
  rankLayer,
  scaleMap,
  sig,
} from './importance-data';

const METHOD_NAMES = {
  gradient: 'Gradient',
  smoothgrad: 'SmoothGrad',
  'integrated-gradients': 'Integrated Gradients',
} as const;

/** The paper's second view: which inputs and which filters drove this sample's output. */
export function ImportanceView() {
  let root!: HTMLElement;
  // the view computes only while its tab is shown (a hidden tab panel has no size)
  const [visible, setVisible] = createSignal(false);
  onMount(() => {
    const ro = new ResizeObserver(() => setVisible(root.offsetWidth > 0));
    ro.observe(root);
    onCleanup(() => ro.disconnect());
  });

  const [result, setResult] = createSignal<SampleImportance | null>(null);
  /** The dataset row the shown result explains. */
  const [resultSample, setResultSample] = createSignal(0);
  /** The explained input's name when the result is not a dataset row (see explainInput). */
  const [resultName, setResultName] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [dataset, setDataset] = createSignal<DatasetImportance | null>(null);
  /** The request (with the analysed sample's id: a new model or dataset) last asked for. */
  let lastKey = '';
  // results belong to one model and one dataset
  createEffect(
    on(
      () => [state.model, state.dataset],
      () => {
        setResult(null);
        lastKey = '';
        setDataset(null);
        setImportanceSettings('selected', null);
      },
      { defer: true },
    ),
  );

  const request = createMemo(() => importanceRequest(importanceSettings), null, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  let asked = 0;
  createEffect(() => {
    const req = request();
    const id = state.sample?.id;
    if (!visible() || !req) return;
    const key = `${id}:${JSON.stringify(req)}`;
    if (key === lastKey && untrack(result)) return;
    lastKey = key;
    const mine = ++asked;
    setBusy(true);
    void loadSampleImportance(req).then((r) => {
      if (mine === asked) setBusy(false);
      if (!r) return;
      setResult(r);
      setResultSample('sample' in req.source ? req.source.sample : -1);
      setResultName(state.explained?.name ?? null);
    });
  });

  const layerName = (conv: number) => state.model?.info.layers[conv]?.name ?? `layer ${conv}`;
  const channelName = (c: number) => state.dataset?.channelNames[c] ?? `channel ${c}`;

  const ranked = createMemo(() =>
    (result()?.layers ?? []).map((l) => ({
      layer: l,
      name: layerName(l.conv),
      ranked: rankLayer(l.importance, importanceSettings.percentile),
    })),
  );
  const counts = () => ranked().map((l) => ({ name: l.name, ...layerCounts(l.ranked) }));

  /** One attribution map as chart channels, min-max scaled over the whole [T, C] map. */
  const channelsOf = (values: Float32Array, r: SampleImportance) => {
    const [T, C] = r.shape;
    const scaled = scaleMap(values);
    const heat = r.saturated || scaled.flat ? null : scaled.scaled;
    return {
      flat: scaled.flat,
      channels: Array.from({ length: C }, (_, c) => ({
        name: channelName(c),
        values: column(r.x, C, c),
        heat: heat ? column(heat, C, c) : null,
      })),
      rows: Array.from({ length: T }, (_, t) => [
        t,
        ...Array.from({ length: C }, (_, c) => sig(values[t * C + c])),
      ]),
    };
  };

  const selected = createMemo(() => {
    const sel = importanceSettings.selected;
    const r = result();
    if (!sel || !r) return null;
    const l = r.layers.find((x) => x.conv === sel.conv);
    if (!l || sel.filter >= l.filters) return null;
    const fs = r.filterSaliency;
    const [T, C] = r.shape;
    const sal =
      fs && fs.conv === sel.conv && sel.filter < fs.filters
        ? block(fs.values, T, C, sel.filter)
        : null;
    return {
      ...sel,
      name: layerName(sel.conv),
      activation: column(l.activation, l.filters, sel.filter),
      saliency: sal,
    };
  });

  const filterLayers = () => state.model?.info.filterLayers ?? [];
  const tensorLine = () => {
    const r = result();
    const which = r?.filterTensor ?? importanceSettings.filterTensor;
    const f = filterLayers()[0];
    return which === 'preActivation'
      ? 'Filters are read as their pre-activation: the convolution output before the activation function.'
      : `Filters are read as their activation: what the activation function (${f?.activation ?? 'none'}${
          f ? (f.fused ? ', fused into the convolution' : ', a layer of its own') : ''
        }) emits.`;
  };

  // the layer stack, its filters tinted by importance: it draws only while the tab is shown
  // (a hidden tab keeps the last sample)
  const stackSample = createMemo<StackSample | null>((prev) => {
    if (!visible()) return prev;
    const s = drawableSample(state.sample, state.model?.info.layers);
    return s ? { id: s.id, panels: s.panels } : null;
  }, null);
  const emphasis = createMemo(() =>
    stackEmphasis(
      result(),
      filterLayers(),
      stackSample()?.panels ?? [],
      importanceSettings.percentile,
      layerName,
    ),
  );
  const stackSelection = createMemo(() => {
    const sel = importanceSettings.selected;
    const layer = sel && emphasis()?.layers.find((l) => l.conv === sel.conv);
    return sel && layer && layer.panels.length
      ? { layer: layer.panels[0], unit: sel.filter }
      : null;
  });

  const runDataset = async () => {
    const r = await runDatasetImportance(importanceSettings.filterTensor);
    if (r) setDataset(r);
  };

  return (
    <section class="view importance" aria-label="Importance" ref={root}>
      <Show
        when={state.model && state.dataset}
        fallback={<p>Open a model and a dataset that fits it to see what drives its output.</p>}
      >
        <p class="importance-sample">
          <Show
            when={result() ? resultName() : state.explained?.name}
            fallback={
              <>
                Sample{' '}
                <strong data-testid="importance-sample">
                  {result() ? resultSample() : state.sampleIndex}
                </strong>{' '}
                (choose it in the Overview).{' '}
              </>
            }
          >
            {(name) => (
              <>
                Input: <strong data-testid="importance-input">{name()}</strong>.{' '}
              </>
            )}
          </Show>
          <Show when={result()}>
            {(r) => (
              <span data-testid="importance-target">
                Explained: {r().target.label} = {formatNumber(r().target.value)}; gradients on{' '}
                {r().backend}.
              </span>
            )}
          </Show>{' '}
          <Show when={busy()}>
            <span class="busy" aria-live="polite">
              Computing {state.explained ? state.explained.name : `sample ${state.sampleIndex}`}…
            </span>
          </Show>
        </p>
        <TargetControls />
        <p class="filter-tensor" data-testid="filter-tensor">
          {tensorLine()}
        </p>
        <Show when={result()?.saturated}>
          <p class="saturated" role="note" data-testid="saturated">
            The output is saturated (p = {result()?.target.value.toFixed(4)}): gradients vanish
            (Proposition 1); raise the temperature T to see influences.
          </p>
        </Show>
        <LayerStackFigure
          label="Layer stack by importance"
          sample={stackSample()}
          selection={stackSelection()}
          emphasis={emphasis()?.panels ?? null}
          table={emphasisTable(
            emphasis(),
            stackSample()?.panels ?? [],
            importanceSettings.percentile,
          )}
          onSelect={(hit) => {
            if (!hit) return setImportanceSettings('selected', null);
            const conv = convOfPanel(emphasis(), hit.layer);
            if (conv !== null) setImportanceSettings('selected', { conv, filter: hit.unit });
          }}
        />
        <Show when={result()}>
          {(r) => (
            <div class="importance-grid">
              <div>
                <h3>Input saliency</h3>
                <For
                  each={r()
                    .attributions.filter((a) => a.method === 'gradient')
                    .slice(0, 1)}
                >
                  {(a) => {
                    const d = () => channelsOf(a.values, r());
                    return (
                      <>
                        <Chart
                          label="Input saliency"
                          draw={(el) =>
                            renderSaliencyChart(el, {
                              channels: d().channels,
                              title: `|d ${r().target.label} / dx| (raw gradient)`,
                              xLabel: 'time step',
                            })
                          }
                          table={{
                            columns: ['step', ...d().channels.map((c) => c.name)],
                            rows: d().rows,
                          }}
                        />
                        <Show when={d().flat && !r().saturated}>
                          <p class="note">The gradient is zero everywhere: no overlay is drawn.</p>
                        </Show>
                      </>
                    );
                  }}
                </For>
                <AttributionControls />
                <div class="attributions">
                  <For each={r().attributions.filter((a) => a.method !== 'gradient')}>
                    {(a) => {
                      const d = () => channelsOf(a.values, r());
                      const settings = () =>
                        a.method === 'smoothgrad'
                          ? `noise ${a.settings.noise ?? 0.15} of the range, ${a.settings.samples ?? 25} samples`
                          : `baseline ${a.settings.baseline ?? 'zeros'}, ${a.settings.steps ?? 32} steps`;
                      return (
                        <Chart
                          label={`${METHOD_NAMES[a.method]} attribution`}
                          draw={(el) =>
                            renderSaliencyChart(el, {
                              channels: d().channels,
                              title: `${METHOD_NAMES[a.method]} (${settings()})`,
                              xLabel: 'time step',
                            })
                          }
                          table={{
                            columns: ['step', ...d().channels.map((c) => c.name)],
                            rows: d().rows,
                          }}
                        />
                      );
                    }}
                  </For>
                </div>
              </div>
              <div>
                <h3>Filter importance</h3>
                <ul class="layer-counts" data-testid="highlighted-counts">
                  <For each={counts()}>
                    {(c) => (
                      <li data-layer={c.name} data-highlighted={c.highlighted}>
                        {c.name}: {c.highlighted} of {c.filters} filters highlighted
                        {c.inactive ? `, ${c.inactive} inactive` : ''}
                      </li>
                    )}
                  </For>
                </ul>
                <p class="note">
                  Top {importanceSettings.percentile}% of each layer highlighted:{' '}
                  <strong data-testid="highlighted-count">
                    {counts().reduce((n, c) => n + c.highlighted, 0)}
                  </strong>{' '}
                  filters. Bars are scaled to each layer's largest; inactive filters (importance at
                  most 1e-6 of it) are grey. Click a bar to select a filter.
                </p>
                <Chart
                  label="Filter importance"
                  class="multi"
                  draw={(el) => {
                    const sel = importanceSettings.selected;
                    const cleanups = ranked().map((l) =>
                      renderImportanceBars(
                        el,
                        {
                          bars: l.ranked.map((f) => ({
                            ...f,
                            tip: `${l.name} filter ${f.filter}: importance ${sig(f.importance)} (${(f.scaled * 100).toFixed(1)}% of the layer's largest), rank ${f.rank}${f.inactive ? ', inactive' : ''}`,
                          })),
                          title: `${l.name} (${l.ranked.length} filters)`,
                        },
                        {
                          selected: sel?.conv === l.layer.conv ? sel.filter : null,
                          onBarClick: (filter) =>
                            setImportanceSettings('selected', { conv: l.layer.conv, filter }),
                        },
                      ),
                    );
                    return () => cleanups.forEach((c) => c());
                  }}
                  table={{
                    columns: IMPORTANCE_COLUMNS,
                    rows: ranked().flatMap((l) =>
                      importanceRows(l.name, l.ranked, l.layer.lossImpact),
                    ),
                  }}
                />
                <label class="inline">
                  Selected filter
                  <select
                    value={
                      importanceSettings.selected
                        ? `${importanceSettings.selected.conv}:${importanceSettings.selected.filter}`
                        : ''
                    }
                    onChange={(e) => {
                      const [conv, filter] = e.currentTarget.value.split(':').map(Number);
                      setImportanceSettings(
                        'selected',
                        e.currentTarget.value === '' ? null : { conv, filter },
                      );
                    }}
                  >
                    <option value="">none</option>
                    <For each={ranked()}>
                      {(l) => (
                        <optgroup label={l.name}>
                          <For each={l.ranked}>
                            {(f) => (
                              <option value={`${l.layer.conv}:${f.filter}`}>
                                {l.name} #{f.filter}
                              </option>
                            )}
                          </For>
                        </optgroup>
                      )}
                    </For>
                  </select>
                </label>
                <Show when={selected()}>
                  {(s) => (
                    <div class="selected-filter" data-testid="selected-filter">
                      <h4>
                        {s().name}, filter {s().filter}
                      </h4>
                      <Chart
                        label="Activation of the selected filter"
                        draw={(el) =>
                          renderLineChart(
                            el,
                            {
                              series: [
                                { name: `${s().name} #${s().filter}`, values: s().activation },
                              ],
                              xLabel: 'position',
                              yLabel:
                                r().filterTensor === 'preActivation'
                                  ? 'pre-activation'
                                  : 'activation',
                              title: `${s().name} #${s().filter} over positions`,
                            },
                            { height: 180 },
                          )
                        }
                        table={{
                          columns: ['position', 'value'],
                          rows: Array.from(s().activation, (v, i) => [i, sig(v)]),
                        }}
                      />
                      <Show
                        when={s().saliency}
                        fallback={<p class="busy">Computing its input saliency…</p>}
                      >
                        {(sal) => {
                          const d = () => channelsOf(sal(), r());
                          return (
                            <Chart
                              label="Selected filter saliency over the input"
                              draw={(el) =>
                                renderSaliencyChart(el, {
                                  channels: d().channels,
                                  title: `|d(Σ_t a) / dx| of ${s().name} #${s().filter}`,
                                  xLabel: 'time step',
                                })
                              }
                              table={{
                                columns: ['step', ...d().channels.map((c) => c.name)],
                                rows: d().rows,
                              }}
                            />
                          );
                        }}
                      </Show>
                    </div>
                  )}
                </Show>
              </div>
            </div>
          )}
        </Show>
        <DatasetImportancePanel
          result={dataset()}
          name={layerName}
          disabled={!state.model || !state.dataset}
          onRun={() => void runDataset()}
        />
        <ExportButtons
          payload={() =>
            importancePayload(
              state.model?.info.name,
              resultSample(),
              result(),
              dataset(),
              layerName,
              resultName(),
            )
          }
        />
      </Show>
    </section>
  );
}
