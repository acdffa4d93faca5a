import { createEffect, createMemo, on, Show } from 'solid-js';
import { renderFilterGrid } from '../../charts/filter-grid';
import { renderSilhouettePlot } from '../../charts/silhouette-plot';
import { formatNumber } from '../../core/format';
import { state } from '../../state/app-state';
import {
  clearClusters,
  clusteredInput,
  clusterResult,
  clusterSettings,
  cut,
  cutAt,
  cutInto,
  labelsAtCut,
} from '../../state/clusters';
import { Chart } from '../../ui/Chart';
import { ExportButtons } from '../../ui/ExportButtons';
import { createNextTask, createStagedReveal } from '../../ui/staged';
import { LayerStackFigure, type StackSample } from '../overview/LayerStackFigure';
import { drawableSample } from '../overview/stack-data';
import {
  clusterCount,
  clusterEmphasis,
  filterColumn,
  labelsTable,
  mostImportantPerCluster,
  shownFilters,
  silhouetteTable,
  stackClusterTable,
} from './cluster-data';
import { ClusterControls } from './ClusterControls';
import { DendrogramFigure } from './DendrogramFigure';
import { clustersPayload } from './export';
import { SvgExportButton } from './SvgExportButton';

/**
 * The paper's third view (Section IV-C): one conv layer's filters grouped by the DTW distance of
 * their activations for the selected input, with a complete-linkage dendrogram whose cut the
 * user drags, the silhouette against k, a grid of the filters and the layer stack coloured by
 * cluster, and the "most important filter per cluster" mode.
 */
/** Parts of a result drawn one per task: dendrogram, silhouette, filter grid, stack colours. */
const STAGES = 4;

