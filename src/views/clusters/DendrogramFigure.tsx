import { createEffect, onCleanup, untrack } from 'solid-js';
import type { ClusterResult } from '../../bridge';
import { renderDendrogram, type DendrogramHandle } from '../../charts/dendrogram';
import { formatNumber } from '../../core/format';
import type { Cut } from '../../state/clusters';
import { NumbersTable } from '../../ui/NumbersTable';
import { mergesTable, stepCut } from './cluster-data';

/**
 * The dendrogram with its draggable cut line (role="img", "Dendrogram"): drawn once per result,
 * the cut moved with `setCut` (no redraw, so a drag keeps its pointer). Focus it and use the
 * arrow keys to move the cut between merge heights (up/right: fewer clusters).
 */
export function DendrogramFigure(props: {
  result: ClusterResult;
  cut: Cut;
  labels: Int32Array;
  onCut: (height: number) => void;
  /** Receives the chart's element (for the SVG export). */
  ref?: (el: HTMLDivElement) => void;
}) {
  let el!: HTMLDivElement;
  let handle: DendrogramHandle | null = null;
  createEffect(() => {
    const r = props.result;
    const c = untrack(() => props.cut);
    const labels = untrack(() => props.labels);
    handle = renderDendrogram(
      el,
      {
        merges: r.merges,
        n: r.filters,
        labels,
        cut: c.height,
        title: `${r.name}: complete linkage of DTW distances`,
        yLabel: r.scale ? 'DTW distance (min-max scaled)' : 'DTW distance',
      },
      { onCut: (h) => props.onCut(h) },
    );
    onCleanup(() => {
      handle?.();
      handle = null;
    });
  });
  createEffect(() => handle?.setCut(props.cut.height, props.labels));

  const onKey = (e: KeyboardEvent) => {
    const dir =
      e.key === 'ArrowUp' || e.key === 'ArrowRight'
        ? 1
        : e.key === 'ArrowDown' || e.key === 'ArrowLeft'
          ? -1
          : 0;
    if (!dir) return;
    e.preventDefault();
    props.onCut(stepCut(props.result.merges, props.result.filters, props.cut.height, dir));
  };

  return (
    <figure class="chart dendrogram">
      <div
        ref={(d) => {
          el = d;
          props.ref?.(d);
        }}
        role="img"
        aria-label="Dendrogram"
        tabindex="0"
        aria-keyshortcuts="ArrowUp ArrowDown ArrowLeft ArrowRight"
        onKeyDown={onKey}
      />
      <figcaption>
        Cut at height <span data-testid="cut-height">{formatNumber(props.cut.height)}</span>: drag
        the dashed line (or click the plot), or focus the dendrogram and use the arrow keys.
      </figcaption>
      <NumbersTable
        label="Dendrogram"
        table={mergesTable(props.result.merges, props.result.filters)}
      />
    </figure>
  );
}