export function ClustersView() {
  // results belong to one model and one dataset
  createEffect(on(() => [state.model, state.dataset], clearClusters, { defer: true }));

  // A new result is drawn one part per task (dendrogram, silhouette, grid, stack colours), so
  // no task of the page takes 50 ms on a slow machine (the 64 filters of a layer drawn at once
  // took 76-90 ms here).
  const stage = createStagedReveal(clusterResult, () => STAGES);

  // a cut that moves within the same clusters changes nothing downstream
  const labels = createMemo(() => labelsAtCut(clusterResult(), cut()), null, {
    equals: (a, b) =>
      a === b || (!!a && !!b && a.length === b.length && a.every((v, i) => v === b[i])),
  });
  const k = () => {
    const l = labels();
    return l ? clusterCount(l) : null;
  };
  const representatives = createMemo(() => {
    const r = clusterResult();
    const l = labels();
    return r && l ? mostImportantPerCluster(l, r.importance) : null;
  });
  const shown = createMemo(() => {
    const r = clusterResult();
    if (!r) return null;
    return shownFilters(r.filters, clusterSettings.onlyMostImportant ? representatives() : null);
  });

  // Moving the cut redraws the dendrogram at once, then the silhouette plot and the filter grid
  // each in a task of its own (all three in the key press's task took 44 ms, 88 at 2× slower).
  const silhouetteK = createNextTask(k);
  const gridInput = createNextTask(
    createMemo(() => ({ labels: labels(), shown: shown(), marked: representatives() })),
  );
  // each filter's activation over positions, taken out of the result once
  const gridSeries = createMemo(() => {
    const r = clusterResult();
    return r
      ? Array.from({ length: r.filters }, (_, f) =>
          filterColumn(r.activation, r.steps, r.filters, f),
        )
      : [];
  });

  const inputName = () => {
    const i = clusteredInput();
    if (!i) return '';
    return i.name ?? `sample ${i.sample}`;
  };
  const selectedName = () =>
    state.explained ? state.explained.name : `sample ${state.sample?.index ?? state.sampleIndex}`;

  const stackSample = createMemo<StackSample | null>(() => {
    const s = drawableSample(state.sample, state.model?.info.layers);
    return s ? { id: s.id, panels: s.panels } : null;
  });
  const emphasis = createMemo(() => {
    const r = clusterResult();
    const l = labels();
    const sh = shown();
    const panels = stackSample()?.panels ?? [];
    return r && l && sh && stage() >= 4 ? clusterEmphasis(r, l, sh, panels) : null;
  });

  let dendrogramEl: HTMLDivElement | undefined;

  return (
    <section class="view clusters" aria-label="Clusters">
      <Show
        when={state.model}
        fallback={<p>Open a model (and a dataset, or explain an input) to cluster its filters.</p>}
      >
        <p>
          Filters of one conv layer are grouped by the dynamic-time-warping distance of their
          activations for <strong data-testid="clusters-selected">{selectedName()}</strong> (choose
          it in the Overview), with complete linkage; the silhouette picks the first k.
        </p>
        <ClusterControls />
        <Show when={clusterResult()}>
          {(r) => (
            <>
              <p class="cluster-summary">
                <strong data-testid="cluster-k">k = {k() ?? '–'}</strong> clusters of {r().filters}{' '}
                filters of <strong>{r().name}</strong> for{' '}
                <span data-testid="clusters-input">{inputName()}</span> (best silhouette at k ={' '}
                {r().bestK ?? '–'}). Importances explain the {r().target.label} ={' '}
                {formatNumber(r().target.value)}. Distances on the{' '}
                {r().distancePath === 'gpu' ? 'GPU (WGSL)' : 'CPU'}, {r().backend};{' '}
                {r().scale ? 'each activation min-max scaled' : 'raw activations'};{' '}
                {formatNumber(r().ms.total, 3)} ms.
              </p>
              <Show when={inputName() !== selectedName()}>
                <p class="note" role="note">
                  These clusters are of {inputName()}; the selected input is now {selectedName()}:
                  press Cluster to cluster it.
                </p>
              </Show>
              <Show when={stage() >= 1 && cut() && labels()}>
                <DendrogramFigure
                  result={r()}
                  cut={cut()!}
                  labels={labels()!}
                  onCut={cutAt}
                  ref={(el) => (dendrogramEl = el)}
                />
              </Show>
              <SvgExportButton
                label="Export SVG"
                name={() => `dendrogram-${r().name}`}
                element={() => dendrogramEl?.querySelector('svg') ?? null}
              />
              <Show when={stage() >= 2}>
                <Chart
                  label="Silhouette"
                  draw={(el) =>
                    renderSilhouettePlot(
                      el,
                      {
                        scores: r().silhouette,
                        best: r().bestK,
                        chosen: silhouetteK(),
                        title: `Silhouette against k (${r().name}); click a k to cut there`,
                      },
                      { onPick: cutInto },
                    )
                  }
                  table={silhouetteTable(r(), silhouetteK())}
                />
              </Show>
              <Show when={stage() >= 3 && gridInput().labels}>
                {(l) => (
                  <Chart
                    label="Filter grid"
                    draw={(el) =>
                      renderFilterGrid(el, {
                        series: gridSeries(),
                        labels: l(),
                        shown: gridInput().shown ?? undefined,
                        marked: gridInput().marked ?? undefined,
                      })
                    }
                    table={labelsTable(l(), r().importance, gridInput().marked ?? [])}
                  />
                )}
              </Show>
            </>
          )}
        </Show>
        <LayerStackFigure
          label="Layer stack by cluster"
          sample={stackSample()}
          selection={null}
          emphasis={emphasis()}
          table={
            emphasis()
              ? stackClusterTable(emphasis(), stackSample()?.panels ?? [], labels())
              : undefined
          }
          onSelect={() => undefined}
        />
        <ExportButtons
          payload={() =>
            clustersPayload(
              state.model?.info.name,
              clusteredInput(),
              clusterResult(),
              cut(),
              labels(),
            )
          }
        />
      </Show>
    </section>
  );
}
